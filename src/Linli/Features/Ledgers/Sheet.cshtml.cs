using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Ledgers;

/// <summary>
/// A generated ledger: the fields filled, the typed columns as inputs; save them, or upload the downloaded xlsx with them
/// filled; download, print on A4, submit (报送, frozen).
/// </summary>
[Authorize(Policy = LedgersModule.AnyLedgerWork)]
public sealed class SheetModel(CurrentUser me, LedgerCatalog catalog, LedgerGenerator generator, LedgerSubmissions submissions, TimeProvider clock) : PageModel
{
    public LedgerSheet? Sheet { get; private set; }
    public string Month { get; private set; } = "";
    public bool MayFill { get; private set; }
    public string? Refusal { get; private set; }
    public List<string> Problems { get; private set; } = [];
    public string? Saved { get; private set; }
    /// <summary>The task this ledger is submitted for, when the office came from the task's page.</summary>
    public long? Task { get; private set; }
    string TaskQuery => Task is { } t ? $"&task={t}" : "";

    public async Task<IActionResult> OnGetAsync(string key, long unit, string? month, string? saved, long? task, CancellationToken ct)
    {
        Saved = saved;
        Task = task;
        return await LoadAsync(key, unit, month, ct);
    }

    async Task<IActionResult> LoadAsync(string key, long unit, string? month, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var m = LedgerPages.MonthOr(month, clock);
        Month = LedgerPages.MonthText(m);
        if (await catalog.TemplateAsync(area, key, ct) is not { } template || await generator.UnitAsync(area, unit, ct) is not { } u) return NotFound();
        MayFill = area.HasIn(Permissions.Ledgers.Fill, u);
        var generated = await generator.GenerateAsync(area, template, u, m, false, ct);
        if (generated.Refusal == LedgerRefusal.NotFound) return NotFound();
        Sheet = generated.Value;
        Refusal = generated.Message;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string key, long unit, string? month, long? task, CancellationToken ct)
    {
        Task = task;
        var result = await LoadAsync(key, unit, month, ct);
        if (Sheet is null || !MayFill) return result is PageResult ? Forbid() : result;
        var typed = new Dictionary<long, Dictionary<int, string>>();
        foreach (var (name, value) in Request.Form)
        {
            var parts = name.Split('_');
            if (parts.Length == 3 && parts[0] == "t" && long.TryParse(parts[1], out var row) && int.TryParse(parts[2], out var col))
                (typed.TryGetValue(row, out var r) ? r : typed[row] = [])[col] = value.ToString();
        }
        await generator.SaveDraftAsync(await me.AreaAsync(ct), Sheet, typed, clock.GetUtcNow().UtcDateTime, ct);
        return Redirect($"/Ledgers/Sheet?key={Uri.EscapeDataString(key)}&unit={unit}&month={Month}&saved=typed{TaskQuery}");
    }

    public async Task<IActionResult> OnPostUploadAsync(string key, long unit, string? month, long? task, IFormFile? file, CancellationToken ct)
    {
        Task = task;
        var result = await LoadAsync(key, unit, month, ct);
        if (Sheet is null || !MayFill) return result is PageResult ? Forbid() : result;
        if (file is null || file.Length == 0) { Problems = ["请选择填好手工列的台账文件（xlsx）。"]; return Page(); }
        var (typed, problems) = LedgerXlsx.ReadTyped(Sheet, await LedgersApi.ReadAsync(file, ct));
        if (typed is null) { Problems = problems; return Page(); }
        await generator.SaveDraftAsync(await me.AreaAsync(ct), Sheet, typed, clock.GetUtcNow().UtcDateTime, ct);
        return Redirect($"/Ledgers/Sheet?key={Uri.EscapeDataString(key)}&unit={unit}&month={Month}&saved=upload{TaskQuery}");
    }

    public async Task<IActionResult> OnPostSubmitAsync(string key, long unit, string? month, long? task, CancellationToken ct)
    {
        Task = task;
        var result = await LoadAsync(key, unit, month, ct);
        if (Sheet is null || !MayFill) return result is PageResult ? Forbid() : result;
        var done = await submissions.SubmitAsync(await me.AreaAsync(ct), Sheet.Template, Sheet.Unit, LedgerPages.MonthOr(month, clock), ct, task);
        if (done.Value is { } s) return Redirect($"/Ledgers/Submission/{s.Id}");
        Problems = [done.Message ?? ""];
        return Page();
    }
}
