using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

/// <summary>The labels are the street's; a community sets its own visit cycles; every count is of the user's own area.</summary>
public class TagManagementTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task TheStreetDefinesASensitiveLabelThatACadreNeverSees()
    {
        var app = demo.App;
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var token = await LinliApp.AntiforgeryTokenAsync(street, "/Registry/Tags");
        var saved = await street.PostAsync("/Registry/Tags", Form(token, ("Input.Name", "重点信访关注"), ("Input.Category", "信访"),
            ("Input.IsSensitive", "true"), ("Input.VisitIntervalDays", "30")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("重点信访关注", await street.GetStringAsync("/Registry/Tags"));

        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var leadTags = await lead.GetFromJsonAsync<JsonElement>("/api/v1/tags");
        Assert.Contains(leadTags.EnumerateArray(), t => t.GetProperty("name").GetString() == "重点信访关注" && t.GetProperty("isSensitive").GetBoolean());
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/Registry/Tags")).StatusCode);
        var cadreTags = await cadre.GetFromJsonAsync<JsonElement>("/api/v1/tags");
        Assert.DoesNotContain(cadreTags.EnumerateArray(), t => t.GetProperty("name").GetString() == "重点信访关注");

        // A second label of the same name is refused next to the field.
        var again = await street.PostAsync("/Registry/Tags", Form(token, ("Input.Name", "重点信访关注"), ("Input.Category", "信访")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("已有同名标签", await again.Content.ReadAsStringAsync());
        await using var db = app.Database.Target.CreateContext();
        Assert.Equal(1, await db.Tags.CountAsync(t => t.Name == "重点信访关注"));
        Assert.Contains(await db.AuditEntries.ToListAsync(), e => (e.Detail ?? "").Contains("新建标签“重点信访关注”（敏感）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACommunityLeadCannotChangeALabelDefinition()
    {
        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var page = await lead.GetStringAsync("/Registry/Tags");
        Assert.DoesNotContain("新建标签", page);
        long id;
        await using (var db = demo.App.Database.Target.CreateContext())
            id = (await db.Tags.SingleAsync(t => t.Name == "低保户")).Id;
        var token = await LinliApp.AntiforgeryTokenAsync(lead, "/Registry/Tags");
        var refused = await lead.PostAsync("/Registry/Tags", Form(token, ("Input.Id", id.ToString()), ("Input.Name", "低保户"), ("Input.Category", "民政"), ("Input.Confirmed", "true")));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using var after = demo.App.Database.Target.CreateContext();
        Assert.True((await after.Tags.SingleAsync(t => t.Id == id)).IsSensitive);
    }

    [Fact]
    public async Task ChangingSensitivityShowsWhoItExposesAndIsAuditedWithTheStreet()
    {
        var app = demo.App;
        Tag disabled;
        int residents, communities;
        await using (var db = app.Database.Target.CreateContext())
        {
            disabled = await db.Tags.SingleAsync(t => t.Name == "残疾人");
            var rows = await db.ResidentTags.Where(rt => rt.TagId == disabled.Id)
                .Join(db.Residents.Where(r => r.Status == ResidentStatus.Active), rt => rt.ResidentId, r => r.Id, (rt, r) => r.GridId)
                .Join(db.OrgUnits, g => g, o => o.Id, (g, o) => o.ParentId).ToListAsync();
            (residents, communities) = (rows.Count, rows.Distinct().Count());
        }
        Assert.True(disabled.IsSensitive);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var token = await LinliApp.AntiforgeryTokenAsync(street, "/Registry/Tags");
        var fields = new[] { ("Input.Id", disabled.Id.ToString()), ("Input.Name", "残疾人"), ("Input.Category", disabled.Category), ("Input.VisitIntervalDays", "30"),
            ("Input.Version", disabled.Version.ToString()) };

        // A form opened before someone else's change (an older version) changes nothing and shows what is saved now.
        var stale = await street.PostAsync("/Registry/Tags", Form(token, [.. fields.Where(f => f.Item1 != "Input.Version"), ("Input.Version", (disabled.Version - 1).ToString()), ("Input.Confirmed", "true")]));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var staleView = await stale.Content.ReadAsStringAsync();
        Assert.Contains("此标签已被他人修改", staleView);
        Assert.Contains("现在保存的是：名称“残疾人”", staleView);
        await using (var db = app.Database.Target.CreateContext())
            Assert.True((await db.Tags.SingleAsync(t => t.Id == disabled.Id)).IsSensitive);

        var asked = await street.PostAsync("/Registry/Tags", Form(token, fields));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirmation = await asked.Content.ReadAsStringAsync();
        Assert.Contains($"{communities} 个社区的 {residents:N0} 名在册居民", confirmation);
        Assert.Contains("确认修改", confirmation);
        await using (var db = app.Database.Target.CreateContext())
            Assert.True((await db.Tags.SingleAsync(t => t.Id == disabled.Id)).IsSensitive);

        var done = await street.PostAsync("/Registry/Tags", Form(token, [.. fields, ("Input.Confirmed", "true")]));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.False((await db.Tags.SingleAsync(t => t.Id == disabled.Id)).IsSensitive);
            var streetUnit = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD");
            var row = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync(e => (e.Detail ?? "").Contains("修改标签“残疾人”"));
            Assert.Equal(streetUnit.Id, row.OrgUnitId);
            Assert.Contains($"{communities} 个社区 {residents} 名在册居民", row.Detail);
            Assert.Contains("城关街道（CGJD）", row.Detail);
            // Put back for the other tests of this class.
            (await db.Tags.SingleAsync(t => t.Id == disabled.Id)).IsSensitive = true;
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task ALeadSeesTheCountsOfHerCommunityAndTheStreetThoseOfTheStreet()
    {
        int community, all;
        await using (var db = demo.App.Database.Target.CreateContext())
        {
            var tag = await db.Tags.SingleAsync(t => t.Name == "独居老人");
            var xfl = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grids = await db.OrgUnits.Where(o => o.ParentId == xfl.Id).Select(o => o.Id).ToListAsync();
            var active = db.ResidentTags.Where(rt => rt.TagId == tag.Id).Join(db.Residents.Where(r => r.Status == ResidentStatus.Active), rt => rt.ResidentId, r => r.Id, (rt, r) => r.GridId);
            (community, all) = (await active.CountAsync(g => grids.Contains(g)), await active.CountAsync());
        }
        Assert.True(all > community);
        var lead = await (await demo.App.LoggedInClientAsync(Roles.CommunityLead)).GetStringAsync("/Registry/Tags");
        var street = await (await demo.App.LoggedInClientAsync(Roles.StreetOfficer)).GetStringAsync("/Registry/Tags");
        // Each count is a link to its list.
        Assert.Matches($">{community:N0}</a>\\s*</td>", lead);
        Assert.DoesNotMatch($">{all:N0}</a>\\s*</td>", lead);
        Assert.Matches($">{all:N0}</a>\\s*</td>", street);
    }

    [Fact]
    public async Task ALeadSetsHerCommunitysOwnVisitCycleAndNoOtherCommunitys()
    {
        long tagId, own, other;
        await using (var db = demo.App.Database.Target.CreateContext())
        {
            tagId = (await db.Tags.SingleAsync(t => t.Name == "独居老人")).Id;
            own = (await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区")).Id;
            other = (await db.OrgUnits.SingleAsync(o => o.Name == "和平社区")).Id;
        }
        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var token = await LinliApp.AntiforgeryTokenAsync(lead, $"/Registry/Tags?cycle={tagId}");
        var saved = await lead.PostAsync("/Registry/Tags?handler=Cycle", Form(token, ("Cycle.TagId", tagId.ToString()), ("Cycle.CommunityId", own.ToString()),
            ("Cycle.IntervalDays", "14"), ("Cycle.WindowDays", "3")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var wrongWindow = await lead.PostAsync("/Registry/Tags?handler=Cycle", Form(token, ("Cycle.TagId", tagId.ToString()), ("Cycle.CommunityId", own.ToString()),
            ("Cycle.IntervalDays", "7"), ("Cycle.WindowDays", "7")));
        Assert.Contains("应走访期应短于走访周期", await wrongWindow.Content.ReadAsStringAsync());
        var elsewhere = await lead.PostAsync("/Registry/Tags?handler=Cycle", Form(token, ("Cycle.TagId", tagId.ToString()), ("Cycle.CommunityId", other.ToString()),
            ("Cycle.IntervalDays", "14")));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);

        await using var after = demo.App.Database.Target.CreateContext();
        var cycles = await after.CommunityVisitCycles.Where(c => c.TagId == tagId).ToListAsync();
        var cycle = Assert.Single(cycles);
        Assert.Equal((own, 14, 3), (cycle.CommunityId, cycle.IntervalDays, cycle.WindowDays));
        Assert.Equal(7, (await after.Tags.SingleAsync(t => t.Id == tagId)).VisitIntervalDays);
        Assert.Contains(await after.AuditEntries.Where(e => e.OrgUnitId == own).ToListAsync(), e => (e.Detail ?? "").Contains("走访周期设为 14 天", StringComparison.Ordinal));
    }

    static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
}
