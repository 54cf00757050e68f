using Linli.Data;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// A volunteer's own page, through the link the office gave them (no account): their confirmed hours, and a form to propose
/// the hours of a service, which staff then confirm. It shows nothing of anyone else.
/// </summary>
[AllowAnonymous]
public sealed class SelfModel(LinliDb db, HoursBook book, CheckInThrottle throttle, TimeProvider clock) : PageModel
{
    [BindProperty] public HoursBook.Form Input { get; set; } = new();
    public Volunteer? Volunteer { get; private set; }
    public IReadOnlyList<VolunteerHours> Recent { get; private set; } = [];
    public decimal Confirmed { get; private set; }

    async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        Volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.SelfToken == token && !v.HasLeft, ct);
        if (Volunteer is null) return false;
        Recent = await db.Set<VolunteerHours>().AsNoTracking().Where(h => h.VolunteerId == Volunteer.Id).OrderByDescending(h => h.Date).ThenByDescending(h => h.Id).Take(20).ToListAsync(ct);
        Confirmed = (await db.Set<VolunteerHours>().AsNoTracking().Where(h => h.VolunteerId == Volunteer.Id && h.State == HoursState.Confirmed).Select(h => h.Hours).ToListAsync(ct)).Sum();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var who = "self:" + (HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?");
        if (throttle.Blocked(who) || !await LoadAsync(token, ct))
        {
            throttle.Failed(who);
            return NotFound();
        }
        Input.Date = clock.Today();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var o = await book.ProposeAsync(token, Input, ct);
        if (o.NotFound) return NotFound();
        if (o.Value is not null)
        {
            TempData["Saved"] = "已提交，等待社区工作人员确认。";
            return Redirect($"/Volunteers/Self/{token}");
        }
        foreach (var (k, v) in o.Errors) ModelState.AddModelError("Input." + k, v);
        await LoadAsync(token, ct);
        return Page();
    }
}
