using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>下达任务: the street gives a task to some of its communities.</summary>
[Authorize(Policy = Permissions.Tasks.Assign)]
[RequestFormLimits(MultipartBodyLengthLimit = TaskFile.MaxFiles * TaskFile.MaxBytes + 200_000)]
[RequestSizeLimit(TaskFile.MaxFiles * TaskFile.MaxBytes + 200_000)]
public sealed class NewModel(CurrentUser me, LinliDb db, TaskDesk desk, IEnumerable<ILedgerShelf> shelves) : PageModel
{
    public List<(long Id, string Name)> Communities { get; private set; } = [];
    public IReadOnlyList<LedgerChoice> Ledgers { get; private set; } = [];
    public string? Error { get; private set; }

    [BindProperty] public string Department { get; set; } = "";
    [BindProperty] public string Title { get; set; } = "";
    [BindProperty] public string? DutyItem { get; set; }
    [BindProperty] public string Requirements { get; set; } = "";
    [BindProperty] public DateOnly? DueDate { get; set; }
    [BindProperty] public int? WorkingDays { get; set; }
    [BindProperty] public string? LedgerKey { get; set; }
    [BindProperty] public List<long> CommunityIds { get; set; } = [];
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    async Task LoadAsync(UserArea area, CancellationToken ct)
    {
        var ids = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Assign, ct);
        Communities = (await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
        Ledgers = shelves.FirstOrDefault() is { } shelf ? await shelf.ChoicesAsync(area, ct) : [];
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(await me.AreaAsync(ct), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        await LoadAsync(area, ct);
        if (!ModelState.IsValid)
        {
            Error = "请检查填写的内容：截止日期应为日期，办理时限应为整数。";
            return Page();
        }
        var ledger = LedgerKey is { Length: > 0 } key ? Ledgers.FirstOrDefault(l => l.Key == key) : null;
        if (LedgerKey is { Length: > 0 } && ledger is null) { Error = "报送台账：请从列表中选择。"; return Page(); }
        var files = new List<IncomingFile>();
        foreach (var f in Files.Where(f => f.Length > 0)) files.Add(await TasksApi.IncomingAsync(f, ct));
        var done = await desk.AssignAsync(area, new TaskDesk.Form(Department, Title, DutyItem, Requirements, DueDate, WorkingDays, ledger?.Key, ledger?.Name, CommunityIds, files), ct);
        if (done.Value is { } task) return Redirect($"/Tasks/{task.Id}");
        Error = done.Message;
        return Page();
    }
}
