using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>The lists and the page of one application, read inside the user's scope (<see cref="BenefitScope"/>).</summary>
public sealed class BenefitReader(LinliDb db, TimeProvider clock, BenefitKinds kinds)
{
    /// <summary>
    /// <paramref name="Show"/>: <c>open</c> (in progress), <c>overdue</c> (past the process's last day), <c>granted</c>,
    /// <c>review-due</c> (granted, 核查 due within 30 days or past), <c>closed</c>, or null for all.
    /// </summary>
    public sealed record Filter(string? Kind = null, BenefitState? State = null, string? Show = null, long? GridId = null, string? Q = null, long? Before = null, int Limit = 50);

    public sealed record Row(long Id, string Reference, string Kind, string Applicant, long GridId, string Grid, BenefitState State, DateOnly DueOn,
        bool Overdue, decimal? MonthlyAmount, DateOnly? StartMonth, DateOnly? NextReviewOn, DateTime CreatedAt);

    public sealed record Count(string Kind, BenefitState State, int Number);

    DateOnly Today => clock.Today();

    public IQueryable<BenefitApplication> Filtered(UserArea area, Filter f)
    {
        var today = Today;
        var q = db.Set<BenefitApplication>().AsNoTracking().VisibleTo(area);
        if (f.Kind is { Length: > 0 } kind) q = q.Where(a => a.Kind == kind);
        if (f.State is { } state) q = q.Where(a => a.State == state);
        if (f.GridId is { } grid) q = q.Where(a => a.GridId == grid);
        var soon = today.AddDays(30);
        q = f.Show switch
        {
            "open" => q.Where(a => a.State == BenefitState.Intake || a.State == BenefitState.Investigated || a.State == BenefitState.Reviewed
                || a.State == BenefitState.OnNotice || a.State == BenefitState.Forwarded),
            "overdue" => q.Where(a => (a.State == BenefitState.Intake || a.State == BenefitState.Investigated || a.State == BenefitState.Reviewed
                || a.State == BenefitState.OnNotice || a.State == BenefitState.Forwarded) && a.DueOn < today),
            "granted" => q.Where(a => a.State == BenefitState.Granted),
            "review-due" => q.Where(a => a.State == BenefitState.Granted && a.NextReviewOn != null && a.NextReviewOn <= soon),
            "closed" => q.Where(a => a.State == BenefitState.Refused || a.State == BenefitState.Ended || a.State == BenefitState.Withdrawn),
            _ => q,
        };
        if (f.Q?.Trim() is { Length: > 0 } text)
        {
            var named = db.Residents.Where(r => r.Name.Contains(text)).Select(r => r.Id);
            q = q.Where(a => a.Reference.Contains(text) || named.Contains(a.ApplicantId));
        }
        return q;
    }

    public async Task<IReadOnlyList<Row>> ListAsync(UserArea area, Filter f, CancellationToken ct)
    {
        var today = Today;
        var q = Filtered(area, f);
        if (f.Before is { } before) q = q.Where(a => a.Id < before);
        return await q.OrderByDescending(a => a.Id).Take(Math.Clamp(f.Limit, 1, 200))
            .Select(a => new Row(a.Id, a.Reference, a.Kind,
                db.Residents.Where(r => r.Id == a.ApplicantId).Select(r => r.Name).FirstOrDefault() ?? "",
                a.GridId, db.OrgUnits.Where(o => o.Id == a.GridId).Select(o => o.Name).FirstOrDefault() ?? "", a.State, a.DueOn,
                (a.State == BenefitState.Intake || a.State == BenefitState.Investigated || a.State == BenefitState.Reviewed
                    || a.State == BenefitState.OnNotice || a.State == BenefitState.Forwarded) && a.DueOn < today,
                a.MonthlyAmount, a.StartMonth, a.NextReviewOn, a.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>Applications by kind and state in the user's scope (each a link to its list).</summary>
    public async Task<IReadOnlyList<Count>> CountsAsync(UserArea area, long? gridId, CancellationToken ct) =>
        (await Filtered(area, new Filter(GridId: gridId)).GroupBy(a => new { a.Kind, a.State })
            .Select(g => new { g.Key.Kind, g.Key.State, N = g.Count() }).ToListAsync(ct))
            .Select(x => new Count(x.Kind, x.State, x.N)).ToList();

    public sealed record Member(long ResidentId, string Name, string Relation, int? Age, bool Covered, bool Current);
    public sealed record Notice(long Id, int Version, string? HeadName, int? HouseholdSize, decimal? MonthlyAmount, string? Grid, DateOnly FromDay,
        DateOnly RemoveOn, DateTime PublishedAt, string PublishedBy, DateTime? ReplacedAt, DateTime? WithdrawnAt);

    public sealed record View(BenefitApplication Application, BenefitKind Kind, string Applicant, string Community, string CommunityCode, string Grid,
        IReadOnlyList<Member> Members, IReadOnlyList<BenefitEvent> History, IReadOnlyList<Notice> Notices, IReadOnlyList<BenefitObjection> Objections,
        IReadOnlyList<string> Steps);

    public async Task<View?> OneAsync(UserArea area, long id, CancellationToken ct)
    {
        var a = await db.Set<BenefitApplication>().AsNoTracking().VisibleTo(area).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return null;
        var kind = await kinds.OfAsync(a, ct);
        var today = Today;
        var members = await db.Set<BenefitMember>().AsNoTracking().Where(m => m.ApplicationId == id)
            .Join(db.Residents.AsNoTracking(), m => m.ResidentId, r => r.Id, (m, r) => new { m.ResidentId, r.Name, r.RelationToHead, r.BirthDate, m.Covered, r.HouseholdId, r.Status })
            .OrderBy(x => x.RelationToHead).ToListAsync(ct);
        var applicant = await db.Residents.AsNoTracking().Where(r => r.Id == a.ApplicantId).Select(r => r.Name).FirstAsync(ct);
        var grid = await db.OrgUnits.AsNoTracking().Where(o => o.Id == a.GridId).Select(o => o.Name).FirstAsync(ct);
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Id == a.CommunityId).Select(o => new { o.Name, o.Code }).FirstAsync(ct);
        var history = await db.Set<BenefitEvent>().AsNoTracking().Where(e => e.ApplicationId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var notices = await db.Set<BenefitNotice>().AsNoTracking().Where(n => n.ApplicationId == id).OrderByDescending(n => n.Version)
            .Select(n => new Notice(n.Id, n.Version, n.HeadName, n.HouseholdSize, n.MonthlyAmount, n.GridName, n.FromDay, n.RemoveOn, n.PublishedAt, n.PublishedBy, n.ReplacedAt, n.WithdrawnAt))
            .ToListAsync(ct);
        var objections = await db.Set<BenefitObjection>().AsNoTracking().Where(o => o.ApplicationId == id).OrderBy(o => o.LodgedAt).ToListAsync(ct);
        return new View(a, kind, applicant, community.Name, community.Code, grid,
            members.Select(m => new Member(m.ResidentId, m.Name, RegistryText.Of(m.RelationToHead), m.BirthDate is { } b ? Age(b, today) : null, m.Covered,
                m.HouseholdId == a.HouseholdId && m.Status == ResidentStatus.Active)).ToList(),
            history, notices, objections, BenefitSteps.Allowed(area, a, kind));
    }

    static int Age(DateOnly birth, DateOnly on) => on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
}
