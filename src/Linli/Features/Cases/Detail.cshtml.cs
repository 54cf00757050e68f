using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Cases;

/// <summary>One case: its clock, parties, history, and the steps the user may take now (each a small form).</summary>
[Authorize(Policy = CasePolicies.AnyCaseWork)]
public sealed class DetailModel(CurrentUser me, CaseDetails details, CaseWorkflow workflow, CaseLists lists, CasePhone phones, TimeProvider clock, IEnumerable<IRecordActions> offered) : PageModel
{
    /// <summary>Next steps other modules offer on this case (下服务单 for a 求助), from the declarations.</summary>
    public IReadOnlyList<RecordAction> Offered { get; private set; } = [];
    public CaseDetails.View Case { get; private set; } = null!;
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<CaseLists.Handler> Handlers { get; private set; } = [];
    public DateTime Now { get; private set; }
    [BindProperty] public CaseWorkflow.ActForm Input { get; set; } = new();
    [TempData] public string? Done { get; set; }
    /// <summary>A caller not in the registry: the number kept encrypted may be revealed to this user (handlers, leads).</summary>
    public bool MayRevealPhone { get; private set; }
    public CasePhone.Result? Revealed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await workflow.ActAsync(area, id, Input, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok)
        {
            Done = CaseActions.Word(Input.Action);
            return RedirectToPage(new { id });
        }
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field.Length == 0 ? "" : "Input." + field, message);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRevealPhoneAsync(long id, string? reason, CancellationToken ct)
    {
        var result = await phones.RevealAsync(await me.AreaAsync(ct), id, reason, ct);
        if (result is null) return NotFound();
        Revealed = result;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (await details.ForAsync(area, id, ct) is not { } v) return false;
        Case = v;
        Now = clock.GetUtcNow().UtcDateTime;
        Actions = Available(area, v.Case, v.Pending is not null);
        MayRevealPhone = v.Content && v.Case.CallerPhoneCipher is not null && CasePhone.MayReveal(area, v.Case.GridId, v.Case.OwnerId, v.Case.CreatedById);
        if (Actions.Contains(CaseActions.Dispatch)) Handlers = await lists.HandlersAsync(v.Case.GridId, ct);
        var record = new RecordContext(RecordSubjects.Case, v.Case.Id, v.Case.GridId, v.Case.ResidentId, v.Case.Reference, v.Case.Kind);
        Offered = v.Case.IsOpen || v.Case.State == CaseState.Answered ? offered.SelectMany(o => o.For(area, record)).OrderBy(a => a.Order).ToList() : [];
        return true;
    }

    /// <summary>The steps offered now; the workflow checks each again.</summary>
    static List<string> Available(UserArea area, Case c, bool pending)
    {
        var lead = area.HasInGrid(Permissions.Cases.Lead, c.GridId);
        var works = lead || (c.OwnerId == area.UserId && area.HasInGrid(Permissions.Cases.Handle, c.GridId));
        var creator = c.CreatedById == area.UserId;
        var a = new List<string>();
        if (c.IsOpen)
        {
            if (works && c.State == CaseState.Registered) a.Add(CaseActions.Accept);
            if (works && c.State != CaseState.Registered && c.ResidentId is not null) a.Add(CaseActions.Visit);
            if (works && c.State != CaseState.Registered) { a.Add(CaseActions.Handle); a.Add(CaseActions.Answer); }
            if (works || (creator && c.OwnerId is null)) a.Add(CaseActions.Dispatch);
            if (works && c.PausedSince is null) a.Add(CaseActions.Pause);
            if (works && c.PausedSince is not null) a.Add(CaseActions.Resume);
            if (lead && c.Kind != CaseType.Grievance) a.Add(CaseActions.Extend);
            if (works && c.Kind == CaseType.Grievance && !pending) a.Add(CaseActions.RequestExtension);
            if (lead && pending) { a.Add(CaseActions.ApproveExtension); a.Add(CaseActions.RefuseExtension); }
            if (works && !c.Escalated) a.Add(CaseActions.Escalate);
            if (works) a.Add(CaseActions.Link);
            if (works && c.Kind == CaseType.Mediation) a.Add(CaseActions.Terminate);
            if (works && c.Kind == CaseType.Hotline12345 && !c.Designated) a.Add(CaseActions.Withdraw);
        }
        if (c.State == CaseState.Answered && (lead || creator || (area.HasInGrid(Permissions.Cases.Open, c.GridId) && c.OwnerId != area.UserId))) a.Add(CaseActions.FollowUp);
        if (c.State == CaseState.FollowedUp && c.FollowUpSolved == false && (lead || creator || area.HasInGrid(Permissions.Cases.Open, c.GridId))) a.Add(CaseActions.Reopen);
        if (c.State == CaseState.FollowedUp && c.FollowUpSolved == true && (works || creator)) a.Add(CaseActions.Archive);
        if (c.Kind == CaseType.Grievance && works && c.State is CaseState.Answered or CaseState.FollowedUp or CaseState.Archived && c.Review != "复核") a.Add(CaseActions.Review);
        if (c.State != CaseState.Archived && (works || CaseScope.Handles(area, c))) a.Add(CaseActions.Note);
        return a;
    }
}
