using System.ComponentModel.DataAnnotations;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>编辑居民信息, and the 迁出 / 死亡 registration: the resident stays, with a status and the change in its history.</summary>
[Authorize(Policy = Permissions.Registry.Write)]
public sealed class EditResidentModel(Data.LinliDb db, CurrentUser me, ResidentEditor editor, TimeProvider clock) : PageModel
{
    public ResidentEditor.Form Input { get; set; } = new();

    public sealed class StatusForm
    {
        [Display(Name = "情况")]
        public ResidentStatus Status { get; set; } = ResidentStatus.MovedOut;
        [Display(Name = "日期"), Required(ErrorMessage = "请填写日期")]
        public DateOnly? Date { get; set; }
        [Display(Name = "说明"), StringLength(200, ErrorMessage = "说明不能超过200字")]
        public string? Note { get; set; }
        /// <summary>A tick that says the person checked it: the registration takes the resident out of every daily list.</summary>
        public bool Confirmed { get; set; }
    }

    public StatusForm Leave { get; set; } = new();

    public Resident Resident { get; private set; } = null!;
    /// <summary>The labels this user may see and set.</summary>
    public IReadOnlyList<Tag> Tags { get; private set; } = [];

    /// <summary>A field as the other person saved it and as this user filled it in, when a save found the record changed.</summary>
    public sealed record Difference(string Label, string? Theirs, string? Yours);
    /// <summary>Set when someone else saved first: the page then says so and shows both values of each field that differs.</summary>
    public IReadOnlyList<Difference>? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = await ResidentEditor.Form.OfAsync(db, Resident, ct);
        Input.Seen = Input.Snapshot();
        Leave.Date = clock.Today();
        return Page();
    }

    // Each form binds only its own fields (explicit prefixes), so one form's rules never block the other.
    public async Task<IActionResult> OnPostAsync(long id, [Bind(Prefix = "Input")] ResidentEditor.Form input, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = input;
        ResidentEditor.NameBindingErrors(ModelState, "Input");
        if (!ModelState.IsValid) return Page();
        var outcome = await editor.UpdateAsync(await me.AreaAsync(ct), id, Input, ct);
        if (outcome is null) return NotFound();
        if (outcome.Stale) return await ConflictAsync(id, ct);
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError($"Input.{field}", message);
        if (!outcome.Ok) return Page();
        TempData["Saved"] = "已保存";
        return Redirect($"/Registry/Resident/{id}");
    }

    public async Task<IActionResult> OnPostStatusAsync(long id, [Bind(Prefix = "Leave")] StatusForm leave, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Leave = leave;
        if (Leave.Status == ResidentStatus.Active) ModelState.AddModelError("Leave.Status", "请选择迁出或死亡");
        if (!Leave.Confirmed) ModelState.AddModelError("Leave.Confirmed", "请勾选确认后再登记");
        if (!ModelState.IsValid)
        {
            Input = await ResidentEditor.Form.OfAsync(db, Resident, ct);
            Input.Seen = Input.Snapshot();
            return Page();
        }
        // A head who leaves others behind: the household page's step names the new head at the same time.
        if (Resident.HouseholdId is { } household && await db.Households.AnyAsync(h => h.Id == household && h.HeadId == id, ct)
            && await db.Residents.AnyAsync(r => r.HouseholdId == household && r.Id != id && r.Status == ResidentStatus.Active, ct))
            return Redirect($"/Registry/Household/{household}/Change?op=leave&resident={id}");
        await editor.SetStatusAsync(await me.AreaAsync(ct), id, Leave.Status, Leave.Date!.Value, Leave.Note, ct);
        TempData["Saved"] = "已登记";
        return Redirect($"/Registry/Resident/{id}");
    }

    /// <summary>
    /// Someone saved this resident after the form was opened: never overwrite silently. The form comes back with this
    /// user's changes laid over the current record and the current version, and the page lists each field where the two
    /// differ, theirs beside yours; saving again applies what the form then shows.
    /// </summary>
    async Task<IActionResult> ConflictAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var theirs = await ResidentEditor.Form.OfAsync(db, Resident, ct);
        var yours = Input;
        Input = ResidentEditor.Form.Merge(yours.Seen, theirs, yours);
        var theirValues = theirs.Shown(Tags).ToList();
        var yourValues = Input.Shown(Tags).ToList();
        Conflict = theirValues.Zip(yourValues)
            .Where(p => (p.First.Value ?? "") != (p.Second.Value ?? ""))
            .Select(p => new Difference(p.First.Label, p.First.Value, p.Second.Value)).ToList();
        Leave.Date = clock.Today();
        ModelState.Clear(); // the inputs show the merged form, not what was posted
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null) return false;
        Resident = resident;
        Tags = await db.Tags.ListedFor(area, resident.GridId).ToListAsync(ct);
        return true;
    }
}
