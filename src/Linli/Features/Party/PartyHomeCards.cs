using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// The home page's party numbers, for those who hold <see cref="Permissions.Party.Read"/> (the 党务工作者 and the community's
/// lead): members, overdue rectification items, members whose dues are 3 months or more behind (催缴) and those 6 months in a
/// row (党章 art 9), and members in hardship not yet visited for the coming round (元旦春节 or 七一) — each a link to its list.
/// </summary>
public sealed class PartyHomeCards(LinliDb db, TimeProvider clock, CareReader care) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        if (!area.Has(Permissions.Party.Read)) return [];
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Read, ct);
        var today = clock.Today();
        var members = await db.Set<PartyMember>().AsNoTracking().InScopeOf(communities).LongCountAsync(m => m.RelationOutOn == null, ct);
        var overdue = await db.Set<Rectification>().AsNoTracking().InScopeOf(communities)
            .LongCountAsync(r => (r.Progress == RectificationProgress.NotStarted || r.Progress == RectificationProgress.InProgress) && r.Deadline < today, ct);
        var cards = new List<HomeCard>
        {
            new("party", "党员", members, "/Party/Members", Tone.Normal, null, 60),
            new("party", "逾期整改事项", overdue, "/Party/Inspections?overdue=true", overdue > 0 ? Tone.Overdue : Tone.Ok, null, 61),
        };

        // A street officer would see every branch of the street; the dues register is read branch by branch, so only where the
        // user keeps a few (a community's lead or keeper: one).
        var branches = await db.Set<PartyBranch>().AsNoTracking().InScopeOf(communities).OrderBy(b => b.Id).Select(b => b.Id).Take(5).ToListAsync(ct);
        if (branches.Count == 0) return cards;
        int flagged = 0, warned = 0, unvisited = 0;
        var coming = Care.Coming(today);
        foreach (var branch in branches)
        {
            var dues = await care.DuesAsync(branch, today.Year, today, ct);
            flagged += dues.Rows.Count(r => r.Flagged);
            warned += dues.Rows.Count(r => r.Warned);
            unvisited += (await care.RoundAsync(branch, coming.Festival, coming.Year, ct)).Pending;
        }
        var one = branches.Count == 1 ? $"branch={branches[0]}&" : "";
        cards.Add(new("party", "欠缴党费满3个月", flagged, $"/Party/Dues?{one}show=arrears#register", flagged > 0 ? Tone.Due : Tone.Ok, null, 62));
        cards.Add(new("party", "连续6个月未交党费", warned, $"/Party/Dues?{one}show=warned#register", warned > 0 ? Tone.Overdue : Tone.Ok, null, 63));
        cards.Add(new("party", "困难党员节日尚未走访", unvisited, $"/Party/Hardship?{one.TrimEnd('&')}#round", unvisited > 0 ? Tone.Due : Tone.Ok, null, 64));
        return cards;
    }
}
