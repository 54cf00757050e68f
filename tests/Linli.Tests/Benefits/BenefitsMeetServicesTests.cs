using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features;
using Linli.Features.Access;
using Linli.Features.Activities;
using Linli.Features.Benefits;
using Linli.Features.Cases;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Features.Services;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Benefits;

/// <summary>One demo server per engine, shared by the tests of <see cref="BenefitsMeetServicesTests"/> (they touch different households).</summary>
public sealed class DemoPerEngine : IAsyncLifetime
{
    readonly Dictionary<string, LinliApp> apps = [];

    /// <summary>The tests of a class run one after another, so the first to ask for an engine starts its server.</summary>
    public async Task<LinliApp> AppAsync(string engine)
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
/// Where benefits and home services reach other modules (issue 14): a granted 特困供养 sets the label the default pricing
/// rule reads, so the resident is served free; an objection to a notice becomes a case in the objector's name; an order
/// dispatched to a volunteer credits their hours when it is done (or, refused, is not done); the ledgers fill the benefit
/// registers from the applications and the registry. Both engines.
/// </summary>
public sealed class BenefitsMeetServicesTests(DemoPerEngine demo) : IClassFixture<DemoPerEngine>
{
    sealed class Kit(LinliApp app) : IAsyncDisposable
    {
        readonly AsyncServiceScope scope = app.Web.Services.CreateAsyncScope();
        public LinliDb Db => scope.ServiceProvider.GetRequiredService<LinliDb>();
        public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
        public async Task<UserArea> AreaAsync(string role) =>
            await UserArea.LoadAsync(Db, (await Db.Users.SingleAsync(u => u.UserName == app.Account(role).UserName)).Id, default);
        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AGrantedTekunIsServedFreeByTheDefaultRuleAndAnObjectionOpensACaseInTheObjectorsName(string engine)
    {
        var app = await demo.AppAsync(engine);
        await using var kit = new Kit(app);
        var social = await app.LoggedInClientAsync(Roles.SocialWorker);
        var socialArea = await kit.AreaAsync(Roles.SocialWorker);

        // A household whose head has neither 低保户 nor 困难户 yet, in a community that keeps the default pricing rules.
        var community = await kit.Db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var rules = await Eligibility.RulesAsync(kit.Db, community.Id, default);
        Assert.Equal(Eligibility.Defaults.Select(r => (r.Name, r.Tier, string.Join(",", r.Tags))), rules.Select(r => (r.Name, r.Tier, string.Join(",", r.Tags))));
        var grid = await kit.Db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第七居民组");
        var needy = new[] { DemoTags.MinimumLivingAllowance.Code, DemoTags.HardshipHousehold.Code };
        var taken = kit.Db.Set<BenefitApplication>().Select(a => a.HouseholdId);
        var h = await kit.Db.Households.Where(x => x.GridId == grid.Id && x.HeadId != null && !taken.Contains(x.Id)
                && kit.Db.Residents.Count(r => r.HouseholdId == x.Id && r.Status == ResidentStatus.Active) >= 2
                && !kit.Db.ResidentTags.Any(rt => rt.ResidentId == x.HeadId && kit.Db.Tags.Any(t => t.Id == rt.TagId && needy.Contains(t.Code))))
            .OrderBy(x => x.Id).Select(x => new { x.Id, Head = x.HeadId!.Value }).FirstAsync();
        var desk = kit.Get<ServiceDesk>();
        Assert.NotEqual(PriceTier.Free, (await desk.QuoteAsync(socialArea, h.Head, default))!.Tier);

        var id = (await BenefitKit.OpenAsync(social, BenefitKind.Tekun, h.Id)).GetProperty("id").GetInt64();
        await BenefitKit.StepAsync(social, id, new { action = "investigate", text = "户主无劳动能力，无收入，无法定赡养人。" });
        await BenefitKit.StepAsync(social, id, new { action = "review", attendees = 9, agreed = 9, amount = 900m });
        await BenefitKit.StepAsync(social, id, new { action = "publish" });

        // An objection at the office, with the objector's name: the grievance case carries it as its caller.
        var objected = await BenefitKit.StepAsync(social, id, new { action = "objection", objectorName = "李秀英", text = "听说这户有门面出租收入，请核实。" });
        var objection = objected.GetProperty("objections")[0];
        var caseReference = objection.GetProperty("caseReference").GetString();
        Assert.NotNull(caseReference);
        var theCase = await kit.Db.Set<Case>().AsNoTracking().SingleAsync(c => c.Reference == caseReference);
        Assert.Equal(("李秀英", CaseType.Grievance, "benefit", (long?)id), (theCase.CallerName, theCase.Kind, theCase.Source, theCase.SourceId));
        // One lodged on the public page without a name: made a case by the office, it is 匿名, never the 走访对象 placeholder.
        var noticeId = await kit.Db.Set<BenefitNotice>().Where(n => n.ApplicationId == id).Select(n => n.Id).SingleAsync();
        var (lodged, error) = await kit.Get<BenefitWorkflow>().LodgeAsync(community.Id, noticeId, "  ", "这户的情况我不清楚，请社区核实。", default);
        Assert.Null(error);
        var anonymous = (await social.GetFromJsonAsync<JsonElement>($"/api/v1/benefits/{id}")).GetProperty("objections").EnumerateArray()
            .Single(o => o.GetProperty("reference").GetString() == lodged).GetProperty("id").GetInt64();
        var asCase = await BenefitKit.StepAsync(social, id, new { action = "objection-case", objectionId = anonymous });
        var anonymousCase = asCase.GetProperty("objections").EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == anonymous).GetProperty("caseReference").GetString();
        Assert.Equal("匿名", await kit.Db.Set<Case>().Where(c => c.Reference == anonymousCase).Select(c => c.CallerName).SingleAsync());

        foreach (var o in new[] { objection.GetProperty("id").GetInt64(), anonymous })
            await BenefitKit.StepAsync(social, id, new { action = "answer", objectionId = o, text = "经核实，门面登记在已分户的亲属名下，不影响本户。" });
        // A corrected notice is a new version; the one the public saw first is kept, marked replaced.
        var corrected = await BenefitKit.StepAsync(social, id, new { action = "publish", text = "更正拟保障金额" });
        var versions = corrected.GetProperty("notices").EnumerateArray().Select(n => (n.GetProperty("version").GetInt32(), n.GetProperty("replaced").GetBoolean())).ToList();
        Assert.Equal([(2, false), (1, true)], versions);
        await BenefitKit.LetNoticeExpireAsync(app, id);
        // Scope: the street does not find the application until it is forwarded to it; the grid's cadre is not let in at all.
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await street.GetAsync($"/api/v1/benefits/{id}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await (await app.LoggedInClientAsync(Roles.GridCadre)).GetAsync($"/api/v1/benefits/{id}")).StatusCode);
        await BenefitKit.StepAsync(social, id, new { action = "forward" });
        await BenefitKit.StepAsync(street, id, new { action = "decide", grant = true, amount = 900m });

        // The grant set the label the default rule reads: the resident is served free, and the order names the rule.
        var quote = (await desk.QuoteAsync(socialArea, h.Head, default))!;
        Assert.Equal((PriceTier.Free, Eligibility.Defaults[0].Name), (quote.Tier, quote.RuleName));
        var meal = await kit.Db.Set<ServiceItem>().Where(s => s.CommunityId == community.Id && s.Name == "助餐").Select(s => s.Id).SingleAsync();
        var placed = await desk.PlaceAsync(socialArea, new ServiceDesk.PlaceForm { ResidentId = h.Head, ServiceItemId = meal }, default);
        Assert.True(placed!.Ok, string.Join(" ", placed.Errors.Values));
        Assert.Equal((PriceTier.Free, 0L), (placed.Order!.Tier, placed.Order.ResidentUnitPrice));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnOrderDispatchedToAVolunteerCostsNothingAndCreditsTheirHoursWhenDone(string engine)
    {
        var app = await demo.AppAsync(engine);
        await using var kit = new Kit(app);
        var social = await kit.AreaAsync(Roles.SocialWorker);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第八居民组").Aged(84));
        var community = await kit.Db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var volunteers = await kit.Get<IVolunteerDesk>().ChoicesAsync(social, community.Id, null, default);
        Assert.NotEmpty(volunteers);
        var volunteer = volunteers[0];
        var hoursBefore = await kit.Db.Set<VolunteerHours>().Where(x => x.VolunteerId == volunteer.VolunteerId && x.State == HoursState.Confirmed).SumAsync(x => x.Hours);

        var desk = kit.Get<ServiceDesk>();
        var shopping = await kit.Db.Set<ServiceItem>().Where(s => s.CommunityId == community.Id && s.Name == "代购").Select(s => s.Id).SingleAsync();
        var placed = await desk.PlaceAsync(social, new ServiceDesk.PlaceForm { ResidentId = elder.Id, ServiceItemId = shopping, Channel = "热线" }, default);
        Assert.True(placed!.Ok, string.Join(" ", placed.Errors.Values));
        var order = placed.Order!;
        Assert.Equal(PriceTier.Reduced, order.Tier);

        var other = await kit.Db.OrgUnits.SingleAsync(o => o.Name == "和平社区");
        if (await kit.Get<IVolunteerDesk>().ChoicesAsync(await kit.AreaAsync(Roles.StreetOfficer), other.Id, null, default) is [var stranger, ..])
        {
            var wrong = await desk.ActAsync(social, order.Id, new() { Action = "dispatch", VolunteerId = stranger.VolunteerId }, default);
            Assert.Contains("请选择本社区的志愿者", wrong!.Errors[nameof(ServiceDesk.ActForm.VolunteerId)]);
        }
        var dispatched = await desk.ActAsync(social, order.Id, new() { Action = "dispatch", VolunteerId = volunteer.VolunteerId }, default);
        Assert.True(dispatched!.Ok, string.Join(" ", dispatched.Errors.Values));
        Assert.Equal((OrderState.Dispatched, volunteer.VolunteerId, volunteer.Name, 0L, 0L),
            (dispatched.Order!.State, dispatched.Order.VolunteerId, dispatched.Order.VolunteerName, dispatched.Order.ResidentUnitPrice, dispatched.Order.StandardUnitPrice));

        var noHours = await desk.ActAsync(social, order.Id, new() { Action = "complete", Confirmed = true }, default);
        Assert.Contains("志愿服务时长", noHours!.Errors[nameof(ServiceDesk.ActForm.Hours)]);
        var done = await desk.ActAsync(social, order.Id, new() { Action = "complete", Confirmed = true, Confirmation = "电话确认", Hours = 1.5m }, default);
        Assert.True(done!.Ok, string.Join(" ", done.Errors.Values));
        Assert.Equal((OrderState.Completed, 0L, 0L, 1.5m), (done.Order!.State, done.Order.ResidentPays, done.Order.SubsidyPays, done.Order.VolunteerHours));

        // The hours are the volunteer's, confirmed, named after the order; the time bank and the total follow.
        await using var db = app.Database.Target.CreateContext();
        var record = await db.Set<VolunteerHours>().SingleAsync(x => x.Source == "service-order" && x.SourceId == order.Id);
        Assert.Equal((volunteer.VolunteerId, 1.5m, HoursState.Confirmed), (record.VolunteerId, record.Hours, record.State));
        Assert.Contains(order.Number, record.Content, StringComparison.Ordinal);
        Assert.Equal(1.5m, await db.Set<TimeBankEntry>().Where(e => e.HoursId == record.Id).SumAsync(e => e.Hours));
        Assert.Equal(hoursBefore + 1.5m, await db.Set<VolunteerHours>().Where(x => x.VolunteerId == volunteer.VolunteerId && x.State == HoursState.Confirmed).SumAsync(x => x.Hours));
    }
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheLedgersFillTheDibaoRosterAndTheTemporaryAidRecordFromTheBenefitsAndTheRegistry(string engine)
    {
        var app = await demo.AppAsync(engine);
        await using var db = app.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var month = BenefitKit.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var monthStart = new DateOnly(BenefitKit.Today.Year, BenefitKit.Today.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        async Task<JsonElement> SheetAsync(string key) =>
            await lead.GetFromJsonAsync<JsonElement>($"/api/v1/ledgers/templates/{key}/sheet?unit={community.Id}&month={month}");

        // 低保花名册: one row per running 低保, each cell from the application or the registry as it is now.
        var roster = await SheetAsync("benefits.dibao-roster");
        var headings = roster.GetProperty("headings").EnumerateArray().Select(h => h.GetString()!).ToList();
        var expected = await db.Set<BenefitApplication>().Where(a => a.CommunityId == community.Id && a.Kind == BenefitKind.Dibao
                && (a.State == BenefitState.Granted || a.State == BenefitState.Ended) && a.StartMonth <= monthEnd
                && (a.EndedOn == null || a.EndedOn >= monthStart))   // one ended before the month is not on its roster
            .Select(a => new
            {
                a.Id, a.MonthlyAmount, a.CoveredPersons,
                Head = db.Residents.Where(r => r.Id == db.Households.Where(h => h.Id == a.HouseholdId).Select(h => h.HeadId).Single()).Select(r => r.Name).Single(),
                Id18 = db.Residents.Where(r => r.Id == a.ApplicantId).Select(r => r.NationalIdMasked).Single(),
                Size = db.Residents.Count(r => r.HouseholdId == a.HouseholdId && r.Status == ResidentStatus.Active),
                Grid = db.OrgUnits.Where(o => o.Id == a.GridId).Select(o => o.Name).Single(),
            }).ToDictionaryAsync(a => a.Id);
        var rows = roster.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(expected.Keys.Order(), rows.Select(r => r.GetProperty("rowId").GetInt64()).Order());
        string? Cell(JsonElement row, List<string> heads, string heading) => row.GetProperty("cells")[heads.IndexOf(heading)].GetString();
        foreach (var row in rows)
        {
            var a = expected[row.GetProperty("rowId").GetInt64()];
            Assert.Equal((a.Head, a.Id18, a.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Grid),
                (Cell(row, headings, "户主姓名"), Cell(row, headings, "身份证号"), Cell(row, headings, "家庭人口"), Cell(row, headings, "居民组")));
            Assert.Equal(a.MonthlyAmount!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), Cell(row, headings, "月保障金额"));
            Assert.DoesNotMatch(@"\d{17}[\dXx]", Cell(row, headings, "身份证号") ?? "");
        }

        // 临时救助记录 (this quarter's): the address is the household's dwelling, as the registry writes it.
        var record = await SheetAsync("benefits.temporary-record");
        var recordHeadings = record.GetProperty("headings").EnumerateArray().Select(h => h.GetString()!).ToList();
        Assert.NotEmpty(record.GetProperty("rows").EnumerateArray());
        foreach (var row in record.GetProperty("rows").EnumerateArray())
        {
            var id = row.GetProperty("rowId").GetInt64();
            var place = await db.Set<BenefitApplication>().Where(a => a.Id == id)
                .Select(a => db.Households.Where(h => h.Id == a.HouseholdId).Select(h => h.DwellingId).Single()).SingleAsync();
            Assert.Equal(await Addresses.OfDwellingAsync(db, place, default), Cell(row, recordHeadings, "住址"));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ACreditTheVolunteerDeskRefusesLeavesTheOrderUndoneAndSaysWhy(string engine)
    {
        var app = await demo.AppAsync(engine);
        await using var kit = new Kit(app);
        var social = await kit.AreaAsync(Roles.SocialWorker);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第八居民组").Aged(86));
        var community = await kit.Db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var other = await kit.Db.OrgUnits.SingleAsync(o => o.Name == "和平社区");
        var volunteer = (await kit.Get<IVolunteerDesk>().ChoicesAsync(social, community.Id, null, default))[^1];
        var desk = kit.Get<ServiceDesk>();
        var cleaning = await kit.Db.Set<ServiceItem>().Where(s => s.CommunityId == community.Id && s.Name == "助洁").Select(s => s.Id).SingleAsync();
        var order = (await desk.PlaceAsync(social, new ServiceDesk.PlaceForm { ResidentId = elder.Id, ServiceItemId = cleaning, Channel = "办公室" }, default))!.Order!;
        Assert.True((await desk.ActAsync(social, order.Id, new() { Action = "dispatch", VolunteerId = volunteer.VolunteerId }, default))!.Ok);

        // Between dispatch and completion the volunteer moved to another community: the desk may no longer credit them.
        async Task MoveAsync(long to)
        {
            await using var db = app.Database.Target.CreateContext();
            await db.Set<Volunteer>().Where(v => v.Id == volunteer.VolunteerId).ExecuteUpdateAsync(x => x.SetProperty(v => v.CommunityId, to));
        }
        await MoveAsync(other.Id);
        var client = await app.LoggedInClientAsync(Roles.SocialWorker);
        var complete = new { action = "complete", confirmed = true, confirmation = "签字确认", hours = 2m };
        var refused = await client.PostAsJsonAsync($"/api/v1/services/orders/{order.Id}/actions", complete);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == System.Net.HttpStatusCode.BadRequest, body);
        Assert.Contains("服务单未完成：不能为志愿者", body, StringComparison.Ordinal);
        Assert.DoesNotContain("。）", body, StringComparison.Ordinal);
        Assert.Contains("\"hours\"", body, StringComparison.Ordinal);
        await using (var db = app.Database.Target.CreateContext())
        {
            var kept = await db.Set<ServiceOrder>().SingleAsync(o => o.Id == order.Id);
            Assert.Equal((OrderState.Dispatched, (DateTime?)null, (decimal?)null), (kept.State, kept.CompletedAt, kept.VolunteerHours));
            Assert.False(await db.Set<VolunteerHours>().AnyAsync(x => x.Source == "service-order" && x.SourceId == order.Id));
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == Linli.Features.Audit.AuditActions.ServiceWrite && e.Detail!.Contains("完成服务 " + order.Number)));
        }

        // Back in the community, the same completion goes through once: the order done and its hours credited together.
        await MoveAsync(community.Id);
        var done = await client.PostAsJsonAsync($"/api/v1/services/orders/{order.Id}/actions", complete);
        Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(OrderState.Completed, await db.Set<ServiceOrder>().Where(o => o.Id == order.Id).Select(o => o.State).SingleAsync());
            Assert.Equal(2m, (await db.Set<VolunteerHours>().SingleAsync(x => x.Source == "service-order" && x.SourceId == order.Id)).Hours);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheLeadSetsAKindsStepsAndClocksAndOnlyNewApplicationsFollow(string engine)
    {
        var app = await demo.AppAsync(engine);
        await using var kit = new Kit(app);
        var community = await kit.Db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var households = await BenefitKit.HouseholdsAsync(app, "第一居民组", 2);
        var social = await app.LoggedInClientAsync(Roles.SocialWorker);
        var before = (await BenefitKit.OpenAsync(social, BenefitKind.Housing, households[0].Household)).GetProperty("id").GetInt64();

        // The social worker may not set kinds; the lead's bad input is answered beside its field, in Chinese.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await social.PostAsJsonAsync($"/api/v1/benefits/kinds/housing?unit={community.Id}", new { limitWorkingDays = 20 })).StatusCode);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var token = await LinliApp.AntiforgeryTokenAsync(lead, "/Benefits/Settings");
        var bad = await lead.PostAsync("/Benefits/Settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["unit"] = community.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Kind"] = "housing",
            ["Input.LimitWorkingDays"] = "200", ["Input.NoticeDays"] = "3", ["Input.NeedsInvestigation"] = "true",
        }));
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("办理时限应在5到60个工作日之间", html, StringComparison.Ordinal);
        Assert.Contains("公示天数应在5到30天之间", html, StringComparison.Ordinal);

        // 公租房 here: 20 working days, a 10-day notice, no investigation — through the page, as the lead does it.
        var saved = await lead.PostAsync("/Benefits/Settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["unit"] = community.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Kind"] = "housing",
            ["Input.LimitWorkingDays"] = "20", ["Input.NoticeDays"] = "10", ["Input.NeedsNotice"] = "true", ["Input.ReviewMonths"] = "24",
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        var kinds = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/benefits/kinds?unit={community.Id}");
        var housing = kinds.EnumerateArray().Single(k => k.GetProperty("code").GetString() == "housing");
        Assert.Equal((20, 10, "community"), (housing.GetProperty("limitWorkingDays").GetInt32(), housing.GetProperty("noticeDays").GetInt32(), housing.GetProperty("origin").GetString()));

        var calendar = new Linli.Features.Calendar.WorkCalendar(Linli.Features.Calendar.WorkCalendars.Shipped);
        var after = await BenefitKit.OpenAsync(social, BenefitKind.Housing, households[1].Household);
        var id = after.GetProperty("id").GetInt64();
        var due = Linli.Features.Calendar.Deadline.Compute(new(DateTime.Now, 20, Linli.Features.Calendar.DeadlineUnit.WorkingDays), calendar).LastDay;
        Assert.Equal(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), after.GetProperty("dueOn").GetString());
        Assert.Equal(["publish"], after.GetProperty("steps").EnumerateArray().Select(e => e.GetString()).Where(s => s is "investigate" or "publish"));
        var published = await BenefitKit.StepAsync(social, id, new { action = "publish" });
        Assert.Equal(BenefitKit.Today.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), published.GetProperty("notices")[0].GetProperty("removeOn").GetString());
        // The application taken before the change keeps its steps: the investigation first.
        var old = await social.GetFromJsonAsync<JsonElement>($"/api/v1/benefits/{before}");
        Assert.Contains("investigate", old.GetProperty("steps").EnumerateArray().Select(e => e.GetString()));

        // The street sets 高龄津贴 for its communities; a community without its own follows it, until the street resets.
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var streetId = community.ParentId!.Value;
        var set = await street.PostAsJsonAsync($"/api/v1/benefits/kinds/elderly?unit={streetId}",
            new { limitWorkingDays = 15, noticeDays = 5, needsNotice = true, reviewMonths = 12 });
        Assert.Equal(System.Net.HttpStatusCode.OK, set.StatusCode);
        var here = (await lead.GetFromJsonAsync<JsonElement>($"/api/v1/benefits/kinds?unit={community.Id}")).EnumerateArray().Single(k => k.GetProperty("code").GetString() == "elderly");
        Assert.Equal((15, "street"), (here.GetProperty("limitWorkingDays").GetInt32(), here.GetProperty("origin").GetString()));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await street.PostAsJsonAsync($"/api/v1/benefits/kinds/elderly?unit={streetId}", new { reset = true })).StatusCode);
        here = (await lead.GetFromJsonAsync<JsonElement>($"/api/v1/benefits/kinds?unit={community.Id}")).EnumerateArray().Single(k => k.GetProperty("code").GetString() == "elderly");
        Assert.Equal((30, "default"), (here.GetProperty("limitWorkingDays").GetInt32(), here.GetProperty("origin").GetString()));
        Assert.True(await kit.Db.AuditEntries.CountAsync(e => e.Action == Linli.Features.Audit.AuditActions.BenefitWrite && e.Detail!.Contains("设置救助类别")) >= 3);
    }
}
