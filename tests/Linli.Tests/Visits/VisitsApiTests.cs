using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Visits;

/// <summary>The campaigns and per-person rhythm API, and visit photos (size limit, who sees them), through real HTTP on both engines.</summary>
public class VisitsApiTests
{
    static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnOfficeMakesACampaignWithItsRuleAdjustsItAndACadreDeliversThroughTheApi(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var picked = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("端木桂兰").Aged(91).WithTag("独居老人"));
        var byHand = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("端木建华").Aged(45));
        var elsewhere = await app.SeedAsync(new ResidentBuilder().InGrid("第一网格", "和平社区").Named("端木秀珍").Aged(92).WithTag("独居老人"));
        long community, alone;
        await using (var db = app.Database.Target.CreateContext())
        {
            community = await db.OrgUnits.Where(o => o.Name == "幸福里社区").Select(o => o.Id).SingleAsync();
            alone = await db.Tags.Where(t => t.Name == "独居老人").Select(t => t.Id).SingleAsync();
        }
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);

        var bad = await lead.PostAsJsonAsync("/api/v1/visits/campaigns", new { communityId = community, name = "重阳慰问", season = "2099重阳", gift = "", rules = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("慰问内容", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PostAsJsonAsync("/api/v1/visits/campaigns",
            new { communityId = community, name = "重阳慰问", season = "2099重阳", gift = "米面油", rules = new[] { new { tagIds = Array.Empty<long>() } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.PostAsJsonAsync("/api/v1/visits/campaigns",
            new { communityId = community, name = "重阳慰问", season = "2099重阳", gift = "米面油" })).StatusCode);

        var created = await lead.PostAsJsonAsync("/api/v1/visits/campaigns", new
        {
            communityId = community, name = "重阳高龄独居老人慰问", season = "2099重阳", gift = "慰问金300元",
            rules = new[] { new { tagIds = new[] { alone }, minAge = 90, livingAlone = true } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var detail = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = detail.GetProperty("campaign").GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/visits/campaigns/{id}", created.Headers.Location!.OriginalString);
        var names = Names(detail);
        Assert.Contains("端木桂兰", names);
        Assert.DoesNotContain("端木秀珍", names);
        Assert.DoesNotContain("端木建华", names);
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(await db.Set<CampaignRecipient>().CountAsync(r => r.CampaignId == id), detail.GetProperty("recipients").GetArrayLength());
        Assert.Contains((await lead.GetFromJsonAsync<JsonElement>("/api/v1/visits/campaigns")).EnumerateArray(), c => c.GetProperty("id").GetInt64() == id);

        // Adjusted: one added by hand, one of another community refused with its place named, the cadre may not adjust.
        var adjusted = await lead.PatchAsJsonAsync($"/api/v1/visits/campaigns/{id}/recipients", new { add = new[] { byHand.Id } });
        Assert.Equal(HttpStatusCode.OK, adjusted.StatusCode);
        var row = Recipient(await adjusted.Content.ReadFromJsonAsync<JsonElement>(), "端木建华");
        Assert.Equal("手动添加", row.GetProperty("source").GetString());
        var foreign = await lead.PatchAsJsonAsync($"/api/v1/visits/campaigns/{id}/recipients", new { add = new[] { elsewhere.Id } });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("add[0]", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PatchAsJsonAsync($"/api/v1/visits/campaigns/{id}/recipients", new { remove = new[] { row.GetProperty("id").GetInt64() } })).StatusCode);
        var removed = await lead.PatchAsJsonAsync($"/api/v1/visits/campaigns/{id}/recipients", new { remove = new[] { row.GetProperty("id").GetInt64() } });
        Assert.DoesNotContain("端木建华", Names(await removed.Content.ReadFromJsonAsync<JsonElement>()));

        // Delivered by the grid's cadre: a signed visit of today; without a signer it is refused and nothing is recorded.
        var mine = Recipient(await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits/campaigns/{id}"), "端木桂兰").GetProperty("id").GetInt64();
        var unsigned = await cadre.PostAsJsonAsync($"/api/v1/visits/campaigns/{id}/deliveries", new { recipientId = mine });
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Contains("signedBy", await unsigned.Content.ReadAsStringAsync());
        var delivered = await cadre.PostAsJsonAsync($"/api/v1/visits/campaigns/{id}/deliveries", new { recipientId = mine, signedBy = "端木桂兰", deliverer = "王书记" });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        var done = await delivered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("端木桂兰", done.GetProperty("signedBy").GetString());
        var visit = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{done.GetProperty("visitId").GetInt64()}");
        Assert.Equal(picked.Id, visit.GetProperty("residentId").GetInt64());
        Assert.Contains("慰问金300元", visit.GetProperty("measures").GetString());
        Assert.Equal(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), visit.GetProperty("date").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await cadre.PostAsJsonAsync($"/api/v1/visits/campaigns/{id}/deliveries", new { recipientId = mine, signedBy = "端木桂兰" })).StatusCode);

        // Out of the area: the street's other community's lead finds nothing.
        var peace = await app.ClientForAsync(Roles.CommunityLead, "和平社区");
        Assert.Equal(HttpStatusCode.NotFound, (await peace.GetAsync($"/api/v1/visits/campaigns/{id}")).StatusCode);
        Assert.DoesNotContain((await peace.GetFromJsonAsync<JsonElement>("/api/v1/visits/campaigns")).EnumerateArray(), c => c.GetProperty("id").GetInt64() == id);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task APersonsRhythmIsReadSetWithAReasonAndClearedThroughTheApi(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("公孙玉兰").Aged(85).WithTag("独居老人"));
        var other = await app.SeedAsync(new ResidentBuilder().InGrid("第一居民组").Aged(85).WithTag("独居老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var last = Today.AddDays(-20);
        Assert.Equal(HttpStatusCode.Created, (await cadre.PostAsJsonAsync("/api/v1/visits", new { residentId = elder.Id, date = last })).StatusCode);

        var read = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits/rhythms/{elder.Id}");
        var policy = Assert.Single(read.GetProperty("policies").EnumerateArray());
        Assert.Equal("独居老人", policy.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("override").ValueKind);
        var interval = policy.GetProperty("rhythm").GetProperty("intervalDays").GetInt32();
        var window = policy.GetProperty("rhythm").GetProperty("windowDays").GetInt32();
        var expected = VisitDue.WindowAfter(last, new VisitRhythm(interval, window));
        Assert.Equal(expected.Due, Date(read.GetProperty("window").GetProperty("due")));
        Assert.Equal(expected.Closes, Date(read.GetProperty("window").GetProperty("closes")));
        Assert.Equal(VisitText.Of(VisitDue.StateOn(Today, last, new VisitRhythm(interval, window))), read.GetProperty("state").GetString());

        var noReason = await cadre.PutAsJsonAsync($"/api/v1/visits/rhythms/{elder.Id}", new { tier = "高风险" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("理由", (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await cadre.PutAsJsonAsync($"/api/v1/visits/rhythms/{elder.Id}", new { tier = "特级", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cadre.PutAsJsonAsync($"/api/v1/visits/rhythms/{elder.Id}", new { intervalDays = 10, windowDays = 5, reason = "x" })).StatusCode);

        var set = await cadre.PutAsJsonAsync($"/api/v1/visits/rhythms/{elder.Id}", new { tier = "高风险", reason = "近期摔倒" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var now = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("高风险：近期摔倒", now.GetProperty("override").GetProperty("reason").GetString());
        Assert.Equal(7, now.GetProperty("inForce").GetProperty("intervalDays").GetInt32());
        Assert.Equal(last.AddDays(7), Date(now.GetProperty("window").GetProperty("due")));
        Assert.Equal("逾期", now.GetProperty("state").GetString());
        Assert.Contains("近期摔倒", now.GetProperty("reason").GetString());

        var cleared = await cadre.DeleteAsync($"/api/v1/visits/rhythms/{elder.Id}");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var back = await cleared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, back.GetProperty("override").ValueKind);
        Assert.Equal(interval, back.GetProperty("inForce").GetProperty("intervalDays").GetInt32());
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == Linli.Features.Audit.AuditActions.VisitRhythm && e.TargetId == elder.Id));

        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/api/v1/visits/rhythms/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.PutAsJsonAsync($"/api/v1/visits/rhythms/{other.Id}", new { tier = "高风险", reason = "x" })).StatusCode);
        var doc = await cadre.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/visits/campaigns", "/api/v1/visits/campaigns/{id}/deliveries", "/api/v1/visits/rhythms/{id}" })
            Assert.Contains($"\"{path}\"", doc);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task APhotoOverTheLimitIsRefusedInChineseAndAPhotoIsServedOnlyToWhoMaySeeTheVisit(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var allowance = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("令狐秀英").Aged(72).WithTag("低保户"));
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var otherCadre = await app.ClientForAsync(Roles.GridCadre, "第一居民组");

        async Task<HttpResponseMessage> PostAsync(byte[] photo)
        {
            var token = await LinliApp.AntiforgeryTokenAsync(lead, $"/Visits/Record?resident={allowance.Id}");
            var form = new MultipartFormDataContent
            {
                { new StringContent(allowance.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Input.ResidentId" },
                { new StringContent(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "Input.Date" },
                { new StringContent("Door"), "Input.Method" },
                { new StringContent("家中整洁"), "Input.FamilySituation" },
                { new StringContent(token), "__RequestVerificationToken" },
            };
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "Photos", "门口.png");
            return await lead.PostAsync("/Visits/Record", form);
        }

        var tooBig = await PostAsync(Png(RecordModel.MaxPhotoBytes + 1));
        Assert.Equal(HttpStatusCode.OK, tooBig.StatusCode);
        Assert.Contains("照片“门口.png”超过2MB，请压缩后再传。", await tooBig.Content.ReadAsStringAsync());
        await using (var db = app.Database.Target.CreateContext())
            Assert.False(await db.Set<Visit>().AnyAsync(v => v.ResidentId == allowance.Id));

        var png = Png(2048);
        var saved = await PostAsync(png);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var visit = long.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        long photo;
        await using (var db = app.Database.Target.CreateContext())
            photo = await db.Set<VisitPhoto>().Where(p => p.VisitId == visit).Select(p => p.Id).SingleAsync();
        var url = $"/Visits/Detail/{visit}?handler=Photo&photo={photo}";
        var shown = await lead.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(png, await shown.Content.ReadAsByteArrayAsync());
        // The grid's cadre, not granted the 低保 label, sees that the visit happened but not its photo; another grid's cadre not even that.
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync($"/Visits/Detail/{visit}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCadre.GetAsync(url)).StatusCode);
    }

    /// <summary>A PNG signature followed by filler: the server checks size and declared type, not the picture.</summary>
    static byte[] Png(int length)
    {
        var bytes = new byte[length];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    static DateOnly Date(JsonElement e) => DateOnly.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    static List<string> Names(JsonElement detail) => detail.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();

    static JsonElement Recipient(JsonElement detail, string name) => detail.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
}
