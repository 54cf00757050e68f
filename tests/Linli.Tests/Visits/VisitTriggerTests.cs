using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Visits;

/// <summary>
/// 首次走访时限 (issue 12): a label put on someone asks for a visit within its hours; the workbench, the due API and the
/// street's standings say the same; a visit dated on or after the day of the change clears it; bulk-loaded labels and
/// sensitive ones for the ungranted ask nothing of it. Through real HTTP on both engines.
/// </summary>
public class VisitTriggerTests
{
    static readonly TimeZoneInfo Zone = TimeProvider.System.LocalTimeZone;
    static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    static DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    static string Deadline(DateTime addedUtc, int hours) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(addedUtc, DateTimeKind.Utc).AddHours(hours), Zone).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Puts labels on a resident as a person does, through the registry's API (PATCH with the resident's version).</summary>
    static async Task LabelAsync(HttpClient client, long residentId, params string[] tags)
    {
        var current = await client.GetAsync($"/api/v1/residents/{residentId}");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/residents/{residentId}") { Content = JsonContent.Create(new { tags }) };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(current.Headers.ETag!.Tag));
        var response = await client.SendAsync(patch);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    static async Task<JsonElement?> DueAsync(HttpClient client, long grid, long residentId)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/due?grid={grid}");
        foreach (var p in list.EnumerateArray())
            if (p.GetProperty("residentId").GetInt64() == residentId) return p;
        return null;
    }

    static async Task RecordAsync(HttpClient client, long residentId, DateOnly date)
    {
        var response = await client.PostAsJsonAsync("/api/v1/visits", new { residentId, date, method = "Door" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    static async Task<VisitStanding> StandingAsync(LinliApp app, long residentId, string label)
    {
        await using var db = app.Database.Target.CreateContext();
        var tag = await db.Tags.SingleAsync(t => t.Name == label);
        return await db.Set<VisitStanding>().AsNoTracking().SingleAsync(s => s.ResidentId == residentId && s.TagId == tag.Id);
    }

    /// <summary>Moves the moment the label was put on (as if that many hours had passed), through a save so the standings follow.</summary>
    static async Task<DateTime> PutOnHoursAgoAsync(LinliApp app, long residentId, string label, int hours)
    {
        await using var db = app.Database.Target.CreateContext();
        var tag = await db.Tags.SingleAsync(t => t.Name == label);
        var row = await db.ResidentTags.SingleAsync(rt => rt.ResidentId == residentId && rt.TagId == tag.Id);
        row.AddedAtUtc = DateTime.UtcNow.AddHours(-hours);
        await db.SaveChangesAsync();
        return row.AddedAtUtc.Value;
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ALabelPutOnAsksForAVisitWithinItsHoursUntilAVisitOnOrAfterThatDay(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("司马桂芳").Aged(76));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Null(await DueAsync(cadre, elder.GridId, elder.Id));   // no label, no rhythm

        var before = DateTime.UtcNow.AddSeconds(-1);
        await LabelAsync(cadre, elder.Id, "独居老人");
        DateTime added;
        await using (var db = app.Database.Target.CreateContext())
            added = (await db.ResidentTags.Where(rt => rt.ResidentId == elder.Id).Select(rt => rt.AddedAtUtc).SingleAsync())!.Value;
        Assert.InRange(DateTime.SpecifyKind(added, DateTimeKind.Utc), before, DateTime.UtcNow.AddSeconds(1));

        // Labelled now: due (not "never visited"), the deadline 24 h on in local time, on the workbench and in the API.
        var due = (await DueAsync(cadre, elder.GridId, elder.Id))!.Value;
        Assert.Equal("待走访", due.GetProperty("state").GetString());
        var reason = $"新增标签「独居老人」：须在 {Deadline(added, 24)} 前走访（24小时内）";
        Assert.Equal(reason, due.GetProperty("firstVisit").GetString());
        var page = await cadre.GetStringAsync($"/Visits?grid={elder.GridId}&list=due");
        Assert.Contains(reason, page);
        // The street's row closes on the deadline's local date, as the workbench's window does.
        var closes = LocalDate(added.AddHours(24));
        Assert.Equal(closes, (await StandingAsync(app, elder.Id, "独居老人")).Closes);
        Assert.Equal(closes.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due.GetProperty("windowCloses").GetString());

        // 72 hours on: overdue, on the workbench to the minute and in the street's counts by day.
        added = await PutOnHoursAgoAsync(app, elder.Id, "独居老人", 72);
        var overdue = (await DueAsync(cadre, elder.GridId, elder.Id))!.Value;
        Assert.Equal("逾期", overdue.GetProperty("state").GetString());
        Assert.Contains(Deadline(added, 24), overdue.GetProperty("firstVisit").GetString());
        Assert.Contains($"新增标签「独居老人」：须在 {Deadline(added, 24)} 前走访", await cadre.GetStringAsync($"/Visits?grid={elder.GridId}&list=overdue"));
        var standing = await StandingAsync(app, elder.Id, "独居老人");
        Assert.Equal(LocalDate(added.AddHours(24)), standing.Closes);
        Assert.True(standing.Closes < Today);

        // A visit dated the day before the change does not clear it (it was before the change).
        var changed = LocalDate(added);
        await RecordAsync(cadre, elder.Id, changed.AddDays(-1));
        Assert.Equal("逾期", (await DueAsync(cadre, elder.GridId, elder.Id))!.Value.GetProperty("state").GetString());
        Assert.NotNull((await DueAsync(cadre, elder.GridId, elder.Id))!.Value.GetProperty("firstVisit").GetString());
        Assert.Equal(LocalDate(added.AddHours(24)), (await StandingAsync(app, elder.Id, "独居老人")).Closes);

        // A visit dated on the day of the change clears it; the weekly rhythm goes on from that visit.
        await RecordAsync(cadre, elder.Id, changed);
        var after = await DueAsync(cadre, elder.GridId, elder.Id);
        var ordinary = VisitDue.WindowAfter(changed, new VisitRhythm(7, 1));
        if (after is { } a) Assert.Equal(JsonValueKind.Null, a.GetProperty("firstVisit").ValueKind);
        Assert.Equal(Today >= ordinary.Opens, after is not null);
        Assert.Equal(ordinary.Closes, (await StandingAsync(app, elder.Id, "独居老人")).Closes);
        // (The demo's two freshly labelled people of this grid still show theirs: the round lists them.)
        var round = await cadre.GetStringAsync($"/Visits?grid={elder.GridId}");
        Assert.Contains("新增标签「独居老人」", round);
        var entry = round.IndexOf($"data-resident=\"{elder.Id}\"", StringComparison.Ordinal);
        if (entry >= 0) Assert.DoesNotContain("新增标签", round[entry..round.IndexOf("</li>", entry, StringComparison.Ordinal)]);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task LabelsLoadedInBulkAskForNoFirstVisit(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("慕容秀珍").Aged(78));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        long alone;
        await using (var db = app.Database.Target.CreateContext())
            alone = (await db.Tags.SingleAsync(t => t.Name == "独居老人")).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await Registry.BulkLabelTests.LabelAsync(cadre, "", alone, "add", [elder.Id])).StatusCode);

        await using (var db = app.Database.Target.CreateContext())
            Assert.Null(await db.ResidentTags.Where(rt => rt.ResidentId == elder.Id && rt.TagId == alone).Select(rt => rt.AddedAtUtc).SingleAsync());
        var due = (await DueAsync(cadre, elder.GridId, elder.Id))!.Value;
        Assert.Equal("从未走访", due.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, due.GetProperty("firstVisit").ValueKind);
        Assert.Null((await StandingAsync(app, elder.Id, "独居老人")).Closes);
        // The demo's own labels were loaded, not put on: only the two it marks as fresh have a trigger.
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(2, await db.ResidentTags.CountAsync(rt => rt.AddedAtUtc != null && rt.ResidentId != elder.Id));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ASensitiveLabelsFirstVisitIsShownOnlyToThoseGrantedIt(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        long dibao;
        await using (var db = app.Database.Target.CreateContext())
            dibao = (await db.Tags.SingleAsync(t => t.Name == "低保户")).Id;
        Assert.Equal(HttpStatusCode.OK, (await street.PutAsJsonAsync($"/api/v1/tags/{dibao}/visit-policy", new { visitIntervalDays = 30, visitWithinHours = 48 })).StatusCode);

        // Visited two days ago for 空巢老人 (monthly): by the ordinary rhythm not due for weeks.
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("诸葛兰英").Aged(71).WithTag("空巢老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        await RecordAsync(cadre, elder.Id, Today.AddDays(-2));
        var social = await app.LoggedInClientAsync(Roles.SocialWorker);
        await LabelAsync(social, elder.Id, "空巢老人", "低保户");

        var granted = (await DueAsync(social, elder.GridId, elder.Id))!.Value;
        Assert.Equal("待走访", granted.GetProperty("state").GetString());
        Assert.StartsWith("新增标签「低保户」：须在", granted.GetProperty("firstVisit").GetString());
        Assert.Contains("新增标签「低保户」", await social.GetStringAsync($"/Visits?grid={elder.GridId}&list=due"));

        // The cadre is not granted 低保户: the person is not due by what the cadre may know, and nothing says why.
        Assert.Null(await DueAsync(cadre, elder.GridId, elder.Id));
        var page = await cadre.GetStringAsync($"/Visits?grid={elder.GridId}&list=due");
        Assert.DoesNotContain("低保户", page);
        Assert.DoesNotContain("诸葛兰英", page);

        // The street shortens the label's hours: the standings of who carries it follow in the same save.
        DateTime added;
        await using (var db = app.Database.Target.CreateContext())
            added = (await db.ResidentTags.Where(rt => rt.ResidentId == elder.Id && rt.TagId == dibao).Select(rt => rt.AddedAtUtc).SingleAsync())!.Value;
        Assert.Equal(LocalDate(added.AddHours(48)), (await StandingAsync(app, elder.Id, "低保户")).Closes);
        Assert.Equal(HttpStatusCode.OK, (await street.PutAsJsonAsync($"/api/v1/tags/{dibao}/visit-policy", new { visitIntervalDays = 30, visitWithinHours = 12 })).StatusCode);
        Assert.Equal(LocalDate(added.AddHours(12)), (await StandingAsync(app, elder.Id, "低保户")).Closes);
    }

    [Fact]
    public async Task TheHoursAreCheckedOnThePagesAndTheApi()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        long alone, own;
        await using (var db = app.Database.Target.CreateContext())
        {
            alone = (await db.Tags.SingleAsync(t => t.Name == "独居老人")).Id;
            own = (await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区")).Id;
        }
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var tooMany = await street.PutAsJsonAsync($"/api/v1/tags/{alone}/visit-policy", new { visitIntervalDays = 7, visitWithinHours = 721 });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var problem = await tooMany.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("首次走访时限应在1到720小时之间", problem.GetProperty("errors").GetProperty("visitWithinHours")[0].GetString());
        var noInterval = await street.PutAsJsonAsync($"/api/v1/tags/{alone}/visit-policy", new { visitIntervalDays = (int?)null, visitWithinHours = 12 });
        Assert.Equal(HttpStatusCode.BadRequest, noInterval.StatusCode);
        Assert.Contains("走访周期", (await noInterval.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("visitWithinHours")[0].GetString());
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PutAsJsonAsync($"/api/v1/tags/{alone}/visit-policy", new { visitIntervalDays = 7, visitWithinHours = 12 })).StatusCode);

        // The Tags page: the street's default, then a community's own.
        var token = await LinliApp.AntiforgeryTokenAsync(street, $"/Registry/Tags?edit={alone}");
        int version;
        await using (var db = app.Database.Target.CreateContext())
            version = (await db.Tags.SingleAsync(t => t.Id == alone)).Version;
        (string, string)[] Fields(string hours) => [("Input.Id", alone.ToString()), ("Input.Name", "独居老人"), ("Input.Category", "老龄"),
            ("Input.VisitIntervalDays", "7"), ("Input.VisitWithinHours", hours), ("Input.Version", version.ToString())];
        var zero = await street.PostAsync("/Registry/Tags", Form(token, Fields("0")));
        Assert.Equal(HttpStatusCode.OK, zero.StatusCode);
        Assert.Contains("首次走访时限应在1到720小时之间", await zero.Content.ReadAsStringAsync());
        var saved = await street.PostAsync("/Registry/Tags", Form(token, Fields("12")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var leadToken = await LinliApp.AntiforgeryTokenAsync(lead, $"/Registry/Tags?cycle={alone}");
        var wrong = await lead.PostAsync("/Registry/Tags?handler=Cycle", Form(leadToken, ("Cycle.TagId", alone.ToString()), ("Cycle.CommunityId", own.ToString()),
            ("Cycle.IntervalDays", "7"), ("Cycle.WindowDays", "1"), ("Cycle.VisitWithinHours", "800")));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("首次走访时限应在1到720小时之间", await wrong.Content.ReadAsStringAsync());
        var ownHours = await lead.PostAsync("/Registry/Tags?handler=Cycle", Form(leadToken, ("Cycle.TagId", alone.ToString()), ("Cycle.CommunityId", own.ToString()),
            ("Cycle.IntervalDays", "7"), ("Cycle.WindowDays", "1"), ("Cycle.VisitWithinHours", "6")));
        Assert.Equal(HttpStatusCode.Redirect, ownHours.StatusCode);

        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(12, (await db.Tags.SingleAsync(t => t.Id == alone)).VisitWithinHours);
            Assert.Equal(6, (await db.CommunityVisitCycles.SingleAsync(c => c.TagId == alone && c.CommunityId == own)).VisitWithinHours);
        }
        // The community's hours are the ones that count for its people; the policy shows them.
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("东方玉兰").Aged(74));
        await LabelAsync(cadre, elder.Id, "独居老人");
        var due = (await DueAsync(cadre, elder.GridId, elder.Id))!.Value;
        Assert.EndsWith("前走访（6小时内）", due.GetProperty("firstVisit").GetString());
        Assert.Contains("新增后6小时内走访", due.GetProperty("reason").GetString());
        DateTime added;
        await using (var db = app.Database.Target.CreateContext())
            added = (await db.ResidentTags.Where(rt => rt.ResidentId == elder.Id).Select(rt => rt.AddedAtUtc).SingleAsync())!.Value;
        Assert.Equal(LocalDate(added.AddHours(6)), (await StandingAsync(app, elder.Id, "独居老人")).Closes);
        var rhythm = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits/rhythms/{elder.Id}");
        Assert.Equal(6, rhythm.GetProperty("policies")[0].GetProperty("visitWithinHours").GetInt32());
        Assert.Equal(due.GetProperty("firstVisit").GetString(), rhythm.GetProperty("firstVisit").GetString());

        // The street's hours changed: the community's own still count for its people, and the standings stay as they were.
        Assert.Equal(HttpStatusCode.OK, (await street.PutAsJsonAsync($"/api/v1/tags/{alone}/visit-policy", new { visitIntervalDays = 7, visitWithinHours = 48 })).StatusCode);
        Assert.Equal(LocalDate(added.AddHours(6)), (await StandingAsync(app, elder.Id, "独居老人")).Closes);
        // Its own hours removed (still its own interval): the street's 48 h apply, and the standings follow in the same save.
        var back = await lead.PostAsync("/Registry/Tags?handler=Cycle", Form(leadToken, ("Cycle.TagId", alone.ToString()), ("Cycle.CommunityId", own.ToString()),
            ("Cycle.IntervalDays", "7"), ("Cycle.WindowDays", "1")));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(LocalDate(added.AddHours(48)), (await StandingAsync(app, elder.Id, "独居老人")).Closes);
        Assert.EndsWith("前走访（48小时内）", (await DueAsync(cadre, elder.GridId, elder.Id))!.Value.GetProperty("firstVisit").GetString());
    }

    static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
}

/// <summary>The rule itself, with a fixed zone (China, UTC+8) and fixed times.</summary>
public class VisitTriggerRuleTests
{
    static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    static readonly VisitPolicies.LabelPolicy Alone = new(1, "独居老人", false, new VisitRhythm(7, 1), false, WithinHours: 24);
    static DateTime Utc(int day, int hour) => new(2026, 12, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void PendingUntilAVisitDatedOnOrAfterTheLocalDayOfTheChange()
    {
        var at = Utc(1, 20);   // 2 December 04:00 in China
        Assert.NotNull(VisitTriggers.Of(Alone, at, null, China));
        Assert.NotNull(VisitTriggers.Of(Alone, at, new DateOnly(2026, 12, 1), China));   // 1 December is before the change, in China
        Assert.Null(VisitTriggers.Of(Alone, at, new DateOnly(2026, 12, 2), China));
        Assert.Null(VisitTriggers.Of(Alone, null, null, China));                          // loaded in bulk: no trigger
        Assert.Null(VisitTriggers.Of(Alone with { WithinHours = null }, at, null, China));
    }

    [Fact]
    public void DueUntilTheDeadlineToTheMinuteAndTheWindowByDay()
    {
        var p = VisitTriggers.Of(Alone, Utc(1, 6), null, China)!;   // 1 December 14:00 in China
        Assert.Equal("新增标签「独居老人」：须在 12月2日 14:00 前走访（24小时内）", VisitTriggers.Reason(p, China));
        Assert.Equal(DueState.InWindow, VisitTriggers.StateAt(Utc(2, 5).AddMinutes(59), p, DueState.Never));
        Assert.Equal(DueState.Overdue, VisitTriggers.StateAt(Utc(2, 6).AddMinutes(1), p, DueState.Never));
        Assert.Equal(DueState.Overdue, VisitTriggers.StateAt(Utc(1, 7), p, DueState.Overdue));   // the ordinary rhythm was already overdue
        var window = VisitTriggers.WindowOf(p, China);
        Assert.Equal(new DueWindow(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2)), window);
        // With an ordinary window, the earlier of each bound.
        var ordinary = new DueWindow(new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 7));
        Assert.Equal(new DueWindow(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2)), VisitTriggers.Earlier(ordinary, window));
        var late = new DueWindow(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22));
        Assert.Equal(new DueWindow(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22)), VisitTriggers.Earlier(late, window));
    }
}
