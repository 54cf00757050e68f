using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// One meeting: agenda, minutes, attendance with the quorum checked. Without an id, 登记会议: the kind (and the group of a
/// 党小组会) decide who is expected; everyone expected is listed, ticked present, and an absence takes its reason.
/// </summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class MeetingModel(CurrentUser me, PartyReader reader, PartyDesk desk, CareReader care, CareDesk careDesk) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public MeetingKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public long? Group { get; set; }
    [BindProperty(SupportsGet = true)] public bool Edit { get; set; }
    [BindProperty] public PartyDesk.MeetingForm Form { get; set; } = new();

    public BranchMeeting? Meeting { get; private set; }
    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    public IReadOnlyList<PartyGroup> Groups { get; private set; } = [];
    public IReadOnlyList<PartyReader.AttendanceRow> Attendance { get; private set; } = [];
    /// <summary>The members expected at the meeting being recorded, for the attendance form.</summary>
    public IReadOnlyList<(long Id, string Name)> Expected { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public IReadOnlyList<(long Id, string FileName)> Photos { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Meeting is { } m)
        {
            Form = new PartyDesk.MeetingForm
            {
                BranchId = m.BranchId, Kind = m.Kind, GroupId = m.GroupId, Date = m.Date, Topic = m.Topic, Place = m.Place, Host = m.Host, Agenda = m.Agenda, Minutes = m.Minutes,
                Present = Attendance.Where(a => a.Present).Select(a => a.MemberId).ToList(), Reasons = Attendance.Where(a => !a.Present && a.Reason != null).ToDictionary(a => a.MemberId, a => a.Reason!),
            };
        }
        else
        {
            Form.Kind = Kind ?? MeetingKind.ThemeDay;
            Form.GroupId = Group;
            Form.Date = reader.Today;
            Form.Present = Expected.Select(e => e.Id).ToList();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Form.BranchId = BranchChoice!.Id;
        var outcome = await desk.SaveMeetingAsync(await me.AreaAsync(ct), Id, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Meeting/{outcome.Value!.Id}?saved=1");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError("Form." + field, message);
        Edit = true;
        return Page();
    }

    /// <summary>会议照片: JPG or PNG up to 2 MB, kept with the meeting; shown only to those who read the branch.</summary>
    public async Task<IActionResult> OnPostPhotoAsync(IFormFile? photo, CancellationToken ct)
    {
        if (Id is not { } id || !await LoadAsync(ct)) return NotFound();
        var outcome = await careDesk.AddPhotoAsync(await me.AreaAsync(ct), id, photo, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Meeting/{id}?saved=1#photos");
        foreach (var message in outcome.Errors.Values) ModelState.AddModelError("", message);
        return Page();
    }

    public async Task<IActionResult> OnGetPhotoAsync(long photo, CancellationToken ct)
    {
        if (Id is not { } id || await reader.MeetingAsync(await me.AreaAsync(ct), id, ct) is null) return NotFound();
        return await care.PhotoAsync(id, photo, ct) is { } p ? File(p.Bytes, p.ContentType) : NotFound();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (Id is { } id)
        {
            Meeting = await reader.MeetingAsync(area, id, ct);
            if (Meeting is null) return false;
            Branch = Meeting.BranchId;
            Kind = Meeting.Kind;
            Group = Meeting.GroupId;
            Attendance = await reader.AttendanceAsync(Meeting.Id, ct);
            Photos = await care.PhotosAsync(Meeting.Id, ct);
        }
        BranchChoice = await reader.BranchAsync(area, Branch, ct);
        if (BranchChoice is null) return false;
        CanWrite = await reader.WritesAsync(area, BranchChoice.CommunityId, ct);
        if (Meeting is null && !CanWrite) return false;
        Groups = await reader.GroupsAsync(BranchChoice.Id, ct);
        var kind = Request.HasFormContentType ? Form.Kind : Kind ?? MeetingKind.ThemeDay;
        var group = Request.HasFormContentType ? Form.GroupId : Group;
        if (kind == MeetingKind.GroupMeeting && group is null && Groups.Count > 0) group = Groups[0].Id;
        Kind = kind;
        Group = group;
        if (CanWrite)
            Expected = (await desk.Expected(BranchChoice.Id, kind, group).AsNoTracking().OrderByDescending(m => m.IsCommittee).ThenBy(m => m.Id)
                .Select(m => new { m.Id, m.Name }).ToListAsync(ct)).Select(m => (m.Id, m.Name)).ToList();
        return true;
    }
}
