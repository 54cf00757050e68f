using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>
/// 救助情况 on a resident's page: the benefits and applications of every household the person is a member of — only for
/// those who may see sensitive labels where the person lives and read the community's applications; never in the
/// hotline's caller view (benefit status is sensitive).
/// </summary>
public sealed class BenefitPersonSections(LinliDb db, TimeProvider clock) : IPersonSections
{
    public async Task<IReadOnlyDictionary<long, PersonSection>> ForAsync(UserArea area, IReadOnlyCollection<long> residentIds, PersonView view, CancellationToken ct)
    {
        var none = new Dictionary<long, PersonSection>();
        if (view != PersonView.Resident || residentIds.Count == 0 || !area.Has(Permissions.Benefits.Read) || !area.Has(Permissions.Registry.Sensitive)) return none;
        var ids = residentIds.ToList();
        var read = area.GridsWhere(Permissions.Benefits.Read);
        var sensitive = area.GridsWhere(Permissions.Registry.Sensitive);
        var allowed = await db.Residents.AsNoTracking().Where(r => ids.Contains(r.Id) && EF.Parameter(read).Contains(r.GridId) && EF.Parameter(sensitive).Contains(r.GridId))
            .Select(r => r.Id).ToListAsync(ct);
        if (allowed.Count == 0) return none;
        var rows = await db.Set<BenefitMember>().AsNoTracking().Where(m => allowed.Contains(m.ResidentId))
            .Join(db.Set<BenefitApplication>().AsNoTracking().VisibleTo(area), m => m.ApplicationId, a => a.Id,
                (m, a) => new { m.ResidentId, a.Id, a.Reference, a.Kind, a.State, a.MonthlyAmount, a.Category, a.StartMonth, a.NextReviewOn, a.EndedOn, a.CreatedAt, a.DueOn, m.Covered })
            .OrderByDescending(x => x.CreatedAt).Take(200).ToListAsync(ct);
        var today = clock.Today();
        var say = Web.UiText.Shared;
        return allowed.ToDictionary(id => id, id => new PersonSection("benefits", "救助情况", rows.Where(r => r.ResidentId == id).Select(r =>
        {
            var kind = say[BenefitKind.NameOf(r.Kind)];
            var text = r.State switch
            {
                BenefitState.Granted => say["{0}（{1}）{2} {3:0.##}元/月，{4:yyyy-MM}起", kind, r.Reference, r.Category is { } c ? say[c] : "", r.MonthlyAmount, r.StartMonth]
                    + (r.NextReviewOn is { } n ? say["，下次核查 {0:yyyy-MM-dd}", n] : ""),
                BenefitState.Ended => say["{0}（{1}）{2:yyyy-MM}起，{3:yyyy-MM-dd}终止", kind, r.Reference, r.StartMonth, r.EndedOn],
                _ => say["{0}申请（{1}）", kind, r.Reference] + (r.Covered ? "" : say["，本人未纳入保障"]),
            };
            var tone = r.State == BenefitState.Granted && r.NextReviewOn < today ? Tone.Overdue
                : r.State is BenefitState.Granted ? Tone.Ok
                : r.State is BenefitState.Intake or BenefitState.Investigated or BenefitState.Reviewed or BenefitState.OnNotice or BenefitState.Forwarded && r.DueOn < today ? Tone.Overdue
                : Tone.Normal;
            return new PersonFact(text, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)), BenefitSteps.StateWord(r.State), $"/Benefits/{r.Id}", tone);
        }).ToList(), "没有救助申请", Order: 30));
    }
}

/// <summary>The home page's numbers: applications in progress, past their last day, grants due for review; the street's to decide.</summary>
public sealed class BenefitHomeCards(BenefitReader reader) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        var cards = new List<HomeCard>();
        if (area.Has(Permissions.Benefits.Read))
        {
            cards.Add(new HomeCard("benefits", "办理中的救助申请", await reader.Filtered(area, new BenefitReader.Filter(Show: "open")).LongCountAsync(ct), "/Benefits?show=open", Tone.Normal, null, 40));
            var overdue = await reader.Filtered(area, new BenefitReader.Filter(Show: "overdue")).LongCountAsync(ct);
            if (overdue > 0) cards.Add(new HomeCard("benefits", "超期的救助申请", overdue, "/Benefits?show=overdue", Tone.Overdue, null, 41));
            var review = await reader.Filtered(area, new BenefitReader.Filter(Show: "review-due")).LongCountAsync(ct);
            if (review > 0) cards.Add(new HomeCard("benefits", "30天内应核查的低保等", review, "/Benefits?show=review-due", Tone.Due, null, 42));
        }
        if (area.Has(Permissions.Benefits.Decide))
            cards.Add(new HomeCard("benefits", "待审批的救助申请", await reader.Filtered(area, new BenefitReader.Filter(State: BenefitState.Forwarded)).LongCountAsync(ct),
                "/Benefits?state=Forwarded", Tone.Due, null, 43));
        return cards;
    }
}

/// <summary>Names applications on the audit page by reference and kind (never by the applicant).</summary>
public sealed class BenefitAuditNames(LinliDb db) : IAuditNames
{
    public IReadOnlyDictionary<string, string> Words { get; } = new Dictionary<string, string>();

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(string kind, IReadOnlyCollection<long> ids, CancellationToken ct) => kind == AuditTargets.Benefit
        ? (await db.Set<BenefitApplication>().AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Reference, a.Kind }).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => $"{a.Reference}（{BenefitKind.NameOf(a.Kind)}）")
        : new Dictionary<long, string>();
}
