using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Activities;

/// <summary>A volunteer's record: hours (confirmed, proposed, rejected), star level, time bank and its history, certificates; staff enter hours, redeem and certify here.</summary>
[Authorize(Policy = Permissions.Volunteers.Read)]
public sealed class VolunteerRecordModel(VolunteerReader reader, HoursBook book, Certificates certificates, CurrentUser me, TimeProvider clock) : PageModel
{
    public VolunteerReader.Record View { get; private set; } = null!;
    public string Name => View.MayManage ? View.Volunteer.Name : VolunteerPrivacy.ListedName(View.Volunteer);
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Today = clock.Today();
        if (await reader.OneAsync(await me.AreaAsync(ct), id, Today.Year, ct) is not { } view) return NotFound();
        View = view;
        return Page();
    }

    IActionResult Back(long id, string saved, IReadOnlyDictionary<string, string> errors, bool notFound)
    {
        if (notFound) return NotFound();
        if (errors.Count > 0) TempData["Error"] = string.Join("；", errors.Values.Select(e => Web.UiText.Shared[e]));
        else TempData["Saved"] = saved;
        return Redirect($"/Volunteers/{id}");
    }

    public async Task<IActionResult> OnPostHoursAsync(long id, HoursBook.Form input, CancellationToken ct)
    {
        var o = await book.EnterAsync(await me.AreaAsync(ct), id, input, ct);
        return Back(id, "服务时长已登记。", o.Errors, o.NotFound);
    }

    public async Task<IActionResult> OnPostRedeemAsync(long id, decimal? hours, string? note, CancellationToken ct)
    {
        var o = await book.RedeemAsync(await me.AreaAsync(ct), id, hours, note, ct);
        return Back(id, "已从时间银行兑换。", o.Errors, o.NotFound);
    }

    public async Task<IActionResult> OnPostCertificateAsync(long id, DateOnly? from, DateOnly? to, DateOnly? postedOn, CancellationToken ct)
    {
        var o = await certificates.PostAsync(await me.AreaAsync(ct), id, from, to, postedOn, ct);
        return Back(id, o.Value is { } c ? $"证明 {c.Number} 开始公示，{Certificates.IssuableOn(c.PostedOn):yyyy-MM-dd} 起可以出具。" : "", o.Errors, o.NotFound);
    }

    public async Task<IActionResult> OnPostIssueAsync(long id, long certificateId, CancellationToken ct)
    {
        var o = await certificates.IssueAsync(await me.AreaAsync(ct), certificateId, ct);
        return Back(id, o.Value is { } c ? $"证明 {c.Number} 已出具。" : "", o.Errors, o.NotFound);
    }
}
