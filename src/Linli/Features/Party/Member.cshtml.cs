using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// One member: the record and its change (入党、转正、组织关系转入转出、职务), the meetings attended, the problems named.
/// Without an id, 登记党员: pick the resident from the community (name, gender, birth date come from the registry), or type a
/// member who lives elsewhere.
/// </summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class MemberModel(CurrentUser me, PartyReader reader, PartyDesk desk, LinliDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public string? Find { get; set; }
    [BindProperty(SupportsGet = true)] public long? Resident { get; set; }
    [BindProperty] public PartyDesk.MemberForm Form { get; set; } = new();

    public PartyMember? Member { get; private set; }
    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    public IReadOnlyList<PartyGroup> Groups { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public sealed record Found(long Id, string Name, string Gender, DateOnly? BirthDate, string Grid, string? Political);
    public IReadOnlyList<Found> Candidates { get; private set; } = [];
    public string? ResidentName { get; private set; }
    public IReadOnlyList<(BranchMeeting Meeting, bool Present, string? Reason)> Attended { get; private set; } = [];
    public IReadOnlyList<Rectification> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Member is { } m)
            Form = new PartyDesk.MemberForm
            {
                BranchId = m.BranchId, GroupId = m.GroupId, ResidentId = m.ResidentId, Name = m.Name, Gender = m.Gender, BirthDate = m.BirthDate, JoinedOn = m.JoinedOn,
                FullOn = m.FullOn, Category = m.Category, RelationInOn = m.RelationInOn, RelationFrom = m.RelationFrom, RelationOutOn = m.RelationOutOn,
                RelationTo = m.RelationTo, Posts = m.Posts, IsCommittee = m.IsCommittee, Address = m.Address,
            };
        else Form.ResidentId = Resident;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Form.BranchId = BranchChoice!.Id;
        var outcome = await desk.SaveMemberAsync(await me.AreaAsync(ct), Id, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Member/{outcome.Value!.Id}?saved=1");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError("Form." + field, message);
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (Id is { } id)
        {
            Member = await reader.MemberAsync(area, id, ct);
            if (Member is null) return false;
            Branch = Member.BranchId;
        }
        BranchChoice = await reader.BranchAsync(area, Branch, ct);
        if (BranchChoice is null) return false;
        Groups = await reader.GroupsAsync(BranchChoice.Id, ct);
        CanWrite = await reader.WritesAsync(area, BranchChoice.CommunityId, ct);
        if (Member is null && !CanWrite) return false;
        var communityId = BranchChoice.CommunityId;
        if (Text.Clean(Find) is { } find && CanWrite)
            Candidates = await db.Residents.AsNoTracking().Where(r => r.Name.Contains(find) && r.Status == Registry.ResidentStatus.Active)
                .Join(db.OrgUnits.Where(g => g.ParentId == communityId), r => r.GridId, g => g.Id, (r, g) => new { r, g.Name })
                .OrderBy(x => x.r.Name).ThenBy(x => x.r.Id).Take(20)
                .Select(x => new Found(x.r.Id, x.r.Name, x.r.Gender == Registry.Gender.Male ? "男" : "女", x.r.BirthDate, x.Name, x.r.PoliticalStatus)).ToListAsync(ct);
        var rid = Member?.ResidentId ?? Form.ResidentId ?? Resident;
        if (rid is { } residentId)
            ResidentName = await db.Residents.AsNoTracking().Where(r => r.Id == residentId)
                .Join(db.OrgUnits.Where(g => g.ParentId == communityId), r => r.GridId, g => g.Id, (r, g) => r.Name + "（" + g.Name + "）").FirstOrDefaultAsync(ct);
        if (Member is { } m)
        {
            Attended = (await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MemberId == m.Id)
                .Join(db.Set<BranchMeeting>(), a => a.MeetingId, x => x.Id, (a, x) => new { x, a.Present, a.AbsenceReason })
                .OrderByDescending(x => x.x.Date).Take(30).ToListAsync(ct)).Select(x => (x.x, x.Present, x.AbsenceReason)).ToList();
            Problems = await db.Set<Rectification>().AsNoTracking().Where(r => r.MemberId == m.Id).OrderByDescending(r => r.FoundOn).ToListAsync(ct);
        }
        return true;
    }
}
