using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// The demo's party branch: 幸福里社区党支部 with a group per resident group, the residents whose 政治面貌 is 中共党员 as its
/// members (about 7% of adults) plus a few living elsewhere, this year's meetings with their attendance (a few periods
/// missing, so the branch page shows red), and one self-inspection with a dozen problems in every state, some overdue.
/// </summary>
public sealed class PartyDemo : IDemoData
{
    public int Order => 60;

    static readonly string[] Absences = ["请假（外出）", "请假（生病）", "工作冲突", "在外地", null!, null!];
    static readonly string[] Topics =
    [
        "学习贯彻党的二十届四中全会精神", "学习《中国共产党章程》", "开展“我为群众办实事”实践活动", "学习《中国共产党纪律处分条例》",
        "社区环境整治志愿服务", "老旧小区改造居民意见收集", "重温入党誓词", "学习习近平新时代中国特色社会主义思想专题",
        "防范电信诈骗宣传", "走访慰问困难党员", "讨论发展党员工作", "学习身边先进典型",
    ];

    /// <summary>(rule key, member?, problem, goal, measures, source).</summary>
    static readonly (string Rule, bool Member, string Problem, string Goal, string Measures, string Source)[] Problems =
    [
        ("准则·坚定理想信念", false, "班子理论学习以读文件为主，2025年集中学习12次中有7次未开展研讨交流，学用结合不紧。", "理论学习有研讨、有体会、有转化", "每次集中学习安排2人重点发言；每季度形成一篇调研报告", "自己查摆"),
        ("准则·保持党同人民群众的血肉联系", false, "班子成员入户走访不够，2025年下半年第五、第六居民组有31户半年以上无人走访。", "每户每半年至少走访1次", "按网格分包到班子成员；每月通报走访覆盖情况", "征求意见"),
        ("准则·严格党的组织生活制度", false, "“三会一课”执行不严，2025年8月支委会未召开，第三季度党课未按时讲授。", "会议按规定频次召开、记录完整", "制定年度组织生活计划表；书记每季度讲党课1次", "巡察反馈"),
        ("准则·坚持民主集中制原则", false, "部分社区事务（如公共收益使用）会前酝酿不充分，2025年两次议事会未提前征求居民代表意见。", "重大事项会前充分征求意见", "落实“四议两公开”；议题提前3天告知居民代表", "群众反映"),
        ("准则·开展批评和自我批评", true, "在组织生活会上开展批评时“点名道姓”少，提意见多为工作建议，辣味不足。", "批评直指问题、见人见事", "会前开展谈心谈话不少于3人次；批评意见逐条记录并反馈", "相互批评"),
        ("纪律·工作纪律", true, "对群众反映的楼道堆物问题答复不及时，2025年10月一件求助超过时限5个工作日才回复。", "群众诉求按时限答复", "建立个人诉求台账，每周五清理；超期件在支委会上说明", "群众反映"),
        ("纪律·廉洁纪律", false, "社区公共收益支出公示不够细，2025年上半年两笔维修支出未列明明细。", "收支公示到项到笔", "每季度公示收支明细；居务监督委员会审核后张贴", "巡察反馈"),
        ("四个合格·政治合格", true, "对意识形态工作重视不够，社区宣传栏内容更新不及时，最长4个月未更新。", "宣传阵地每月更新", "指定专人负责，每月第一周更新宣传栏", "自己查摆"),
        ("四个合格·个人担当作为", true, "分管的垃圾分类工作推进慢，第二居民组投放准确率长期低于全社区平均水平。", "准确率达到全社区平均水平以上", "组织党员志愿者定时定点值守；每月公布各组准确率", "谈心谈话"),
        ("四个合格·组织生活", false, "流动党员管理薄弱，有3名流动党员超过半年未参加组织生活。", "流动党员每季度至少参加1次组织生活", "建立流动党员联系人制度；线上参加主题党日", "自己查摆"),
        ("准则·发扬党内民主和保障党员权利", false, "党员对支部工作的知情渠道少，党务公开仅在年底进行一次。", "党务按季度公开", "每季度在党员微信群和公开栏公开党务", "征求意见"),
        ("四个合格·圈子文化", true, "与个别居民骨干交往过密，安排志愿服务岗位时有“熟人优先”的反映。", "岗位安排公开透明", "志愿服务岗位公开招募、按报名顺序安排", "谈心谈话"),
    ];

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var rng = demo.Random;
        var today = demo.Today;
        var community = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Kind == OrgUnitKind.Community && o.Name == "幸福里社区", ct);
        if (community is null) return;
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == community.Id && o.Kind == OrgUnitKind.Grid).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct);
        var lead = demo.UserIds.GetValueOrDefault("lead");
        var party = demo.UserIds.GetValueOrDefault("party");
        var names = await db.Users.AsNoTracking().Where(u => u.Id == lead || u.Id == party).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var branch = new PartyBranch { CommunityId = community.Id, Name = "幸福里社区党支部", FoundedOn = new DateOnly(1998, 7, 1) };
        db.Add(branch);
        await db.SaveChangesAsync(ct);
        var groups = grids.Select((g, i) => new PartyGroup { CommunityId = community.Id, BranchId = branch.Id, Name = g.Name.Replace("居民组", "") + "党小组", SortOrder = i }).ToList();
        db.AddRange(groups);
        await db.SaveChangesAsync(ct);
        var groupOfGrid = grids.Select((g, i) => (g.Id, groups[i].Id)).ToDictionary(x => x.Item1, x => x.Item2);

        var gridIds = grids.Select(g => g.Id).ToList();
        var residents = await db.Residents.AsNoTracking()
            .Where(r => gridIds.Contains(r.GridId) && r.Status == ResidentStatus.Active && (r.PoliticalStatus == "中共党员" || r.PoliticalStatus == "中共预备党员"))
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Name, r.Gender, r.BirthDate, r.GridId }).ToListAsync(ct);
        var members = new List<PartyMember>();
        foreach (var r in residents)
        {
            var born = r.BirthDate ?? today.AddYears(-50);
            var age = today.Year - born.Year;
            var probationary = rng.Next(100) < 3 && age < 45;
            var joined = probationary ? today.AddDays(-rng.Next(30, 330)) : born.AddYears(rng.Next(20, Math.Max(21, Math.Min(age, 55)))).AddDays(rng.Next(0, 365));
            if (joined > today) joined = today.AddDays(-400);
            var movedIn = rng.Next(100) < 20 ? joined.AddYears(rng.Next(1, 10)) : (DateOnly?)null;
            members.Add(new PartyMember
            {
                CommunityId = community.Id, BranchId = branch.Id, GroupId = groupOfGrid[r.GridId], ResidentId = r.Id, Name = r.Name, Gender = RegistryText.Of(r.Gender),
                BirthDate = r.BirthDate, JoinedOn = joined, FullOn = probationary ? null : joined.AddYears(1), Category = probationary ? MemberCategory.Probationary : MemberCategory.Full,
                RelationInOn = movedIn is { } mi && mi < today ? mi : null, RelationFrom = movedIn is { } m2 && m2 < today ? "原工作单位党组织" : null,
            });
        }
        // Members whose 组织关系 is here and who live elsewhere.
        foreach (var (name, gender, i) in new[] { ("周建国", "男", 0), ("吴玉兰", "女", 1), ("郑海涛", "男", 2), ("孙慧敏", "女", 3), ("马立新", "男", 4) })
            members.Add(new PartyMember
            {
                CommunityId = community.Id, BranchId = branch.Id, GroupId = groups[i % groups.Count].Id, Name = name, Gender = gender, BirthDate = new DateOnly(1960 + i * 4, 3 + i, 10),
                JoinedOn = new DateOnly(1985 + i * 5, 7, 1), FullOn = new DateOnly(1986 + i * 5, 7, 1), Address = "城关街道外（组织关系在本社区）",
            });
        // Two whose 组织关系 went out this year: kept, not counted.
        foreach (var m in members.Where(m => m.Category == MemberCategory.Full).Skip(40).Take(2))
        {
            m.RelationOutOn = today.AddDays(-rng.Next(20, 200));
            m.RelationTo = "外区街道党工委";
        }
        // The committee: five members of working age.
        var committeePosts = new[] { "支部书记", "副书记", "组织委员", "宣传委员", "纪检委员" };
        var committee = members.Where(m => m.ResidentId != null && m.RelationOutOn == null && m.Category == MemberCategory.Full && m.BirthDate is { } b && today.Year - b.Year is >= 35 and <= 58).Take(committeePosts.Length).ToList();
        for (var i = 0; i < committee.Count; i++) { committee[i].IsCommittee = true; committee[i].Posts = committeePosts[i]; }
        await BulkWriter.InsertAsync(db, members, ct);
        var active = members.Where(m => m.RelationOutOn == null).ToList();

        // This year's meetings, with a few periods left missing so the branch page shows them.
        var meetings = new List<(BranchMeeting Meeting, List<PartyMember> Expected)>();
        void Meet(MeetingKind kind, DateOnly date, long? group, List<PartyMember> expected, string topic)
        {
            if (date > today) return;
            meetings.Add((new BranchMeeting
            {
                CommunityId = community.Id, BranchId = branch.Id, GroupId = group, Kind = kind, Date = date, Topic = topic, Place = "社区党群服务中心",
                Host = kind == MeetingKind.GroupMeeting ? null : committee.FirstOrDefault()?.Name, Agenda = "一、学习；二、讨论；三、部署下阶段工作",
                Minutes = kind is MeetingKind.MembersMeeting or MeetingKind.CommitteeMeeting ? $"会议围绕“{topic}”进行了学习讨论，与会人员逐一发言，形成了下阶段工作安排。" : null,
                CreatedById = party == 0 ? lead : party, CreatedAtUtc = DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(10, 0)), DateTimeKind.Utc),
            }, expected));
        }
        var year = today.Year;
        for (var month = 1; month <= today.Month; month++)
        {
            string Topic() => Topics[rng.Next(Topics.Length)];
            if (month != 8) Meet(MeetingKind.CommitteeMeeting, new DateOnly(year, month, 5), null, committee, Topic());
            Meet(MeetingKind.ThemeDay, new DateOnly(year, month, 15), null, active, Topic());
            foreach (var g in groups)
                if (!(month == 6 && g.SortOrder == 2) && !(month == 9 && g.SortOrder == 5))
                    Meet(MeetingKind.GroupMeeting, new DateOnly(year, month, 20 + g.SortOrder % 5), g.Id, active.Where(m => m.GroupId == g.Id).ToList(), Topic());
            if (month % 3 == 1) Meet(MeetingKind.MembersMeeting, new DateOnly(year, month, 25), null, active, "支部党员大会：" + Topic());
            if (month % 3 == 2 && month != 8) Meet(MeetingKind.PartyClass, new DateOnly(year, month, 10), null, active, "书记讲党课：" + Topic());
        }
        Meet(MeetingKind.OrganisationalLife, new DateOnly(year, Math.Min(today.Month, 1), 18), null, active, "上年度组织生活会暨民主评议党员");
        await BulkWriter.InsertAsync(db, meetings.Select(m => m.Meeting).ToList(), ct);
        var attendance = new List<MeetingAttendance>();
        foreach (var (meeting, expected) in meetings)
        {
            // One 支委会 fell short of its quorum; otherwise most attend.
            var shortOfQuorum = meeting.Kind == MeetingKind.CommitteeMeeting && meeting.Date.Month == 3;
            var present = 0;
            foreach (var m in expected)
            {
                var here = shortOfQuorum ? present < 2 : rng.Next(100) < (meeting.Kind == MeetingKind.CommitteeMeeting ? 95 : 82);
                if (here) present++;
                attendance.Add(new MeetingAttendance { MeetingId = meeting.Id, MemberId = m.Id, Present = here, AbsenceReason = here ? null : Absences[rng.Next(Absences.Length)] });
            }
            meeting.Expected = expected.Count;
            meeting.Present = present;
            meeting.QuorumMet = MeetingRhythm.Quorum(meeting.Kind, expected.Count, present).Met;
        }
        await BulkWriter.InsertAsync(db, attendance, ct);
        await BulkWriter.UpdateAsync<BranchMeeting>(db, nameof(BranchMeeting.Expected), meetings.Select(m => (m.Meeting.Id, (object?)m.Meeting.Expected)), ct);
        await BulkWriter.UpdateAsync<BranchMeeting>(db, nameof(BranchMeeting.Present), meetings.Select(m => (m.Meeting.Id, (object?)m.Meeting.Present)), ct);
        await BulkWriter.UpdateAsync<BranchMeeting>(db, nameof(BranchMeeting.QuorumMet), meetings.Select(m => (m.Meeting.Id, (object?)m.Meeting.QuorumMet)), ct);

        // The self-inspection of the year's 民主生活会, a dozen problems in every state.
        if (lead == 0 || party == 0) return;
        var held = new DateOnly(year, 1, 20) <= today ? new DateOnly(year, 1, 20) : today;
        var inspection = new SelfInspection
        {
            CommunityId = community.Id, BranchId = branch.Id, Year = year, Occasion = "民主生活会", Title = $"{year - 1}年度社区党支部班子对照检查", HeldOn = held,
            Opinions = "会前通过座谈会、意见箱和入户走访征求党员群众意见建议46条，归纳为12个方面；书记与班子成员、班子成员之间、班子成员与党员开展谈心谈话38人次。",
            PublishedOn = held.AddDays(10) <= today ? held.AddDays(10) : null, CreatedAtUtc = DateTime.SpecifyKind(held.ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc),
        };
        db.Add(inspection);
        await db.SaveChangesAsync(ct);
        // States: 3 signed off, 3 done awaiting sign-off, 4 in progress (2 overdue), 2 not started (1 overdue).
        var states = new[]
        {
            RectificationProgress.SignedOff, RectificationProgress.SignedOff, RectificationProgress.SignedOff, RectificationProgress.Done, RectificationProgress.Done, RectificationProgress.Done,
            RectificationProgress.InProgress, RectificationProgress.InProgress, RectificationProgress.InProgress, RectificationProgress.InProgress, RectificationProgress.NotStarted, RectificationProgress.NotStarted,
        };
        var overdue = new HashSet<int> { 6, 7, 10 };
        for (var i = 0; i < Problems.Length; i++)
        {
            var p = Problems[i];
            var state = states[i];
            var ownerIsLead = i % 2 == 0;
            var (owner, reviewer) = ownerIsLead ? (lead, party) : (party, lead);
            var subject = p.Member && committee.Count > 0 ? committee[i % committee.Count] : null;
            var deadline = overdue.Contains(i) ? today.AddDays(-rng.Next(5, 40)) : state is RectificationProgress.SignedOff or RectificationProgress.Done ? held.AddMonths(4) : today.AddDays(rng.Next(15, 90));
            var doneOn = state is RectificationProgress.Done or RectificationProgress.SignedOff ? Min(deadline.AddDays(-rng.Next(0, 20)), today) : (DateOnly?)null;
            var r = new Rectification
            {
                CommunityId = community.Id, InspectionId = inspection.Id, Seq = i + 1, MemberId = subject?.Id, Subject = subject?.Name ?? Rectifications.Team, Rule = p.Rule,
                Problem = p.Problem, Source = p.Source, FoundOn = held, Goal = p.Goal, Measures = p.Measures, OwnerId = owner, OwnerName = names[owner],
                ReviewerId = reviewer, ReviewerName = names[reviewer], Unit = "社区党支部", Deadline = deadline, Progress = state,
                Result = state is RectificationProgress.Done or RectificationProgress.SignedOff ? "已按措施完成整改，" + p.Goal + "。" : state == RectificationProgress.InProgress ? "正在按措施推进。" : null,
                Evidence = state is RectificationProgress.Done or RectificationProgress.SignedOff ? "会议记录、工作台账、照片" : null,
                DoneOn = doneOn, SignedOffOn = state == RectificationProgress.SignedOff ? Min(doneOn!.Value.AddDays(7), today) : null,
                SignedOffBy = state == RectificationProgress.SignedOff ? names[reviewer] : null,
            };
            db.Add(r);
            await db.SaveChangesAsync(ct);
            var at = DateTime.SpecifyKind(held.ToDateTime(new TimeOnly(16, 0)), DateTimeKind.Utc);
            db.Add(new RectificationEvent { RectificationId = r.Id, AtUtc = at, UserId = party, UserName = names[party], Action = "查摆", Text = Rectifications.RuleLabel(r.Rule) });
            if (state != RectificationProgress.NotStarted)
                db.Add(new RectificationEvent { RectificationId = r.Id, AtUtc = at.AddDays(20), UserId = owner, UserName = names[owner], Action = "报告进度", Text = "已制定具体方案，正在推进。" });
            if (doneOn is { } d)
                db.Add(new RectificationEvent { RectificationId = r.Id, AtUtc = DateTime.SpecifyKind(d.ToDateTime(new TimeOnly(15, 0)), DateTimeKind.Utc), UserId = owner, UserName = names[owner], Action = "整改完成", Text = r.Result });
            if (r.SignedOffOn is { } so)
                db.Add(new RectificationEvent { RectificationId = r.Id, AtUtc = DateTime.SpecifyKind(so.ToDateTime(new TimeOnly(11, 0)), DateTimeKind.Utc), UserId = reviewer, UserName = names[reviewer], Action = "销号", Text = "复核通过，予以销号" });
        }
        await db.SaveChangesAsync(ct);
    }

    static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
