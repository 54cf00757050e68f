using System.Net;
using System.Net.Http.Json;
using Linli.Features.Audit;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

/// <summary>
/// Duplicate people and buildings: the duplicates page finds them in the user's area; a merge keeps every history row
/// (moved to the record kept, the other left as a pointer) and writes one audit row; a duplicate building merges into
/// the other with its dwellings and households, and the grid numbers stay true.
/// </summary>
public class DuplicatesAndBuildingsTests
{
    static async Task<long> RegisterAsync(HttpClient client, long household, string name)
    {
        var created = await client.PostAsJsonAsync("/api/v1/residents", new
        {
            householdId = household, resident = new { name, gender = "Female", birthDate = "1941-03-09", relationToHead = "Parent", residenceKind = "Registered", tags = new[] { "独居老人" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
    }

    static async Task<HttpResponseMessage> PostPageAsync(HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await LinliApp.AntiforgeryTokenAsync(client, page);
        return await client.PostAsync(page, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task MergingADuplicateKeepsEveryHistoryRowAndWritesOneAuditRow(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        long[] households;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
            households = await db.Households.Where(h => h.GridId == third.Id).OrderBy(h => h.Id).Select(h => h.Id).Take(2).ToArrayAsync();
        }
        var keep = await RegisterAsync(cadre, households[0], "欧阳素梅");
        var twin = await RegisterAsync(cadre, households[1], "欧阳素梅");
        int twinRows;
        long auditMark;
        await using (var db = app.Database.Target.CreateContext())
        {
            twinRows = await db.ResidentChanges.CountAsync(c => c.ResidentId == twin);
            auditMark = await db.AuditEntries.MaxAsync(a => a.Id);
        }
        Assert.True(twinRows > 0);

        var page = await cadre.GetStringAsync("/Registry/Duplicates");
        Assert.Contains("姓名和出生日期相同", page, StringComparison.Ordinal);
        Assert.Contains($"/Registry/Resident/{twin}", page, StringComparison.Ordinal);

        var fields = new List<KeyValuePair<string, string>> { new("Kind", "people"), new("Keep", $"{keep}"), new("Others", $"{keep}"), new("Others", $"{twin}") };
        var confirm = await PostPageAsync(cadre, "/Registry/Duplicates", fields);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains($"{twinRows} 条变更记录", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var done = await PostPageAsync(cadre, "/Registry/Duplicates", [.. fields, new("Confirmed", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        await using (var db = app.Database.Target.CreateContext())
        {
            var gone = await db.Residents.SingleAsync(r => r.Id == twin);
            Assert.Equal((ResidentStatus.Merged, (long?)keep), (gone.Status, gone.MergedIntoId));
            // Every row the twin had is now the kept record's; the twin keeps one row that points there.
            Assert.Equal("合并重复记录", (await db.ResidentChanges.SingleAsync(c => c.ResidentId == twin)).Field);
            var kept = await db.ResidentChanges.Where(c => c.ResidentId == keep).ToListAsync();
            Assert.Contains(kept, c => c.Field == "合并重复记录" && c.NewValue!.Contains($"转来变更记录 {twinRows} 条", StringComparison.Ordinal));
            var audit = Assert.Single(await db.AuditEntries.Where(a => a.Id > auditMark && a.Action == AuditActions.Write).ToListAsync());
            Assert.Equal((AuditTargets.Resident, (long?)keep), (audit.TargetKind, audit.TargetId));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.TargetKind == AuditTargets.Resident && a.TargetId == twin), "the twin's own audit rows stay as they were");
            Assert.Equal(1, await db.ResidentTags.CountAsync(rt => rt.ResidentId == keep));
            Assert.Equal(0, await db.ResidentTags.CountAsync(rt => rt.ResidentId == twin));
            Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
        }
        Assert.DoesNotContain($"/Registry/Resident/{twin}\"", await cadre.GetStringAsync("/Registry/Duplicates"), StringComparison.Ordinal);
        Assert.Contains("已合并到", await cadre.GetStringAsync($"/Registry/Resident/{twin}"), StringComparison.Ordinal);

        // Outside the cadre's grid: nothing found, nothing merged.
        long outside;
        await using (var db = app.Database.Target.CreateContext())
            outside = await db.Residents.Where(r => r.GridId != db.Residents.Where(x => x.Id == keep).Select(x => x.GridId).First()).Select(r => r.Id).FirstAsync();
        var refused = await PostPageAsync(cadre, "/Registry/Duplicates",
            [new("Kind", "people"), new("Keep", $"{keep}"), new("Others", $"{outside}"), new("Confirmed", "true")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(ResidentStatus.Active, (await db.Residents.SingleAsync(r => r.Id == outside)).Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ADuplicateBuildingMergesWithItsDwellingsAndHouseholdsAndNamesStayUniquePerCommunity(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Building keep, dup;
        long communityId;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            communityId = community.Id;
            var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
            var first = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第一居民组");
            keep = await db.Buildings.Where(b => b.GridId == third.Id).OrderBy(b => b.Id).FirstAsync();
            dup = await db.Buildings.Where(b => b.GridId == first.Id).OrderBy(b => b.Id).FirstAsync();
            Assert.Empty(await Places.DuplicateBuildingsAsync(db, community.Id, default));
        }
        // A name used elsewhere in the community is refused.
        var taken = await lead.PutAsJsonAsync($"/api/v1/buildings/{dup.Id}/name", new { name = keep.Name });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("合并楼栋", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await lead.PutAsJsonAsync($"/api/v1/buildings/{dup.Id}/name", new { name = "901" })).StatusCode);

        // An import (or an older system) left two buildings of one name: the check finds them.
        await using (var db = app.Database.Target.CreateContext())
        {
            await db.Buildings.Where(b => b.Id == dup.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Name, keep.Name));
            var found = Assert.Single(await Places.DuplicateBuildingsAsync(db, communityId, default));
            Assert.Equal(keep.Name, found.Name);
            Assert.Equal(new[] { keep.Id, dup.Id }.Order(), found.Buildings.Select(b => b.BuildingId).Order());
        }
        Assert.Contains("同名的楼栋", await lead.GetStringAsync("/Registry/Duplicates"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.PostAsJsonAsync($"/api/v1/buildings/{dup.Id}/merge", new { duplicateBuildingId = keep.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cadre.PostAsJsonAsync($"/api/v1/buildings/{keep.Id}/merge", new { duplicateBuildingId = dup.Id })).StatusCode);

        List<long> movedHouseholds;
        long auditMark;
        await using (var db = app.Database.Target.CreateContext())
        {
            movedHouseholds = await db.Households.Where(h => db.Dwellings.Any(d => d.Id == h.DwellingId && d.BuildingId == dup.Id)).Select(h => h.Id).ToListAsync();
            auditMark = await db.AuditEntries.MaxAsync(a => a.Id);
        }
        var merged = await lead.PostAsJsonAsync($"/api/v1/buildings/{keep.Id}/merge", new { duplicateBuildingId = dup.Id });
        Assert.Equal(HttpStatusCode.NoContent, merged.StatusCode);
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.False(await db.Buildings.AnyAsync(b => b.Id == dup.Id));
            Assert.All(await db.Households.Where(h => movedHouseholds.Contains(h.Id)).ToListAsync(), h => Assert.Equal(keep.GridId, h.GridId));
            Assert.All(await db.Residents.Where(r => r.HouseholdId != null && movedHouseholds.Contains(r.HouseholdId.Value)).ToListAsync(), r => Assert.Equal(keep.GridId, r.GridId));
            Assert.Equal(movedHouseholds.Count, await db.HouseholdChanges.CountAsync(c => movedHouseholds.Contains(c.HouseholdId) && c.Kind == "合并楼栋"));
            Assert.Single(await db.AuditEntries.Where(a => a.Id > auditMark && a.Action == AuditActions.Write).ToListAsync());
            Assert.Empty(await Places.DuplicateBuildingsAsync(db, communityId, default));
            Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
        }
    }

    [Fact]
    public async Task TheDemoHasNoOneLivingAloneLabelledAsAnEmptyNest()
    {
        await using var database = await TestDatabase.CreateWithDemoAsync();
        await using var db = database.Target.CreateContext();
        var nest = await db.Tags.Where(t => t.Code == DemoTags.EmptyNestElderly.Code).Select(t => t.Id).SingleAsync();
        var alone = await db.ResidentTags.Where(rt => rt.TagId == nest)
            .Join(db.Residents, rt => rt.ResidentId, r => r.Id, (rt, r) => r)
            .Where(r => db.Residents.Count(x => x.HouseholdId == r.HouseholdId && x.Status == ResidentStatus.Active) == 1)
            .Select(r => r.Name).ToListAsync();
        Assert.Empty(alone);
    }
}
