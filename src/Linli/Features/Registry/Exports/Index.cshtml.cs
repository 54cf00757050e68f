using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry.Exports;

/// <summary>
/// 导出审批: my requests for an unmasked or sensitive-label roster, and the requests of others in my area that
/// wait for my approval; the request form; approve and reject; the one download once approved.
/// </summary>
[Authorize(Policy = Permissions.Policies.ExportRequests)]
public sealed class IndexModel(CurrentUser me, LinliDb db, ExportApprovals approvals) : PageModel
{
    public sealed record UnitOption(string Code, string Label);

    public sealed class RequestInput
    {
        [Display(Name = "导出范围")]
        public string? Unit { get; set; }
        [Display(Name = "完整身份证号和联系电话")]
        public bool Unmasked { get; set; }
        [Display(Name = "敏感标签")]
        public bool SensitiveLabels { get; set; }
        [Display(Name = "理由")]
        public string? Reason { get; set; }
    }

    [BindProperty] public RequestInput Input { get; set; } = new();
    public IReadOnlyList<ExportApprovals.Row> Rows { get; private set; } = [];
    public IReadOnlyList<UnitOption> Units { get; private set; } = [];
    public bool MayRequest { get; private set; }
    public bool MayApprove { get; private set; }
    public bool MayAskSensitive { get; private set; }
    public bool MayAskUnmasked { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Error = TempData["Error"] as string;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var area = await me.AreaAsync(ct);
        if (!area.Has(Permissions.Registry.Export)) return Forbid();
        var outcome = await approvals.RequestAsync(area, new ExportApprovals.Ask(Input.Unit, Input.Unmasked, Input.SensitiveLabels, Input.Reason), ct);
        if (outcome.Answer == ExportApprovals.Answer.Ok)
        {
            TempData["Saved"] = "已提交申请，等待审批";
            return Redirect("/Registry/Exports");
        }
        ModelState.AddModelError("", outcome.Message ?? "");
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(long id, string? note, CancellationToken ct) => DecideAsync(id, true, note, ct);

    public Task<IActionResult> OnPostRejectAsync(long id, string? note, CancellationToken ct) => DecideAsync(id, false, note, ct);

    async Task<IActionResult> DecideAsync(long id, bool approve, string? note, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (!area.Has(Permissions.Registry.ApproveExport)) return Forbid();
        var outcome = await approvals.DecideAsync(area, id, approve, note, ct);
        if (outcome.Answer == ExportApprovals.Answer.NotFound) return NotFound();
        if (outcome.Answer == ExportApprovals.Answer.Ok) TempData["Saved"] = approve ? "已批准" : "已驳回";
        else TempData["Error"] = outcome.Message;
        return Redirect("/Registry/Exports");
    }

    public async Task<IActionResult> OnGetFileAsync(long id, CancellationToken ct)
    {
        var (outcome, file) = await approvals.DownloadAsync(await me.AreaAsync(ct), id, ct);
        if (outcome.Answer == ExportApprovals.Answer.NotFound) return NotFound();
        if (file is null)
        {
            TempData["Error"] = outcome.Message;
            return Redirect("/Registry/Exports");
        }
        return File(file.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.FileName);
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        MayRequest = area.Has(Permissions.Registry.Export);
        MayApprove = area.Has(Permissions.Registry.ApproveExport);
        // Offered when they apply in some unit the user may export; RequestAsync checks the unit chosen.
        var exportUnits = area.UnitsWhere(Permissions.Registry.Export);
        MayAskUnmasked = exportUnits.Any(u => area.HasIn(Permissions.Registry.Reveal, u));
        MayAskSensitive = exportUnits.Any(u => area.HasIn(Permissions.Registry.Sensitive, u));
        Rows = await approvals.ListAsync(area, ct);
        if (!MayRequest) return;
        var units = new List<UnitOption>();
        foreach (var top in exportUnits)
        {
            var prefix = top.Path;
            var below = await db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(prefix) && o.Kind != OrgUnitKind.Street)
                .OrderBy(o => o.Path).ThenBy(o => o.SortOrder).ToListAsync(ct);
            var names = below.ToDictionary(o => o.Id, o => o.Name);
            units.AddRange(below.OrderBy(o => o.Kind == OrgUnitKind.Grid ? o.ParentId : o.Id).ThenBy(o => o.Kind).ThenBy(o => o.SortOrder)
                .Select(o => new UnitOption(o.Code, o.ParentId is { } p && o.Kind == OrgUnitKind.Grid && names.TryGetValue(p, out var parent) ? $"{parent} / {o.Name}" : o.Name)));
        }
        Units = units.DistinctBy(u => u.Code).ToList();
    }
}
