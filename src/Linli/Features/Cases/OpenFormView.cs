using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>What the one-form registration (help line and 登记事件) offers: the grids the user opens cases in, and whom to dispatch to.</summary>
public sealed record OpenFormView(IReadOnlyList<(long Id, string Name)> Grids, IReadOnlyList<(long Id, string Label)> Handlers, string? ResidentName, bool AskCaller)
{
    public static async Task<OpenFormView> LoadAsync(LinliDb db, CaseLists lists, UserArea area, long? residentGrid, string? residentName, CancellationToken ct)
    {
        var gridIds = area.GridsWhere(Permissions.Cases.Open);
        var grids = (await db.OrgUnits.AsNoTracking().Where(o => gridIds.Contains(o.Id)).OrderBy(o => o.ParentId).ThenBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
        var handlers = new List<(long, string)>();
        var seen = new HashSet<long>();
        foreach (var (id, name) in residentGrid is { } g ? grids.Where(x => x.Id == g) : grids.Take(12))
            foreach (var h in await lists.HandlersAsync(id, ct))
                if (seen.Add(h.Id)) handlers.Add((h.Id, h.Role == Roles.DisplayName(Roles.GridCadre) ? $"{h.Name}（{name}{h.Role}）" : $"{h.Name}（{h.Role}）"));
        return new OpenFormView(grids, handlers, residentName, residentName is null);
    }
}
