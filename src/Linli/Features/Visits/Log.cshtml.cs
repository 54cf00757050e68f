using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Linli.Features.Visits;

/// <summary>
/// 走访记录 list: the visits of one visitor and/or one month and/or one grid, in the viewer's grids, newest first,
/// paged by key (date, id), printable. What a number of 干部每月走访 opens; a grid cadre's list is her own visits, as
/// the chart counts them (<see cref="VisitsPerCadre.Counted"/>).
/// </summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class LogModel(LinliDb db, CurrentUser me, VisitsPerCadre counts, VisitReader reader, IStringLocalizer say) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<VisitReader.View> Visits { get; private set; } = [];
    public IReadOnlyDictionary<long, string> GridNames { get; private set; } = new Dictionary<long, string>();
    public long? Visitor { get; private set; }
    public string? VisitorName { get; private set; }
    public DateOnly? Month { get; private set; }
    public long? Grid { get; private set; }
    /// <summary>Only this community's grids (the community's 走访概况 opens its segments so).</summary>
    public long? Community { get; private set; }
    /// <summary>The key of the next page, when there is one.</summary>
    public string? Next { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? visitor, string? month, long? grid, long? community, string? after, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (!ModelState.IsValid)
        {
            Problem = say["走访人或网格的编号不对，请从走访概况或干部每月走访进入。"];
            return Page();
        }
        if (!string.IsNullOrWhiteSpace(month) && VisitLog.ParseMonth(month) is null)
        {
            Problem = say["月份“{0}”应写成 2026-11 这样的年月。", month];
            return Page();
        }
        if (!string.IsNullOrWhiteSpace(after) && VisitLog.ParseKey(after) is null)
        {
            Problem = say["翻页位置“{0}”不对，请回到第一页。", after];
            return Page();
        }
        IReadOnlyList<long>? within = null;
        if (community is { } c && (within = await counts.GridsOfAsync(area, c, ct)).Count == 0) return NotFound();
        (Visitor, Month, Grid, Community) = (visitor, VisitLog.ParseMonth(month), grid, community);
        var q = counts.Counted(area, within);
        if (visitor is { } v) q = q.Where(x => x.VisitorId == v);
        if (grid is { } g) q = q.Where(x => x.GridId == g);
        if (Month is { } m)
        {
            var end = m.AddMonths(1);
            q = q.Where(x => x.Date >= m && x.Date < end);
        }
        if (VisitLog.ParseKey(after) is { } key) q = q.Where(x => x.Date < key.Date || (x.Date == key.Date && x.Id < key.Id));
        var page = await q.OrderByDescending(x => x.Date).ThenByDescending(x => x.Id).Take(PageSize + 1).ToListAsync(ct);
        if (page.Count > PageSize)
        {
            page.RemoveAt(PageSize);
            Next = VisitLog.Key(page[^1].Date, page[^1].Id);
        }
        Visits = await reader.ViewsAsync(area, page, ct);
        VisitorName = page.FirstOrDefault(x => x.VisitorId == visitor)?.VisitorName
            ?? (visitor is { } vid ? await counts.Counted(area).Where(x => x.VisitorId == vid).Select(x => x.VisitorName).FirstOrDefaultAsync(ct) : null);
        var gridIds = page.Select(x => x.GridId).Append(grid ?? 0).Distinct().ToList();
        GridNames = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(gridIds).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return Page();
    }

    /// <summary>This list with another page key.</summary>
    public string Link(string? after) =>
        "/Visits/Log?" + string.Join("&", new[]
        {
            Visitor is { } v ? $"visitor={v}" : null,
            Month is { } m ? $"month={m:yyyy-MM}" : null,
            Grid is { } g ? $"grid={g}" : null,
            Community is { } c ? $"community={c}" : null,
            after is null ? null : $"after={after}",
        }.OfType<string>());
}

/// <summary>The texts of the visit list's address: a month as 2026-11, a page key as 2026-11-03.1234.</summary>
public static class VisitLog
{
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Key(DateOnly date, long id) => string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd}.{id}");

    public static (DateOnly Date, long Id)? ParseKey(string? text)
    {
        var parts = text?.Split('.');
        return parts is [var d, var i] && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && long.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (date, id) : null;
    }
}
