using System.Collections.Concurrent;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>
/// The public notice board of one community (/Notices/{code}): the notices up today, as published (the stored, masked
/// text; nothing else of the application is read). Kept in memory for a minute per community and day, dropped at once
/// when this server publishes or withdraws one — read-only, cheap, and never more than a minute behind on other servers.
/// </summary>
public sealed class NoticeBoard(TimeProvider clock)
{
    static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    readonly ConcurrentDictionary<(string Code, DateOnly Day), (Board Board, DateTimeOffset At)> cache = new();

    public sealed record Entry(long Id, string Kind, int Version, string? HeadName, int? HouseholdSize, decimal? MonthlyAmount, string? Grid, string? Category,
        DateOnly FromDay, DateOnly RemoveOn);

    public sealed record Board(long CommunityId, string Community, string Street, string Code, DateOnly AsOf, IReadOnlyList<Entry> Entries);

    public void Changed() => cache.Clear();

    public async Task<Board?> ForAsync(LinliDb db, string code, CancellationToken ct)
    {
        var today = clock.Today();
        var key = (code, today);
        if (cache.TryGetValue(key, out var hit) && clock.GetUtcNow() - hit.At < Fresh) return hit.Board;
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Code == code && o.Kind == OrgUnitKind.Community)
            .Select(o => new { o.Id, o.Name, Street = o.Parent!.Name }).FirstOrDefaultAsync(ct);
        if (community is null) return null;
        var entries = await db.Set<BenefitNotice>().AsNoTracking()
            .Where(n => n.CommunityId == community.Id && n.ReplacedAt == null && n.WithdrawnAt == null && n.FromDay <= today && n.RemoveOn > today)
            .OrderBy(n => n.Kind).ThenBy(n => n.GridName).ThenBy(n => n.Id)
            .Select(n => new Entry(n.Id, n.Kind, n.Version, n.HeadName, n.HouseholdSize, n.MonthlyAmount, n.GridName, n.Category, n.FromDay, n.RemoveOn))
            .ToListAsync(ct);
        var board = new Board(community.Id, community.Name, community.Street, code, today, entries);
        if (cache.Count > 1000) cache.Clear();
        cache[key] = (board, clock.GetUtcNow());
        return board;
    }
}
