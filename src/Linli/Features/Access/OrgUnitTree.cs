using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>Adding units to the Street → Community → Grid tree and finding them by code or by path of names.</summary>
public static class OrgUnitTree
{
    public static async Task<OrgUnit> AddAsync(LinliDb db, OrgUnit? parent, OrgUnitKind kind, string name, string code, int sortOrder, CancellationToken ct)
    {
        var expected = parent?.Kind switch
        {
            null => OrgUnitKind.Street,
            OrgUnitKind.Street => OrgUnitKind.Community,
            _ => OrgUnitKind.Grid,
        };
        if (kind != expected || parent?.Kind == OrgUnitKind.Grid)
            throw new InvalidOperationException($"“{name}”不能建在{(parent is null ? "最顶层" : parent.Name)}之下。");
        var unit = new OrgUnit { ParentId = parent?.Id, Kind = kind, Name = name.Trim(), Code = code.Trim(), SortOrder = sortOrder, Path = "/" };
        db.OrgUnits.Add(unit);
        await db.SaveChangesAsync(ct);
        unit.Path = (parent?.Path ?? "/") + unit.Id + "/";
        // Marked by hand: bulk loaders switch automatic change detection off.
        db.Entry(unit).Property(u => u.Path).IsModified = true;
        await db.SaveChangesAsync(ct);
        return unit;
    }

    /// <summary>
    /// Finds a unit by its code ("CGJD-XFL-03") or by its path of names ("城关街道/幸福里社区/第三居民组").
    /// Null when nothing matches.
    /// </summary>
    public static async Task<OrgUnit?> ResolveAsync(LinliDb db, string reference, CancellationToken ct)
    {
        var text = reference.Trim();
        if (text.Length == 0) return null;
        var byCode = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Code == text, ct);
        if (byCode is not null) return byCode;
        OrgUnit? current = null;
        foreach (var name in text.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parentId = current?.Id;
            current = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.ParentId == parentId && o.Name == name, ct);
            if (current is null) return null;
        }
        return current;
    }

    /// <summary>"城关街道/幸福里社区/第三居民组" for a unit.</summary>
    public static async Task<string> PathOfNamesAsync(LinliDb db, OrgUnit unit, CancellationToken ct)
    {
        var ids = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return string.Join('/', ids.Select(i => names[i]));
    }
}
