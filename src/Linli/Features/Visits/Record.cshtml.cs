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
/// 登记走访 for a resident (?resident=) or a household (?household=), or the author's correction of one (?visit=).
/// Date (today) and method (上门) are filled in, so 保存 is the second tap from the workbench; the rest is optional.
/// </summary>
[Authorize(Policy = Permissions.Visits.Write)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxPhotos * MaxPhotoBytes + 200_000)]
[RequestSizeLimit(MaxPhotos * MaxPhotoBytes + 200_000)]
public sealed class RecordModel(LinliDb db, CurrentUser me, VisitRecorder recorder, OutOfArea outOfArea, TimeProvider clock) : PageModel
{
    public const int MaxPhotos = 3;
    public const int MaxPhotoBytes = 2 * 1024 * 1024;
    static readonly string[] PhotoTypes = ["image/jpeg", "image/png", "image/webp"];

    [BindProperty] public VisitRecorder.Form Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public string Who { get; private set; } = "";
    public string Address { get; private set; } = "";
    public int? Age { get; private set; }
    public long? EditingId { get; private set; }
    public string? Back { get; private set; }
    public bool Missing { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? resident, long? household, long? visit, string? back, CancellationToken ct)
    {
        Back = SafeBack(back);
        var area = await me.AreaAsync(ct);
        if (visit is { } vid)
        {
            var v = await db.Set<Visit>().AsNoTracking().Where(x => EF.Parameter(area.GridsWhere(Permissions.Visits.Write)).Contains(x.GridId)).FirstOrDefaultAsync(x => x.Id == vid, ct);
            if (v is null || v.VisitorId != area.UserId) return NotFound();
            Input = VisitRecorder.Form.Of(v);
            EditingId = v.Id;
        }
        else
        {
            Input = new VisitRecorder.Form { ResidentId = resident, HouseholdId = resident is null ? household : null, Date = clock.Today() };
            if (resident is null && household is null)
            {
                Missing = true;
                return Page();
            }
        }
        return await DescribeAsync(area, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long? visit, string? back, CancellationToken ct)
    {
        Back = SafeBack(back);
        var area = await me.AreaAsync(ct);
        var photos = new List<(string, byte[])>();
        if (Photos.Count > MaxPhotos) ModelState.AddModelError(nameof(Photos), Web.UiText.Shared["照片最多{0}张。", MaxPhotos]);
        foreach (var file in Photos.Take(MaxPhotos))
        {
            if (file.Length > MaxPhotoBytes) { ModelState.AddModelError(nameof(Photos), Web.UiText.Shared["照片“{0}”超过2MB，请压缩后再传。", file.FileName]); continue; }
            if (!PhotoTypes.Contains(file.ContentType)) { ModelState.AddModelError(nameof(Photos), Web.UiText.Shared["“{0}”不是JPG、PNG或WebP照片。", file.FileName]); continue; }
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, ct);
            photos.Add((file.ContentType, ms.ToArray()));
        }
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal)).ToList())
            if (ModelState[key]!.Errors.Count > 0)
            {
                var label = key["Input.".Length..] == nameof(VisitRecorder.Form.Date) ? "走访日期" : key["Input.".Length..] == nameof(VisitRecorder.Form.Time) ? "时间" : "此项";
                ModelState[key]!.Errors.Clear();
                ModelState.AddModelError(key, Web.UiText.Shared["{0}的格式不对。", Web.UiText.Shared[label]]);
            }
        EditingId = visit;
        if (!await DescribeAsync(area, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var outcome = visit is { } id ? await recorder.CorrectAsync(area, id, Input, ct) : await recorder.RecordAsync(area, Input, photos, ct);
        if (outcome.NotFound)
        {
            if (Input.ResidentId is { } rid) await outOfArea.ReportAsync(Audit.AuditTargets.Resident, rid, ct);
            return NotFound();
        }
        if (outcome.Visit is null)
        {
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", message);
            return Page();
        }
        TempData["Saved"] = visit is null ? Web.UiText.Shared["已保存：{0}的走访（{1:yyyy-MM-dd}）", Who, outcome.Visit.Date] : Web.UiText.Shared["已更正：{0}的走访", Who];
        return Redirect(Back ?? $"/Visits/Detail/{outcome.Visit.Id}");
    }

    /// <summary>Whom the form is about, looked up in the writer's scope; false when not there.</summary>
    async Task<bool> DescribeAsync(UserArea area, CancellationToken ct)
    {
        if (Input.ResidentId is { } rid)
        {
            var r = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Visits.Write).FirstOrDefaultAsync(x => x.Id == rid, ct);
            if (r is null)
            {
                await outOfArea.ReportAsync(Audit.AuditTargets.Resident, rid, ct);
                return false;
            }
            Who = r.Name;
            var today = clock.Today();
            Age = r.BirthDate is { } b ? today.Year - b.Year - (today < b.AddYears(today.Year - b.Year) ? 1 : 0) : null;
            Address = await Addresses.OfHouseholdAsync(db, r.HouseholdId, ct);
            return true;
        }
        if (Input.HouseholdId is { } hid)
        {
            var h = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Visits.Write).FirstOrDefaultAsync(x => x.Id == hid, ct);
            if (h is null)
            {
                await outOfArea.ReportAsync(Audit.AuditTargets.Household, hid, ct);
                return false;
            }
            var head = await db.Residents.Where(x => x.Id == h.HeadId).Select(x => x.Name).FirstOrDefaultAsync(ct);
            Who = head is null ? Web.UiText.Shared["户号{0}", h.Number] : Web.UiText.Shared["{0}户", head];
            Address = await Addresses.OfDwellingAsync(db, h.DwellingId, ct);
            return true;
        }
        return false;
    }

    /// <summary>Only a path on this site: never an address elsewhere.</summary>
    static string? SafeBack(string? back) => back is { Length: > 1 } b && b[0] == '/' && b[1] != '/' && b[1] != '\\' ? b : null;

    public bool IsElderly => Age is >= 60;
}
