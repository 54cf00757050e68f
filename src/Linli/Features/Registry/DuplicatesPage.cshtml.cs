using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// 疑似重复: likely duplicate people in the user's area and buildings of one name in one community, each group with a
/// merge: choose the record (or building) to keep, read what will happen, confirm.
/// </summary>
[Authorize(Policy = Permissions.Registry.Write)]
public sealed class DuplicatesModel(Data.LinliDb db, CurrentUser me, Duplicates duplicates, Places places) : PageModel
{
    public IReadOnlyList<Duplicates.Group> People { get; private set; } = [];
    public IReadOnlyList<(string Community, Places.DuplicateBuilding Building)> Buildings { get; private set; } = [];

    /// <summary>Which kind is being merged: "people" or "buildings".</summary>
    [BindProperty] public string Kind { get; set; } = "people";
    [BindProperty] public long Keep { get; set; }
    [BindProperty] public List<long> Others { get; set; } = [];
    [BindProperty] public bool Confirmed { get; set; }
    public IReadOnlyList<string>? Confirmation { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var merging = Others.Where(o => o != Keep).Distinct().ToList();
        if (merging.Count == 0)
        {
            Error = "请选择要保留的记录。";
            return await AgainAsync(ct);
        }
        if (!Confirmed)
        {
            Confirmation = Kind == "buildings" ? await DescribeBuildingsAsync(merging, ct) : await DescribePeopleAsync(merging, ct);
            await LoadAsync(ct);
            return Page();
        }
        foreach (var other in merging)
        {
            string? error;
            if (Kind == "buildings")
            {
                var r = await places.MergeBuildingsAsync(area, Keep, other, ct);
                error = !r.Found ? "没有找到这栋楼（须在您的管辖范围内）。" : r.Error;
            }
            else
            {
                var r = await duplicates.MergeAsync(area, Keep, null, other, null, ct);
                error = !r.Found ? "没有找到这条记录（须在您的管辖范围内）。" : r.Error;
            }
            if (error is not null)
            {
                Error = error;
                return await AgainAsync(ct);
            }
        }
        TempData["Saved"] = "已合并";
        return Redirect("/Registry/Duplicates");
    }

    async Task<IActionResult> AgainAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    async Task<List<string>> DescribePeopleAsync(List<long> merging, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var rows = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).Where(r => r.Id == Keep || merging.Contains(r.Id))
            .Select(r => new { r.Id, r.Name, r.NationalIdMasked, History = db.ResidentChanges.Count(c => c.ResidentId == r.Id) }).ToListAsync(ct);
        var keep = rows.FirstOrDefault(r => r.Id == Keep);
        if (keep is null) return [];
        var lines = rows.Where(r => r.Id != Keep).Select(r =>
            $"{r.Name}（编号 {r.Id}）并入{keep.Name}（编号 {keep.Id}）：它的 {r.History} 条变更记录和人员标签转到保留的记录，缺的身份证号、电话、出生日期补入；原记录留作指向，审计日志不变。").ToList();
        if (rows.Any(r => r.Id != Keep && r.NationalIdMasked is not null && keep.NationalIdMasked is not null && r.NationalIdMasked != keep.NationalIdMasked))
            lines.Add("两条记录的身份证号不同：合并后只保留所保留记录的号码。");
        return lines;
    }

    async Task<List<string>> DescribeBuildingsAsync(List<long> merging, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var rows = await db.Buildings.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).Where(b => b.Id == Keep || merging.Contains(b.Id))
            .Join(db.OrgUnits, b => b.GridId, o => o.Id, (b, o) => new { b.Id, b.Name, Grid = o.Name,
                Households = db.Households.Count(h => db.Dwellings.Any(d => d.Id == h.DwellingId && d.BuildingId == b.Id)) }).ToListAsync(ct);
        var keep = rows.FirstOrDefault(r => r.Id == Keep);
        if (keep is null) return [];
        return rows.Where(r => r.Id != Keep).Select(r =>
            $"{r.Grid}的{r.Name}（楼栋编号 {r.Id}，{r.Households} 户）并入{keep.Grid}的{keep.Name}（楼栋编号 {keep.Id}）：房屋与住户随之迁入{keep.Grid}，同一单元同一室号的合为一套。").ToList();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        People = await duplicates.FindAsync(area, ct);
        var communities = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community)
            .Where(c => db.OrgUnits.GridsInScopeOf(area, Permissions.Registry.Write).Any(g => g.ParentId == c.Id)).OrderBy(c => c.SortOrder).ToListAsync(ct);
        var buildings = new List<(string, Places.DuplicateBuilding)>();
        foreach (var c in communities)
            foreach (var b in await Places.DuplicateBuildingsAsync(db, c.Id, ct))
                buildings.Add((c.Name, b));
        Buildings = buildings;
    }
}
