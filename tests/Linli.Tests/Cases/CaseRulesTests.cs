using System.Net.Http.Json;
using System.Net;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Cases;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Cases;

/// <summary>One demo app per engine for the whole class: the tests open their own cases and do not disturb each other.</summary>
public sealed class CaseRulesApps : IAsyncLifetime
{
    readonly Dictionary<string, LinliApp> apps = [];

    /// <summary>xunit runs one class's tests one after another, so no lock is needed.</summary>
    public async Task<LinliApp> ForAsync(string engine)
    {
        if (!apps.TryGetValue(engine, out var app)) apps[engine] = app = await LinliApp.StartWithDemoAsync(engine);
        return app;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values) await app.DisposeAsync();
    }
}

/// <summary>
/// The rules of issue 13 the workflow test does not walk: 转派, 退单, 终止调解 with its parties and agreement, 复查/复核,
/// 信访 延期 by request and approval, the 12345 ledger, and the four prints — on both engines.
/// </summary>
public class CaseRulesTests(CaseRulesApps apps) : IClassFixture<CaseRulesApps>
{
    async Task<CaseKit> KitAsync(string engine) => new(await apps.ForAsync(engine));

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AReassignedCaseStaysInSightOfItsEarlierOwnerButAGrievanceStaysWithItsHandlers(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var cadre = await kit.AreaAsync(Roles.GridCadre);
        var grid = await kit.GridAsync("第三居民组");
        var next = (await new CaseLists(kit.Db, TimeProvider.System).HandlersAsync(grid, default)).First(h => h.Id != cadre.UserId && h.Id != lead.UserId);
        var resident = await kit.ResidentInAsync(grid);

        var other = await kit.OpenAsync(lead, new() { Kind = CaseType.Other, ResidentId = resident, Title = "楼道堆物", Content = "三楼楼道堆放杂物", OwnerId = cadre.UserId });
        var handed = await kit.ActAsync(cadre, other.Id, new() { Action = CaseActions.Dispatch, OwnerId = next.Id, Note = "转社工跟进" });
        Assert.Equal(next.Id, handed.OwnerId);
        var cadreClient = await kit.App.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.OK, (await cadreClient.GetAsync($"/api/v1/cases/{other.Id}")).StatusCode);
        Assert.Contains("楼道堆物", await cadreClient.GetStringAsync($"/Cases/{other.Id}"));
        // Sight, not the pen: the earlier owner takes no step on it any more.
        Assert.Contains("只有", await kit.RefusedAsync(cadre, other.Id, new() { Action = CaseActions.Accept }));
        Assert.Contains("只有", await kit.RefusedAsync(cadre, other.Id, new() { Action = CaseActions.Dispatch, OwnerId = cadre.UserId }));

        var grievance = await kit.OpenAsync(lead, new() { Kind = CaseType.Grievance, ResidentId = resident, Title = "反映停车", Content = "小区停车位分配不公", OwnerId = cadre.UserId });
        await kit.ActAsync(cadre, grievance.Id, new() { Action = CaseActions.Dispatch, OwnerId = next.Id });
        Assert.Equal(HttpStatusCode.NotFound, (await cadreClient.GetAsync($"/api/v1/cases/{grievance.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadreClient.GetAsync($"/Cases/{grievance.Id}")).StatusCode);
        Assert.True(await kit.Db.AuditEntries.AnyAsync(a => a.TargetKind == "case" && a.TargetId == other.Id && a.Detail!.Contains("转派")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task A12345OrderIsReturnedOnlyWithAReasonAndOnlyBeforeItIsDesignated(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var grid = await kit.GridAsync("第二居民组");
        var designated = await kit.OpenAsync(lead, new() { Kind = CaseType.Hotline12345, GridId = grid, CallerName = "市民", Channel = "12345", ExternalNumber = "GD2026-0001", Designated = true, Title = "噪音扰民", Content = "夜间装修" });
        Assert.Contains("已指定", await kit.RefusedAsync(lead, designated.Id, new() { Action = CaseActions.Withdraw, Note = "非本社区辖区" }));
        Assert.Equal(CaseState.Registered, (await kit.FreshAsync(designated.Id)).State);
        await kit.ActAsync(lead, designated.Id, new() { Action = CaseActions.Accept });
        Assert.Contains("未在册", await kit.RefusedAsync(lead, designated.Id, new() { Action = CaseActions.Visit, Note = "上门" }));

        var order = await kit.OpenAsync(lead, new() { Kind = CaseType.Hotline12345, GridId = grid, CallerName = "市民", Channel = "12345", ExternalNumber = "GD2026-0002", Title = "路灯不亮", Content = "市政道路路灯" });
        Assert.Contains("请填写退单理由", await kit.RefusedAsync(lead, order.Id, new() { Action = CaseActions.Withdraw }));
        var returned = await kit.ActAsync(lead, order.Id, new() { Action = CaseActions.Withdraw, Note = "市政道路路灯归城管部门" });
        Assert.Equal(CaseState.Withdrawn, returned.State);
        Assert.Null(returned.ClockStage);
        Assert.True(await kit.Db.Set<CaseEvent>().AnyAsync(e => e.CaseId == order.Id && e.Action == CaseActions.Withdraw && e.Note!.Contains("城管")));

        var help = await kit.OpenAsync(lead, new() { Kind = CaseType.Help, GridId = grid, CallerName = "过路人", Title = "求助", Content = "问路" });
        Assert.Contains("只有12345", await kit.RefusedAsync(lead, help.Id, new() { Action = CaseActions.Withdraw, Note = "不是工单" }));

        // The 12345 ledger in its columns, with this order in it.
        var client = await kit.App.LoggedInClientAsync(Roles.CommunityLead);
        var response = await client.GetAsync("/api/v1/cases/ledgers/12345");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["序号", "工单号", "本社区编号", "受理时间", "来电人", "诉求", "承办人", "办理期限", "状态", "答复", "回访结果"], rows[0].Values.Select(v => v?.ToString() ?? "").ToArray());
        var row = Assert.Single(rows, r => r["B"]?.ToString() == "GD2026-0002");
        Assert.Equal(order.Reference, row["C"]?.ToString());
        Assert.Equal("市政道路路灯", row["F"]?.ToString());
        Assert.Equal(CaseClock.StateWord(CaseState.Withdrawn), row["I"]?.ToString());
        Assert.DoesNotContain(rows.Skip(1), r => r["C"]?.ToString() == help.Reference);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AMediationKeepsItsPartiesAndAgreementAndEndsByTermination(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var grid = await kit.GridAsync("第三居民组");
        var resident = await kit.ResidentInAsync(grid);
        Assert.Contains("对方当事人", string.Join(" ", (await kit.Workflow.OpenAsync(lead, new() { Kind = CaseType.Mediation, ResidentId = resident, Title = "漏水", Content = "楼上漏水" }, default))!.Errors.Values));

        var settled = await kit.OpenAsync(lead, new() { Kind = CaseType.Mediation, ResidentId = resident, Title = "楼上漏水纠纷", Content = "卫生间漏水到楼下", OtherParties = "王某 502室住户\n李某" });
        var parties = await kit.Db.Set<CaseParty>().Where(p => p.CaseId == settled.Id).OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(["甲方", "乙方", "乙方"], parties.Select(p => p.Side).ToArray());
        Assert.Equal(resident, parties[0].ResidentId);
        Assert.Equal("王某", parties[1].Name);
        Assert.Equal("502室住户", parties[1].Note);
        Assert.Equal("李某", parties[2].Name);
        var accepted = await kit.ActAsync(lead, settled.Id, new() { Action = CaseActions.Accept });
        // 人民调解: one month from acceptance, the last day rolled past a rest day.
        Assert.InRange((accepted.DueAt!.Value - accepted.AcceptedAt!.Value).TotalDays, 29, 34);
        Assert.Contains("请填写协议内容", await kit.RefusedAsync(lead, settled.Id, new() { Action = CaseActions.Answer, Note = "双方协商一致", Agreement = true }));
        // The mediator goes to the door: the visit is kept by the visits module, the case names it.
        Assert.Contains("请填写走访情况", await kit.RefusedAsync(lead, settled.Id, new() { Action = CaseActions.Visit }));
        var visited = await kit.ActAsync(lead, settled.Id, new() { Action = CaseActions.Visit, Note = "上门查看漏水点" });
        Assert.Equal(CaseState.Handling, visited.State);
        Assert.True(await kit.Db.Set<CaseEvent>().AnyAsync(e => e.CaseId == settled.Id && e.Action == CaseActions.Visit && e.Note!.Contains("走访记录 #")));
        var answered = await kit.ActAsync(lead, settled.Id, new() { Action = CaseActions.Answer, Note = "双方协商一致", Agreement = true, AgreementText = "王某负责维修防水层，赔偿李某500元。" });
        Assert.True(answered.AgreementReached);
        Assert.Contains("防水层", answered.AgreementText);

        var failed = await kit.OpenAsync(lead, new() { Kind = CaseType.Mediation, ResidentId = resident, Title = "噪音纠纷", Content = "夜间噪音", OtherParties = "赵某" });
        await kit.ActAsync(lead, failed.Id, new() { Action = CaseActions.Accept });
        // The month went by without the parties agreeing to extend: the clock stands as it would 31 days on (moved back
        // in the database, the running clock's row with it), red.
        var month = TimeSpan.FromDays(31);
        var running = await kit.FreshAsync(failed.Id);
        var (start, dueAt, yellowAt) = (running.ClockStart!.Value - month, running.DueAt!.Value - month, running.YellowAt!.Value - month);
        await kit.Db.Set<Case>().Where(c => c.Id == failed.Id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.ClockStart, start).SetProperty(c => c.DueAt, dueAt).SetProperty(c => c.YellowAt, yellowAt));
        await kit.Db.Set<CaseDue>().Where(d => d.CaseId == failed.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.DueAt, dueAt));
        Assert.Equal(ClockColour.Red, CaseClock.Colour(await kit.FreshAsync(failed.Id), DateTime.UtcNow));
        Assert.Contains("请填写终止的理由", await kit.RefusedAsync(lead, failed.Id, new() { Action = CaseActions.Terminate }));
        var ended = await kit.ActAsync(lead, failed.Id, new() { Action = CaseActions.Terminate, Note = "一方不同意延长调解期限" });
        Assert.Equal(CaseState.Terminated, ended.State);
        Assert.False(ended.AgreementReached);
        Assert.Null(ended.ClockStage);
        Assert.NotNull(ended.DueAt);   // the deadline it was judged by stays
        Assert.Equal(["甲方", "乙方"], await kit.Db.Set<CaseParty>().Where(p => p.CaseId == failed.Id).OrderBy(p => p.Id).Select(p => p.Side).ToArrayAsync());
        // The 信访调解记录 shows both: agreement and its text, termination with no agreement, each with its parties.
        var ledger = await (await kit.App.LoggedInClientAsync(Roles.CommunityLead)).GetAsync("/api/v1/cases/ledgers/mediation");
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        await using var file = new MemoryStream(await ledger.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["序号", "编号", "纠纷类别", "受理时间", "调解人员", "有无调解协议", "纠纷概况", "当事人概况", "调处结果", "跟踪反馈"], rows[0].Values.Select(v => v?.ToString() ?? "").ToArray());
        var endedRow = Assert.Single(rows, r => r["B"]?.ToString() == failed.Reference);
        Assert.Equal("无", endedRow["F"]?.ToString());
        Assert.Contains("乙方：赵某", endedRow["H"]?.ToString());
        Assert.Equal("终止调解", endedRow["I"]?.ToString());
        var settledRow = Assert.Single(rows, r => r["B"]?.ToString() == settled.Reference);
        Assert.Equal("有", settledRow["F"]?.ToString());
        Assert.Contains("乙方：王某（502室住户）", settledRow["H"]?.ToString());
        var help = await kit.OpenAsync(lead, new() { Kind = CaseType.Help, ResidentId = resident, Title = "求助", Content = "买药" });
        Assert.Contains("只有矛盾纠纷调解", await kit.RefusedAsync(lead, help.Id, new() { Action = CaseActions.Terminate, Note = "不办了" }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AGrievanceIsReviewedThenReexaminedAndThenNoMore(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var grid = await kit.GridAsync("第五居民组");
        var resident = await kit.ResidentInAsync(grid);
        var g = await kit.OpenAsync(lead, new() { Kind = CaseType.Grievance, ResidentId = resident, Title = "反映补贴", Content = "补贴未发放" });
        Assert.Contains("不能复查/复核申请", await kit.RefusedAsync(lead, g.Id, new() { Action = CaseActions.Review, Note = "不服" }));
        await kit.ActAsync(lead, g.Id, new() { Action = CaseActions.Accept });
        await kit.ActAsync(lead, g.Id, new() { Action = CaseActions.Answer, Note = "经核实已补发。依据：相关补贴办法。" });
        Assert.Contains("请填写申请的内容", await kit.RefusedAsync(lead, g.Id, new() { Action = CaseActions.Review }));
        var reviewed = await kit.ActAsync(lead, g.Id, new() { Action = CaseActions.Review, Note = "申请人不服处理意见，请求复查" });
        Assert.Equal("复查", reviewed.Review);
        Assert.InRange((reviewed.ReviewDueAt!.Value - DateTime.UtcNow).TotalDays, 29, 34);
        var again = await kit.ActAsync(lead, g.Id, new() { Action = CaseActions.Review, Note = "不服复查意见，请求复核" });
        Assert.Equal("复核", again.Review);
        Assert.Contains("最终意见", await kit.RefusedAsync(lead, g.Id, new() { Action = CaseActions.Review, Note = "再申请" }));
        Assert.Equal(2, await kit.Db.Set<CaseEvent>().CountAsync(e => e.CaseId == g.Id && e.Action == CaseActions.Review));
        var help = await kit.OpenAsync(lead, new() { Kind = CaseType.Help, ResidentId = resident, Title = "求助", Content = "修门" });
        await kit.ActAsync(lead, help.Id, new() { Action = CaseActions.Accept });
        await kit.ActAsync(lead, help.Id, new() { Action = CaseActions.Answer, Note = "已修" });
        Assert.Contains("只有信访件", await kit.RefusedAsync(lead, help.Id, new() { Action = CaseActions.Review, Note = "复查" }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AGrievanceIsExtendedOnlyWhenTheHeadApprovesTheHandlersRequest(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var grid = await kit.GridAsync("第三居民组");
        var handler = await kit.AreaAsync(Roles.SocialWorker);
        var g = await kit.OpenAsync(lead, new() { Kind = CaseType.Grievance, ResidentId = await kit.ResidentInAsync(grid), Title = "反映违建", Content = "楼顶搭建", OwnerId = handler.UserId });
        await kit.ActAsync(handler, g.Id, new() { Action = CaseActions.Accept });
        var due = (await kit.FreshAsync(g.Id)).DueAt;
        Assert.Contains("申请延期", await kit.RefusedAsync(lead, g.Id, new() { Action = CaseActions.Extend, Amount = 10, Note = "直接延" }));
        Assert.Contains("最多延期30天", await kit.RefusedAsync(handler, g.Id, new() { Action = CaseActions.RequestExtension, Amount = 31, Note = "需城管认定" }));
        Assert.Contains("请填写延期理由", await kit.RefusedAsync(handler, g.Id, new() { Action = CaseActions.RequestExtension, Amount = 10 }));
        await kit.ActAsync(handler, g.Id, new() { Action = CaseActions.RequestExtension, Amount = 10, Note = "需城管认定" });
        Assert.Equal(due, (await kit.FreshAsync(g.Id)).DueAt);   // asked, not granted
        Assert.True(await kit.Db.Set<CaseNotice>().AnyAsync(n => n.CaseId == g.Id && n.UserId == lead.UserId && n.Text.Contains("待审批")));
        Assert.Contains("等待审批", await kit.RefusedAsync(handler, g.Id, new() { Action = CaseActions.RequestExtension, Amount = 5, Note = "再申请" }));
        Assert.Contains("只有社区负责人", await kit.RefusedAsync(handler, g.Id, new() { Action = CaseActions.ApproveExtension }));
        Assert.Contains("请填写不批准的理由", await kit.RefusedAsync(lead, g.Id, new() { Action = CaseActions.RefuseExtension }));
        await kit.ActAsync(lead, g.Id, new() { Action = CaseActions.RefuseExtension, Note = "期限内可办完" });
        Assert.Equal(due, (await kit.FreshAsync(g.Id)).DueAt);
        Assert.True(await kit.Db.Set<CaseNotice>().AnyAsync(n => n.CaseId == g.Id && n.UserId == handler.UserId && n.Text.Contains("未获批准")));

        await kit.ActAsync(handler, g.Id, new() { Action = CaseActions.RequestExtension, Amount = 10, Note = "城管认定尚未出具" });
        var page = await (await kit.App.LoggedInClientAsync(Roles.CommunityLead)).GetStringAsync($"/Cases/{g.Id}");
        Assert.Contains("城管认定尚未出具", page);
        Assert.Contains(CaseActions.ApproveExtension, page);
        var approved = await kit.ActAsync(lead, g.Id, new() { Action = CaseActions.ApproveExtension });
        // 信访 60 日 from acceptance, 10 more: counted on the unrolled limit, only the final last day rolled (art 85).
        Assert.Equal(await kit.RolledLastDayAsync(approved.ClockStart!.Value, 60 + 10), kit.LastDayOf(approved.DueAt!.Value));
        Assert.True(approved.DueAt > due);
        Assert.Equal(10, approved.ExtendedBy);
        var extension = await kit.Db.Set<CaseExtension>().SingleAsync(e => e.CaseId == g.Id);
        Assert.Equal(lead.UserId, extension.ApproverId);
        Assert.Equal(2, await kit.Db.Set<CaseExtensionRequest>().CountAsync(r => r.CaseId == g.Id && r.Approved != null));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheFourPrintsOpenForThoseWhoMayAndGiveNoGrievanceToThoseWithout(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var grid = await kit.GridAsync("第三居民组");
        var resident = await kit.ResidentInAsync(grid);
        var mediation = await kit.OpenAsync(lead, new() { Kind = CaseType.Mediation, ResidentId = resident, Title = "相邻纠纷", Content = "空调外机噪音", OtherParties = "钱某" });
        await kit.ActAsync(lead, mediation.Id, new() { Action = CaseActions.Accept });
        await kit.ActAsync(lead, mediation.Id, new() { Action = CaseActions.Answer, Note = "调解成功", Agreement = true, AgreementText = "钱某移装外机。" });
        await kit.ActAsync(lead, mediation.Id, new() { Action = CaseActions.FollowUp, Solved = true, Note = "已移装" });
        var grievance = await kit.OpenAsync(lead, new() { Kind = CaseType.Grievance, ResidentId = resident, Title = "反映物业费", Content = "物业费上涨未公示" });
        await kit.ActAsync(lead, grievance.Id, new() { Action = CaseActions.Accept });
        await kit.ActAsync(lead, grievance.Id, new() { Action = CaseActions.Answer, Note = "已责成物业公示" });
        await kit.ActAsync(lead, grievance.Id, new() { Action = CaseActions.FollowUp, Solved = true, Note = "物业已在楼道公示" });
        var elsewhere = await kit.OpenAsync(lead, new() { Kind = CaseType.Help, ResidentId = await kit.ResidentInAsync(await kit.GridAsync("第一居民组")), Title = "求助", Content = "换灯泡" });

        var client = await kit.App.LoggedInClientAsync(Roles.CommunityLead);
        foreach (var form in new[] { "sheet", "agreement", "followup" })
        {
            var page = await client.GetAsync($"/Cases/{mediation.Id}/Print?form={form}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(PrintModel.Forms[form], await page.Content.ReadAsStringAsync());
        }
        Assert.Contains("钱某移装外机", await client.GetStringAsync($"/Cases/{mediation.Id}/Print?form=agreement"));
        var opinion = await client.GetStringAsync($"/Cases/{grievance.Id}/Print?form=opinion");
        Assert.Contains("信访事项处理意见书", opinion);
        Assert.Contains("已责成物业公示", opinion);

        var cadre = await kit.App.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync($"/Cases/{mediation.Id}/Print?form=agreement")).StatusCode);
        foreach (var form in PrintModel.Forms.Keys)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/Cases/{elsewhere.Id}/Print?form={form}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/Cases/{grievance.Id}/Print?form={form}")).StatusCode);
        }
        var street = await kit.App.LoggedInClientAsync(Roles.StreetOfficer);
        var sheet = await street.GetAsync($"/Cases/{grievance.Id}/Print?form=sheet");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var text = await sheet.Content.ReadAsStringAsync();
        Assert.DoesNotContain("物业费上涨", text);
        Assert.DoesNotContain("已责成物业公示", text);
        Assert.Equal(HttpStatusCode.NotFound, (await street.GetAsync($"/Cases/{grievance.Id}/Print?form=opinion")).StatusCode);
        var followUp = await street.GetStringAsync($"/Cases/{grievance.Id}/Print?form=followup");
        Assert.Contains("回访记录", followUp);
        Assert.DoesNotContain("物业已在楼道公示", followUp);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ACallerNotInTheRegistryKeepsAnEncryptedNumberThatHandlersRevealForAReason(string engine)
    {
        await using var kit = await KitAsync(engine);
        var hotline = await kit.AreaAsync(Roles.HotlineOperator);
        var cadre = await kit.AreaAsync(Roles.GridCadre);
        var grid = await kit.GridAsync("第三居民组");
        var c = await kit.OpenAsync(hotline, new() { Kind = CaseType.Help, GridId = grid, CallerName = "租户陈女士", CallerPhone = "139-1234-8765", Title = "楼道灯坏", Content = "租住的楼道灯不亮", OwnerId = cadre.UserId });
        var stored = await kit.FreshAsync(c.Id);
        Assert.Equal("139****8765", stored.CallerPhoneMasked);
        Assert.NotNull(stored.CallerPhoneCipher);
        Assert.DoesNotContain("13912348765", System.Text.Encoding.UTF8.GetString(stored.CallerPhoneCipher));
        Assert.True(stored.NeedsRegistration);

        var owner = await kit.App.LoggedInClientAsync(Roles.GridCadre);
        var page = await owner.GetStringAsync($"/Cases/{c.Id}");
        Assert.Contains("139****8765", page);
        Assert.DoesNotContain("13912348765", page);
        Assert.Contains("RevealPhone", page);
        async Task<string> RevealAsync(HttpClient client, string reason) =>
            await (await client.PostAsync($"/Cases/{c.Id}?handler=RevealPhone", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["reason"] = reason, ["__RequestVerificationToken"] = await LinliApp.AntiforgeryTokenAsync(client, $"/Cases/{c.Id}"),
            }))).Content.ReadAsStringAsync();
        Assert.Contains("请说明查看的理由", await RevealAsync(owner, " "));
        Assert.Contains("13912348765", await RevealAsync(owner, "回电联系"));
        Assert.True(await kit.Db.AuditEntries.AnyAsync(a => a.Action == "reveal" && a.TargetKind == "case" && a.TargetId == c.Id && a.Detail!.Contains("回电联系")));
        // The street sees the case for supervision, not the number; no reveal form is offered to it.
        var street = await kit.App.LoggedInClientAsync(Roles.StreetOfficer);
        var seen = await street.GetStringAsync($"/Cases/{c.Id}");
        Assert.DoesNotContain("RevealPhone", seen);
        Assert.DoesNotContain("13912348765", await RevealAsync(street, "回电联系"));
        // The old caller page now leads to the help line, with its search.
        var operatorClient = await kit.App.LoggedInClientAsync(Roles.HotlineOperator);
        var moved = await operatorClient.GetAsync("/Registry/Caller?q=" + Uri.EscapeDataString("3号楼"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("/Hotline?q=" + Uri.EscapeDataString("3号楼"), moved.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheOfficeChangesATypesLimitsNewCasesTakeThemOpenCasesKeepTheirs(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var grid = await kit.GridAsync("第二居民组");
        var before = await kit.OpenAsync(lead, new() { Kind = CaseType.Other, GridId = grid, CallerName = "居民", Title = "旧时限", Content = "按原设置" });
        await kit.ActAsync(lead, before.Id, new() { Action = CaseActions.Accept });
        var street = await kit.App.LoggedInClientAsync(Roles.StreetOfficer);
        var refused = await street.PutAsJsonAsync("/api/v1/cases/types/grievance", new { acceptAmount = 15, acceptUnit = "Days", handleAmount = 90, handleUnit = "Days", maxExtension = 30, acceptYellowPercent = 34, handleYellowPercent = 25, streetAcceptYellowPercent = 50, streetHandleYellowPercent = 40 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("信访工作条例", await refused.Content.ReadAsStringAsync());
        var cadre = await kit.App.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PutAsJsonAsync("/api/v1/cases/types/other", new { acceptAmount = 1 })).StatusCode);
        var noStreetLine = await street.PutAsJsonAsync("/api/v1/cases/types/other", new { acceptAmount = 1, acceptUnit = "WorkingDays", handleAmount = 60, handleUnit = "Days", maxExtension = 10, acceptYellowPercent = 50, handleYellowPercent = 30 });
        Assert.Equal(HttpStatusCode.BadRequest, noStreetLine.StatusCode);
        Assert.Contains("上报街道后的受理预警线应为1%到99%", await noStreetLine.Content.ReadAsStringAsync());
        var saved = await street.PutAsJsonAsync("/api/v1/cases/types/other", new { acceptAmount = 1, acceptUnit = "WorkingDays", handleAmount = 60, handleUnit = "Days", maxExtension = 10, acceptYellowPercent = 50, handleYellowPercent = 30, streetAcceptYellowPercent = 70, streetHandleYellowPercent = 60 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        try
        {
            Assert.True(await kit.Db.AuditEntries.AnyAsync(a => a.Action == "case-write" && a.Detail!.Contains("修改事件类型“其他”")));
            var settings = await street.GetStringAsync("/Cases/Types");
            Assert.Contains("已登记的事件保持登记时的时限", settings);
            Assert.Contains("上报街道后办理预警线", settings);
            Assert.Contains("上报街道后预警70%/60%", (await kit.Db.AuditEntries.Where(a => a.Detail!.Contains("修改事件类型“其他”")).OrderBy(a => a.Id).LastAsync()).Detail);
            var after = await kit.OpenAsync(lead, new() { Kind = CaseType.Other, GridId = grid, CallerName = "居民", Title = "新时限", Content = "按新设置" });
            var accepted = await kit.ActAsync(lead, after.Id, new() { Action = CaseActions.Accept });
            Assert.InRange((accepted.DueAt!.Value - accepted.AcceptedAt!.Value).TotalDays, 59, 63);   // 60 日
            // The open case keeps its 10 working days, even when its clock is worked out again (a pause and resume).
            await kit.ActAsync(lead, before.Id, new() { Action = CaseActions.Pause, Note = "等材料" });
            var resumed = await kit.ActAsync(lead, before.Id, new() { Action = CaseActions.Resume });
            Assert.InRange((resumed.DueAt!.Value - resumed.AcceptedAt!.Value).TotalDays, 12, 20);
        }
        finally
        {
            // Back to the preset: the other tests of the class open 其他 cases on the same app.
            var preset = CaseType.Presets.Single(t => t.Code == CaseType.Other);
            await street.PutAsJsonAsync("/api/v1/cases/types/other", new
            {
                preset.AcceptAmount, acceptUnit = preset.AcceptUnit.ToString(), preset.HandleAmount, handleUnit = preset.HandleUnit.ToString(), preset.MaxExtension,
                preset.AcceptYellowPercent, preset.HandleYellowPercent, preset.StreetAcceptYellowPercent, preset.StreetHandleYellowPercent,
            });
        }
    }

    sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }

    /// <summary>The colour a row of the person's list shows at <paramref name="at"/>, and the clock filter (SQL) that holds it.</summary>
    static async Task<(ClockColour Row, ClockColour Filter)> ColourAtAsync(CaseKit kit, UserArea who, long resident, long caseId, DateTime at)
    {
        var lists = new CaseLists(kit.Db, new FixedClock(at));
        var row = (await lists.ListAsync(who, new CaseLists.Filter("community", Resident: resident), default)).Single(r => r.Id == caseId);
        var filter = ClockColour.None;
        foreach (var colour in new[] { ClockColour.Green, ClockColour.Yellow, ClockColour.Red })
            if (await lists.Filtered(who, new CaseLists.Filter("community", Resident: resident, Clock: colour), at).AnyAsync(c => c.Id == caseId))
            {
                Assert.Equal(ClockColour.None, filter);   // in one list only
                filter = colour;
            }
        return (row.Colour, filter);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheClockTurnsYellowAtTheTypesLineForTheStageAndLevelAndRedAtTheDeadline(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var resident = await kit.ResidentInAsync(await kit.GridAsync("第六居民组"));
        var type = CaseType.Presets.Single(t => t.Code == CaseType.Other);   // community 34 % / 30 %, street 50 % / 40 %
        var opened = await kit.OpenAsync(lead, new() { Kind = CaseType.Other, ResidentId = resident, Title = "井盖松动", Content = "单元门口井盖松动" });
        async Task ExpectLineAsync(long id, int percent)
        {
            var c = await kit.FreshAsync(id);
            var line = c.DueAt!.Value - TimeSpan.FromTicks((c.DueAt.Value - c.ClockStart!.Value).Ticks * percent / 100);
            Assert.InRange(c.YellowAt!.Value, line.AddMilliseconds(-1), line.AddMilliseconds(1));
            var second = TimeSpan.FromSeconds(1);
            Assert.Equal((ClockColour.Green, ClockColour.Green), await ColourAtAsync(kit, lead, resident, id, c.YellowAt.Value - second));
            Assert.Equal((ClockColour.Yellow, ClockColour.Yellow), await ColourAtAsync(kit, lead, resident, id, c.YellowAt.Value + second));
            Assert.Equal((ClockColour.Yellow, ClockColour.Yellow), await ColourAtAsync(kit, lead, resident, id, c.DueAt.Value - second));
            Assert.Equal((ClockColour.Red, ClockColour.Red), await ColourAtAsync(kit, lead, resident, id, c.DueAt.Value));
        }
        // 社区级: the community's lines, acceptance then handling.
        await ExpectLineAsync(opened.Id, type.AcceptYellowPercent);
        var communityAcceptLine = (await kit.FreshAsync(opened.Id)).YellowAt!.Value;
        // 街道级: escalated, the same deadline warns earlier by the street's line.
        await kit.ActAsync(lead, opened.Id, new() { Action = CaseActions.Escalate, Note = "涉及市政设施，请街道协调" });
        await ExpectLineAsync(opened.Id, type.StreetAcceptYellowPercent);
        var escalated = await kit.FreshAsync(opened.Id);
        Assert.True(escalated.YellowAt < communityAcceptLine);
        Assert.Equal((ClockColour.Yellow, ClockColour.Yellow), await ColourAtAsync(kit, lead, resident, opened.Id, communityAcceptLine.AddSeconds(-1)));
        await kit.ActAsync(lead, opened.Id, new() { Action = CaseActions.Accept });
        await ExpectLineAsync(opened.Id, type.StreetHandleYellowPercent);

        var handled = await kit.OpenAsync(lead, new() { Kind = CaseType.Other, ResidentId = resident, Title = "路灯不亮", Content = "楼前路灯不亮" });
        await kit.ActAsync(lead, handled.Id, new() { Action = CaseActions.Accept });
        await ExpectLineAsync(handled.Id, type.HandleYellowPercent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheStreetsOverdueNumbersComeFromTheRunningClocksAndAgreeWithARecount(string engine)
    {
        await using var kit = await KitAsync(engine);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var street = await kit.AreaAsync(Roles.StreetOfficer);
        var grid = await kit.GridAsync("第七居民组");
        var resident = await kit.ResidentInAsync(grid);
        // Steps that start, move, pause and stop clocks.
        var a = await kit.OpenAsync(lead, new() { Kind = CaseType.Help, ResidentId = resident, Title = "求助", Content = "代购药品" });
        await kit.ActAsync(lead, a.Id, new() { Action = CaseActions.Accept });
        await kit.ActAsync(lead, a.Id, new() { Action = CaseActions.Pause, Note = "等家属回电" });
        var b = await kit.OpenAsync(lead, new() { Kind = CaseType.Other, ResidentId = resident, Title = "咨询", Content = "医保办理" });
        await kit.ActAsync(lead, b.Id, new() { Action = CaseActions.Accept });
        await kit.ActAsync(lead, b.Id, new() { Action = CaseActions.Extend, Amount = 2, Note = "等材料" });
        await kit.ActAsync(lead, b.Id, new() { Action = CaseActions.Pause, Note = "等材料" });
        await kit.ActAsync(lead, b.Id, new() { Action = CaseActions.Resume });
        var c = await kit.OpenAsync(lead, new() { Kind = CaseType.Help, ResidentId = resident, Title = "求助", Content = "换锁" });
        await kit.ActAsync(lead, c.Id, new() { Action = CaseActions.Accept });
        await kit.ActAsync(lead, c.Id, new() { Action = CaseActions.Answer, Note = "已换锁" });

        await using var db = kit.App.Database.Target.CreateContext();
        var running = await db.Set<Case>().AsNoTracking().Where(x => x.ClockStage != null && x.PausedSince == null)
            .Select(x => new { x.Id, x.CommunityId, x.DueAt }).OrderBy(x => x.Id).ToListAsync();
        var kept = await db.Set<CaseDue>().AsNoTracking().Select(x => new { Id = x.CaseId, x.CommunityId, DueAt = (DateTime?)x.DueAt }).OrderBy(x => x.Id).ToListAsync();
        Assert.Equal(running, kept);
        Assert.DoesNotContain(kept, x => x.Id == a.Id || x.Id == c.Id);
        Assert.Contains(kept, x => x.Id == b.Id);

        var now = DateTime.UtcNow;
        foreach (var at in new[] { now, now.AddDays(3), now.AddDays(40) })
        {
            var overview = await new CaseLists(kit.Db, new FixedClock(at)).SupervisionAsync(street, default);
            Assert.NotEmpty(overview);
            foreach (var row in overview)
            {
                var recount = await db.Set<Case>().LongCountAsync(x => x.CommunityId == row.CommunityId && x.ClockStage != null && x.PausedSince == null && x.DueAt <= at);
                Assert.Equal(recount, row.Overdue);
            }
        }
        Assert.True((await new CaseLists(kit.Db, new FixedClock(now.AddDays(40))).SupervisionAsync(street, default)).Sum(r => r.Overdue) > 0);
    }
}
