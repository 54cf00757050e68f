using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// 进行中的事件 on a resident's page and in the hotline's caller view: the person's open cases the user sees, by
/// reference, type and clock. A grievance only for those handling it (no one else can look a person's grievances up);
/// the hotline also sees a caller's other open cases by reference and state, so a repeated call is linked, not reopened.
/// </summary>
public sealed class CasePersonSections(LinliDb db, TimeProvider clock) : IPersonSections
{
    public async Task<IReadOnlyDictionary<long, PersonSection>> ForAsync(UserArea area, IReadOnlyCollection<long> residentIds, PersonView view, CancellationToken ct)
    {
        if (residentIds.Count == 0 || !(area.Has(Permissions.Cases.Open) || area.Has(Permissions.Cases.Read) || area.Has(Permissions.Cases.Lead) || area.Has(Permissions.Cases.Supervise)))
            return new Dictionary<long, PersonSection>();
        var ids = residentIds.ToList();
        var me = area.UserId;
        var caller = area.GridsWhere(Permissions.Registry.CallerView);
        var visible = db.Set<Case>().AsNoTracking().VisibleTo(area).Select(c => c.Id);
        var rows = await db.Set<Case>().AsNoTracking()
            .Where(c => c.ResidentId != null && ids.Contains(c.ResidentId.Value)
                && (c.State == CaseState.Registered || c.State == CaseState.Accepted || c.State == CaseState.Handling)
                && (c.Kind != CaseType.Grievance || c.OwnerId == me || c.CreatedById == me)
                && (visible.Contains(c.Id) || EF.Parameter(caller).Contains(c.GridId)))
            .OrderBy(c => c.DueAt).Take(200)
            .Select(c => new { c.Id, ResidentId = c.ResidentId!.Value, c.Reference, c.Kind, c.Title, c.State, c.ClockStage, c.PausedSince, c.DueAt, c.YellowAt, c.CreatedAt, c.OwnerId, c.CreatedById, c.GridId, Visible = visible.Contains(c.Id) })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var say = Web.UiText.Shared;
        return ids.ToDictionary(id => id, id => new PersonSection("cases", "进行中的事件", rows.Where(r => r.ResidentId == id).Select(r =>
        {
            var colour = CaseClock.Colour(r.ClockStage, r.PausedSince, r.DueAt, r.YellowAt, now);
            var content = r.Visible && CaseScope.SeesContent(area, r.Kind, r.GridId, r.OwnerId, r.CreatedById);
            var text = $"{r.Reference} {say[CaseType.NameOf(r.Kind)]}" + (content ? say["：{0}", r.Title] : "");
            return new PersonFact(text, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
                say[CaseClock.StateWord(r.State)] + (colour is ClockColour.Red or ClockColour.Yellow ? "·" + say[CaseClock.Word(colour)] : ""),
                r.Visible ? $"/Cases/{r.Id}" : null, CaseClock.Tone(colour));
        }).ToList(), "没有进行中的事件", Order: 20));
    }
}

/// <summary>The home page's numbers: my cases (red ones), new notices, the community's overdue cases, the street's escalated ones.</summary>
public sealed class CaseHomeCards(LinliDb db, CaseLists lists, TimeProvider clock) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        var cards = new List<HomeCard>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (area.Has(Permissions.Cases.Handle) || area.Has(Permissions.Cases.Open))
        {
            var mine = lists.Filtered(area, new CaseLists.Filter("mine"), now);
            cards.Add(new HomeCard("cases", "我的事件", await mine.LongCountAsync(ct), "/Cases?view=mine", Tone.Normal, null, 20));
            var red = await lists.Filtered(area, new CaseLists.Filter("mine", Clock: ClockColour.Red), now).LongCountAsync(ct);
            if (red > 0) cards.Add(new HomeCard("cases", "我的超期事件", red, "/Cases?view=mine&clock=Red", Tone.Overdue, null, 21));
            var notices = await db.Set<CaseNotice>().AsNoTracking().LongCountAsync(n => n.UserId == area.UserId && !n.Seen, ct);
            if (notices > 0) cards.Add(new HomeCard("cases", "事件提醒", notices, "/Cases?view=mine", Tone.Due, null, 22));
        }
        if (area.Has(Permissions.Cases.Lead))
            cards.Add(new HomeCard("cases", "社区超期事件", await lists.Filtered(area, new CaseLists.Filter("community", Clock: ClockColour.Red), now).LongCountAsync(ct),
                "/Cases?view=community&clock=Red", Tone.Overdue, null, 23));
        if (area.Has(Permissions.Cases.Supervise))
            cards.Add(new HomeCard("cases", "督办事件", await lists.Filtered(area, new CaseLists.Filter("street"), now).LongCountAsync(ct), "/Cases/Supervise", Tone.Due, "超期或上报", 24));
        return cards;
    }
}
