using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// One visit: what was found (where the user may see it), its history of corrections and notes, a note form, the
/// author's correction within 7 days, and — when the cases module is there — its need turned into a case in one step.
/// </summary>
[Authorize(Policy = Permissions.Visits.Read)]
public sealed class DetailModel(LinliDb db, CurrentUser me, VisitReader reader, VisitRecorder recorder, AuditLog audit, TimeProvider clock,
    IEnumerable<ICaseIntake> caseIntakes) : PageModel
{
    public VisitReader.View Visit { get; private set; } = null!;
    public string Address { get; private set; } = "";
    public IReadOnlyList<VisitEvent> History { get; private set; } = [];
    public bool MayWrite { get; private set; }
    public bool MayCorrect { get; private set; }
    public bool MayOpenCase { get; private set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : await RefuseAsync(id, ct);

    public async Task<IActionResult> OnPostNoteAsync(long id, CancellationToken ct)
    {
        var outcome = await recorder.AddNoteAsync(await me.AreaAsync(ct), id, Note, ct);
        if (outcome.NotFound) return await RefuseAsync(id, ct);
        if (outcome.Visit is null)
        {
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field, message);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
        TempData["Saved"] = "已添加补充说明";
        return RedirectToPage(new { id });
    }

    /// <summary>The visit's recorded need becomes a case (事件) through the cases module's intake.</summary>
    public async Task<IActionResult> OnPostCaseAsync(long id, CancellationToken ct)
    {
        var intake = caseIntakes.FirstOrDefault();
        var area = await me.AreaAsync(ct);
        var visit = await db.Set<Visit>().Where(v => EF.Parameter(area.GridsWhere(Permissions.Visits.Write)).Contains(v.GridId)).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (visit is null || intake is null) return await RefuseAsync(id, ct);
        if (visit.Need is null || visit.CaseReference is not null) return RedirectToPage(new { id });
        try
        {
            var opened = await intake.OpenAsync(area, new CaseIntakeRequest("help", visit.GridId, visit.ResidentId, visit.HouseholdId, visit.Need, "visit", visit.Id), ct);
            visit.CaseReference = opened.Reference;
            await db.SaveChangesAsync(ct);
            TempData["Saved"] = Web.UiText.Shared["已转为事件 {0}", opened.Reference];
        }
        catch (UnauthorizedAccessException)
        {
            TempData["Saved"] = "你在这个网格无权登记事件，请联系社区工作人员。";
        }
        catch (ArgumentException e)
        {
            // The case form refused what the visit holds (e.g. a need too long for it): say why, keep the visit as it was.
            TempData["Saved"] = "未能转为事件：" + e.Message;
        }
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnGetPhotoAsync(long id, long photo, CancellationToken ct)
    {
        var view = await reader.OneAsync(await me.AreaAsync(ct), id, ct);
        if (view?.Content is not { } c || !c.PhotoIds.Contains(photo)) return NotFound();
        var p = await db.Set<VisitPhoto>().AsNoTracking().FirstAsync(x => x.Id == photo, ct);
        Response.Headers.CacheControl = "private, no-store";
        return File(p.Bytes, p.ContentType);
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (await reader.OneAsync(area, id, ct) is not { } visit) return false;
        Visit = visit;
        Address = visit.HouseholdId is { } h ? await Registry.Addresses.OfHouseholdAsync(db, h, ct) : "";
        History = await db.Set<VisitEvent>().AsNoTracking().Where(e => e.VisitId == id).OrderBy(e => e.Id).ToListAsync(ct);
        MayWrite = area.HasInGrid(Permissions.Visits.Write, visit.GridId);
        MayCorrect = MayWrite && visit.VisitorId == area.UserId && clock.GetUtcNow().UtcDateTime - visit.EnteredAtUtc <= TimeSpan.FromDays(VisitText.CorrectionDays);
        MayOpenCase = MayWrite && caseIntakes.Any() && visit.Content?.Need is not null && visit.Content.CaseReference is null;
        return true;
    }

    async Task<IActionResult> RefuseAsync(long id, CancellationToken ct)
    {
        if (await db.Set<Visit>().AnyAsync(v => v.Id == id, ct)) await audit.DeniedAsync(AuditTarget.Visit(id), $"不在管辖范围内", ct);
        return NotFound();
    }
}
