using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Activities;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Linli.Tests.Activities.ActivityKit;

namespace Linli.Tests.Activities;

/// <summary>Activities through the real API on both engines: capacity, waiting list and walk-ins; check-in by code; series without duplicates; scope.</summary>
public class ActivitiesTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AFullActivityKeepsAWaitingListThatMovesUpAndLetsWalkInsInBeyondCapacity(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var people = new List<long>();
        foreach (var name in new[] { "甲秀英", "乙建国", "丙桂兰", "丁志强" }) people.Add((await app.SeedAsync(Person(name))).Id);
        var id = await PlanAsync(lead, "重阳节健康讲座", capacity: 2);

        var a = await SignUpAsync(lead, id, people[0]);
        var b = await SignUpAsync(lead, id, people[1]);
        var c = await SignUpAsync(lead, id, people[2]);
        Assert.Equal("已报名", a.GetProperty("state").GetString());
        Assert.Equal("已报名", b.GetProperty("state").GetString());
        Assert.Equal("候补", c.GetProperty("state").GetString());
        // Signing up twice answers the first sign-up, it does not take a second place.
        Assert.Equal(a.GetProperty("signupId").GetInt64(), (await SignUpAsync(lead, id, people[0])).GetProperty("signupId").GetInt64());

        // A place frees: the first on the waiting list moves up, the next one waits.
        var cancel = await lead.PostAsync($"/api/v1/activities/signups/{b.GetProperty("signupId").GetInt64()}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var d = await SignUpAsync(lead, id, people[3]);
        var detail = await DetailAsync(lead, id);
        Assert.Equal("已报名", StateOf(detail, c.GetProperty("signupId").GetInt64()));
        Assert.Equal("候补", d.GetProperty("state").GetString());
        Assert.Equal(2, detail.GetProperty("activity").GetProperty("signedUp").GetInt32());
        Assert.Equal(1, detail.GetProperty("activity").GetProperty("waiting").GetInt32());

        // At the door: an outsider walks in, and the one still waiting came anyway — both let in beyond capacity.
        var walkIn = await lead.PostAsJsonAsync($"/api/v1/activities/{id}/walk-ins", new { name = "外社区张阿姨" });
        Assert.Equal(HttpStatusCode.OK, walkIn.StatusCode);
        Assert.True((await walkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("walkIn").GetBoolean());
        var tick = await lead.PostAsJsonAsync($"/api/v1/activities/signups/{d.GetProperty("signupId").GetInt64()}/attendance", new { attended = true });
        Assert.Equal(HttpStatusCode.OK, tick.StatusCode);
        var many = await lead.PostAsJsonAsync($"/api/v1/activities/{id}/attendance", new { signupIds = new[] { a.GetProperty("signupId").GetInt64(), c.GetProperty("signupId").GetInt64() } });
        Assert.Equal(HttpStatusCode.NoContent, many.StatusCode);
        detail = await DetailAsync(lead, id);
        Assert.Equal(4, detail.GetProperty("activity").GetProperty("attended").GetInt32());
        Assert.Equal(0, detail.GetProperty("activity").GetProperty("waiting").GetInt32());
        Assert.Equal(4, detail.GetProperty("activity").GetProperty("signedUp").GetInt32());

        // A walk-in without a name is refused, with the field named.
        Assert.Contains("姓名", await ErrorOf(await lead.PostAsJsonAsync($"/api/v1/activities/{id}/walk-ins", new { name = " " }), "name"));
        // Raising the capacity moves the waiting list up.
        var id2 = await PlanAsync(lead, "书法班", capacity: 1);
        await SignUpAsync(lead, id2, people[0]);
        var waiting = await SignUpAsync(lead, id2, people[1]);
        var change = await lead.PutAsJsonAsync($"/api/v1/activities/{id2}", new
        {
            title = "书法班", kind = "文体", audience = "老年人", date = Today, starts = "14:00", ends = "16:00", place = "活动室", capacity = 2, organiser = "张婷",
        });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal("已报名", StateOf(await DetailAsync(lead, id2), waiting.GetProperty("signupId").GetInt64()));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AResidentChecksInAtTheDoorWithTheDoorCodeAndTheirOwnCode(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var resident = await app.SeedAsync(Person("欧阳春花"));
        var id = await PlanAsync(lead, "我们的节日·中秋", capacity: 30, kind: "我们的节日");
        var signup = await SignUpAsync(lead, id, resident.Id);
        var code = signup.GetProperty("checkInCode").GetString()!;
        Assert.Matches("^[0-9]{4}$", code);
        var door = (await DetailAsync(lead, id)).GetProperty("doorCode").GetString()!;
        Assert.Matches("^[0-9]{6}$", door);

        var phone = app.Client();    // the resident's phone: nobody logged in
        var wrong = await phone.PostAsJsonAsync("/api/v1/activities/check-in", new { doorCode = door, code = code == "1234" ? "4321" : "1234" });
        var answer = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("done").GetBoolean());
        Assert.Contains("个人签到码不对", answer.GetProperty("message").GetString());
        var right = await (await phone.PostAsJsonAsync("/api/v1/activities/check-in", new { doorCode = door, code })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(right.GetProperty("done").GetBoolean());
        Assert.Contains("签到成功", right.GetProperty("message").GetString());
        Assert.DoesNotContain("欧阳春花", right.GetProperty("message").GetString());    // the name is masked on a screen others may see
        var person = (await DetailAsync(lead, id)).GetProperty("people")[0];
        Assert.Equal("签到码", person.GetProperty("attendance").GetString());

        // An activity of another day does not take check-ins, and a stranger guessing codes is stopped.
        var tomorrow = await PlanAsync(lead, "明天的讲座", capacity: null, date: Today.AddDays(1));
        var later = await SignUpAsync(lead, tomorrow, resident.Id);
        var laterDoor = (await DetailAsync(lead, tomorrow)).GetProperty("doorCode").GetString()!;
        var early = await (await phone.PostAsJsonAsync("/api/v1/activities/check-in", new { doorCode = laterDoor, code = later.GetProperty("checkInCode").GetString() }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(early.GetProperty("done").GetBoolean());
        HttpResponseMessage last = new(HttpStatusCode.OK);
        for (var i = 0; i < CheckInThrottle.MaxFailures; i++)
            last = await phone.PostAsJsonAsync("/api/v1/activities/check-in", new { doorCode = "000000", code = "0000" });
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ASeriesEditedAgainNeverDuplicatesASession(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var first = Today.AddDays(1);
        object Body(DateOnly last, string starts, int? capacity = 20) => new
        {
            activity = new { title = "太极拳晨练", kind = "文体", audience = "老年人", starts, ends = "08:00", place = "小区广场", capacity, organiser = "张婷" },
            weekday = first.DayOfWeek.ToString(), intervalWeeks = 1, firstDate = first, lastDate = last,
        };
        var made = await (await lead.PostAsJsonAsync("/api/v1/activities/series", Body(first.AddDays(7 * 7), "07:00"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(8, made.GetProperty("created").GetInt32());
        var seriesId = made.GetProperty("seriesId").GetInt64();

        // The same rule again: nothing new. A later start time: the same eight sessions changed. Two weeks more: two new ones.
        var again = await (await lead.PutAsJsonAsync($"/api/v1/activities/series/{seriesId}", Body(first.AddDays(7 * 7), "07:00"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(0, again.GetProperty("updated").GetInt32());
        var moved = await (await lead.PutAsJsonAsync($"/api/v1/activities/series/{seriesId}", Body(first.AddDays(7 * 9), "07:30"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, moved.GetProperty("created").GetInt32());
        Assert.Equal(8, moved.GetProperty("updated").GetInt32());

        // Someone signs up for the last session; the series is shortened: that session is cancelled (kept), the one without people removed.
        long lastSession;
        await using (var db = app.Database.Target.CreateContext())
        {
            var sessions = await db.Set<Activity>().Where(a => a.SeriesId == seriesId).ToListAsync();
            Assert.Equal(10, sessions.Count);
            Assert.Equal(10, sessions.Select(s => s.Date).Distinct().Count());
            Assert.All(sessions, s => Assert.Equal(new TimeOnly(7, 30), s.Starts));
            lastSession = sessions.OrderBy(s => s.Date).Last().Id;
        }
        var resident = await app.SeedAsync(Person("晨练王大爷"));
        await SignUpAsync(lead, lastSession, resident.Id);
        var shorter = await (await lead.PutAsJsonAsync($"/api/v1/activities/series/{seriesId}", Body(first.AddDays(7 * 7), "07:30"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, shorter.GetProperty("removed").GetInt32());
        Assert.Equal(1, shorter.GetProperty("cancelled").GetInt32());
        Assert.Equal("已取消", (await DetailAsync(lead, lastSession)).GetProperty("activity").GetProperty("state").GetString());
        // Longer again: the cancelled session comes back, no second one on its day.
        var back = await (await lead.PutAsJsonAsync($"/api/v1/activities/series/{seriesId}", Body(first.AddDays(7 * 9), "07:30"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, back.GetProperty("created").GetInt32());
        await using (var db = app.Database.Target.CreateContext())
        {
            var dates = await db.Set<Activity>().Where(a => a.SeriesId == seriesId).Select(a => a.Date).ToListAsync();
            Assert.Equal(10, dates.Count);
            Assert.Equal(10, dates.Distinct().Count());
        }
        Assert.Equal("未结束", (await DetailAsync(lead, lastSession)).GetProperty("activity").GetProperty("state").GetString());
        // A rule with no weekday is refused, with the field named.
        var bad = await lead.PostAsJsonAsync("/api/v1/activities/series", new { activity = new { title = "x", kind = "文体", audience = "老年人", starts = "07:00", ends = "08:00", place = "广场", organiser = "张婷" }, firstDate = first, lastDate = first });
        Assert.Contains("星期", await ErrorOf(bad, "weekday"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ActivitiesAndResidentsOutsideTheUsersAreaAreNotFound(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var elsewhere = await app.SeedAsync(new ResidentBuilder().InGrid("第一居民组").Named("别组居民"));
        var mine = await app.SeedAsync(Person("本组居民"));
        long otherActivity;
        await using (var db = app.Database.Target.CreateContext())
        {
            var other = await db.OrgUnits.FirstAsync(o => o.Name == "和平社区");
            var a = new Activity
            {
                CommunityId = other.Id, Title = "和平社区的活动", Kind = "讲座", Audience = "全体居民", Date = Today, Starts = new(9, 0), Ends = new(10, 0), Place = "和平",
                Organiser = "某人", DoorCode = "999111", RecorderId = 1, RecorderName = "某人", CreatedAtUtc = DateTime.UtcNow,
            };
            db.Add(a);
            await db.SaveChangesAsync();
            otherActivity = a.Id;
        }
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/v1/activities/{otherActivity}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostAsJsonAsync($"/api/v1/activities/{otherActivity}/signups", new { residentId = mine.Id })).StatusCode);

        // The cadre reads the community's activities and signs up residents of their own grid only; planning is the lead's.
        var id = await PlanAsync(lead, "社区党日", capacity: null, kind: "社区党日");
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync($"/api/v1/activities/{id}")).StatusCode);
        await SignUpAsync(cadre, id, mine.Id);
        var refused = await cadre.PostAsJsonAsync($"/api/v1/activities/{id}/signups", new { residentId = elsewhere.Id });
        Assert.Contains("不在您负责的范围", await ErrorOf(refused, "residentId"));
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsJsonAsync("/api/v1/activities", new { title = "x" })).StatusCode);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        Assert.Equal(HttpStatusCode.OK, (await street.GetAsync($"/api/v1/activities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await street.PostAsJsonAsync($"/api/v1/activities/{id}/signups", new { residentId = mine.Id })).StatusCode);
    }

    [Fact]
    public void ASeriesFallsOnItsWeekdayEveryIntervalOfWeeks()
    {
        var monday = new DateOnly(2026, 11, 30);
        Assert.Equal(DayOfWeek.Monday, monday.DayOfWeek);
        Assert.Equal([new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 16), new DateOnly(2026, 12, 30)],
            ActivitySeriesPlan.Dates(monday, new DateOnly(2026, 12, 31), DayOfWeek.Wednesday, 2));
        Assert.Empty(ActivitySeriesPlan.Dates(monday, monday.AddDays(1), DayOfWeek.Friday, 1));
    }
}
