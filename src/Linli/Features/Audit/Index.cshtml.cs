using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Audit;

/// <summary>
/// 审计日志: the auditor reads the log, newest first, filtered by person, action, target and time,
/// fifty rows a page, paged by id (never by OFFSET: the log only grows).
/// </summary>
[Authorize(Policy = Permissions.Audit.Read)]
public sealed partial class IndexModel(LinliDb db, TimeProvider clock, IEnumerable<IAuditNames> namers) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(long Id, DateTime Time, long? ActorId, string? ActorName, string? ActorDisplayName, string Action,
        string? TargetKind, long? TargetId, string? OrgUnit, string? Detail, string? ClientIp, string Hash)
    {
        /// <summary>What the target is called (a masked name for a resident), when its module knows it.</summary>
        public string? TargetName { get; init; }
        /// <summary>The detail cut where a code stands (a permission), each piece with the code it shows in words, if any.</summary>
        public IReadOnlyList<(string Text, string? Code)> DetailParts { get; init; } = [];
    }

    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true)] public string? Act { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }
    [BindProperty(SupportsGet = true)] public long? After { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Count { get; private set; }
    public bool HasNewer { get; private set; }
    public bool HasOlder { get; private set; }
    public bool Filtered => Person is { Length: > 0 } || Act is { Length: > 0 } || Kind is { Length: > 0 } || Id is not null || From is not null || To is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = Filter(db.AuditEntries.AsNoTracking());
        Count = await q.CountAsync(ct);
        var page = After is { } after
            ? (await q.Where(e => e.Id > after).OrderBy(e => e.Id).Take(PageSize).ToListAsync(ct)).AsEnumerable().Reverse().ToList()
            : await (Before is { } before ? q.Where(e => e.Id < before) : q).OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(ct);
        if (page.Count > 0)
        {
            var (newest, oldest) = (page[0].Id, page[^1].Id);
            HasNewer = await q.AnyAsync(e => e.Id > newest, ct);
            HasOlder = await q.AnyAsync(e => e.Id < oldest, ct);
        }
        // Who acted and in which unit: Access owns accounts and units, and names them through IAuditNames like any target.
        var names = await NamesAsync(AuditTargets.Actor, page.Where(e => e.ActorId is not null).Select(e => e.ActorId!.Value), ct);
        var units = await NamesAsync(AuditTargets.OrgUnit, page.Where(e => e.OrgUnitId is not null).Select(e => e.OrgUnitId!.Value), ct);
        var targets = await TargetNamesAsync(page, ct);
        var words = namers.SelectMany(n => n.Words).DistinctBy(w => w.Key).ToDictionary();
        var zone = clock.LocalTimeZone;
        Rows = page.Select(e => new Row(e.Id, zone.LocalOf(e.TimeUtc),
            e.ActorId, e.ActorName, e.ActorId is { } a ? names.GetValueOrDefault(a) : null, e.Action, e.TargetKind, e.TargetId,
            e.OrgUnitId is { } o ? units.GetValueOrDefault(o) : null, e.Detail, e.ClientIp, e.Hash)
        {
            TargetName = e.TargetKind is { } kind && e.TargetId is { } id ? targets.GetValueOrDefault((kind, id)) : null,
            DetailParts = InWords(e.Detail, words),
        }).ToList();
    }

    /// <summary>The names of these ids of one <paramref name="kind"/>, from whichever module owns it.</summary>
    async Task<Dictionary<long, string>> NamesAsync(string kind, IEnumerable<long> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        var found = new Dictionary<long, string>();
        if (distinct.Count == 0) return found;
        foreach (var namer in namers)
            foreach (var (id, name) in await namer.NamesAsync(kind, distinct, ct))
                found.TryAdd(id, name);
        return found;
    }

    /// <summary>One question per kind of target on the page, to the modules that own them.</summary>
    async Task<Dictionary<(string Kind, long Id), string>> TargetNamesAsync(List<AuditEntry> page, CancellationToken ct)
    {
        var found = new Dictionary<(string, long), string>();
        foreach (var group in page.Where(e => e.TargetKind is not null && e.TargetId is not null).GroupBy(e => e.TargetKind!))
        {
            foreach (var (id, name) in await NamesAsync(group.Key, group.Select(e => e.TargetId!.Value), ct))
                found.TryAdd((group.Key, id), name);
        }
        return found;
    }

    /// <summary>Cuts <paramref name="detail"/> around the codes that have words (whole tokens only: registry.read, not registry.reader).</summary>
    public static IReadOnlyList<(string Text, string? Code)> InWords(string? detail, IReadOnlyDictionary<string, string> words)
    {
        if (string.IsNullOrEmpty(detail)) return [];
        var parts = new List<(string, string?)>();
        var last = 0;
        foreach (System.Text.RegularExpressions.Match m in CodeToken().Matches(detail))
        {
            if (!words.TryGetValue(m.Value, out var word)) continue;
            if (m.Index > last) parts.Add((detail[last..m.Index], null));
            parts.Add((word, m.Value));
            last = m.Index + m.Length;
        }
        if (last < detail.Length) parts.Add((detail[last..], null));
        return parts;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[a-z][a-z0-9]*(?:[.-][a-z0-9]+)+")]
    private static partial System.Text.RegularExpressions.Regex CodeToken();

    IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> q)
    {
        // Names are kept masked like everything else in the log, so the name asked for is masked the same way.
        if (Person?.Trim() is { Length: > 0 } person)
        {
            var masked = AuditDetail.Masked(person, 64);
            q = q.Where(e => e.ActorName == masked);
        }
        if (Act is { Length: > 0 } act) q = q.Where(e => e.Action == act);
        if (Kind is { Length: > 0 } kind) q = q.Where(e => e.TargetKind == kind);
        if (Id is { } id) q = q.Where(e => e.TargetId == id);
        var zone = clock.LocalTimeZone;
        if (From is { } from)
        {
            var start = zone.UtcStartOf(from);
            q = q.Where(e => e.TimeUtc >= start);
        }
        if (To is { } to)
        {
            var end = zone.UtcStartOf(to.AddDays(1));
            q = q.Where(e => e.TimeUtc < end);
        }
        return q;
    }

    /// <summary>This page's filters with the paging replaced, for the links.</summary>
    public string Link(long? before = null, long? after = null, string? person = null, string? kind = null, long? id = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["person"] = person ?? Person, ["act"] = Act, ["kind"] = kind ?? Kind, ["id"] = (id ?? Id)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["after"] = after?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Audit", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    public static bool IsAlert(string action) => action is AuditActions.Denied or AuditActions.LoginFailed or AuditActions.Lockout;
}
