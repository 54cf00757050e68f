using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>检查考核: inspections received by the user's communities, and recording one with the ledgers and tasks to show.</summary>
[Authorize(Policy = Permissions.Tasks.Read)]
public sealed class InspectionsModel(CurrentUser me, LinliDb db, Inspections inspections, TaskReader reader, IEnumerable<ILedgerShelf> shelves) : PageModel
{
    public List<Inspections.Row> Rows { get; private set; } = [];
    public List<OrgUnit> MayRecordIn { get; private set; } = [];
    public IReadOnlyList<LedgerChoice> Ledgers { get; private set; } = [];
    public List<TaskRow> Tasks { get; private set; } = [];
    public string? Error { get; private set; }

    async Task LoadAsync(UserArea area, CancellationToken ct)
    {
        Rows = await inspections.ListAsync(area, ct);
        var ids = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        MayRecordIn = (await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct))
            .Where(o => Linli.Features.Tasks.Inspections.MayRecord(area, o)).ToList();
        if (MayRecordIn.Count == 0) return;
        Ledgers = shelves.FirstOrDefault() is { } shelf ? await shelf.ChoicesAsync(area, ct) : [];
        Tasks = (await reader.ListAsync(area, new TaskFilter(Show: TaskShow.All), ct)).Where(r => r.State is TaskState.Submitted or TaskState.Accepted)
            .OrderByDescending(r => r.DueDate).Take(100).ToList();
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(await me.AreaAsync(ct), ct);

    public async Task<IActionResult> OnPostAsync(long community, DateOnly? date, string? kind, string? by, string? items, string? result, List<string>? ledgers, List<long>? tasks,
        CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var done = await inspections.RecordAsync(area, new Inspections.Form(community, date, kind ?? "", by ?? "", items ?? "", result, ledgers ?? [], tasks ?? []), ct);
        if (done.Value is { } i) return Redirect($"/Tasks/Inspection/{i.Id}");
        if (done.Refusal == TaskRefusal.NotFound) return NotFound();
        Error = done.Message;
        await LoadAsync(area, ct);
        return Page();
    }
}
