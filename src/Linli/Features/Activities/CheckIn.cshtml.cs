using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Activities;

/// <summary>
/// 活动签到 on the resident's own phone, without an account: the door code (from the QR or the sign at the door) and
/// their four digits. It answers one sentence, never a list; repeated wrong codes from one address are stopped.
/// </summary>
[AllowAnonymous]
public sealed class CheckInModel(ActivityDesk desk, CheckInThrottle throttle) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Door { get; set; }
    [BindProperty] public string? Code { get; set; }
    public ActivityDesk.CheckIn? Answer { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var who = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
        if (throttle.Blocked(who))
        {
            Answer = new(false, "签到码输错次数太多，请10分钟后再试，或请工作人员帮您签到。");
            return Page();
        }
        Answer = await desk.CheckInByCodeAsync(Door, Code, ct);
        if (!Answer.Done) throttle.Failed(who);
        return Page();
    }
}
