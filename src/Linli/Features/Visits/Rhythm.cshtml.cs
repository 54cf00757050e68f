using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// A person's own visit rhythm (e.g. 高风险: weekly) in place of the labels', with the reason; or back to the labels.
/// For those who read visits as well as write them (as the API's rhythms): the party worker records its holiday visits
/// but does not set people's rhythms.
/// </summary>
[Authorize(Policy = Permissions.Visits.Write)]
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class RhythmModel(LinliDb db, CurrentUser me, VisitRecorder recorder, VisitSchedule schedule, OutOfArea outOfArea, TimeProvider clock) : PageModel
{
    public sealed class RhythmForm
    {
        public string? Tier { get; set; }
        public int? IntervalDays { get; set; }
        public int? WindowDays { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty] public RhythmForm Input { get; set; } = new();
    public string Name { get; private set; } = "";
    public VisitSchedule.Person? Current { get; private set; }
    public VisitOverride? Override { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Override is { } o) Input = new RhythmForm { IntervalDays = o.IntervalDays, WindowDays = o.WindowDays, Reason = o.Reason };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var tier = VisitPolicies.Tiers.FirstOrDefault(t => t.Name == Input.Tier);
        int? interval = Input.IntervalDays, window = Input.WindowDays;
        if (tier.Name is not null) (interval, window) = (tier.Rhythm.IntervalDays, tier.Rhythm.WindowDays);
        if (interval is null) ModelState.AddModelError("Input.IntervalDays", "请选择等级或填写走访周期。");
        if (!ModelState.IsValid) return Page();
        var reason = tier.Name is not null && !string.IsNullOrWhiteSpace(Input.Reason) ? $"{tier.Name}：{Input.Reason}" : Input.Reason;
        return await SaveAsync(id, interval, window, reason, ct);
    }

    public async Task<IActionResult> OnPostClearAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return await SaveAsync(id, null, null, null, ct);
    }

    async Task<IActionResult> SaveAsync(long id, int? interval, int? window, string? reason, CancellationToken ct)
    {
        var outcome = await recorder.SetRhythmAsync(await me.AreaAsync(ct), id, interval, window, reason, ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Errors.Count > 0)
        {
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError($"Input.{field}", message);
            return Page();
        }
        TempData["Saved"] = interval is null ? Web.UiText.Shared["{0}恢复按标签走访", Name] : Web.UiText.Shared["已为{0}设置个人走访周期", Name];
        return Redirect($"/Visits/Rhythm/{id}");
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Visits.Write).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null)
        {
            await outOfArea.ReportAsync(Audit.AuditTargets.Resident, id, ct);
            return false;
        }
        Name = resident.Name;
        Override = await db.Set<VisitOverride>().AsNoTracking().FirstOrDefaultAsync(o => o.ResidentId == id, ct);
        var people = await schedule.ForGridsAsync(area, [resident.GridId], clock.Today(), ct);
        Current = people.FirstOrDefault(p => p.ResidentId == id);
        return true;
    }
}
