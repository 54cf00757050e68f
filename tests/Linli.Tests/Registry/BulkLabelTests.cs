using System.Net;
using System.Net.Http.Json;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Linli.Tests.Registry;

/// <summary>From a list: a label added to or taken from the chosen residents in one step, and the list exported.</summary>
public class BulkLabelTests
{
    internal static async Task<HttpResponseMessage> LabelAsync(HttpClient client, string query, long tagId, string op, IEnumerable<long> ids, bool all = false)
    {
        var token = await LinliApp.AntiforgeryTokenAsync(client, "/Registry/Residents" + query);
        var form = new List<KeyValuePair<string, string>> { new("tagId", tagId.ToString()), new("op", op), new("__RequestVerificationToken", token) };
        form.AddRange(ids.Select(id => new KeyValuePair<string, string>("ids", id.ToString())));
        if (all) form.Add(new("all", "true"));
        var sep = query.Length == 0 ? "?" : "&";
        return await client.PostAsync("/Registry/Residents" + query + sep + "handler=Label", new FormUrlEncodedContent(form));
    }

    /// <summary>The label's count per grid as kept in GridCounts, and as counted live.</summary>
    static async Task AssertCountsAreLiveAsync(LinliApp app, long tagId)
    {
        await using var db = app.Database.Target.CreateContext();
        var kept = await db.GridCounts.Where(c => c.Measure == GridMeasure.Tag && c.Key == tagId && c.Count > 0).OrderBy(c => c.GridId).Select(c => new { c.GridId, c.Count }).ToListAsync();
        var live = await db.ResidentTags.Where(t => t.TagId == tagId).Join(db.Residents.Where(r => r.Status == ResidentStatus.Active), t => t.ResidentId, r => r.Id, (t, r) => r.GridId)
            .GroupBy(g => g).Select(g => new { GridId = g.Key, Count = g.Count() }).OrderBy(x => x.GridId).ToListAsync();
        Assert.Equal(live.Select(x => (x.GridId, x.Count)), kept.Select(x => (x.GridId, x.Count)));
        await GridCountsTests.AssertLabelCopiesAsync(db);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ALabelGoesOnTheChosenInOneStepWithHistoryCountsAndOneAuditRow(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        long grid, hardship, other;
        List<Resident> chosen;
        await using (var db = app.Database.Target.CreateContext())
        {
            grid = await db.RoleAssignments.Join(db.Users.Where(u => u.UserName == app.Account(Roles.GridCadre).UserName), a => a.UserId, u => u.Id, (a, u) => a.OrgUnitId).SingleAsync();
            hardship = await db.Tags.Where(t => t.Code == DemoTags.HardshipHousehold.Code).Select(t => t.Id).SingleAsync();
            chosen = await db.Residents.AsNoTracking().Where(r => r.GridId == grid && r.Status == ResidentStatus.Active && !db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == hardship))
                .OrderBy(r => r.Id).Take(3).ToListAsync();
            other = await db.Residents.Where(r => r.GridId != grid).Select(r => r.Id).FirstAsync();
        }
        var ids = chosen.Select(r => r.Id).ToList();
        long lastAudit;
        await using (var db = app.Database.Target.CreateContext()) lastAudit = await db.AuditEntries.MaxAsync(a => a.Id);

        var response = await LabelAsync(cadre, "", hardship, "add", ids);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(3, await db.ResidentTags.CountAsync(t => t.TagId == hardship && ids.Contains(t.ResidentId)));
            var history = await db.ResidentChanges.Where(c => ids.Contains(c.ResidentId) && c.Field == "人员标签" && c.NewValue == "困难户").ToListAsync();
            Assert.Equal(ids.Order(), history.Select(h => h.ResidentId).Order());
            var versions = await db.Residents.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Version);
            Assert.All(chosen, r => Assert.Equal(r.Version + 1, versions[r.Id]));
            var audit = await db.AuditEntries.Where(a => a.Id > lastAudit).ToListAsync();
            var row = Assert.Single(audit);
            Assert.Equal(AuditActions.Write, row.Action);
            Assert.Equal("批量添加人员标签“困难户”：3 人（名单：在册）", row.Detail);
            Assert.Equal(grid, row.OrgUnitId);
        }
        await AssertCountsAreLiveAsync(app, hardship);

        // One id of another grid among the chosen: nothing changes, and the refusal is audited.
        await using (var db = app.Database.Target.CreateContext()) lastAudit = await db.AuditEntries.MaxAsync(a => a.Id);
        response = await LabelAsync(cadre, "", hardship, "remove", [.. ids, other]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await cadre.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("选中的 4 人中有 1 人不在你可以修改的范围内，没有做任何修改。", page, StringComparison.Ordinal);
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(3, await db.ResidentTags.CountAsync(t => t.TagId == hardship && ids.Contains(t.ResidentId)));
            Assert.False(await db.ResidentTags.AnyAsync(t => t.TagId == hardship && t.ResidentId == other && t.GridId == grid));
            var row = Assert.Single(await db.AuditEntries.Where(a => a.Id > lastAudit).ToListAsync());
            Assert.Equal(AuditActions.Denied, row.Action);
        }

        // Every resident the filter matches ("all"), taken off again in one step: 3 people, one audit row.
        await using (var db = app.Database.Target.CreateContext()) lastAudit = await db.AuditEntries.MaxAsync(a => a.Id);
        var before = (await ResidentListTests.PageCountsAsync(cadre, $"/Registry/Residents?tag={DemoTags.HardshipHousehold.Code}")).Residents;
        response = await LabelAsync(cadre, $"?tag={DemoTags.HardshipHousehold.Code}", hardship, "remove", [], all: true);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, (await ResidentListTests.PageCountsAsync(cadre, $"/Registry/Residents?tag={DemoTags.HardshipHousehold.Code}")).Residents);
        await using (var db = app.Database.Target.CreateContext())
        {
            var row = Assert.Single(await db.AuditEntries.Where(a => a.Id > lastAudit).ToListAsync());
            Assert.Equal($"批量移除人员标签“困难户”：{before} 人（名单：标签：困难户；在册）", row.Detail);
            Assert.Equal(before, await db.ResidentChanges.CountAsync(c => c.Field == "人员标签" && c.OldValue == "困难户"));
        }
        await AssertCountsAreLiveAsync(app, hardship);
    }

    [Fact]
    public async Task WhoMayNotWriteOrSeeTheLabelIsRefused()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        long disabled, someone;
        await using (var db = app.Database.Target.CreateContext())
        {
            disabled = await db.Tags.Where(t => t.Code == DemoTags.Disabled.Code).Select(t => t.Id).SingleAsync();
            var grid = await db.RoleAssignments.Join(db.Users.Where(u => u.UserName == app.Account(Roles.GridCadre).UserName), a => a.UserId, u => u.Id, (a, u) => a.OrgUnitId).SingleAsync();
            someone = await db.Residents.Where(r => r.GridId == grid).Select(r => r.Id).FirstAsync();
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await LabelAsync(street, "", disabled, "add", [someone])).StatusCode);
        var response = await LabelAsync(cadre, "", disabled, "add", [someone]);
        Assert.Contains("找不到这个人员标签。", await cadre.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
        await using var check = app.Database.Target.CreateContext();
        Assert.False(await check.ResidentTags.AnyAsync(t => t.TagId == disabled && t.ResidentId == someone));
    }

    [Fact]
    public async Task TheListIsExportedMaskedWithOnlyItsResidents()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var query = $"?tag={DemoTags.ElderlyLivingAlone.Code}&ageMin=80";
        var counts = await ResidentListTests.PageCountsAsync(lead, "/Registry/Residents" + query);
        var html = await lead.GetStringAsync("/Registry/Residents" + query);
        var href = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "href=\"(/api/v1/exports/residents[^\"]*)\"").Groups[1].Value);
        Assert.Contains("from=CGJD-XFL", href, StringComparison.Ordinal);
        var response = await lead.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = file.Query(useHeaderRow: false, startCell: "A4").ToList();
        Assert.Equal(counts.Residents, rows.Count);
        Assert.All(rows, r => Assert.Contains("独居老人", ((IDictionary<string, object>)r)["P"] as string ?? ""));
        Assert.All(rows, r => Assert.DoesNotMatch(@"^\d{17}[\dX]$", ((IDictionary<string, object>)r)["I"] as string ?? ""));
        await using var db = app.Database.Target.CreateContext();
        var audit = await db.AuditEntries.Where(a => a.Action == AuditActions.Export).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal($"导出脱敏名册：幸福里社区（名单：标签：独居老人；80岁及以上；在册），{counts.Residents} 人，{counts.Households} 户", audit.Detail);
    }

    [Fact]
    public async Task TheApiLabelsInOneStepToo()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        long unemployed;
        List<long> own, elsewhere;
        await using (var db = app.Database.Target.CreateContext())
        {
            unemployed = await db.Tags.Where(t => t.Code == DemoTags.Unemployed.Code).Select(t => t.Id).SingleAsync();
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grids = await db.OrgUnits.Where(o => o.ParentId == community.Id).Select(o => o.Id).ToListAsync();
            own = await db.Residents.Where(r => grids.Contains(r.GridId) && !db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == unemployed)).OrderBy(r => r.Id).Select(r => r.Id).Take(50).ToListAsync();
            elsewhere = await db.Residents.Where(r => !grids.Contains(r.GridId)).Select(r => r.Id).Take(1).ToListAsync();
        }
        var refused = await lead.PostAsJsonAsync("/api/v1/residents/labels", new { tagId = unemployed, op = "add", ids = own.Concat(elsewhere) });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var done = await lead.PostAsJsonAsync("/api/v1/residents/labels", new { tagId = unemployed, op = "add", ids = own });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(50, (await done.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("changed").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PostAsJsonAsync("/api/v1/residents/labels", new { tagId = unemployed, op = "swap", ids = own })).StatusCode);
        await AssertCountsAreLiveAsync(app, unemployed);
    }
}
