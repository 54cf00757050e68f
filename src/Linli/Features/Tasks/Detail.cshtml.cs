using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Tasks;

/// <summary>A task: its requirements and attachments, each community's part in scope with its 催办, evidence and history; the moves each user may make.</summary>
[Authorize(Policy = Permissions.Tasks.Read)]
[RequestFormLimits(MultipartBodyLengthLimit = TaskFile.MaxFiles * TaskFile.MaxBytes + 200_000)]
[RequestSizeLimit(TaskFile.MaxFiles * TaskFile.MaxBytes + 200_000)]
public sealed class DetailModel(CurrentUser me, TaskReader reader, TaskDesk desk) : PageModel
{
    public TaskView? View { get; private set; }
    public string? Error { get; private set; }
    public long? ErrorCommunity { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        View = await reader.FindAsync(await me.AreaAsync(ct), id, ct);
        return View is null ? NotFound() : Page();
    }

    /// <summary>A form without a handler shows the page again.</summary>
    public Task<IActionResult> OnPostAsync(long id, CancellationToken ct) => OnGetAsync(id, ct);

    async Task<IActionResult> AfterAsync(long id, long community, TaskOutcome<TaskAssignment> done, CancellationToken ct)
    {
        if (done.Refusal == TaskRefusal.NotFound) return NotFound();
        if (done.Ok) return Redirect($"/Tasks/{id}#c{community}");
        Error = done.Message;
        ErrorCommunity = community;
        return await OnGetAsync(id, ct);
    }

    public async Task<IActionResult> OnPostStartAsync(long id, long community, CancellationToken ct) =>
        await AfterAsync(id, community, await desk.StartAsync(await me.AreaAsync(ct), id, community, ct), ct);

    public async Task<IActionResult> OnPostReportAsync(long id, long community, string? note, List<IFormFile>? files, CancellationToken ct)
    {
        var incoming = new List<IncomingFile>();
        foreach (var f in files ?? []) if (f.Length > 0) incoming.Add(await TasksApi.IncomingAsync(f, ct));
        return await AfterAsync(id, community, await desk.ReportAsync(await me.AreaAsync(ct), id, community, note, incoming, ct), ct);
    }

    public async Task<IActionResult> OnPostAcceptAsync(long id, long community, CancellationToken ct) =>
        await AfterAsync(id, community, await desk.ReviewAsync(await me.AreaAsync(ct), id, community, true, null, ct), ct);

    public async Task<IActionResult> OnPostReturnAsync(long id, long community, string? reason, CancellationToken ct) =>
        await AfterAsync(id, community, await desk.ReviewAsync(await me.AreaAsync(ct), id, community, false, reason, ct), ct);

    public async Task<IActionResult> OnPostRemindAsync(long id, long community, string? note, CancellationToken ct) =>
        await AfterAsync(id, community, await desk.RemindAsync(await me.AreaAsync(ct), id, community, note, ct), ct);
}
