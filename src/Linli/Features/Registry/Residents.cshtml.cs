using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// 居民名单: the list behind every number — a filter row whose state is all in the query string, the counts of people
/// and households, one key-based page, the columns the user picks; from it an export (masked), a printout (print=1:
/// every matching row, A4 landscape) and a label added to or taken from the chosen residents in one step.
/// </summary>
[Authorize(Policy = Permissions.Registry.Read)]
public sealed class ResidentsModel(LinliDb db, CurrentUser me, ResidentList list, BulkLabel bulk, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;
    /// <summary>A printout carries at most this many rows; more asks for a narrower filter or the export.</summary>
    public const int PrintLimit = 3000;

    public sealed record UnitChoice(long Id, string Name, bool IsGrid);

    public ResidentList.Filter Filter { get; private set; } = ResidentList.Filter.Everyone;
    public ResidentList.Resolved? Found { get; private set; }
    public ResidentList.Counts Counts { get; private set; } = new(0, 0);
    public ResidentList.Page Rows { get; private set; } = new([], null);
    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<string> Columns { get; private set; } = ResidentList.DefaultColumns;
    public IReadOnlyList<UnitChoice> Units { get; private set; } = [];
    public IReadOnlyList<Tag> Tags { get; private set; } = [];
    public string Description { get; private set; } = "";
    public string AreaTitle { get; private set; } = "";
    public string Today { get; private set; } = "";
    public bool Print { get; private set; }
    public bool MayLabel { get; private set; }
    /// <summary>The unit whose masked roster the export writes, filtered: the chosen one, or the user's only one.</summary>
    public OrgUnit? ExportUnit { get; private set; }
    public bool MayAskApproval { get; private set; }
    public long? After { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>添加/移除标签 for the ticked residents, or for every resident the filter matches ("all").</summary>
    public async Task<IActionResult> OnPostLabelAsync(long tagId, string? op, long[]? ids, bool all, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (!area.Has(Permissions.Registry.Write)) return Forbid();
        var errors = new Dictionary<string, string>();
        var filter = ResidentList.Parse(ResidentList.Query.From(Request.Query), errors);
        var resolved = await list.ResolveAsync(area, filter, errors, ct);
        string message;
        if (errors.Count > 0) message = string.Join(" ", errors.Values);
        else if (op is not ("add" or "remove")) message = "请选择添加还是移除标签。";
        else
        {
            var chosen = all
                ? await resolved.Residents.OrderBy(r => r.Id).Select(r => r.Id).Take(BulkLabel.MaxResidents + 1).ToListAsync(ct)
                : (ids ?? []).ToList();
            var outcome = await bulk.ApplyAsync(area, tagId, op == "add", chosen, all || chosen.Count > 0 ? ResidentList.Describe(resolved) : null, ct);
            message = outcome.Message;
        }
        TempData["Saved"] = message;
        return Redirect(ResidentList.Href(filter) + ColumnsQuery(filter));
    }

    string ColumnsQuery(ResidentList.Filter filter)
    {
        var cols = Request.Query["cols"].ToString();
        return cols.Length == 0 ? "" : (filter.ToQueryString().Length == 0 ? "?" : "&") + "cols=" + Uri.EscapeDataString(cols);
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Filter = ResidentList.Parse(ResidentList.Query.From(Request.Query), Errors);
        Columns = ResidentList.ColumnsFrom(Request.Query["cols"].Where(c => c is not null).Select(c => c!).ToArray());
        Print = Request.Query["print"] == "1";
        Today = clock.GetLocalNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        AreaTitle = string.Join("、", area.UnitsWhere(Permissions.Registry.Read).Select(u => u.Name));
        MayLabel = area.Has(Permissions.Registry.Write);
        if (Request.Query["after"] is { Count: > 0 } a && long.TryParse(a.ToString(), out var after) && after > 0) After = after;

        // The filter row's choices: communities and grids of the user's area, labels the user may see.
        var grids = area.GridsWhere(Permissions.Registry.Read);
        var units = await db.OrgUnits.AsNoTracking().GridsInScopeOf(area, Permissions.Registry.Read)
            .Join(db.OrgUnits, g => g.ParentId, c => c.Id, (g, c) => new { g.Id, g.Name, g.SortOrder, CommunityId = c.Id, Community = c.Name, CommunityOrder = c.SortOrder })
            .ToListAsync(ct);
        var choices = new List<UnitChoice>();
        foreach (var c in units.GroupBy(u => (u.CommunityId, u.Community, u.CommunityOrder)).OrderBy(c => c.Key.CommunityOrder).ThenBy(c => c.Key.Community, StringComparer.Ordinal))
        {
            if (units.Select(u => u.CommunityId).Distinct().Count() > 1 || c.Count() > 1) choices.Add(new UnitChoice(c.Key.CommunityId, c.Key.Community, false));
            choices.AddRange(c.OrderBy(g => g.SortOrder).ThenBy(g => g.Name, StringComparer.Ordinal).Select(g => new UnitChoice(g.Id, g.Name, true)));
        }
        Units = choices;
        var sensitive = area.Has(Permissions.Registry.Sensitive);
        Tags = await db.Tags.AsNoTracking().Where(t => sensitive || !t.IsSensitive).OrderBy(t => t.Category).ThenBy(t => t.Name).ToListAsync(ct);

        Found = await list.ResolveAsync(area, Filter, Errors, ct);
        Description = ResidentList.Describe(Found);
        if (Errors.Count > 0) return;
        Counts = await ResidentList.CountAsync(Found, ct);
        Rows = await list.PageAsync(area, Found, Print ? null : After, Print ? PrintLimit : PageSize, ct);

        var titled = Found.Unit ?? (area.UnitsWhere(Permissions.Registry.Read) is [var one] ? one : null);
        if (titled is not null) AreaTitle = (await OrgUnitTree.PathOfNamesAsync(db, titled, ct)).Replace("/", " ", StringComparison.Ordinal);
        var exportable = Found.Unit ?? (area.UnitsWhere(Permissions.Registry.Read) is [{ Kind: not OrgUnitKind.Street } only] ? only : null);
        if (exportable is not null && area.HasIn(Permissions.Registry.Export, exportable)) ExportUnit = exportable;
        MayAskApproval = area.Has(Permissions.Registry.Export);
    }

    /// <summary>This list's address with other columns or another page.</summary>
    public string Link(long? after = null, IEnumerable<string>? columns = null, bool print = false)
    {
        var cols = columns?.ToList() ?? Columns.ToList();
        var extra = new List<(string, string?)>();
        if (!cols.SequenceEqual(ResidentList.DefaultColumns)) extra.Add(("cols", string.Join(",", cols)));
        if (after is { } a) extra.Add(("after", a.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (print) extra.Add(("print", "1"));
        return "/Registry/Residents" + Filter.ToQueryString([.. extra]);
    }
}
