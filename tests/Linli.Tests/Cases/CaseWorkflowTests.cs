using System.Net;
using System.Net.Http.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Cases;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Cases;

/// <summary>The workflow of issue 13 on the demo street, both engines: each step by rule, its history and audit, scope and grievance privacy.</summary>
public class CaseWorkflowTests
{
    static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AHelpRequestGoesFromTheHotlineToTheCadreAndIsReopenedOnlyWhenTheFollowUpSaysUnsolved(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await using var kit = new CaseKit(app);
        var hotline = await kit.AreaAsync(Roles.HotlineOperator);
        var cadre = await kit.AreaAsync(Roles.GridCadre);
        var grid = await kit.GridAsync("幸福里社区", "第三居民组");
        var resident = await kit.ResidentInAsync(grid);

        var opened = await kit.Workflow.OpenAsync(hotline, new CaseWorkflow.OpenForm { Kind = CaseType.Help, ResidentId = resident, Title = "家中断电", Content = "老人家中跳闸", OwnerId = cadre.UserId }, default);
        Assert.True(opened!.Ok, string.Join(" ", opened.Errors.Values));
        var id = opened.Case!.Id;
        Assert.Matches(@"^XFL-\d{4}-\d{6}$", opened.Case.Reference);
        Assert.Equal(cadre.UserId, opened.Case.OwnerId);
        Assert.True(await kit.Db.Set<CaseNotice>().AnyAsync(n => n.UserId == cadre.UserId && n.CaseId == id));

        await kit.ActAsync(cadre, id, new() { Action = CaseActions.Accept });
        var paused = await kit.ActAsync(cadre, id, new() { Action = CaseActions.Pause, Note = "等老人子女回来" });
        Assert.NotNull(paused.PausedSince);
        await kit.ActAsync(cadre, id, new() { Action = CaseActions.Resume });
        Assert.Contains("只有社区负责人", await kit.RefusedAsync(cadre, id, new() { Action = CaseActions.Extend, Amount = 2, Note = "等配件" }));
        Assert.Contains("只有回访未解决", await kit.RefusedAsync(hotline, id, new() { Action = CaseActions.Reopen }));
        await kit.ActAsync(cadre, id, new() { Action = CaseActions.Answer, Note = "已上门合闸，检查线路" });
        Assert.Contains("只有回访未解决", await kit.RefusedAsync(hotline, id, new() { Action = CaseActions.Reopen }));
        await kit.ActAsync(hotline, id, new() { Action = CaseActions.FollowUp, Solved = false, Note = "又跳闸了" });
        var reopened = await kit.ActAsync(hotline, id, new() { Action = CaseActions.Reopen, Note = "请查线路" });
        Assert.Equal(CaseState.Handling, reopened.State);
        Assert.Equal(CaseStage.Handle, reopened.ClockStage);
        await kit.ActAsync(cadre, id, new() { Action = CaseActions.Answer, Note = "更换了空气开关" });
        await kit.ActAsync(hotline, id, new() { Action = CaseActions.FollowUp, Solved = true });
        Assert.Contains("只有回访未解决", await kit.RefusedAsync(hotline, id, new() { Action = CaseActions.Reopen }));
        var archived = await kit.ActAsync(cadre, id, new() { Action = CaseActions.Archive });
        Assert.Equal(CaseState.Archived, archived.State);

        var history = await kit.Db.Set<CaseEvent>().CountAsync(e => e.CaseId == id);
        var audits = await kit.Db.AuditEntries.CountAsync(a => a.TargetKind == "case" && a.TargetId == id && a.Action == "case-write");
        Assert.Equal(history, audits);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task PauseAndExtensionMoveTheDeadlineEscalationReachesTheStreetAndADuplicateJoinsItsOriginal(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await using var kit = new CaseKit(app);
        var lead = await kit.AreaAsync(Roles.CommunityLead);
        var street = await kit.AreaAsync(Roles.StreetOfficer);
        var grid = await kit.GridAsync("幸福里社区", "第五居民组");
        var resident = await kit.ResidentInAsync(grid);
        var original = (await kit.Workflow.OpenAsync(lead, new() { Kind = CaseType.Grievance, ResidentId = resident, Title = "反映物业", Content = "物业长期不修电梯" }, default))!.Case!;
        await kit.ActAsync(lead, original.Id, new() { Action = CaseActions.Accept });
        var before = (await kit.Db.Set<Case>().AsNoTracking().SingleAsync(c => c.Id == original.Id)).DueAt!.Value;
        // 信访: the handler asks, the head approves (here the lead is both).
        await kit.ActAsync(lead, original.Id, new() { Action = CaseActions.RequestExtension, Amount = 30, Note = "需协调房管部门" });
        var extended = await kit.ActAsync(lead, original.Id, new() { Action = CaseActions.ApproveExtension });
        // 30 日 more; the new last day rolled past a rest day when it falls on one (民事诉讼法 art 85).
        Assert.Equal(await kit.RolledLastDayAsync(extended.ClockStart!.Value, 60 + 30), kit.LastDayOf(extended.DueAt!.Value));
        Assert.True(extended.DueAt > before);
        Assert.Contains("最多延期30天", await kit.RefusedAsync(lead, original.Id, new() { Action = CaseActions.RequestExtension, Amount = 1, Note = "再延" }));

        var tally = () => kit.Db.Set<CaseTally>().AsNoTracking().Where(t => t.State == "Escalated").SumAsync(t => t.Count);
        var escalatedBefore = await tally();
        await kit.ActAsync(lead, original.Id, new() { Action = CaseActions.Escalate, Note = "涉及多部门" });
        Assert.Equal(escalatedBefore + 1, await tally());
        var lists = new CaseLists(kit.Db, TimeProvider.System);
        var supervised = await lists.ListAsync(street, new CaseLists.Filter("street"), default);
        var row = Assert.Single(supervised, r => r.Id == original.Id);
        Assert.Equal(CaseScope.Withheld, row.Title);   // the street presses on it without reading the grievance

        var duplicate = (await kit.Workflow.OpenAsync(lead, new() { Kind = CaseType.Grievance, ResidentId = resident, Title = "又反映物业", Content = "电梯还是坏的" }, default))!.Case!;
        var linked = await kit.ActAsync(lead, duplicate.Id, new() { Action = CaseActions.Link, Original = original.Reference });
        Assert.Equal(CaseState.Merged, linked.State);
        Assert.Null(linked.ClockStage);
        await kit.ActAsync(lead, duplicate.Id, new() { Action = CaseActions.Note, Note = "来电补充：三号梯" });
        Assert.True(await kit.Db.Set<CaseEvent>().AnyAsync(e => e.CaseId == original.Id && e.Note!.Contains("三号梯")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task GrievancesAreSeenOnlyByHandlersAndLeadsAndListedByPersonOnlyForTheirHandlers(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var grid = 0L;
        long resident, grievance, help, elsewhere;
        await using (var kit = new CaseKit(app))
        {
            var social = await kit.AreaAsync(Roles.SocialWorker);
            grid = await kit.GridAsync("幸福里社区", "第三居民组");
            resident = await kit.ResidentInAsync(grid);
            grievance = (await kit.Workflow.OpenAsync(social, new() { Kind = CaseType.Grievance, ResidentId = resident, Title = "反映噪音", Content = "夜间施工" }, default))!.Case!.Id;
            help = (await kit.Workflow.OpenAsync(social, new() { Kind = CaseType.Help, ResidentId = resident, Title = "求助买药", Content = "腿脚不便" }, default))!.Case!.Id;
            var other = await kit.ResidentInAsync(await kit.GridAsync("幸福里社区", "第一居民组"));
            elsewhere = (await kit.Workflow.OpenAsync(social, new() { Kind = CaseType.Help, ResidentId = other, Title = "求助修门", Content = "门锁坏了" }, default))!.Case!.Id;
        }
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/api/v1/cases/{grievance}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync($"/api/v1/cases/{help}")).StatusCode);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var seen = await street.GetFromJsonAsync<CasesApi.CaseDto>($"/api/v1/cases/{grievance}", Json);
        Assert.Null(seen!.Content);
        Assert.DoesNotContain("夜间施工", await street.GetStringAsync($"/Cases/{grievance}"));
        // No one but its handlers finds a person's grievance by the person: not the lead, not the street.
        foreach (var role in new[] { Roles.CommunityLead, Roles.StreetOfficer, Roles.GridCadre })
        {
            var list = await (await app.LoggedInClientAsync(role)).GetFromJsonAsync<List<CasesApi.CaseRow>>($"/api/v1/cases?view=community&resident={resident}&all=true", Json);
            Assert.DoesNotContain(list!, r => r.Id == grievance);
        }
        var handler = await app.LoggedInClientAsync(Roles.SocialWorker);
        var own = await handler.GetFromJsonAsync<List<CasesApi.CaseRow>>($"/api/v1/cases?view=mine&resident={resident}&all=true", Json);
        Assert.Contains(own!, r => r.Id == grievance);
        // The lead reads the content; the read is audited.
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        Assert.Contains("夜间施工", await lead.GetStringAsync($"/Cases/{grievance}"));
        await using var db = app.Database.Target.CreateContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "case-read" && a.TargetId == grievance));
        // A cadre of another grid: 404 even for a help request.
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/api/v1/cases/{elsewhere}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/Cases/{elsewhere}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ACallerAsksTheStatusWithTheReferenceAndPhoneSuffixAndLearnsOnlyStateAndDates(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var hotline = await app.LoggedInClientAsync(Roles.HotlineOperator);
        long grid;
        await using (var db = app.Database.Target.CreateContext())
        {
            var c = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            grid = (await db.OrgUnits.SingleAsync(o => o.ParentId == c.Id && o.Name == "第二居民组")).Id;
        }
        var response = await hotline.PostAsJsonAsync("/api/v1/cases", new { kind = "help", gridId = grid, callerName = "过路人", callerPhone = "13912345678", title = "路边有人摔倒", content = "请社区协助" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = await response.Content.ReadFromJsonAsync<CasesApi.CaseDto>(Json);
        var anonymous = app.Client();
        var status = await anonymous.GetStringAsync($"/api/v1/cases/status?reference={dto!.Reference}&phone=5678");
        Assert.Contains("Registered", status);
        Assert.DoesNotContain("过路人", status);
        Assert.DoesNotContain("摔倒", status);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/cases/status?reference={dto.Reference}&phone=0000")).StatusCode);
        await using var db2 = app.Database.Target.CreateContext();
        Assert.True((await db2.Set<Case>().SingleAsync(c => c.Id == dto.Id)).NeedsRegistration);
    }
}
