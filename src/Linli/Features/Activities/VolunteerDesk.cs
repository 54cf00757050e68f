using System.Security.Cryptography;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>Consent decides what a list or an export may carry of a volunteer: without it the name is masked in lists and the person is left out of exports.</summary>
public static class VolunteerPrivacy
{
    public static string ListedName(Volunteer v) => ListedName(v.Name, v.ConsentToShare);
    public static string ListedName(string name, bool consent) => consent ? name : RegistryAuditNames.MaskedName(name) + "（未同意公开）";
}

/// <summary>
/// Registering volunteers (a resident found by the search box, or a named outsider) with their consent, skills and
/// availability; teams and their members; projects with their opportunities and assignments. Also the
/// <see cref="IVolunteerDesk"/> home services use to dispatch volunteers and credit their hours.
/// </summary>
public sealed class VolunteerDesk(LinliDb db, AuditLog audit, HoursBook hours, TimeProvider clock, UiText say) : IVolunteerDesk
{
    public sealed class Form
    {
        public long? CommunityId { get; set; }
        public long? ResidentId { get; set; }
        /// <summary>An outsider's name (no resident).</summary>
        public string? Name { get; set; }
        public string? Note { get; set; }
        public bool ConsentToShare { get; set; }
        public string? Skills { get; set; }
        public string? Availability { get; set; }
        public IReadOnlyList<long>? TeamIds { get; set; }
    }

    DateOnly Today => clock.Today();

    async Task<long[]> ManagedAsync(UserArea area, CancellationToken ct) => await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct);

    public async Task<Outcome<Volunteer>> RegisterAsync(UserArea area, Form form, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        string name;
        long? gridId = null, community = form.CommunityId;
        if (form.ResidentId is { } rid)
        {
            var r = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Volunteers.Manage).Where(x => x.Id == rid && x.Status == ResidentStatus.Active)
                .Select(x => new { x.Id, x.Name, x.GridId }).FirstOrDefaultAsync(ct);
            if (r is null) return Outcome<Volunteer>.Fail("ResidentId", "找不到这位居民，或不在您负责的范围内。");
            name = r.Name;
            gridId = r.GridId;
            community ??= await db.OrgUnits.Where(o => o.Id == r.GridId).Select(o => o.ParentId).FirstAsync(ct);
            if (await db.Set<Volunteer>().AnyAsync(v => v.ResidentId == r.Id && v.CommunityId == community, ct))
                return Outcome<Volunteer>.Fail("ResidentId", "这位居民已经是本社区的志愿者。");
        }
        else
        {
            var (typed, error) = TextElements.Name(form.Name, "志愿者姓名");
            if (typed is null) return Outcome<Volunteer>.Fail("Name", error ?? "请选择居民，或填写社区外志愿者的姓名。");
            name = typed;
            if (community is null && mine.Length == 1) community = mine[0];
        }
        if (community is not { } c || !mine.Contains(c)) return Outcome<Volunteer>.Fail("CommunityId", "请选择您负责的社区。");
        var errors = CheckDetails(form);
        if (errors.Count > 0) return new(null, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var volunteer = new Volunteer
        {
            CommunityId = c, ResidentId = form.ResidentId, GridId = gridId, Name = name, JoinedOn = Today, SelfToken = NewToken(),
        };
        ApplyDetails(volunteer, form, area, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(volunteer);
        await db.SaveChangesAsync(ct);
        await SetTeamsAsync(volunteer, form.TeamIds, ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteer.Id), c,
            $"登记志愿者{(form.ResidentId is null ? "（社区外）" : $"：居民#{form.ResidentId}")}，{(volunteer.ConsentToShare ? "同意公开信息" : "未同意公开信息")}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Volunteer>.Ok(volunteer);
    }

    /// <summary>Changes consent, skills, availability, note and teams; consent changes are stamped with who recorded them and when.</summary>
    public async Task<Outcome<Volunteer>> ChangeAsync(UserArea area, long id, Form form, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var volunteer = await db.Set<Volunteer>().InCommunities(mine).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null) return Outcome<Volunteer>.Missing;
        var errors = CheckDetails(form);
        if (errors.Count > 0) return new(null, errors);
        var consentBefore = volunteer.ConsentToShare;
        ApplyDetails(volunteer, form, area, clock.GetUtcNow().UtcDateTime, keepConsentStamp: consentBefore == form.ConsentToShare);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (form.TeamIds is not null) await SetTeamsAsync(volunteer, form.TeamIds, ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteer.Id), volunteer.CommunityId,
            $"修改志愿者信息{(consentBefore != volunteer.ConsentToShare ? (volunteer.ConsentToShare ? "，同意公开信息" : "，撤回公开同意") : "")}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Volunteer>.Ok(volunteer);
    }

    static Dictionary<string, string> CheckDetails(Form f)
    {
        var errors = new Dictionary<string, string>();
        if (TextElements.Clean(f.Skills) is { Length: > 200 }) errors[nameof(Form.Skills)] = "特长最多200字。";
        if (TextElements.Clean(f.Availability) is { Length: > 100 }) errors[nameof(Form.Availability)] = "可服务时间最多100字。";
        if (TextElements.Clean(f.Note) is { Length: > 200 }) errors[nameof(Form.Note)] = "备注最多200字。";
        foreach (var text in new[] { f.Note, f.Skills, f.Availability })
            if (text is not null && Privacy.Masking.Redact(text) != text) errors[nameof(Form.Note)] = "备注、特长和可服务时间里不要写身份证号或手机号。";
        return errors;
    }

    static void ApplyDetails(Volunteer v, Form f, UserArea area, DateTime now, bool keepConsentStamp = false)
    {
        v.Note = TextElements.Clean(f.Note);
        v.Skills = f.Skills is null ? null : string.Join('、', f.Skills.Split(['、', ',', '，', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct());
        if (v.Skills is { Length: 0 }) v.Skills = null;
        v.Availability = TextElements.Clean(f.Availability);
        v.ConsentToShare = f.ConsentToShare;
        if (!keepConsentStamp)
        {
            v.ConsentRecordedAtUtc = now;
            v.ConsentRecordedBy = area.DisplayName;
        }
    }

    async Task SetTeamsAsync(Volunteer v, IReadOnlyList<long>? teamIds, CancellationToken ct)
    {
        if (teamIds is null) return;
        var ids = teamIds.Distinct().ToArray();
        var valid = await db.Set<VolunteerTeam>().Where(t => t.CommunityId == v.CommunityId && EF.Parameter(ids).Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var current = await db.Set<VolunteerTeamMember>().Where(m => m.VolunteerId == v.Id).ToListAsync(ct);
        db.RemoveRange(current.Where(m => !valid.Contains(m.TeamId)));
        foreach (var t in valid.Where(t => current.All(m => m.TeamId != t))) db.Add(new VolunteerTeamMember { TeamId = t, VolunteerId = v.Id });
        await db.SaveChangesAsync(ct);
    }

    public async Task<Outcome<VolunteerTeam>> AddTeamAsync(UserArea area, long? communityId, string? name, string? leader, string? description, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var community = communityId ?? (mine.Length == 1 ? mine[0] : null);
        if (community is not { } c || !mine.Contains(c)) return Outcome<VolunteerTeam>.Fail("CommunityId", "请选择您负责的社区。");
        var n = TextElements.Clean(name);
        if (n is null) return Outcome<VolunteerTeam>.Fail("Name", "请填写服务队名称（如：助老队）。");
        if (n.Length > 64) return Outcome<VolunteerTeam>.Fail("Name", "服务队名称最多64字。");
        if (await db.Set<VolunteerTeam>().AnyAsync(t => t.CommunityId == c && t.Name == n, ct)) return Outcome<VolunteerTeam>.Fail("Name", say["本社区已有“{0}”。", n]);
        var team = new VolunteerTeam { CommunityId = c, Name = n, Leader = TextElements.Clean(leader), Description = TextElements.Clean(description, multiline: true) };
        if (team.Leader is { Length: > 64 }) return Outcome<VolunteerTeam>.Fail("Leader", "队长最多64字。");
        if (team.Description is { Length: > 500 }) return Outcome<VolunteerTeam>.Fail("Description", "简介最多500字。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(team);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, null, c, $"新建志愿服务队：{n}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerTeam>.Ok(team);
    }

    public async Task<Outcome<VolunteerProject>> AddProjectAsync(UserArea area, long? communityId, string? name, long? teamId, string? description, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var community = communityId ?? (mine.Length == 1 ? mine[0] : null);
        if (community is not { } c || !mine.Contains(c)) return Outcome<VolunteerProject>.Fail("CommunityId", "请选择您负责的社区。");
        var n = TextElements.Clean(name);
        if (n is null) return Outcome<VolunteerProject>.Fail("Name", "请填写项目名称。");
        if (n.Length > 100) return Outcome<VolunteerProject>.Fail("Name", "项目名称最多100字。");
        if (teamId is { } t && !await db.Set<VolunteerTeam>().AnyAsync(x => x.Id == t && x.CommunityId == c, ct))
            return Outcome<VolunteerProject>.Fail("TeamId", "请选择本社区的服务队。");
        var project = new VolunteerProject { CommunityId = c, Name = n, TeamId = teamId, Description = TextElements.Clean(description, multiline: true) };
        if (project.Description is { Length: > 1000 }) return Outcome<VolunteerProject>.Fail("Description", "项目简介最多1000字。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(project);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, null, c, $"新建志愿服务项目：{n}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerProject>.Ok(project);
    }

    public sealed class OpportunityForm
    {
        public string? Title { get; set; }
        public OpportunityMode Mode { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
        public TimeOnly? Starts { get; set; }
        public TimeOnly? Ends { get; set; }
        public int? Needed { get; set; }
        public string? Place { get; set; }
    }

    /// <summary>A shift needs a day and its start and end; a window needs its first and last day; an ongoing post needs neither.</summary>
    public async Task<Outcome<VolunteerOpportunity>> AddOpportunityAsync(UserArea area, long projectId, OpportunityForm f, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var project = await db.Set<VolunteerProject>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && EF.Parameter(mine).Contains(p.CommunityId), ct);
        if (project is null) return Outcome<VolunteerOpportunity>.Missing;
        var title = TextElements.Clean(f.Title);
        if (title is null) return Outcome<VolunteerOpportunity>.Fail("Title", "请填写岗位名称。");
        if (title.Length > 100) return Outcome<VolunteerOpportunity>.Fail("Title", "岗位名称最多100字。");
        if (!Enum.IsDefined(f.Mode)) return Outcome<VolunteerOpportunity>.Fail("Mode", "请选择岗位方式：固定班次、时段内任选或长期。");
        switch (f.Mode)
        {
            case OpportunityMode.Shift when f.From is null || f.Starts is null || f.Ends is null:
                return Outcome<VolunteerOpportunity>.Fail("From", "固定班次需要日期、开始和结束时间。");
            case OpportunityMode.Shift when f.Ends <= f.Starts:
                return Outcome<VolunteerOpportunity>.Fail("Ends", "结束时间应晚于开始时间。");
            case OpportunityMode.Window when f.From is null || f.To is null:
                return Outcome<VolunteerOpportunity>.Fail("From", "时段内任选需要起止日期。");
            case OpportunityMode.Window when f.To < f.From:
                return Outcome<VolunteerOpportunity>.Fail("To", "截止日期不能早于开始日期。");
        }
        if (f.Needed is < 1 or > 1000) return Outcome<VolunteerOpportunity>.Fail("Needed", "需要人数应在1到1000之间；不限请留空。");
        var o = new VolunteerOpportunity
        {
            ProjectId = project.Id, Title = title, Mode = f.Mode, From = f.From, To = f.Mode == OpportunityMode.Shift ? f.From : f.To,
            Starts = f.Mode == OpportunityMode.Shift ? f.Starts : null, Ends = f.Mode == OpportunityMode.Shift ? f.Ends : null, Needed = f.Needed,
            Place = TextElements.Clean(f.Place) is { } p ? TextElements.Cut(p, 100, "") : null,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(o);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, null, project.CommunityId, $"项目“{project.Name}”新增岗位：{title}（{ActivityText.Of(f.Mode)}）", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerOpportunity>.Ok(o);
    }

    public async Task<Outcome<VolunteerAssignment>> AssignAsync(UserArea area, long opportunityId, long volunteerId, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var o = await db.Set<VolunteerOpportunity>().AsNoTracking().Join(db.Set<VolunteerProject>(), o => o.ProjectId, p => p.Id, (o, p) => new { o, p.CommunityId })
            .FirstOrDefaultAsync(x => x.o.Id == opportunityId && EF.Parameter(mine).Contains(x.CommunityId), ct);
        if (o is null) return Outcome<VolunteerAssignment>.Missing;
        var v = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == volunteerId && x.CommunityId == o.CommunityId && !x.HasLeft, ct);
        if (v is null) return Outcome<VolunteerAssignment>.Fail("VolunteerId", "请选择本社区在册的志愿者。");
        var existing = await db.Set<VolunteerAssignment>().FirstOrDefaultAsync(a => a.OpportunityId == o.o.Id && a.VolunteerId == v.Id, ct);
        if (existing is not null) return Outcome<VolunteerAssignment>.Ok(existing);
        if (o.o.Needed is { } needed && await db.Set<VolunteerAssignment>().CountAsync(a => a.OpportunityId == o.o.Id, ct) >= needed)
            return Outcome<VolunteerAssignment>.Fail("VolunteerId", say["这个岗位只需要{0}人，已经排满。", needed]);
        var a = new VolunteerAssignment { OpportunityId = o.o.Id, VolunteerId = v.Id, AssignedAtUtc = clock.GetUtcNow().UtcDateTime };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(a);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(v.Id), o.CommunityId, $"安排到岗位：{o.o.Title}", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerAssignment>.Ok(a);
    }

    /// <summary>A shift done: the hours of its assigned volunteer credited, confirmed (a second credit replaces the first).</summary>
    public async Task<Outcome<VolunteerHours>> CreditShiftAsync(UserArea area, long assignmentId, HoursBook.Form f, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var row = await db.Set<VolunteerAssignment>().AsNoTracking()
            .Join(db.Set<VolunteerOpportunity>(), a => a.OpportunityId, o => o.Id, (a, o) => new { a, o })
            .Join(db.Set<VolunteerProject>(), x => x.o.ProjectId, p => p.Id, (x, p) => new { x.a, x.o, p })
            .FirstOrDefaultAsync(x => x.a.Id == assignmentId && EF.Parameter(mine).Contains(x.p.CommunityId), ct);
        if (row is null) return Outcome<VolunteerHours>.Missing;
        var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstAsync(v => v.Id == row.a.VolunteerId, ct);
        var date = f.Date ?? row.o.From ?? Today;
        var h = f.Hours ?? (row.o is { Starts: { } s, Ends: { } e } ? Math.Round((decimal)(e - s).TotalHours, 2) : 0);
        if (h <= 0 || h > 24) return Outcome<VolunteerHours>.Fail("Hours", "服务时长应大于0、不超过24小时（不含路途时间）。");
        if (date > Today) return Outcome<VolunteerHours>.Fail("Date", "服务日期不能晚于今天。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var record = await hours.CreditConfirmedAsync(area, volunteer, date, h, TextElements.Clean(f.Content) ?? $"{row.p.Name}：{row.o.Title}", f.ServedCount ?? 0,
            "opportunity", row.a.Id, ct);
        if (f.Satisfaction is { } sat && sat is >= 1 and <= 5) { record.Satisfaction = sat; await db.SaveChangesAsync(ct); }
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteer.Id), row.p.CommunityId, $"岗位“{row.o.Title}”计入服务时长 {h} 小时", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerHours>.Ok(record);
    }

    /// <summary>A new own link for the volunteer (the old one stops working), e.g. when a phone was lost.</summary>
    public async Task<Outcome<Volunteer>> NewSelfLinkAsync(UserArea area, long id, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var v = await db.Set<Volunteer>().InCommunities(mine).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (v is null) return Outcome<Volunteer>.Missing;
        v.SelfToken = NewToken();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(v.Id), v.CommunityId, $"重新生成志愿者本人申报链接", ct: ct);
        await tx.CommitAsync(ct);
        return Outcome<Volunteer>.Ok(v);
    }

    static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    // ---- IVolunteerDesk: home services dispatch volunteers and credit their hours ----

    public async Task<IReadOnlyList<VolunteerChoice>> ChoicesAsync(UserArea area, long unitId, string? skill, CancellationToken ct)
    {
        var readable = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Read, ct);
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == unitId, ct) ?? throw new UnauthorizedAccessException("没有这个单位。");
        var community = unit.Kind == OrgUnitKind.Community ? unit.Id : unit.Kind == OrgUnitKind.Grid ? unit.ParentId : null;
        if (community is not { } c || !readable.Contains(c)) throw new UnauthorizedAccessException("无权查看这个社区的志愿者。");
        var people = await db.Set<Volunteer>().AsNoTracking().Where(v => v.CommunityId == c && !v.HasLeft).OrderBy(v => v.Id).ToListAsync(ct);
        if (skill is { Length: > 0 }) people = people.Where(v => v.SkillList.Contains(skill)).ToList();
        var ids = people.Select(v => v.Id).ToArray();
        var teams = await db.Set<VolunteerTeamMember>().AsNoTracking().Where(m => EF.Parameter(ids).Contains(m.VolunteerId))
            .Join(db.Set<VolunteerTeam>(), m => m.TeamId, t => t.Id, (m, t) => new { m.VolunteerId, t.Name, t.Id }).ToListAsync(ct);
        return people.Select(v => new VolunteerChoice(v.Id, VolunteerPrivacy.ListedName(v),
            teams.Where(t => t.VolunteerId == v.Id).OrderBy(t => t.Id).Select(t => t.Name).FirstOrDefault(), v.SkillList)).ToList();
    }

    public async Task<long> CreditAsync(UserArea area, VolunteerHoursEntry entry, CancellationToken ct)
    {
        var mine = await ManagedAsync(area, ct);
        var writable = mine.Concat(await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Read, ct)).ToArray();
        var volunteer = await db.Set<Volunteer>().AsNoTracking().InCommunities(writable).FirstOrDefaultAsync(v => v.Id == entry.VolunteerId, ct)
            ?? throw new UnauthorizedAccessException("无权为这位志愿者计入服务时长。");
        if (entry.Hours <= 0 || entry.Hours > 24) throw new ArgumentException("服务时长应大于0、不超过24小时（不含路途时间）。", nameof(entry));
        if (entry.Date > Today) throw new ArgumentException("服务日期不能晚于今天。", nameof(entry));
        var content = TextElements.Clean(entry.Content) ?? throw new ArgumentException("请填写服务内容。", nameof(entry));
        var source = TextElements.Cut(entry.Source, 16, "");
        // The services module may credit inside its own transaction on the same context: then its commit is ours.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var record = await hours.CreditConfirmedAsync(area, volunteer, entry.Date, entry.Hours, content, Math.Max(0, entry.ServedCount), source, entry.SourceId, ct);
        await audit.WriteAsync(db, AuditActions.VolunteerWrite, AuditTarget.Volunteer(volunteer.Id), volunteer.CommunityId,
            $"{source} #{entry.SourceId} 计入服务时长 {entry.Hours} 小时", ct: ct);
        if (own is not null) await own.CommitAsync(ct);
        return record.Id;
    }
}
