using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// The demo's cases: a few hundred over the street's communities, most in 幸福里社区, in every state and clock colour
/// (due dates spread around today), with their history's first rows and the street's tallies. Written in bulk.
/// </summary>
public sealed class CasesDemo : IDemoData
{
    public int Order => 50;

    static readonly (string Kind, string Title, string Content)[] Matters =
    [
        (CaseType.Mediation, "楼上漏水引发邻里纠纷", "楼上卫生间漏水渗到楼下厨房顶，双方对维修费用分担有争议。"),
        (CaseType.Mediation, "停车位占用纠纷", "两户因楼下车位长期被占发生争吵，请求社区调解。"),
        (CaseType.Mediation, "噪音扰民纠纷", "楼上夜间装修噪音影响休息，多次沟通未果。"),
        (CaseType.Grievance, "反映小区物业服务问题", "反映物业公司长期未履行保洁、维修义务，要求督促整改。"),
        (CaseType.Grievance, "反映老旧小区改造进度", "反映改造工程停工，要求说明原因和复工时间。"),
        (CaseType.Help, "独居老人家中断电求助", "老人家中跳闸断电，不会处理，请求上门帮助。"),
        (CaseType.Help, "申请临时救助咨询", "家庭成员突发重病，咨询临时救助的申请办法。"),
        (CaseType.Help, "楼道灯不亮", "3号楼2单元楼道灯坏了多日，老人上下楼不便。"),
        (CaseType.Hotline12345, "12345转办：小区垃圾清运不及时", "市民反映小区垃圾桶满溢，清运不及时。"),
        (CaseType.Hotline12345, "12345转办：路灯损坏", "市民反映小区门口路灯损坏。"),
        (CaseType.Other, "居民建议增设休闲座椅", "建议在小区广场增设几张休闲座椅。"),
    ];

    static string DemoNeighbour(Random random) => "王李张刘陈杨赵黄周吴"[random.Next(10)] + "某某";

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var random = demo.Random;
        var calendar = new WorkCalendar(WorkCalendars.Shipped);
        var zone = TimeZoneInfo.Local;
        var types = CaseType.Presets.ToDictionary(t => t.Code);
        var communities = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).OrderBy(o => o.Id).ToListAsync(ct);
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Grid).Select(o => new { o.Id, o.ParentId }).ToListAsync(ct);
        var cadre = demo.UserIds.GetValueOrDefault("cadre");
        var lead = demo.UserIds.GetValueOrDefault("lead");
        var social = demo.UserIds.GetValueOrDefault("social");
        var hotline = demo.UserIds.GetValueOrDefault("hotline");
        var cadreGrid = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == cadre).Select(a => a.OrgUnitId).FirstOrDefaultAsync(ct);
        var cases = new List<Case>();
        var nowUtc = demo.Today.ToDateTime(new TimeOnly(10, 0));
        nowUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Unspecified), zone);
        foreach (var (community, index) in communities.Select((c, i) => (c, i)))
        {
            var count = index == 0 ? 300 : 40;
            var gridIds = grids.Where(g => g.ParentId == community.Id).Select(g => g.Id).ToList();
            if (gridIds.Count == 0) continue;
            // Every grid has its cases (the cadre's own among them): up to 200 residents of each to draw from.
            var residents = new List<(long Id, string Name, long GridId, long? HouseholdId, string? PhoneMasked)>();
            foreach (var gid in gridIds)
                residents.AddRange((await db.Residents.AsNoTracking().Where(r => r.GridId == gid && r.HouseholdId != null).OrderBy(r => r.Id).Take(200)
                    .Select(r => new { r.Id, r.Name, r.GridId, r.HouseholdId, r.PhoneMasked }).ToListAsync(ct)).Select(r => (r.Id, r.Name, r.GridId, r.HouseholdId, r.PhoneMasked)));
            var code = community.Code.Split('-').Last();
            for (var n = 1; n <= count && residents.Count > 0; n++)
            {
                var r = residents[random.Next(residents.Count)];
                var (kind, title, content) = Matters[random.Next(Matters.Length)];
                var type = types[kind];
                var created = nowUtc.AddDays(-random.Next(0, 75)).AddHours(-random.Next(0, 8));
                var state = (random.Next(100), (nowUtc - created).TotalDays) switch
                {
                    (_, < 1) => CaseState.Registered,
                    (< 12, _) => CaseState.Registered,
                    (< 22, _) => CaseState.Accepted,
                    (< 52, _) => CaseState.Handling,
                    (< 64, _) => CaseState.Answered,
                    (< 72, _) => CaseState.FollowedUp,
                    (< 94, _) => CaseState.Archived,
                    (< 97, _) => kind == CaseType.Mediation ? CaseState.Terminated : CaseState.Archived,
                    _ => CaseState.Merged,
                };
                // Open cases are recent enough that most clocks still run green or yellow; a share has gone red.
                if (state is CaseState.Registered or CaseState.Accepted or CaseState.Handling)
                    created = nowUtc.AddDays(-random.Next(0, kind is CaseType.Mediation or CaseType.Grievance ? 50 : state == CaseState.Registered ? 3 : 9)).AddHours(-random.Next(0, 8));
                var owner = index == 0 && r.GridId == cadreGrid && kind is CaseType.Help or CaseType.Mediation ? cadre : kind == CaseType.Grievance ? lead : random.Next(3) == 0 ? lead : social;
                var phone = r.PhoneMasked;
                var c = new Case
                {
                    Reference = $"{code}-{TimeZoneInfo.ConvertTimeFromUtc(created, zone).Year}-{n:D6}", Kind = kind, CommunityId = community.Id, GridId = r.GridId,
                    ResidentId = r.Id, HouseholdId = r.HouseholdId, CallerName = r.Name, CallerPhoneMasked = phone,
                    PhoneSuffix = phone is { Length: >= 4 } && phone[^4..].All(char.IsAsciiDigit) ? phone[^4..] : null,
                    Channel = kind == CaseType.Hotline12345 ? "12345" : random.Next(2) == 0 ? "热线" : "来访", Title = title, Content = content,
                    ExternalNumber = kind == CaseType.Hotline12345 ? $"GD{created:yyyyMMdd}{random.Next(1000, 9999)}" : null, Designated = kind == CaseType.Hotline12345 && random.Next(2) == 0,
                    State = state, CreatedById = random.Next(2) == 0 ? hotline : owner, OwnerId = state == CaseState.Registered && random.Next(2) == 0 ? null : owner, CreatedAt = created,
                    Escalated = state is CaseState.Handling or CaseState.Accepted && random.Next(10) == 0,
                };
                if (c.Escalated) c.EscalatedAt = created.AddDays(2);
                CaseClock.Start(c, type, CaseStage.Accept, created, calendar, zone, [], []);
                if (state != CaseState.Registered)
                {
                    c.AcceptedAt = created.AddHours(random.Next(2, 30));
                    CaseClock.Start(c, type, CaseStage.Handle, type.HandleFromRegistration ? created : c.AcceptedAt.Value, calendar, zone, [], []);
                }
                if (state is CaseState.Answered or CaseState.FollowedUp or CaseState.Archived or CaseState.Terminated or CaseState.Merged)
                {
                    var end = c.AcceptedAt!.Value.AddDays(random.Next(1, 20));
                    if (end > nowUtc) end = nowUtc.AddHours(-1);
                    c.AnsweredAt = state is CaseState.Terminated or CaseState.Merged ? null : end;
                    c.Answer = state is CaseState.Terminated or CaseState.Merged ? null : kind == CaseType.Mediation ? "经调解，双方达成一致。" : "已办理完毕并答复当事人。";
                    c.AgreementReached = kind == CaseType.Mediation ? state != CaseState.Terminated : null;
                    c.AgreementText = c.AgreementReached == true ? "一、维修费用由双方各承担一半；二、七日内完成维修。" : null;
                    c.ClosedAt = state is CaseState.Archived or CaseState.Terminated or CaseState.Merged ? end.AddDays(3) < nowUtc ? end.AddDays(3) : end : null;
                    c.FollowUpSolved = state is CaseState.FollowedUp or CaseState.Archived ? state == CaseState.Archived || random.Next(3) > 0 : null;
                    CaseClock.Stop(c);
                }
                if (state == CaseState.Handling && random.Next(15) == 0) c.PausedSince = nowUtc.AddDays(-1);
                cases.Add(c);
            }
        }
        await BulkWriter.InsertAsync(db, cases, ct);
        // A duplicate points at an earlier case of its community.
        var merged = cases.Where(c => c.State == CaseState.Merged)
            .Select(c => (c.Id, Original: cases.FirstOrDefault(o => o.CommunityId == c.CommunityId && o.Id < c.Id && o.State != CaseState.Merged)?.Id))
            .Where(x => x.Original is not null).Select(x => (x.Id, (object?)x.Original)).ToList();
        await BulkWriter.UpdateAsync<Case>(db, nameof(Case.DuplicateOfId), merged, ct);
        var events = cases.Select(c => new CaseEvent { CaseId = c.Id, At = c.CreatedAt, ActorName = "刘敏", Action = CaseActions.Open, ToState = CaseState.Registered, Note = $"来源：{c.Channel}" })
            .Concat(cases.Where(c => c.AcceptedAt is not null).Select(c => new CaseEvent { CaseId = c.Id, At = c.AcceptedAt!.Value, ActorName = "承办人", Action = CaseActions.Accept, FromState = CaseState.Registered, ToState = CaseState.Accepted }))
            .ToList();
        await BulkWriter.InsertAsync(db, events, ct);
        // Mediation has two sides: the caller, and a neighbour of the same grid.
        var parties = cases.Where(c => c.Kind == CaseType.Mediation).SelectMany(c => new[]
        {
            new CaseParty { CaseId = c.Id, Side = "甲方", ResidentId = c.ResidentId, Name = c.CallerName },
            new CaseParty { CaseId = c.Id, Side = "乙方", Name = DemoNeighbour(random), Note = "邻居" },
        }).ToList();
        await BulkWriter.InsertAsync(db, parties, ct);
        var pauses = cases.Where(c => c.PausedSince is not null).Select(c => new CasePause { CaseId = c.Id, Stage = c.ClockStage!.Value, From = c.PausedSince!.Value, Reason = "等待当事人提供材料" }).ToList();
        await BulkWriter.InsertAsync(db, pauses, ct);
        var tallies = cases.GroupBy(c => (c.CommunityId, c.Kind, State: c.State.ToString())).Select(g => new CaseTally { CommunityId = g.Key.CommunityId, Kind = g.Key.Kind, State = g.Key.State, Count = g.Count() })
            .Concat(cases.Where(c => c.Escalated && c.IsOpen).GroupBy(c => (c.CommunityId, c.Kind)).Select(g => new CaseTally { CommunityId = g.Key.CommunityId, Kind = g.Key.Kind, State = "Escalated", Count = g.Count() }))
            .ToList();
        await BulkWriter.InsertAsync(db, tallies, ct);
        await BulkWriter.InsertAsync(db, cases.Select(CaseDue.Of).OfType<CaseDue>().ToList(), ct);
    }
}
