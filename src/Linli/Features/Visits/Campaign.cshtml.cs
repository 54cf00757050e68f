using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using MiniExcelLibs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>One 慰问 campaign: its list (picked by rules, adjusted by hand), deliveries with sign-off, doubles of the season flagged; prints for signatures and exports.</summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class CampaignModel(LinliDb db, CurrentUser me, CampaignDesk desk, AuditLog audit) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public List<CampaignDesk.Recipient> Recipients { get; private set; } = [];
    public bool MayEdit { get; private set; }
    public UserArea Area { get; private set; } = UserArea.Nobody;
    public IReadOnlyList<Tag> Tags { get; private set; } = [];
    public string? Show { get; private set; }

    [BindProperty] public List<long> RuleTags { get; set; } = [];
    [BindProperty] public int? RuleMinAge { get; set; }
    [BindProperty] public string? RulePolitical { get; set; }
    [BindProperty] public bool RuleAlone { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, string? show, CancellationToken ct)
    {
        Show = show is "delivered" or "pending" or "double" ? show : null;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRuleAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || !MayEdit) return NotFound();
        var rule = new CampaignRule(RuleTags.Where(t => Tags.Any(x => x.Id == t)).ToList(), RuleMinAge, RulePolitical, RuleAlone);
        if (rule.IsEmpty) { ModelState.AddModelError("", "请至少选择一个条件。"); return Page(); }
        if (RuleMinAge is < 0 or > 130) { ModelState.AddModelError("", "年龄应在0到130之间。"); return Page(); }
        var added = await desk.AddByRuleAsync(Area, Campaign, rule, ct);
        TempData["Saved"] = Web.UiText.Shared["按规则添加了 {0} 人", added];
        return Redirect($"/Visits/Campaign/{id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long recipient, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || !MayEdit) return NotFound();
        if (!await desk.RemoveAsync(Area, Campaign, recipient, ct)) return NotFound();
        TempData["Saved"] = "已移出名单";
        return Redirect($"/Visits/Campaign/{id}");
    }

    public async Task<IActionResult> OnPostDeliverAsync(long id, long recipient, string? deliverer, string? signedBy, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var error = await desk.DeliverAsync(Area, Campaign, recipient, deliverer, signedBy, ct);
        if (error == "") return NotFound();
        TempData["Saved"] = error ?? "已登记送达，并记为一次走访";
        return Redirect($"/Visits/Campaign/{id}");
    }

    public async Task<IActionResult> OnGetXlsxAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        string[] header = ["序号", "网格", "姓名", "住址", "电话", "慰问内容", "送达人", "送达日期", "签收人", "本季其他慰问"];
        var rows = new List<Dictionary<string, object?>> { Row([$"{Campaign.Name}（{Campaign.Season}）慰问名单"]), Row(header) };
        var n = 0;
        foreach (var r in Recipients)
            rows.Add(Row([(++n).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Grid, r.Name, r.Address, r.Phone, Campaign.Gift, r.Deliverer,
                r.DeliveredOn?.ToString("yyyy-MM-dd"), r.SignedBy, string.Join("、", r.AlsoIn)]));
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, printHeader: false, sheetName: "慰问名单", excelType: ExcelType.XLSX, cancellationToken: ct);
        await audit.WriteAsync(AuditActions.Export, new AuditTarget(AuditTargets.OrgUnit, Campaign.CommunityId), Campaign.CommunityId,
            $"导出慰问名单“{Campaign.Name}”，{Recipients.Count} 人", ct: ct);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"慰问名单-{Campaign.Name}.xlsx");
    }

    static Dictionary<string, object?> Row(string?[] values) =>
        Enumerable.Range(0, 10).ToDictionary(i => ((char)('A' + i)).ToString(), i => (object?)(i < values.Length ? RosterExport.Inert(values[i]) : null));

    public IEnumerable<CampaignDesk.Recipient> Shown => Show switch
    {
        "delivered" => Recipients.Where(r => r.VisitId != null),
        "pending" => Recipients.Where(r => r.VisitId == null),
        "double" => Recipients.Where(r => r.AlsoIn.Count > 0),
        _ => Recipients,
    };

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Area = await me.AreaAsync(ct);
        if (await desk.FindAsync(Area, id, ct) is not { } campaign) return false;
        Campaign = campaign;
        MayEdit = await desk.MayEditAsync(Area, campaign, ct);
        Recipients = await desk.RecipientsAsync(Area, campaign, ct);
        var sensitive = Area.Has(Permissions.Registry.Sensitive);
        Tags = await db.Tags.AsNoTracking().Where(t => sensitive || !t.IsSensitive).OrderBy(t => t.Category).ThenBy(t => t.Name).ToListAsync(ct);
        return true;
    }
}
