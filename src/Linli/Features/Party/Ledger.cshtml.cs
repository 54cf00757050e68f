using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>整改台账 of one self-inspection, in the usual layout (DOMAIN.md §5), printed A4 landscape with title, date and page
/// numbers; overdue items red.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class LedgerModel(CurrentUser me, PartyReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public SelfInspection? Inspection { get; private set; }
    public string BranchName { get; private set; } = "";
    public IReadOnlyList<Rectification> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public static readonly IReadOnlyList<string> Columns =
        ["序号", "问题类别", "问题表现", "来源/发现时间", "整改目标", "整改措施", "责任人/复核人", "责任单位", "整改时限", "进度", "整改结果及佐证材料", "销号", "备注"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Inspection = await reader.InspectionAsync(area, Id, ct);
        if (Inspection is null) return NotFound();
        BranchName = (await reader.BranchAsync(area, Inspection.BranchId, ct))?.Name ?? "";
        Rows = await reader.RowsAsync(Inspection.Id, null, false, ct);
        Today = reader.Today;
        return Page();
    }
}
