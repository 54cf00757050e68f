using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Linli.Data;
using Linli.Features;
using Linli.Features.Access;
using Linli.Features.Activities;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Linli.Tests.Activities.ActivityKit;

namespace Linli.Tests.Activities;

/// <summary>Volunteers through the real API on both engines: own hours proposed and confirmed, the time bank, consent in every list and export, certificates.</summary>
public class VolunteersTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AVolunteerProposesTheirOwnHoursAndStaffConfirmThemIntoTheTimeBank(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var resident = await app.SeedAsync(Person("志愿者刘桂芳"));
        var id = await RegisterVolunteerAsync(lead, resident.Id, consent: true, skills: "助老、理发");
        var link = (await VolunteerAsync(lead, id)).GetProperty("selfLink").GetString()!;
        var token = link.Split('/')[^1];

        // The volunteer, on their own phone without an account, proposes three hours; nothing counts yet.
        var phone = app.Client();
        var proposed = await phone.PostAsJsonAsync($"/api/v1/volunteers/self/{token}/hours", new { date = Today.AddDays(-2), hours = 3, content = "为独居老人理发", servedCount = 4 });
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        var hoursId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var record = await VolunteerAsync(lead, id);
        Assert.Equal(0m, record.GetProperty("hours").GetDecimal());
        Assert.Equal("待确认", record.GetProperty("records")[0].GetProperty("state").GetString());
        var waiting = await lead.GetFromJsonAsync<JsonElement>("/api/v1/volunteers/hours/proposed");
        Assert.Contains(waiting.EnumerateArray(), h => h.GetProperty("hoursId").GetInt64() == hoursId);
        // A wrong link finds nothing; travel time makes hours over a day, which are refused with the field named.
        Assert.Equal(HttpStatusCode.NotFound, (await phone.PostAsJsonAsync("/api/v1/volunteers/self/0000/hours", new { date = Today, hours = 1, content = "x" })).StatusCode);
        Assert.Contains("不含路途", await ErrorOf(await phone.PostAsJsonAsync($"/api/v1/volunteers/self/{token}/hours", new { date = Today, hours = 25, content = "x" }), "hours"));

        // Staff confirm, taking half an hour of travel out.
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/v1/volunteers/hours/{hoursId}/confirm", new { hours = 2.5m })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PostAsJsonAsync($"/api/v1/volunteers/hours/{hoursId}/confirm", new { })).StatusCode);
        record = await VolunteerAsync(lead, id);
        Assert.Equal(2.5m, record.GetProperty("hours").GetDecimal());
        Assert.Equal(2.5m, record.GetProperty("timeBankBalance").GetDecimal());

        // A second proposal rejected needs a reason; rejected hours never count.
        var second = await (await phone.PostAsJsonAsync($"/api/v1/volunteers/self/{token}/hours", new { date = Today, hours = 8, content = "巡逻" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("理由", await ErrorOf(await lead.PostAsJsonAsync($"/api/v1/volunteers/hours/{second.GetProperty("id").GetInt64()}/reject", new { }), "reason"));
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/v1/volunteers/hours/{second.GetProperty("id").GetInt64()}/reject", new { reason = "当天无巡逻安排" })).StatusCode);

        // The time bank: no more than the balance is redeemed; what is, shows in the history.
        Assert.Contains("余额", await ErrorOf(await lead.PostAsJsonAsync($"/api/v1/volunteers/{id}/time-bank/redeem", new { hours = 3, note = "上门保洁" }), "hours"));
        Assert.Equal(HttpStatusCode.OK, (await lead.PostAsJsonAsync($"/api/v1/volunteers/{id}/time-bank/redeem", new { hours = 1, note = "上门保洁一次" })).StatusCode);
        record = await VolunteerAsync(lead, id);
        Assert.Equal(1.5m, record.GetProperty("timeBankBalance").GetDecimal());
        Assert.Equal(2.5m, record.GetProperty("hours").GetDecimal());    // redeeming spends the bank, never the service record
        Assert.Equal([-1m, 2.5m], record.GetProperty("timeBank").EnumerateArray().Select(e => e.GetProperty("hours").GetDecimal()));

        // Star level from the confirmed hours (100 / 300 / 600 / 1000 / 1500): none at 2.5 h, the first star at 100.5 h.
        Assert.Equal(0, record.GetProperty("starLevel").GetInt32());
        Assert.Equal(97.5m, record.GetProperty("toNextStar").GetDecimal());
        for (var day = 3; day <= 6; day++) Assert.Equal(HttpStatusCode.OK, (await EnterHoursAsync(lead, id, 24m, "防汛值守", Today.AddDays(-day))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EnterHoursAsync(lead, id, 2m, "防汛值守", Today.AddDays(-7))).StatusCode);
        record = await VolunteerAsync(lead, id);
        Assert.Equal(100.5m, record.GetProperty("hours").GetDecimal());
        Assert.Equal(1, record.GetProperty("starLevel").GetInt32());
        Assert.Equal(199.5m, record.GetProperty("toNextStar").GetDecimal());
        Assert.Equal(99.5m, record.GetProperty("timeBankBalance").GetDecimal());
    }

    [Fact]
    public void StarLevelsFollowTheScale()
    {
        Assert.Equal(0, StarLevels.Of(99.5m, StarLevels.Default));
        Assert.Equal(1, StarLevels.Of(100m, StarLevels.Default));
        Assert.Equal(3, StarLevels.Of(999.99m, StarLevels.Default));
        Assert.Equal(5, StarLevels.Of(2000m, StarLevels.Default));
        Assert.Equal(200m, StarLevels.ToNext(100m, StarLevels.Default));
        Assert.Null(StarLevels.ToNext(1500m, StarLevels.Default));
        Assert.Equal(2, StarLevels.Of(60m, [20m, 50m, 100m]));
        Assert.Throws<ArgumentException>(() => StarLevels.Of(10m, [50m, 20m]));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AVolunteerWithoutConsentIsMaskedInEveryListAndLeftOutOfEveryExport(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var open = await RegisterVolunteerAsync(lead, (await app.SeedAsync(Person("公开吴秀珍"))).Id, consent: true, skills: "陪护");
        var quiet = await RegisterVolunteerAsync(lead, (await app.SeedAsync(Person("保密郑国强"))).Id, consent: false, skills: "陪护");
        var team = await (await lead.PostAsJsonAsync("/api/v1/volunteers/teams", new { name = "测试助老队", leader = "吴秀珍" })).Content.ReadFromJsonAsync<JsonElement>();
        foreach (var v in new[] { open, quiet })
            Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync($"/api/v1/volunteers/{v}",
                new { consentToShare = v == open, skills = "陪护", teamIds = new[] { team.GetProperty("id").GetInt64() } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EnterHoursAsync(lead, quiet, 4)).StatusCode);

        foreach (var client in new[] { lead, cadre })
        {
            var list = await client.GetStringAsync($"/api/v1/volunteers?team={team.GetProperty("id").GetInt64()}");
            Assert.Contains("公开吴秀珍", list);
            Assert.DoesNotContain("保密郑国强", list);
            Assert.Contains("保***强（未同意公开）", list);
        }
        // The record: the office's own file for those who manage it, masked for those who only read.
        Assert.Equal("保密郑国强", (await VolunteerAsync(lead, quiet)).GetProperty("name").GetString());
        Assert.DoesNotContain("保密郑国强", (await VolunteerAsync(cadre, quiet)).GetProperty("name").GetString());

        var csv = Encoding.UTF8.GetString(await lead.GetByteArrayAsync("/api/v1/volunteers/export/national"));
        Assert.StartsWith("\uFEFF姓名,证件类型,证件号码", csv);
        Assert.Contains("公开吴秀珍", csv);
        Assert.DoesNotContain("郑国强", csv);

        // What home services see when dispatching (IVolunteerDesk), and the audit page's names.
        await using var scope = app.Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinliDb>();
        var leadId = await db.Users.Where(u => u.UserName == "lead").Select(u => u.Id).FirstAsync();
        var area = await UserArea.LoadAsync(db, leadId, default);
        var community = await db.OrgUnits.FirstAsync(o => o.Name == "幸福里社区");
        var choices = await scope.ServiceProvider.GetRequiredService<IVolunteerDesk>().ChoicesAsync(area, community.Id, "陪护", default);
        Assert.Contains(choices, c => c.Name == "公开吴秀珍" && c.Team == "测试助老队");
        Assert.DoesNotContain(choices, c => c.Name.Contains("郑国强", StringComparison.Ordinal));
        var names = await new ActivityAuditNames(db).NamesAsync(Linli.Features.Audit.AuditTargets.Volunteer, [quiet], default);
        Assert.DoesNotContain("郑国强", names[quiet]);

        // The registers (志愿者名单 through the ledgers' declarations): the rows a ledger lists, and the values asked for by id.
        var scopeOfLedger = new LedgerScope(area, community.Id, new DateOnly(Today.Year, 1, 1), Today);
        var rows = await scope.ServiceProvider.GetServices<ILedgerRows>().Single(r => r.Subject == ActivityLedgerSubjects.Volunteer).RowIdsAsync(scopeOfLedger, LedgerFilter.None, default);
        Assert.Contains(open, rows);
        Assert.DoesNotContain(quiet, rows);
        var fields = scope.ServiceProvider.GetServices<ILedgerFields>().SelectMany(f => f.Fields).Where(f => f.Subject == ActivityLedgerSubjects.Volunteer).ToList();
        var source = scope.ServiceProvider.GetServices<ILedgerFields>().Single(f => f.Fields.Any(x => x.Subject == ActivityLedgerSubjects.Volunteer));
        var values = await source.ValuesAsync(scopeOfLedger, fields, [open, quiet], default);
        Assert.Equal("公开吴秀珍", values[open][0]);
        Assert.False(values.ContainsKey(quiet));
        // The volunteers' page, as the lead and the cadre see it.
        foreach (var client in new[] { lead, cadre })
        {
            var page = await client.GetStringAsync($"/Volunteers?team={team.GetProperty("id").GetInt64()}");
            Assert.Contains("公开吴秀珍", page);
            Assert.DoesNotContain("保密郑国强", page);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ACertificateIsPostedForSevenDaysBeforeItIsIssuedAndEveryOneIsKept(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var resident = await app.SeedAsync(Person("证明孙丽娟"));
        var id = await RegisterVolunteerAsync(lead, resident.Id, consent: true);
        Assert.Contains("没有已确认", await ErrorOf(await lead.PostAsJsonAsync($"/api/v1/volunteers/{id}/certificates", new { }), "from"));
        Assert.Equal(HttpStatusCode.OK, (await EnterHoursAsync(lead, id, 3.5m, "社区文明劝导")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EnterHoursAsync(lead, id, 2m, "陪同独居老人就医", Today.AddDays(-3))).StatusCode);

        var posted = await (await lead.PostAsJsonAsync($"/api/v1/volunteers/{id}/certificates", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5.5m, posted.GetProperty("hours").GetDecimal());
        Assert.Matches(@"^[A-Z0-9-]+-ZYFW-\d{4}-\d{4}$", posted.GetProperty("number").GetString()!);
        Assert.Contains("社区文明劝导", posted.GetProperty("content").GetString());
        Assert.Equal("幸福里社区居民委员会", posted.GetProperty("issuer").GetString());
        Assert.Contains("*", posted.GetProperty("idMasked").GetString());
        Assert.Equal(Today.AddDays(7), DateOnly.Parse(posted.GetProperty("issuableOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var early = await lead.PostAsync($"/api/v1/volunteers/certificates/{posted.GetProperty("id").GetInt64()}/issue", null);
        Assert.Contains("公示期未满7天", await ErrorOf(early, "activity"));

        // Posted on the board a week ago (recorded now): it may be issued today.
        var week = await (await lead.PostAsJsonAsync($"/api/v1/volunteers/{id}/certificates", new { postedOn = Today.AddDays(-7) })).Content.ReadFromJsonAsync<JsonElement>();
        var issued = await (await lead.PostAsync($"/api/v1/volunteers/certificates/{week.GetProperty("id").GetInt64()}/issue", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Today.ToString("yyyy-MM-dd"), issued.GetProperty("issuedOn").GetString());
        Assert.NotEqual(posted.GetProperty("number").GetString(), week.GetProperty("number").GetString());
        Assert.Equal(2, (await VolunteerAsync(lead, id)).GetProperty("certificates").GetArrayLength());
        Assert.Contains("30天", await ErrorOf(await lead.PostAsJsonAsync($"/api/v1/volunteers/{id}/certificates", new { postedOn = Today.AddDays(-40) }), "postedOn"));

        // Another community's volunteer, their record and their certificates are not found (scope), page and API alike.
        long elsewhere;
        await using (var db = app.Database.Target.CreateContext())
        {
            var other = await db.OrgUnits.FirstAsync(o => o.Name == "和平社区");
            var v = new Volunteer { CommunityId = other.Id, Name = "和平志愿者", ConsentToShare = true, JoinedOn = Today, SelfToken = "scope-test-" + engine };
            db.Add(v);
            await db.SaveChangesAsync();
            elsewhere = v.Id;
        }
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/v1/volunteers/{elsewhere}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/Volunteers/{elsewhere}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostAsJsonAsync($"/api/v1/volunteers/{elsewhere}/certificates", new { })).StatusCode);
        Assert.DoesNotContain("和平志愿者", await lead.GetStringAsync("/api/v1/volunteers"));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ClosingAVolunteerActivityAndAServiceOrderCreditHoursOnceEach(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var resident = await app.SeedAsync(Person("巡逻陈志明"));
        var guest = await app.SeedAsync(Person("参加者何秀兰"));
        var volunteer = await RegisterVolunteerAsync(lead, resident.Id, consent: true);
        var activity = await PlanAsync(lead, "小区治安巡逻", capacity: 10, kind: "志愿服务");
        var served = await SignUpAsync(lead, activity, resident.Id);
        Assert.True(served.GetProperty("asVolunteer").GetBoolean());    // a registered volunteer on a 志愿服务 activity serves
        var participant = await SignUpAsync(lead, activity, guest.Id);
        await lead.PostAsJsonAsync($"/api/v1/activities/{activity}/attendance", new { signupIds = new[] { served.GetProperty("signupId").GetInt64(), participant.GetProperty("signupId").GetInt64() } });
        var closed = await lead.PostAsJsonAsync($"/api/v1/activities/{activity}/close", new { report = "巡逻两小时，发现并上报隐患一处。" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("已结束", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        var record = await VolunteerAsync(lead, volunteer);
        Assert.Equal(2m, record.GetProperty("hours").GetDecimal());
        Assert.Equal("activity", record.GetProperty("records")[0].GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PostAsJsonAsync($"/api/v1/activities/{activity}/close", new { })).StatusCode);

        // Home services credit the same service order twice (corrected): one record, the second replaces the first.
        await using var scope = app.Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinliDb>();
        var area = await UserArea.LoadAsync(db, await db.Users.Where(u => u.UserName == "social").Select(u => u.Id).FirstAsync(), default);
        var desk = scope.ServiceProvider.GetRequiredService<IVolunteerDesk>();
        await desk.CreditAsync(area, new VolunteerHoursEntry(volunteer, Today, 1.5m, "上门助浴", 1, "service-order", 4711), default);
        await desk.CreditAsync(area, new VolunteerHoursEntry(volunteer, Today, 1m, "上门助浴", 1, "service-order", 4711), default);
        record = await VolunteerAsync(lead, volunteer);
        Assert.Equal(3m, record.GetProperty("hours").GetDecimal());
        Assert.Equal(3m, record.GetProperty("timeBankBalance").GetDecimal());
        var cadre = await db.Users.Where(u => u.UserName == "hotline").Select(u => u.Id).FirstAsync();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
            await desk.CreditAsync(await UserArea.LoadAsync(db, cadre, default), new VolunteerHoursEntry(volunteer, Today, 1m, "x", 0, "service-order", 1), default));
    }
}
