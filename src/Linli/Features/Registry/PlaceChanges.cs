using System.Text.RegularExpressions;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Buildings and dwellings that change: a building renamed, a duplicate building (two 60号楼 in one community, from an
/// import or a typo) merged into the other with its dwellings and households. Building names are unique in a community:
/// <see cref="DuplicateBuildingsAsync"/> finds where they are not, for the import's warning and the merge page.
/// Each change is one transaction with one audit row and a history row on each household it moves.
/// </summary>
public sealed partial class Places(LinliDb db, AuditLog audit, TimeProvider clock, UiText say)
{
    /// <summary>A building name as stored: "3" means 3号楼; spaces and stray characters cleaned.</summary>
    public static string? BuildingName(string? typed) =>
        Text.ToHalfWidth(TextElements.Clean(typed) ?? "") is { Length: > 0 } s ? Digits().IsMatch(s) ? s + "号楼" : s : null;

    /// <summary>A unit as stored: "2" means 2单元; empty for a building without units.</summary>
    public static string? UnitName(string? typed) =>
        Text.ToHalfWidth(TextElements.Clean(typed) ?? "") is { Length: > 0 } s ? Digits().IsMatch(s) ? s + "单元" : s : null;

    /// <summary>A room as stored: "301室" and "301" are the same room (the address adds 室).</summary>
    public static string? RoomName(string? typed) =>
        Text.ToHalfWidth(TextElements.Clean(typed) ?? "") is { Length: > 0 } s ? s.EndsWith('室') && s.Length > 1 ? s[..^1] : s : null;

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Digits();

    /// <summary>Two or more buildings of one name in one community: the name and each building with its grid.</summary>
    public sealed record DuplicateBuilding(string Name, IReadOnlyList<(long BuildingId, long GridId, string GridName, int Dwellings, int Households)> Buildings);

    /// <summary>
    /// The building names that occur more than once in the community (for the roster import's warning and the merge page).
    /// One query over the community's buildings.
    /// </summary>
    public static async Task<IReadOnlyList<DuplicateBuilding>> DuplicateBuildingsAsync(LinliDb db, long communityId, CancellationToken ct)
    {
        var rows = await db.Buildings.AsNoTracking()
            .Join(db.OrgUnits.Where(o => o.ParentId == communityId), b => b.GridId, o => o.Id, (b, o) => new { b.Id, b.Name, b.GridId, Grid = o.Name })
            .Where(b => db.Buildings.Count(x => x.Name == b.Name && db.OrgUnits.Any(o => o.Id == x.GridId && o.ParentId == communityId)) > 1)
            .Select(b => new
            {
                b.Id, b.Name, b.GridId, b.Grid,
                Dwellings = db.Dwellings.Count(d => d.BuildingId == b.Id),
                Households = db.Households.Count(h => db.Dwellings.Any(d => d.Id == h.DwellingId && d.BuildingId == b.Id)),
            })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Name).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DuplicateBuilding(g.Key, g.OrderBy(b => b.Id).Select(b => (b.Id, b.GridId, b.Grid, b.Dwellings, b.Households)).ToList())).ToList();
    }

    public sealed record Result(bool Found, string? Error = null)
    {
        public bool Ok => Found && Error is null;
    }

    /// <summary>Renames a building; the name stays unique in its community.</summary>
    public async Task<Result> RenameBuildingAsync(UserArea area, long buildingId, string? name, CancellationToken ct)
    {
        var building = await db.Buildings.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(b => b.Id == buildingId, ct);
        if (building is null) return new Result(false);
        var clean = BuildingName(name);
        if (clean is null) return new Result(true, "请填写楼栋名称（如 3号楼）。");
        if (clean.Length > 64) return new Result(true, "楼栋名称不能超过64个字。");
        if (clean == building.Name) return new Result(true);
        var communityId = await db.OrgUnits.Where(o => o.Id == building.GridId).Select(o => o.ParentId).FirstAsync(ct);
        var taken = await db.Buildings.Where(b => b.Name == clean && b.Id != building.Id)
            .Join(db.OrgUnits.Where(o => o.ParentId == communityId), b => b.GridId, o => o.Id, (b, o) => o.Name).FirstOrDefaultAsync(ct);
        if (taken is not null) return new Result(true, say["本社区{0}已有{1}：要把两栋合为一栋，请用“合并楼栋”。", taken, clean]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var old = building.Name;
        building.Name = clean;
        await NoteHouseholdsAsync(area, [building.Id], "楼栋更名", $"楼栋由{old}更名为{clean}", ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, new AuditTarget(AuditTargets.OrgUnit, building.GridId), building.GridId, $"楼栋更名：{old} → {clean}（楼栋编号 {building.Id}）", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true);
    }

    /// <summary>
    /// Merges the duplicate building into the one kept: its dwellings move over, a room that exists in both becomes one
    /// (the households of the duplicate's room move to the kept room), and its households and residents follow into the
    /// kept building's grid. The duplicate building is then removed. Both must be in the user's area and one community.
    /// </summary>
    public async Task<Result> MergeBuildingsAsync(UserArea area, long keepId, long duplicateId, CancellationToken ct)
    {
        var keep = await db.Buildings.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(b => b.Id == keepId, ct);
        var dup = await db.Buildings.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(b => b.Id == duplicateId, ct);
        if (keep is null) return new Result(false);
        if (dup is null) return new Result(true, "没有找到要并入的楼栋（须在您的管辖范围内）。");
        if (keep.Id == dup.Id) return new Result(true, "请选择另一栋楼。");
        var parents = await db.OrgUnits.Where(o => o.Id == keep.GridId || o.Id == dup.GridId).Select(o => o.ParentId).Distinct().CountAsync(ct);
        if (parents != 1) return new Result(true, "只能合并同一社区的楼栋。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await NoteHouseholdsAsync(area, [dup.Id], "合并楼栋", $"{dup.Name}（楼栋编号 {dup.Id}）并入{keep.Name}（楼栋编号 {keep.Id}）", ct);
        var kept = await db.Dwellings.Where(d => d.BuildingId == keep.Id).ToListAsync(ct);
        var moving = await db.Dwellings.Where(d => d.BuildingId == dup.Id).ToListAsync(ct);
        var movingIds = moving.Select(d => d.Id).ToList();
        var households = await db.Households.Where(h => h.DwellingId != null && movingIds.Contains(h.DwellingId.Value)).ToListAsync(ct);
        var emptied = new List<Dwelling>();
        foreach (var d in moving)
        {
            var same = kept.FirstOrDefault(k => k.Unit == d.Unit && k.Room == d.Room);
            if (same is not null)
            {
                foreach (var h in households.Where(h => h.DwellingId == d.Id)) h.DwellingId = same.Id;
                emptied.Add(d);
            }
            else
            {
                d.BuildingId = keep.Id;
                d.GridId = keep.GridId;
            }
        }
        if (keep.GridId != dup.GridId)
        {
            foreach (var h in households) h.GridId = keep.GridId;
            var ids = households.Select(h => h.Id).ToList();
            foreach (var r in await db.Residents.Where(r => r.HouseholdId != null && ids.Contains(r.HouseholdId.Value)).ToListAsync(ct))
                r.GridId = keep.GridId;
        }
        await db.SaveChangesAsync(ct);
        db.Dwellings.RemoveRange(emptied);
        db.Buildings.Remove(dup);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, new AuditTarget(AuditTargets.OrgUnit, keep.GridId), keep.GridId,
            $"合并楼栋：{dup.Name}（楼栋编号 {dup.Id}，{moving.Count} 套房屋，{households.Count} 户）并入{keep.Name}（楼栋编号 {keep.Id}）", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true);
    }

    /// <summary>One history row on each household of the buildings, and their versions moved (what the ETag vouches for changed).</summary>
    async Task NoteHouseholdsAsync(UserArea area, List<long> buildingIds, string kind, string detail, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var households = await db.Households.Where(h => db.Dwellings.Any(d => d.Id == h.DwellingId && buildingIds.Contains(d.BuildingId))).ToListAsync(ct);
        foreach (var h in households)
        {
            db.HouseholdChanges.Add(new HouseholdChange
            {
                HouseholdId = h.Id, GridId = h.GridId, AtUtc = now, UserId = area.UserId, UserName = area.UserName, Kind = kind,
                Detail = TextElements.Cut(detail, 500, "…"),
            });
            RowVersions.Touch(db.Entry(h));
        }
    }
}
