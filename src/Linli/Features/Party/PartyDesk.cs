using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Linli.Features.Party;

/// <summary>
/// Every write of the party module, shared by the pages and the API: the branch, members, meetings with their attendance,
/// self-inspections and their rectification rows (进度, 完成, 销号, 退回). Each write is one transaction with its audit row.
/// A record outside the communities where the user holds <see cref="Permissions.Party.Write"/> is not found (null). Every
/// message goes through the localizer (<paramref name="say"/>), so a refusal reads in the user's language on the page and in the API.
/// </summary>
public sealed class PartyDesk(LinliDb db, AuditLog audit, TimeProvider clock, IStringLocalizer say)
{
    /// <summary>The record when it went through; otherwise the errors by field ("" for the form as a whole).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Outcome<T>.Fail reads as the sentence it is at the call site.")]
    public sealed record Outcome<T>(T? Value, IReadOnlyDictionary<string, string> Errors) where T : class
    {
        public bool Ok => Value is not null && Errors.Count == 0;
        public static Outcome<T> Fail(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
        public static Outcome<T> Fail(Dictionary<string, string> errors) => new(null, errors);
        public static Outcome<T> Done(T value) => new(value, new Dictionary<string, string>());
    }

    public DateOnly Today => clock.Today();

    Task<long[]> WritableAsync(UserArea area, CancellationToken ct) => PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);

    // ---- the branch ----

    public sealed class BranchForm
    {
        public long CommunityId { get; set; }
        public string? Name { get; set; }
        /// <summary>党小组, one name per line.</summary>
        public string? Groups { get; set; }
    }

    public async Task<Outcome<PartyBranch>?> CreateBranchAsync(UserArea area, BranchForm f, CancellationToken ct)
    {
        var communities = await WritableAsync(area, ct);
        if (!communities.Contains(f.CommunityId)) return null;
        if (await db.Set<PartyBranch>().AnyAsync(b => b.CommunityId == f.CommunityId, ct)) return Outcome<PartyBranch>.Fail("", say["这个社区已经有党支部。"]);
        var name = Text.Clean(f.Name);
        if (name is null) return Outcome<PartyBranch>.Fail(nameof(f.Name), say["请填写支部名称。"]);
        if (name.Length > 64) return Outcome<PartyBranch>.Fail(nameof(f.Name), say["支部名称最多64个字。"]);
        var groups = (Text.Clean(f.Groups, multiline: true) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (groups.Any(g => g.Length > 64)) return Outcome<PartyBranch>.Fail(nameof(f.Groups), say["党小组名称每个最多64个字。"]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var branch = new PartyBranch { CommunityId = f.CommunityId, Name = name };
        db.Add(branch);
        await db.SaveChangesAsync(ct);
        foreach (var (g, i) in groups.Select((g, i) => (g, i)))
            db.Add(new PartyGroup { CommunityId = f.CommunityId, BranchId = branch.Id, Name = g, SortOrder = i });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.PartyBranch, branch.Id), f.CommunityId, $"设立{name}（{groups.Count}个党小组）", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<PartyBranch>.Done(branch);
    }

    // ---- members ----

    public sealed class MemberForm
    {
        public long BranchId { get; set; }
        public long? GroupId { get; set; }
        /// <summary>The resident this member is (lives in the community); null for a member living elsewhere.</summary>
        public long? ResidentId { get; set; }
        public string? Name { get; set; }
        public string? Gender { get; set; }
        public DateOnly? BirthDate { get; set; }
        public DateOnly? JoinedOn { get; set; }
        public DateOnly? FullOn { get; set; }
        public MemberCategory Category { get; set; } = MemberCategory.Full;
        public DateOnly? RelationInOn { get; set; }
        public string? RelationFrom { get; set; }
        public DateOnly? RelationOutOn { get; set; }
        public string? RelationTo { get; set; }
        public string? Posts { get; set; }
        public bool IsCommittee { get; set; }
        public string? Address { get; set; }
    }

    /// <summary>Adds a member (<paramref name="memberId"/> null) or changes one; null when the branch or member is not in the user's scope.</summary>
    public async Task<Outcome<PartyMember>?> SaveMemberAsync(UserArea area, long? memberId, MemberForm f, CancellationToken ct)
    {
        var communities = await WritableAsync(area, ct);
        PartyMember? m = null;
        if (memberId is { } id && (m = await db.Set<PartyMember>().InScopeOf(communities).FirstOrDefaultAsync(x => x.Id == id, ct)) is null) return null;
        var branch = await db.Set<PartyBranch>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(b => b.Id == (m == null ? f.BranchId : m.BranchId), ct);
        if (branch is null) return null;
        var errors = new Dictionary<string, string>();
        var today = Today;
        string? name = Text.Clean(f.Name), gender = Text.Clean(f.Gender);
        var birth = f.BirthDate;
        long? residentId = null;
        if (f.ResidentId is { } rid)
        {
            // Linked to a resident of this community: the name, gender and birth date are the registry's (collected once).
            var resident = await db.Residents.AsNoTracking().Where(r => r.Id == rid)
                .Join(db.OrgUnits, r => r.GridId, g => g.Id, (r, g) => new { r.Id, r.Name, r.Gender, r.BirthDate, g.ParentId }).FirstOrDefaultAsync(ct);
            if (resident is null || resident.ParentId != branch.CommunityId) errors[nameof(f.ResidentId)] = say["所选居民不在本社区，请重新选择或按“不在本社区居住”登记。"];
            else
            {
                residentId = resident.Id;
                name = resident.Name;
                gender = Registry.RegistryText.Of(resident.Gender);
                birth = resident.BirthDate;
                if (await db.Set<PartyMember>().AnyAsync(x => x.ResidentId == rid && x.RelationOutOn == null && x.Id != (memberId ?? 0), ct))
                    errors[nameof(f.ResidentId)] = say["这位居民已登记为党员。"];
            }
        }
        if (name is null) errors[nameof(f.Name)] = say["请填写姓名。"];
        else if (name.Length > 64) errors[nameof(f.Name)] = say["姓名最多64个字。"];
        if (gender is not (null or "男" or "女")) errors[nameof(f.Gender)] = say["性别请填“男”或“女”。"];
        if (f.JoinedOn is not { } joined) errors[nameof(f.JoinedOn)] = say["请填写入党日期。"];
        else if (joined > today) errors[nameof(f.JoinedOn)] = say["入党日期不能晚于今天。"];
        else if (birth is { } b && joined < b.AddYears(18)) errors[nameof(f.JoinedOn)] = say["入党时应年满18岁，请核对入党日期或出生日期。"];
        if (f.Category == MemberCategory.Full && f.FullOn is null && f.JoinedOn is { } j && j.AddYears(1) <= today && f.ResidentId is null && m is null)
        { /* an older member's 转正日期 is often not on record: allowed empty */ }
        if (f.Category == MemberCategory.Probationary && f.FullOn is not null) errors[nameof(f.FullOn)] = say["预备党员没有转正日期；转正后请把类别改为正式党员。"];
        if (f.FullOn is { } full && f.JoinedOn is { } jo && full < jo) errors[nameof(f.FullOn)] = say["转正日期不能早于入党日期。"];
        if (f.FullOn is { } fu && fu > today) errors[nameof(f.FullOn)] = say["转正日期不能晚于今天。"];
        if (f.RelationOutOn is { } outOn && outOn > today) errors[nameof(f.RelationOutOn)] = say["转出日期不能晚于今天。"];
        if (f.RelationOutOn is not null && Text.Clean(f.RelationTo) is null) errors[nameof(f.RelationTo)] = say["请填写组织关系转往的单位。"];
        if (f.RelationInOn is not null && Text.Clean(f.RelationFrom) is null) errors[nameof(f.RelationFrom)] = say["请填写组织关系由何单位转入。"];
        foreach (var (field, value, max) in new[] { (nameof(f.RelationFrom), f.RelationFrom, 100), (nameof(f.RelationTo), f.RelationTo, 100), (nameof(f.Posts), f.Posts, 100), (nameof(f.Address), f.Address, 200) })
            if (Text.Clean(value) is { } v && v.Length > max) errors[field] = say["最多{0}个字。", max];
        if (f.GroupId is { } gid && !await db.Set<PartyGroup>().AnyAsync(g => g.Id == gid && g.BranchId == branch.Id, ct)) errors[nameof(f.GroupId)] = say["请选择本支部的党小组。"];
        if (errors.Count > 0) return Outcome<PartyMember>.Fail(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var isNew = m is null;
        m ??= new PartyMember { CommunityId = branch.CommunityId, BranchId = branch.Id, Name = name!, JoinedOn = f.JoinedOn!.Value };
        m.GroupId = f.GroupId;
        m.ResidentId = residentId;
        m.Name = name!;
        m.Gender = gender;
        m.BirthDate = birth;
        m.JoinedOn = f.JoinedOn!.Value;
        m.FullOn = f.FullOn;
        m.Category = f.Category;
        m.RelationInOn = f.RelationInOn;
        m.RelationFrom = Text.Clean(f.RelationFrom);
        m.RelationOutOn = f.RelationOutOn;
        m.RelationTo = Text.Clean(f.RelationTo);
        m.Posts = Text.Clean(f.Posts);
        m.IsCommittee = f.IsCommittee;
        m.Address = residentId is null ? Text.Clean(f.Address) : null;
        if (isNew) db.Add(m);
        else m.Version++;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.PartyMember, m.Id), m.CommunityId, $"{(isNew ? "登记党员" : "修改党员")} {m.Name}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<PartyMember>.Done(m);
    }

    // ---- meetings ----

    public sealed class MeetingForm
    {
        public long BranchId { get; set; }
        public MeetingKind Kind { get; set; }
        public long? GroupId { get; set; }
        public DateOnly? Date { get; set; }
        public string? Topic { get; set; }
        public string? Place { get; set; }
        public string? Host { get; set; }
        public string? Agenda { get; set; }
        public string? Minutes { get; set; }
        /// <summary>Members present; everyone else expected is absent.</summary>
        public List<long> Present { get; set; } = [];
        /// <summary>An absent member's reason (请假 …), by member id.</summary>
        public Dictionary<long, string> Reasons { get; set; } = [];
    }

    /// <summary>Who is expected at a meeting of this kind: the committee for 支委会, the group for 党小组会, every member otherwise.</summary>
    public IQueryable<PartyMember> Expected(long branchId, MeetingKind kind, long? groupId) =>
        db.Set<PartyMember>().Where(m => m.BranchId == branchId && m.RelationOutOn == null
            && (kind != MeetingKind.CommitteeMeeting || m.IsCommittee)
            && (kind != MeetingKind.GroupMeeting || m.GroupId == groupId));

    /// <summary>Records a meeting (<paramref name="meetingId"/> null) or changes one, with its attendance and quorum.</summary>
    public async Task<Outcome<BranchMeeting>?> SaveMeetingAsync(UserArea area, long? meetingId, MeetingForm f, CancellationToken ct)
    {
        var communities = await WritableAsync(area, ct);
        BranchMeeting? meeting = null;
        if (meetingId is { } id && (meeting = await db.Set<BranchMeeting>().InScopeOf(communities).FirstOrDefaultAsync(x => x.Id == id, ct)) is null) return null;
        var branch = await db.Set<PartyBranch>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(b => b.Id == (meeting == null ? f.BranchId : meeting.BranchId), ct);
        if (branch is null) return null;
        var errors = new Dictionary<string, string>();
        if (!Enum.IsDefined(f.Kind)) errors[nameof(f.Kind)] = say["请选择会议类型。"];
        if (f.Date is not { } date) errors[nameof(f.Date)] = say["请填写会议日期。"];
        else if (date > Today) errors[nameof(f.Date)] = say["会议日期不能晚于今天（会后再登记）。"];
        var topic = Text.Clean(f.Topic);
        if (topic is null) errors[nameof(f.Topic)] = say["请填写会议主题。"];
        else if (topic.Length > 200) errors[nameof(f.Topic)] = say["会议主题最多200个字。"];
        if (f.Kind == MeetingKind.GroupMeeting)
        {
            if (f.GroupId is not { } gid || !await db.Set<PartyGroup>().AnyAsync(g => g.Id == gid && g.BranchId == branch.Id, ct)) errors[nameof(f.GroupId)] = say["党小组会请选择党小组。"];
        }
        foreach (var (field, value, max) in new[] { (nameof(f.Place), f.Place, 100), (nameof(f.Host), f.Host, 64), (nameof(f.Agenda), f.Agenda, 2000), (nameof(f.Minutes), f.Minutes, 8000) })
            if (Text.Clean(value, multiline: true) is { } v && v.Length > max) errors[field] = say["最多{0}个字。", max];
        if (errors.Count > 0) return Outcome<BranchMeeting>.Fail(errors);
        var groupId = f.Kind == MeetingKind.GroupMeeting ? f.GroupId : null;
        var expected = await Expected(branch.Id, f.Kind, groupId).Select(m => m.Id).ToListAsync(ct);
        var strangers = f.Present.Except(expected).ToList();
        if (strangers.Count > 0) return Outcome<BranchMeeting>.Fail(nameof(f.Present), say["出席名单中有不属于应到范围的人员，请刷新后重新勾选。"]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var isNew = meeting is null;
        meeting ??= new BranchMeeting { CommunityId = branch.CommunityId, BranchId = branch.Id, Kind = f.Kind, Date = f.Date!.Value, Topic = topic!, CreatedById = area.UserId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        meeting.Kind = f.Kind;
        meeting.GroupId = groupId;
        meeting.Date = f.Date!.Value;
        meeting.Topic = topic!;
        meeting.Place = Text.Clean(f.Place);
        meeting.Host = Text.Clean(f.Host);
        meeting.Agenda = Text.Clean(f.Agenda, multiline: true);
        meeting.Minutes = Text.Clean(f.Minutes, multiline: true);
        var present = f.Present.Distinct().ToHashSet();
        var quorum = MeetingRhythm.Quorum(f.Kind, expected.Count, present.Count);
        meeting.Expected = expected.Count;
        meeting.Present = present.Count;
        meeting.QuorumMet = quorum.Met;
        if (isNew) db.Add(meeting);
        await db.SaveChangesAsync(ct);
        await db.Set<MeetingAttendance>().Where(a => a.MeetingId == meeting.Id).ExecuteDeleteAsync(ct);
        db.AddRange(expected.Select(mid => new MeetingAttendance
        {
            MeetingId = meeting.Id, MemberId = mid, Present = present.Contains(mid),
            AbsenceReason = present.Contains(mid) ? null : Text.Cut(Text.Clean(f.Reasons.GetValueOrDefault(mid)), 100),
        }));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.PartyMeeting, meeting.Id), meeting.CommunityId,
            $"{(isNew ? "登记" : "修改")}{MeetingRhythm.NameOf(meeting.Kind)} {meeting.Date:yyyy-MM-dd}：{quorum.Text}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<BranchMeeting>.Done(meeting);
    }

    // ---- self-inspection and rectification ----

    public sealed class InspectionForm
    {
        public long BranchId { get; set; }
        public int? Year { get; set; }
        public string? Occasion { get; set; }
        public string? Title { get; set; }
        public DateOnly? HeldOn { get; set; }
        public string? Opinions { get; set; }
    }

    public async Task<Outcome<SelfInspection>?> CreateInspectionAsync(UserArea area, InspectionForm f, CancellationToken ct)
    {
        var communities = await WritableAsync(area, ct);
        var branch = await db.Set<PartyBranch>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(b => b.Id == f.BranchId, ct);
        if (branch is null) return null;
        var errors = new Dictionary<string, string>();
        if (f.Year is not (>= 2000 and <= 2100)) errors[nameof(f.Year)] = say["请填写年度（如2026）。"];
        var occasion = Text.Clean(f.Occasion);
        if (occasion is null || !Rectifications.Occasions.Contains(occasion)) errors[nameof(f.Occasion)] = say["请选择查摆的场合。"];
        var title = Text.Clean(f.Title);
        if (title is null) errors[nameof(f.Title)] = say["请填写标题。"];
        else if (title.Length > 200) errors[nameof(f.Title)] = say["标题最多200个字。"];
        if (f.HeldOn is null) errors[nameof(f.HeldOn)] = say["请填写召开日期。"];
        var opinions = Text.Clean(f.Opinions, multiline: true);
        if (opinions is { Length: > 4000 }) errors[nameof(f.Opinions)] = say["征求意见情况最多4000个字。"];
        if (errors.Count > 0) return Outcome<SelfInspection>.Fail(errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var s = new SelfInspection { CommunityId = branch.CommunityId, BranchId = branch.Id, Year = f.Year!.Value, Occasion = occasion!, Title = title!, HeldOn = f.HeldOn!.Value, Opinions = opinions, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.Add(s);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.SelfInspection, s.Id), s.CommunityId, $"查摆问题：{s.Title}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<SelfInspection>.Done(s);
    }

    /// <summary>整改清单 published to the members today (公布).</summary>
    public async Task<Outcome<SelfInspection>?> PublishInspectionAsync(UserArea area, long inspectionId, CancellationToken ct)
    {
        var communities = await WritableAsync(area, ct);
        var s = await db.Set<SelfInspection>().InScopeOf(communities).FirstOrDefaultAsync(x => x.Id == inspectionId, ct);
        if (s is null) return null;
        if (!await db.Set<Rectification>().AnyAsync(r => r.InspectionId == s.Id, ct)) return Outcome<SelfInspection>.Fail("", say["还没有查摆出的问题，无法公布整改清单。"]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        s.PublishedOn = Today;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.SelfInspection, s.Id), s.CommunityId, $"公布整改清单：{s.Title}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<SelfInspection>.Done(s);
    }

    public sealed class ProblemForm
    {
        /// <summary>The member whose problem it is; null for the team's (班子).</summary>
        public long? MemberId { get; set; }
        public string? Rule { get; set; }
        public string? Problem { get; set; }
        public string? Source { get; set; }
        public DateOnly? FoundOn { get; set; }
        public string? Goal { get; set; }
        public string? Measures { get; set; }
        public long? OwnerId { get; set; }
        public long? ReviewerId { get; set; }
        public string? Unit { get; set; }
        public DateOnly? Deadline { get; set; }
        public string? Note { get; set; }
    }

    /// <summary>A problem is stated specifically (DOMAIN.md §5: "vague problems" are the known failure): at least this many characters.</summary>
    public const int ProblemMinLength = 15;

    /// <summary>The accounts that may own or review a rectification in a community: those holding <see cref="Permissions.Party.Write"/> there.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> StaffAsync(long communityId, CancellationToken ct)
    {
        var community = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Id == communityId, ct);
        var above = community.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var roles = Roles.All.Where(r => Roles.PermissionsOf(r).Contains(Permissions.Party.Write)).ToList();
        return (await db.RoleAssignments.AsNoTracking().Where(a => above.Contains(a.OrgUnitId) && roles.Contains(a.Role))
            .Join(db.Users.Where(u => !u.IsDisabled), a => a.UserId, u => u.Id, (a, u) => new { u.Id, u.DisplayName })
            .Distinct().ToListAsync(ct)).OrderBy(u => u.Id).Select(u => (u.Id, u.DisplayName)).ToList();
    }

    public async Task<Outcome<Rectification>?> AddProblemAsync(UserArea area, long inspectionId, ProblemForm f, CancellationToken ct)
    {
        var communities = await WritableAsync(area, ct);
        var s = await db.Set<SelfInspection>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(x => x.Id == inspectionId, ct);
        if (s is null) return null;
        var errors = new Dictionary<string, string>();
        var subject = Rectifications.Team;
        if (f.MemberId is { } mid)
        {
            var member = await db.Set<PartyMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == mid && m.BranchId == s.BranchId, ct);
            if (member is null) errors[nameof(f.MemberId)] = say["请选择本支部的党员，或选“班子”。"];
            else subject = member.Name;
        }
        var rule = Text.Clean(f.Rule);
        if (rule is null || Rectifications.Rules.All(r => r.Key != rule)) errors[nameof(f.Rule)] = say["请选择问题对照的准则条例条目。"];
        var problem = Text.Clean(f.Problem, multiline: true);
        if (problem is null) errors[nameof(f.Problem)] = say["请填写问题表现。"];
        else if (problem.Length < ProblemMinLength) errors[nameof(f.Problem)] = say["问题表现要具体（至少{0}个字）：写清什么事、什么时候、什么表现。", ProblemMinLength];
        else if (problem.Length > 2000) errors[nameof(f.Problem)] = say["问题表现最多2000个字。"];
        var source = Text.Clean(f.Source);
        if (source is null || !Rectifications.Sources.Contains(source)) errors[nameof(f.Source)] = say["请选择问题来源。"];
        if (f.FoundOn is { } found && found > Today) errors[nameof(f.FoundOn)] = say["发现时间不能晚于今天。"];
        var goal = Text.Clean(f.Goal, multiline: true);
        if (goal is null) errors[nameof(f.Goal)] = say["请填写整改目标。"];
        else if (goal.Length > 1000) errors[nameof(f.Goal)] = say["整改目标最多1000个字。"];
        var measures = Text.Clean(f.Measures, multiline: true);
        if (measures is null) errors[nameof(f.Measures)] = say["请填写整改措施。"];
        else if (measures.Length > 2000) errors[nameof(f.Measures)] = say["整改措施最多2000个字。"];
        var staff = await StaffAsync(s.CommunityId, ct);
        var owner = staff.FirstOrDefault(x => x.Id == f.OwnerId);
        var reviewer = staff.FirstOrDefault(x => x.Id == f.ReviewerId);
        if (f.OwnerId is null || owner.Id == 0) errors[nameof(f.OwnerId)] = say["请选择责任人（本社区的党务工作人员）。"];
        if (f.ReviewerId is null || reviewer.Id == 0) errors[nameof(f.ReviewerId)] = say["请选择复核人（本社区的党务工作人员）。"];
        else if (f.ReviewerId == f.OwnerId) errors[nameof(f.ReviewerId)] = say["复核人不能是责任人本人：销号须由他人复核。"];
        if (f.Deadline is not { } deadline) errors[nameof(f.Deadline)] = say["请填写整改时限。"];
        else if (deadline < (f.FoundOn ?? s.HeldOn)) errors[nameof(f.Deadline)] = say["整改时限不能早于发现问题的日期。"];
        var unit = Text.Clean(f.Unit);
        if (unit is { Length: > 64 }) errors[nameof(f.Unit)] = say["责任单位最多64个字。"];
        var note = Text.Clean(f.Note, multiline: true);
        if (note is { Length: > 1000 }) errors[nameof(f.Note)] = say["备注最多1000个字。"];
        if (errors.Count > 0) return Outcome<Rectification>.Fail(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var seq = (await db.Set<Rectification>().Where(r => r.InspectionId == s.Id).MaxAsync(r => (int?)r.Seq, ct) ?? 0) + 1;
        var r = new Rectification
        {
            CommunityId = s.CommunityId, InspectionId = s.Id, Seq = seq, MemberId = f.MemberId, Subject = subject, Rule = rule!, Problem = problem!,
            Source = source!, FoundOn = f.FoundOn ?? s.HeldOn, Goal = goal!, Measures = measures!, OwnerId = owner.Id, OwnerName = owner.Name,
            ReviewerId = reviewer.Id, ReviewerName = reviewer.Name, Unit = unit, Deadline = f.Deadline!.Value, Progress = RectificationProgress.NotStarted, Note = note,
        };
        db.Add(r);
        await db.SaveChangesAsync(ct);
        History(r, area, "查摆", $"{Rectifications.RuleLabel(r.Rule)}；责任人{r.OwnerName}，复核人{r.ReviewerName}，时限{r.Deadline:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.Rectification, r.Id), r.CommunityId, $"查摆问题第{r.Seq}项（{r.Subject}）", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Rectification>.Done(r);
    }

    public sealed class StepForm
    {
        /// <summary><c>progress</c> 报进度 / <c>done</c> 完成 / <c>signoff</c> 销号 / <c>return</c> 退回.</summary>
        public string? Action { get; set; }
        public string? Result { get; set; }
        public string? Evidence { get; set; }
        public string? Note { get; set; }
    }

    public static readonly IReadOnlyDictionary<string, string> StepWords = new Dictionary<string, string>
    {
        ["progress"] = "报告进度", ["done"] = "整改完成", ["signoff"] = "销号", ["return"] = "退回重改",
    };

    /// <summary>
    /// One step of a rectification. 报进度 and 完成: its owner or whoever keeps the branch; 完成 needs the result and evidence.
    /// 销号 and 退回: the reviewer only — never the owner (<see cref="Rectifications.SignOffRefusal"/>).
    /// </summary>
    public async Task<Outcome<Rectification>?> StepAsync(UserArea area, long rectificationId, StepForm f, CancellationToken ct)
    {
        var readable = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Read, ct);
        var r = await db.Set<Rectification>().InScopeOf(readable).FirstOrDefaultAsync(x => x.Id == rectificationId, ct);
        if (r is null) return null;
        var writes = (await WritableAsync(area, ct)).Contains(r.CommunityId);
        if (!writes) return Outcome<Rectification>.Fail("", say["你在这个社区没有管理党建的权限。"]);
        var result = Text.Clean(f.Result, multiline: true);
        var evidence = Text.Clean(f.Evidence, multiline: true);
        var note = Text.Clean(f.Note, multiline: true);
        if (result is { Length: > 2000 }) return Outcome<Rectification>.Fail(nameof(f.Result), say["整改结果最多2000个字。"]);
        if (evidence is { Length: > 2000 }) return Outcome<Rectification>.Fail(nameof(f.Evidence), say["佐证材料最多2000个字。"]);
        if (note is { Length: > 1000 }) return Outcome<Rectification>.Fail(nameof(f.Note), say["说明最多1000个字。"]);
        var today = Today;
        string detail;
        switch (f.Action)
        {
            case "progress":
                if (r.Progress is RectificationProgress.Done or RectificationProgress.SignedOff) return Outcome<Rectification>.Fail("", say["此事项{0}，不能再报告进度。", Rectifications.ProgressWord(r.Progress)]);
                if (note is null && result is null) return Outcome<Rectification>.Fail(nameof(f.Note), say["请填写进展情况。"]);
                r.Progress = RectificationProgress.InProgress;
                if (result is not null) r.Result = result;
                if (evidence is not null) r.Evidence = evidence;
                detail = note ?? result!;
                break;
            case "done":
                if (r.Progress is RectificationProgress.Done or RectificationProgress.SignedOff) return Outcome<Rectification>.Fail("", say["此事项已{0}。", Rectifications.ProgressWord(r.Progress)[1..]]);
                result ??= r.Result;
                evidence ??= r.Evidence;
                if (result is null) return Outcome<Rectification>.Fail(nameof(f.Result), say["请填写整改结果。"]);
                if (evidence is null && !await db.Set<RectificationFile>().AnyAsync(x => x.RectificationId == r.Id, ct))
                    return Outcome<Rectification>.Fail(nameof(f.Evidence), say["请列出佐证材料（或上传材料文件）。"]);
                r.Progress = RectificationProgress.Done;
                r.Result = result;
                r.Evidence = evidence;
                r.DoneOn = today;
                detail = result;
                break;
            case "signoff":
                if (Rectifications.SignOffRefusal(area.UserId, r.OwnerId, r.ReviewerId, r.Progress) is { } refusal) return Outcome<Rectification>.Fail("", say[refusal]);
                r.Progress = RectificationProgress.SignedOff;
                r.SignedOffOn = today;
                r.SignedOffBy = area.DisplayName;
                detail = note ?? "复核通过，予以销号";
                break;
            case "return":
                if (area.UserId != r.ReviewerId || area.UserId == r.OwnerId) return Outcome<Rectification>.Fail("", say["只有本事项的复核人可以退回。"]);
                if (r.Progress != RectificationProgress.Done) return Outcome<Rectification>.Fail("", say["只有已完成、待销号的事项可以退回。"]);
                if (note is null) return Outcome<Rectification>.Fail(nameof(f.Note), say["请说明退回的理由。"]);
                r.Progress = RectificationProgress.InProgress;
                r.DoneOn = null;
                detail = note;
                break;
            default:
                return Outcome<Rectification>.Fail("", say["未知的操作。"]);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        r.Version++;
        History(r, area, StepWords[f.Action!], detail);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<Rectification>.Fail("", say["此事项刚被他人更新，请刷新页面后再试。"]);
        }
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.Rectification, r.Id), r.CommunityId, $"{StepWords[f.Action!]} 整改第{r.Seq}项", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Rectification>.Done(r);
    }

    /// <summary>A 佐证材料 file (image or PDF, at most 2 MB).</summary>
    public async Task<Outcome<RectificationFile>?> AddFileAsync(UserArea area, long rectificationId, string fileName, string contentType, byte[] bytes, CancellationToken ct)
    {
        var communities = await WritableAsync(area, ct);
        var r = await db.Set<Rectification>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(x => x.Id == rectificationId, ct);
        if (r is null) return null;
        if (bytes.Length == 0) return Outcome<RectificationFile>.Fail("File", say["请选择文件。"]);
        if (bytes.Length > 2 * 1024 * 1024) return Outcome<RectificationFile>.Fail("File", say["佐证材料文件最大2 MB。"]);
        if (contentType is not ("image/jpeg" or "image/png" or "application/pdf")) return Outcome<RectificationFile>.Fail("File", say["佐证材料只能是 JPG、PNG 图片或 PDF 文件。"]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var file = new RectificationFile { RectificationId = r.Id, FileName = Text.Cut(Path.GetFileName(fileName), 200) ?? "材料", ContentType = contentType, Bytes = bytes, AddedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.Add(file);
        db.Add(new RectificationEvent { RectificationId = r.Id, AtUtc = clock.GetUtcNow().UtcDateTime, UserId = area.UserId, UserName = area.DisplayName, Action = "材料", Text = file.FileName });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.Rectification, r.Id), r.CommunityId, $"上传佐证材料 整改第{r.Seq}项", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<RectificationFile>.Done(file);
    }

    void History(Rectification r, UserArea area, string action, string? text) =>
        db.Add(new RectificationEvent { RectificationId = r.Id, AtUtc = clock.GetUtcNow().UtcDateTime, UserId = area.UserId, UserName = area.DisplayName, Action = action, Text = Text.Cut(text, 2000) });
}

/// <summary>Input as typed: control characters dropped, trimmed, empty = null.</summary>
static class Text
{
    public static string? Clean(string? s, bool multiline = false)
    {
        if (s is null) return null;
        var t = multiline ? s.ReplaceLineEndings("\n") : s.ReplaceLineEndings(" ");
        t = new string(t.Where(ch => ch == '\n' || !char.IsControl(ch)).ToArray()).Trim();
        return t.Length == 0 ? null : t;
    }

    public static string? Cut(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..(max - 1)] + "…";
}
