using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Cases;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Cases;

/// <summary>Importing a year recomputes the open deadlines computed on its provisional calendar; closed cases keep theirs.</summary>
public class CaseDeadlineRecomputeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ImportingNextYearMovesOpenDeadlinesAuditsEachAndTellsTheOwnerWhoseDeadlineCameEarlier(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await using var scope = app.Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinliDb>();
        var workflow = scope.ServiceProvider.GetRequiredService<CaseWorkflow>();
        var calendars = scope.ServiceProvider.GetRequiredService<WorkCalendars>();
        var lead = await UserArea.LoadAsync(db, (await db.Users.SingleAsync(u => u.UserName == app.Account(Roles.CommunityLead).UserName)).Id, default);
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var grid = await db.OrgUnits.Where(o => o.ParentId == community.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var resident = await db.Residents.Where(r => r.GridId == grid).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        long open = 0, closed = 0;
        foreach (var i in new[] { 0, 1 })
        {
            var c = (await workflow.OpenAsync(lead, new() { Kind = CaseType.Grievance, ResidentId = resident, Title = "反映供暖", Content = $"暖气不热 {i}" }, default))!.Case!;
            var accepted = await workflow.ActAsync(lead, c.Id, new() { Action = CaseActions.Accept }, default);
            Assert.True(accepted!.Ok);
            if (i == 0) open = c.Id; else closed = c.Id;
        }
        // Both handling clocks started on 2026-12-01: 60 日 end on Saturday 2027-01-30, rolled to Monday 2027-02-01 on the provisional 2027.
        var zone = TimeProvider.System.LocalTimeZone;
        var provisional = await calendars.CurrentAsync(db, default);
        Assert.False(provisional.IsOfficial(2027));
        var types = await db.Set<CaseType>().ToDictionaryAsync(t => t.Code);
        foreach (var c in await db.Set<Case>().Where(x => x.Id == open || x.Id == closed).ToListAsync())
        {
            c.ClockStart = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 12, 1, 9, 0, 0), zone);
            CaseClock.Apply(c, types[c.Kind], provisional, zone, [], []);
            Assert.True(c.DueProvisional);
            Assert.Equal(new DateTime(2027, 2, 2), TimeZoneInfo.ConvertTimeFromUtc(c.DueAt!.Value, zone));
            if (c.Id == closed) CaseClock.Stop(c);
        }
        await db.SaveChangesAsync();
        var closedDue = (await db.Set<Case>().AsNoTracking().SingleAsync(x => x.Id == closed)).DueAt;

        // The notice makes Saturday 2027-01-30 a working day (补班): the deadline comes two days earlier.
        await calendars.ImportAsync(db, """{"year":2027,"papers":["测试通知"],"days":[{"name":"春节","date":"2027-01-30","isOffDay":false}]}""", "test", default);

        await using var check = app.Database.Target.CreateContext();
        var moved = await check.Set<Case>().SingleAsync(x => x.Id == open);
        Assert.Equal(new DateTime(2027, 1, 31), TimeZoneInfo.ConvertTimeFromUtc(moved.DueAt!.Value, zone));
        Assert.False(moved.DueProvisional);
        Assert.Equal(closedDue, (await check.Set<Case>().SingleAsync(x => x.Id == closed)).DueAt);
        Assert.True(await check.Set<CaseEvent>().AnyAsync(e => e.CaseId == open && e.Action == CaseActions.Recompute));
        Assert.False(await check.Set<CaseEvent>().AnyAsync(e => e.CaseId == closed && e.Action == CaseActions.Recompute));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.TargetKind == "case" && a.TargetId == open && a.Detail!.Contains("期限重算")));
        Assert.True(await check.Set<CaseNotice>().AnyAsync(n => n.CaseId == open && n.UserId == lead.UserId && n.Text.Contains("提前")));
    }
}

/// <summary>The ledgers the departments want back, as real xlsx files.</summary>
public class CaseLedgerTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task TheLeadExportsTheGrievanceAndMediationRegisterInItsColumnsAndTheExportIsAudited()
    {
        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var response = await lead.GetAsync("/api/v1/cases/ledgers/mediation");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["序号", "编号", "纠纷类别", "受理时间", "调解人员", "有无调解协议", "纠纷概况", "当事人概况", "调处结果", "跟踪反馈"], rows[0].Values.Select(v => v?.ToString() ?? "").ToArray());
        Assert.True(rows.Count > 10);
        Assert.Contains(rows.Skip(1), r => r["C"]?.ToString() == "矛盾纠纷调解" && r["F"]?.ToString() is "有" or "无");
        var orders = await lead.GetAsync("/api/v1/cases/ledgers/12345");
        Assert.Equal(System.Net.HttpStatusCode.OK, orders.StatusCode);
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await cadre.GetAsync("/api/v1/cases/ledgers/mediation")).StatusCode);
        await using var db = demo.App.Database.Target.CreateContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "export" && a.Detail!.Contains("信访调解记录")));
    }
}
