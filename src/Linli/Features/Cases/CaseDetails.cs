using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// One case as its page and the API show it, for a user who sees it (else null: 404). Reading a grievance's content
/// writes an audit row (信访件查阅); the street and others without the content get the case without it.
/// </summary>
public sealed class CaseDetails(LinliDb db, AuditLog audit, TimeProvider clock)
{
    public sealed record Party(string Side, string Name, long? ResidentId, string? Note);
    public sealed record Step(DateTime At, string Actor, string Action, CaseState? To, string? Note);
    public sealed record PauseRow(DateTime From, DateTime? To, string Reason);
    public sealed record ExtensionRow(DateTime At, int Amount, string Approver, string Reason);

    public sealed record View(Case Case, CaseType Type, bool Content, string Community, string Grid, string? Owner, string CreatedBy, ClockColour Colour,
        string? DuplicateOf, IReadOnlyList<string> Duplicates, IReadOnlyList<Party> Parties, IReadOnlyList<Step> History, IReadOnlyList<PauseRow> Pauses,
        IReadOnlyList<ExtensionRow> Extensions, TimeSpan PausedTotal)
    {
        public string Title => Content ? Case.Title : CaseScope.Withheld;
        /// <summary>A grievance's 延期 request waiting for the head's decision.</summary>
        public PendingExtension? Pending { get; init; }
    }

    public sealed record PendingExtension(int Amount, string Reason, string RequestedBy, DateTime At);

    public async Task<View?> ForAsync(UserArea area, long id, CancellationToken ct)
    {
        var c = await db.Set<Case>().AsNoTracking().VisibleTo(area).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var content = CaseScope.SeesContent(area, c);
        if (c.Kind == CaseType.Grievance && content)
            await audit.WriteAsync(AuditActions.CaseRead, AuditTarget.Case(c.Id), c.GridId, $"查阅信访件 {c.Reference}", ct: ct);
        var type = (await db.Set<CaseType>().AsNoTracking().FirstAsync(t => t.Code == c.Kind, ct)).AsOpened(c.TypeSnapshot);
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Id == c.GridId || o.Id == c.CommunityId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var people = await db.Users.AsNoTracking().Where(u => u.Id == c.OwnerId || u.Id == c.CreatedById).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var history = await db.Set<CaseEvent>().AsNoTracking().Where(e => e.CaseId == c.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new Step(e.At, e.ActorName, e.Action, e.ToState, e.Note)).ToListAsync(ct);
        var pauses = await db.Set<CasePause>().AsNoTracking().Where(p => p.CaseId == c.Id).OrderBy(p => p.From).Select(p => new PauseRow(p.From, p.To, p.Reason)).ToListAsync(ct);
        var extensions = await db.Set<CaseExtension>().AsNoTracking().Where(e => e.CaseId == c.Id).OrderBy(e => e.At)
            .Select(e => new ExtensionRow(e.At, e.Amount, e.ApproverName, e.Reason)).ToListAsync(ct);
        var parties = await db.Set<CaseParty>().AsNoTracking().Where(p => p.CaseId == c.Id).OrderBy(p => p.Side == "甲方" ? 0 : 1).ThenBy(p => p.Id)
            .Select(p => new Party(p.Side, p.Name, p.ResidentId, p.Note)).ToListAsync(ct);
        var duplicateOf = c.DuplicateOfId is { } d ? await db.Set<Case>().AsNoTracking().Where(x => x.Id == d).Select(x => x.Reference).FirstOrDefaultAsync(ct) : null;
        var duplicates = await db.Set<Case>().AsNoTracking().Where(x => x.DuplicateOfId == c.Id).OrderBy(x => x.Id).Select(x => x.Reference).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var pausedTotal = pauses.Aggregate(TimeSpan.Zero, (t, p) => t + ((p.To ?? now) - p.From));
        if (!content) history = history.Select(h => h with { Note = null }).ToList();
        return new View(c, type, content, units.GetValueOrDefault(c.CommunityId, ""), units.GetValueOrDefault(c.GridId, ""),
            c.OwnerId is { } o ? people.GetValueOrDefault(o) : null, people.GetValueOrDefault(c.CreatedById, ""), CaseClock.Colour(c, now),
            duplicateOf, duplicates, content ? parties : [], history, content ? pauses : pauses.Select(p => p with { Reason = "—" }).ToList(), extensions, pausedTotal)
        {
            Pending = await db.Set<CaseExtensionRequest>().AsNoTracking().Where(r => r.CaseId == c.Id && r.Approved == null)
                .Select(r => new PendingExtension(r.Amount, content ? r.Reason : "—", r.RequestedByName, r.RequestedAt)).FirstOrDefaultAsync(ct),
        };
    }
}
