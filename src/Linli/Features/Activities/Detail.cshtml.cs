using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// One activity: what, when, where; the door code with its QR for checking in on a phone; the list to tick (phone first),
/// sign-up through the one search box, walk-ins; closing with the report; photos.
/// </summary>
[Authorize(Policy = Permissions.Activities.Read)]
public sealed class DetailModel(ActivityReader reader, ActivityDesk desk, ResidentSearch search, CurrentUser me, LinliDb db, TimeProvider clock) : PageModel
{
    public ActivityReader.Detail View { get; private set; } = null!;
    public string? Query { get; private set; }
    public IReadOnlyList<(long Id, string Name, string? Grid, int? Age)> Found { get; private set; } = [];
    public IReadOnlyDictionary<long, string> GridNames { get; private set; } = new Dictionary<long, string>();
    public string CheckInUrl => $"{Request.Scheme}://{Request.Host}/CheckIn?door={View.DoorCode}";

    public async Task<IActionResult> OnGetAsync(long id, string? q, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (await reader.OneAsync(area, id, ct) is not { } view) return NotFound();
        View = view;
        var grids = view.People.Where(p => p.GridId is not null).Select(p => p.GridId!.Value).Distinct().ToArray();
        GridNames = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Query = TextElements.Clean(q);
        if (Query is not null && view.MaySignUp)
        {
            var today = clock.Today();
            var rows = await search.Query(area, Permissions.Activities.SignUp, Query).Where(r => r.Status == ResidentStatus.Active).Take(10)
                .Select(r => new { r.Id, r.Name, Grid = db.OrgUnits.Where(o => o.Id == r.GridId).Select(o => o.Name).FirstOrDefault(), r.BirthDate }).ToListAsync(ct);
            Found = rows.Select(r => (r.Id, r.Name, r.Grid, r.BirthDate is { } b ? (int?)ActivityNumbers.AgeOn(b, today) : null)).ToList();
        }
        return Page();
    }

    RedirectResult Back(long id, string? saved, IReadOnlyDictionary<string, string> errors)
    {
        if (errors.Count > 0) TempData["Error"] = string.Join("；", errors.Values.Select(e => Web.UiText.Shared[e]));
        else if (saved is not null) TempData["Saved"] = saved;
        return Redirect($"/Activities/{id}");
    }

    public async Task<IActionResult> OnPostSignUpAsync(long id, long residentId, bool asVolunteer, CancellationToken ct)
    {
        var o = await desk.SignUpAsync(await me.AreaAsync(ct), id, residentId, asVolunteer ? true : null, ct);
        if (o.NotFound) return NotFound();
        return Back(id, o.Value is { } s ? $"{s.Name} {ActivityText.Of(s.State)}，个人签到码 {s.CheckInCode}" : null, o.Errors);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, long signupId, CancellationToken ct)
    {
        var o = await desk.CancelAsync(await me.AreaAsync(ct), signupId, ct);
        if (o.NotFound) return NotFound();
        return Back(id, "已取消报名。", o.Errors);
    }

    public async Task<IActionResult> OnPostAttendAsync(long id, long signupId, bool attended, CancellationToken ct)
    {
        var o = await desk.AttendAsync(await me.AreaAsync(ct), signupId, attended, ct);
        if (o.NotFound) return NotFound();
        return Back(id, o.Value is { } s ? $"{s.Name} {(attended ? "已签到" : "已取消签到")}" : null, o.Errors);
    }

    public async Task<IActionResult> OnPostWalkInAsync(long id, long? residentId, string? name, bool asVolunteer, CancellationToken ct)
    {
        var o = await desk.WalkInAsync(await me.AreaAsync(ct), id, residentId, name, asVolunteer, ct);
        if (o.NotFound) return NotFound();
        return Back(id, o.Value is { } s ? $"{s.Name} 现场加入，已签到" : null, o.Errors);
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, string? report, CancellationToken ct)
    {
        var o = await desk.CloseAsync(await me.AreaAsync(ct), id, report, ct);
        if (o.NotFound) return NotFound();
        return Back(id, "活动已结束，志愿者服务时长已计入。", o.Errors);
    }

    public async Task<IActionResult> OnPostPhotoAsync(long id, IFormFile? photo, string? caption, CancellationToken ct)
    {
        if (photo is null) return Back(id, null, new Dictionary<string, string> { ["Photo"] = "请选择要上传的照片。" });
        if (photo.Length > 5 * 1024 * 1024) return Back(id, null, new Dictionary<string, string> { ["Photo"] = "照片应小于5MB。" });
        using var buffer = new MemoryStream();
        await photo.CopyToAsync(buffer, ct);
        var o = await desk.AddPhotoAsync(await me.AreaAsync(ct), id, photo.ContentType, buffer.ToArray(), caption, ct);
        if (o.NotFound) return NotFound();
        return Back(id, "照片已上传。", o.Errors);
    }

    public async Task<IActionResult> OnGetPhotoAsync(long photo, CancellationToken ct) =>
        await reader.PhotoAsync(await me.AreaAsync(ct), photo, ct) is { } p ? File(p.Bytes, p.ContentType) : NotFound();
}
