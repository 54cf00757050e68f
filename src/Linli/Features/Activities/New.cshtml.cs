using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Activities;

/// <summary>新建活动: one session, or a weekly series whose sessions are generated (again without duplicates when it is changed).</summary>
[Authorize(Policy = Permissions.Activities.Manage)]
public sealed class NewModel(ActivityDesk desk, CurrentUser me, TimeProvider clock) : PageModel
{
    [BindProperty] public ActivityDesk.Form Input { get; set; } = new();
    [BindProperty] public bool Repeat { get; set; }
    [BindProperty] public DateOnly? LastDate { get; set; }
    [BindProperty] public int IntervalWeeks { get; set; } = 1;

    public void OnGet()
    {
        Input.Date = clock.Today().AddDays(7);
        Input.Starts = new TimeOnly(9, 0);
        Input.Ends = new TimeOnly(11, 0);
        Input.Kind = "讲座";
        Input.Audience = "全体居民";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (!Repeat)
        {
            var o = await desk.PlanAsync(area, Input, ct);
            if (o.Value is { } a)
            {
                TempData["Saved"] = "活动已保存。";
                return Redirect($"/Activities/{a.Id}");
            }
            foreach (var (k, v) in o.Errors) ModelState.AddModelError(k.Length == 0 ? "" : "Input." + k, v);
            return Page();
        }
        var s = await desk.SeriesAsync(area, null, new ActivityDesk.SeriesForm
        {
            Activity = Input, Weekday = Input.Date?.DayOfWeek, FirstDate = Input.Date, LastDate = LastDate, IntervalWeeks = IntervalWeeks,
        }, ct);
        if (s.Value is { } r)
        {
            TempData["Saved"] = Web.UiText.Shared["已生成{0}次活动。", r.Created];
            return Redirect($"/Activities?month={Input.Date:yyyy-MM}");
        }
        foreach (var (k, v) in s.Errors)
            ModelState.AddModelError(k switch { "FirstDate" or "Weekday" => "Input.Date", "LastDate" => nameof(LastDate), "IntervalWeeks" => nameof(IntervalWeeks), _ => k.Replace("Activity.", "Input.", StringComparison.Ordinal) }, v);
        return Page();
    }
}
