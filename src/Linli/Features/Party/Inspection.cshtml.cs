using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>
/// One self-inspection: its rows as 问题清单, 任务清单 or 责任清单 (three views of the same rows), overdue ones red; a new
/// problem (查摆) citing its rule; 公布 to the members; the printed 整改台账.
/// </summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class InspectionModel(CurrentUser me, PartyReader reader, PartyDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public RectificationProgress? Progress { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty] public PartyDesk.ProblemForm Form { get; set; } = new();

    public SelfInspection? Inspection { get; private set; }
    public string BranchName { get; private set; } = "";
    public IReadOnlyList<Rectification> Rows { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> Staff { get; private set; } = [];
    public IReadOnlyList<PartyReader.MemberRow> Members { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Form.FoundOn = Inspection!.HeldOn;
        Form.Deadline = Today.AddMonths(3);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await desk.AddProblemAsync(await me.AreaAsync(ct), Id, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Inspection/{Id}?view={View}#row-{outcome.Value!.Seq}");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError("Form." + field, message);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await desk.PublishInspectionAsync(await me.AreaAsync(ct), Id, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Inspection/{Id}");
        foreach (var (_, message) in outcome.Errors) ModelState.AddModelError("", message);
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Inspection = await reader.InspectionAsync(area, Id, ct);
        if (Inspection is null) return false;
        var branch = await reader.BranchAsync(area, Inspection.BranchId, ct);
        if (branch is null) return false;
        BranchName = branch.Name;
        View = Rectifications.Lists.Any(l => l.Key == View) ? View : "problems";
        Today = reader.Today;
        Rows = await reader.RowsAsync(Inspection.Id, Progress, Overdue, ct);
        CanWrite = await reader.WritesAsync(area, Inspection.CommunityId, ct);
        if (CanWrite)
        {
            Staff = await desk.StaffAsync(Inspection.CommunityId, ct);
            Members = (await reader.MembersAsync(branch, null, null, false, ct, committee: true)).ToList();
        }
        return true;
    }
}
