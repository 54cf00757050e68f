using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>The home page's party numbers, for those who hold <see cref="Permissions.Party.Read"/>: members, and overdue rectification items.</summary>
public sealed class PartyHomeCards(LinliDb db, TimeProvider clock) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        if (!area.Has(Permissions.Party.Read)) return [];
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Read, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var members = await db.Set<PartyMember>().AsNoTracking().InScopeOf(communities).LongCountAsync(m => m.RelationOutOn == null, ct);
        var overdue = await db.Set<Rectification>().AsNoTracking().InScopeOf(communities)
            .LongCountAsync(r => (r.Progress == RectificationProgress.NotStarted || r.Progress == RectificationProgress.InProgress) && r.Deadline < today, ct);
        return
        [
            new HomeCard("party", "党员", members, "/Party/Members", Tone.Normal, null, 60),
            new HomeCard("party", "逾期整改事项", overdue, "/Party/Inspections?overdue=true", overdue > 0 ? Tone.Overdue : Tone.Ok, null, 61),
        ];
    }
}
