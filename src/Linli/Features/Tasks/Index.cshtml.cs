using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>上级任务: the parts of the user's communities by deadline, with their 催办; filtered by community, department, month and which (every number on the board links here).</summary>
[Authorize(Policy = Permissions.Tasks.Read)]
public sealed class IndexModel(CurrentUser me, LinliDb db, TaskReader reader) : PageModel
{
    public List<TaskRow> Rows { get; private set; } = [];
    public List<(long Id, string Name)> Communities { get; private set; } = [];
    public long? Community { get; private set; }
    public string? Department { get; private set; }
    public string? Month { get; private set; }
    public string Show { get; private set; } = TaskShow.Open;
    public bool MayAssign { get; private set; }
    public List<MovedEarlier> MovedEarlier { get; private set; } = [];

    public async Task OnGetAsync(long? community, string? department, string? month, string? show, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var ids = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        Communities = (await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
        Community = community is { } c && ids.Contains(c) ? c : null;
        Department = department is { Length: > 0 } d && TaskDesk.Departments.Contains(d) ? d : null;
        var m = TaskReader.ParseMonth(month);
        Month = m is { } mm ? TaskReader.MonthText(mm) : null;
        Show = show is not null && TaskShow.Known.Contains(show) ? show : TaskShow.Open;
        MayAssign = area.Has(Permissions.Tasks.Assign);
        Rows = await reader.ListAsync(area, new TaskFilter(Community, Department, m, Show), ct);
        MovedEarlier = await reader.MovedEarlierAsync(area, 30, ct);
    }
}
