using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>One rectification item: the problem, its measures and people, progress and evidence, the history; 报告进度 and 整改完成
/// for those who keep the branch; 销号 and 退回 for its reviewer only (the owner is refused).</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class RectificationModel(CurrentUser me, PartyReader reader, PartyDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public PartyDesk.StepForm Form { get; set; } = new();

    public Rectification? Row { get; private set; }
    public SelfInspection? Inspection { get; private set; }
    public IReadOnlyList<RectificationEvent> History { get; private set; } = [];
    public IReadOnlyList<(long Id, string FileName, string ContentType)> Files { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public bool IsReviewer { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await desk.StepAsync(await me.AreaAsync(ct), Id, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Rectification/{Id}?saved=1");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field.Length == 0 ? "" : "Form." + field, message);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostFileAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) ModelState.AddModelError("File", "请选择文件。");
        else if (file.Length > 2 * 1024 * 1024) ModelState.AddModelError("File", "佐证材料文件最大2 MB。");
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            var outcome = await desk.AddFileAsync(await me.AreaAsync(ct), Id, file.FileName, file.ContentType, buffer.ToArray(), ct);
            if (outcome is null) return NotFound();
            if (outcome.Ok) return Redirect($"/Party/Rectification/{Id}?saved=1");
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field, message);
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetFileAsync(long file, CancellationToken ct) =>
        await reader.FileAsync(await me.AreaAsync(ct), Id, file, ct) is { } f ? File(f.Bytes, f.ContentType, f.FileName) : NotFound();

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Row = await reader.RectificationAsync(area, Id, ct);
        if (Row is null) return false;
        Inspection = await reader.InspectionAsync(area, Row.InspectionId, ct);
        History = await reader.HistoryAsync(Row.Id, ct);
        Files = await reader.FilesAsync(Row.Id, ct);
        CanWrite = await reader.WritesAsync(area, Row.CommunityId, ct);
        IsReviewer = area.UserId == Row.ReviewerId && area.UserId != Row.OwnerId;
        Today = reader.Today;
        return Inspection is not null;
    }
}
