using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Cases;

/// <summary>A4 prints of a case: 事件单 (sheet), 调解协议书 (agreement), 信访处理意见书 (opinion), 回访记录 (followup).</summary>
[Authorize(Policy = CasePolicies.AnyCaseWork)]
public sealed class PrintModel(CurrentUser me, CaseDetails details, TimeProvider clock) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> Forms = new Dictionary<string, string>
    {
        ["sheet"] = "事件办理单", ["agreement"] = "人民调解协议书", ["opinion"] = "信访事项处理意见书", ["followup"] = "回访记录",
    };

    [BindProperty(SupportsGet = true)] public string Form { get; set; } = "sheet";
    public CaseDetails.View Case { get; private set; } = null!;
    public DateTime Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await details.ForAsync(await me.AreaAsync(ct), id, ct) is not { } v) return NotFound();
        if (!Forms.ContainsKey(Form)) Form = "sheet";
        // The content-bearing forms only for who may read the content.
        if (Form is "agreement" or "opinion" && !v.Content) return NotFound();
        Case = v;
        Today = clock.GetLocalNow().DateTime;
        return Page();
    }
}
