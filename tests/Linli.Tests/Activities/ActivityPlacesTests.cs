using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Activities;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Linli.Tests.Activities.ActivityKit;

namespace Linli.Tests.Activities;

/// <summary>The last places under simultaneous sign-ups, and an activity's photos (size and type refused in Chinese, seen only in scope), on both engines.</summary>
public class ActivityPlacesTests
{
    const int Places = 5;
    const int People = 14;

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task SimultaneousSignUpsForTheLastPlacesPlaceExactlyAsManyAsThereArePlacesAndWaitListTheRest(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        List<long> residents;
        await using (var db = app.Database.Target.CreateContext())
        {
            var grids = db.OrgUnits.Where(o => o.Parent != null && o.Parent.Name == "幸福里社区").Select(o => o.Id);
            residents = await db.Residents.Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active).OrderBy(r => r.Id).Select(r => r.Id).Take(People).ToListAsync();
        }
        Assert.Equal(People, residents.Count);
        var id = await PlanAsync(await app.LoggedInClientAsync(Roles.CommunityLead), "冬至包饺子", capacity: Places, kind: "我们的节日");

        // Several staff at once (each their own session and connection), every request released at the same moment.
        var clients = new List<HttpClient>();
        foreach (var role in new[] { Roles.CommunityLead, Roles.SocialWorker, Roles.CommunityLead, Roles.SocialWorker }) clients.Add(await app.LoggedInClientAsync(role));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = residents.Select(async (resident, i) =>
        {
            await go.Task;
            return await clients[i % clients.Count].PostAsJsonAsync($"/api/v1/activities/{id}/signups", new { residentId = resident });
        }).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(requests);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var states = new List<string>();
        foreach (var a in answers) states.Add((await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()!);
        Assert.Equal(Places, states.Count(s => s == "已报名"));
        Assert.Equal(People - Places, states.Count(s => s == "候补"));
        var detail = (await DetailAsync(clients[0], id)).GetProperty("activity");
        Assert.Equal(Places, detail.GetProperty("signedUp").GetInt32());
        Assert.Equal(People - Places, detail.GetProperty("waiting").GetInt32());

        // Cancellations at the same moment move exactly as many up from the waiting list, in the order they signed up.
        var placed = (await DetailAsync(clients[0], id)).GetProperty("people").EnumerateArray().Where(p => p.GetProperty("state").GetString() == "已报名")
            .Select(p => p.GetProperty("signupId").GetInt64()).Take(2).ToList();
        var cancels = await Task.WhenAll(placed.Select((s, i) => clients[i].PostAsync($"/api/v1/activities/signups/{s}/cancel", null)));
        Assert.All(cancels, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        detail = (await DetailAsync(clients[0], id)).GetProperty("activity");
        Assert.Equal(Places, detail.GetProperty("signedUp").GetInt32());
        Assert.Equal(People - Places - 2, detail.GetProperty("waiting").GetInt32());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task APhotoOfTheActivityIsKeptWhenItFitsAndIsSeenOnlyInTheActivitysArea(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var id = await PlanAsync(lead, "道德讲堂·孝老爱亲", capacity: 40, kind: "道德讲堂");

        async Task<string> UploadAsync(HttpClient client, byte[] bytes, string contentType, string fileName)
        {
            var token = await LinliApp.AntiforgeryTokenAsync(client, $"/Activities/{id}");
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(file, "photo", fileName);
            form.Add(new StringContent("讲堂现场"), "caption");
            form.Add(new StringContent(token), "__RequestVerificationToken");
            var posted = await client.PostAsync($"/Activities/{id}?handler=Photo", form);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            return await client.GetStringAsync($"/Activities/{id}");
        }

        // Over 5 MB, or not a picture: refused, saying why, and nothing is kept.
        var tooBig = await UploadAsync(lead, new byte[5 * 1024 * 1024 + 1], "image/jpeg", "大照片.jpg");
        Assert.Contains("照片应小于5MB。", tooBig);
        var notAPicture = await UploadAsync(lead, "活动签到表"u8.ToArray(), "text/plain", "签到表.txt");
        Assert.Contains("照片应为 JPG、PNG 或 WebP 格式。", notAPicture);
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(0, await db.Set<ActivityPhoto>().CountAsync(p => p.ActivityId == id));

        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        var page = await UploadAsync(lead, png, "image/png", "现场.png");
        Assert.Contains("照片已上传。", page);
        long photo;
        await using (var db = app.Database.Target.CreateContext())
            photo = await db.Set<ActivityPhoto>().Where(p => p.ActivityId == id).Select(p => p.Id).SingleAsync();
        Assert.Contains($"handler=Photo&amp;photo={photo}", page);
        var shown = await lead.GetAsync($"/Activities/{id}?handler=Photo&photo={photo}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("image/png", shown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await shown.Content.ReadAsByteArrayAsync());

        // The cadre of the community sees it and may not add one; another community's photo is not found; the auditor has no door; nobody logged in is sent to log in.
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync($"/Activities/{id}?handler=Photo&photo={photo}")).StatusCode);
        var token = await LinliApp.AntiforgeryTokenAsync(cadre, $"/Activities/{id}");
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } }, "photo", "x.png" }, { new StringContent(token), "__RequestVerificationToken" } })
            Assert.Equal(HttpStatusCode.NotFound, (await cadre.PostAsync($"/Activities/{id}?handler=Photo", form)).StatusCode);
        long elsewhere;
        await using (var db = app.Database.Target.CreateContext())
        {
            var other = await db.OrgUnits.FirstAsync(o => o.Name == "和平社区");
            var a = new Activity
            {
                CommunityId = other.Id, Title = "和平社区的讲座", Kind = "讲座", Audience = "全体居民", Date = Today, Starts = new(9, 0), Ends = new(10, 0), Place = "和平",
                Organiser = "某人", DoorCode = "999222", RecorderId = 1, RecorderName = "某人", CreatedAtUtc = DateTime.UtcNow,
            };
            db.Add(a);
            await db.SaveChangesAsync();
            var p = new ActivityPhoto { ActivityId = a.Id, ContentType = "image/png", Bytes = png };
            db.Add(p);
            await db.SaveChangesAsync();
            elsewhere = p.Id;
        }
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/Activities/{id}?handler=Photo&photo={elsewhere}")).StatusCode);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        Assert.Equal(HttpStatusCode.OK, (await street.GetAsync($"/Activities/{id}?handler=Photo&photo={elsewhere}")).StatusCode);
        var auditor = await app.LoggedInClientAsync(Roles.Auditor);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/Activities/{id}?handler=Photo&photo={photo}")).StatusCode);
        var anonymous = await app.Client().GetAsync($"/Activities/{id}?handler=Photo&photo={photo}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }
}
