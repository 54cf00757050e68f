using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

/// <summary>
/// Households that change, through the API as an integration would and the pages do: each change leaves one history
/// row on each household and resident it touched and one audit row, keeps the grid numbers true, answers 404 outside
/// the user's area and 412 on a version read before someone else's change.
/// </summary>
public class HouseholdChangesTests
{
    sealed record Before(long HouseholdChanges, long ResidentChanges, long Audit);

    static async Task<Before> MarkAsync(LinliApp app)
    {
        await using var db = app.Database.Target.CreateContext();
        return new Before(await db.HouseholdChanges.MaxAsync(c => (long?)c.Id) ?? 0, await db.ResidentChanges.MaxAsync(c => (long?)c.Id) ?? 0,
            await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0);
    }

    /// <summary>Since <paramref name="mark"/>: exactly one history row per household named, one per resident named, one audit row on the household; the numbers agree with a live count.</summary>
    static async Task AssertWrittenAsync(LinliApp app, Before mark, long[] households, long[] residents, long auditHousehold, string auditText)
    {
        await using var db = app.Database.Target.CreateContext();
        var hRows = await db.HouseholdChanges.Where(c => c.Id > mark.HouseholdChanges).Select(c => c.HouseholdId).ToListAsync();
        Assert.Equal(households.Order(), hRows.Order());
        var rRows = await db.ResidentChanges.Where(c => c.Id > mark.ResidentChanges).Select(c => c.ResidentId).ToListAsync();
        Assert.Equal(residents.Order(), rRows.Order());
        var audit = await db.AuditEntries.Where(a => a.Id > mark.Audit && a.Action == AuditActions.Write).ToListAsync();
        var row = Assert.Single(audit);
        Assert.Equal(AuditTargets.Household, row.TargetKind);
        Assert.Equal(auditHousehold, row.TargetId);
        Assert.Contains(auditText, row.Detail, StringComparison.Ordinal);
        Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
        await GridCountsTests.AssertLabelCopiesAsync(db);
    }

    static async Task<(JsonElement Body, EntityTagHeaderValue ETag)> GetAsync(HttpClient client, long id)
    {
        var response = await client.GetAsync($"/api/v1/households/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!);
    }

    static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, EntityTagHeaderValue? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.IfMatch.Add(etag);
        return await client.SendAsync(request);
    }

    static async Task<string> Why(HttpResponseMessage r) => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}";

    sealed record Family(long Household, long Head, long Spouse, long[] Others, long Grid);

    /// <summary>A household of the demo's 第三居民组 (the cadre's grid) with a head, a spouse and at least one more member.</summary>
    static async Task<Family> FamilyAsync(LinliApp app, string grid = "第三居民组", int skip = 0)
    {
        await using var db = app.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var g = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == grid);
        var households = await db.Households.Where(h => h.GridId == g.Id && db.Residents.Count(r => r.HouseholdId == h.Id) >= 3
            && db.Residents.Any(r => r.HouseholdId == h.Id && r.RelationToHead == RelationToHead.Spouse)).OrderBy(h => h.Id).Skip(skip).FirstAsync();
        var members = await db.Residents.Where(r => r.HouseholdId == households.Id).OrderBy(r => r.Id).ToListAsync();
        return new Family(households.Id, households.HeadId!.Value, members.First(m => m.RelationToHead == RelationToHead.Spouse).Id,
            members.Where(m => m.RelationToHead is not (RelationToHead.Self or RelationToHead.Spouse)).Select(m => m.Id).ToArray(), g.Id);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task EachChangeWritesItsHistoryAndOneAuditRowAndKeepsTheNumbersTrue(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var a = await FamilyAsync(app);
        var b = await FamilyAsync(app, skip: 1);

        // 立户 at a new address: building and dwelling made, then found again for a second household in the same room.
        var mark = await MarkAsync(app);
        var created = await PostAsync(cadre, "/api/v1/households", new { gridId = a.Grid, building = "901", unit = "1", room = "101" }, null);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await Why(created));
        var newId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await AssertWrittenAsync(app, mark, [newId], [], newId, "立户：901号楼1单元101室");
        var again = await PostAsync(cadre, "/api/v1/households", new { gridId = a.Grid, building = "901号楼", unit = "1单元", room = "101室" }, null);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(1, await db.Buildings.CountAsync(x => x.Name == "901号楼"));
            var twin = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            var dwellings = await db.Households.Where(h => h.Id == newId || h.Id == twin).Select(h => h.DwellingId).Distinct().CountAsync();
            Assert.Equal(1, dwellings);
        }

        // 变更户主: the spouse heads the household; the old head becomes her spouse, the children stay children.
        mark = await MarkAsync(app);
        var (_, etag) = await GetAsync(cadre, a.Household);
        long[] relationChanged;
        await using (var db = app.Database.Target.CreateContext())
            relationChanged = (await db.Residents.Where(r => a.Others.Contains(r.Id)).ToListAsync())
                .Where(r => HouseholdChanges.RelationToNewHead(RelationToHead.Spouse, r.RelationToHead) != r.RelationToHead).Select(r => r.Id).ToArray();
        var rehead = await PostAsync(cadre, $"/api/v1/households/{a.Household}/head", new { headId = a.Spouse }, etag);
        Assert.True(rehead.StatusCode == HttpStatusCode.OK, await Why(rehead));
        Assert.NotEqual(etag.Tag, rehead.Headers.ETag!.Tag);
        await AssertWrittenAsync(app, mark, [a.Household], [a.Head, a.Spouse, .. relationChanged], a.Household, "变更户主");
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(a.Spouse, (await db.Households.SingleAsync(h => h.Id == a.Household)).HeadId);
            Assert.Equal(RelationToHead.Self, (await db.Residents.SingleAsync(r => r.Id == a.Spouse)).RelationToHead);
            Assert.Equal(RelationToHead.Spouse, (await db.Residents.SingleAsync(r => r.Id == a.Head)).RelationToHead);
        }

        // A member moves to the new household, as its head.
        mark = await MarkAsync(app);
        (_, etag) = await GetAsync(cadre, a.Household);
        var moved = await PostAsync(cadre, $"/api/v1/households/{a.Household}/move-member",
            new { residentId = a.Others[0], toHouseholdId = newId, relation = "Self" }, etag);
        Assert.True(moved.StatusCode == HttpStatusCode.OK, await Why(moved));
        await AssertWrittenAsync(app, mark, [a.Household, newId], [a.Others[0]], a.Household, "成员迁往另一户");

        // 分户: the old head leaves with... himself, to a new address in another grid of the community (the lead's area).
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        long eighth;
        await using (var db = app.Database.Target.CreateContext())
            eighth = await db.OrgUnits.Where(o => o.Name == "第八居民组").Select(o => o.Id).FirstAsync();
        mark = await MarkAsync(app);
        (_, etag) = await GetAsync(lead, a.Household);
        var split = await PostAsync(lead, $"/api/v1/households/{a.Household}/split",
            new { memberIds = new[] { a.Head }, headId = a.Head, gridId = eighth, building = "902", unit = "2", room = "202" }, etag);
        Assert.True(split.StatusCode == HttpStatusCode.OK, await Why(split));
        long splitId;
        await using (var db = app.Database.Target.CreateContext())
        {
            var head = await db.Residents.SingleAsync(r => r.Id == a.Head);
            splitId = head.HouseholdId!.Value;
            Assert.Equal(eighth, head.GridId);
            Assert.Equal(RelationToHead.Self, head.RelationToHead);
        }
        await AssertWrittenAsync(app, mark, [a.Household, splitId], [a.Head], a.Household, "分户");

        // 合户: household b joins a; b is gone, its members are a's, its history stays.
        mark = await MarkAsync(app);
        (_, etag) = await GetAsync(cadre, a.Household);
        var (bBody, bTag) = await GetAsync(cadre, b.Household);
        var bMembers = bBody.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToArray();
        var merged = await PostAsync(cadre, $"/api/v1/households/{a.Household}/merge",
            new { otherHouseholdId = b.Household, otherVersion = int.Parse(bTag.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture) }, etag);
        Assert.True(merged.StatusCode == HttpStatusCode.OK, await Why(merged));
        await AssertWrittenAsync(app, mark, [a.Household, b.Household], bMembers, a.Household, "合户");
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.False(await db.Households.AnyAsync(h => h.Id == b.Household));
            Assert.True(await db.HouseholdChanges.AnyAsync(c => c.HouseholdId == b.Household && c.Kind == "合户"));
            Assert.All(await db.Residents.Where(r => bMembers.Contains(r.Id)).ToListAsync(), r => Assert.Equal(a.Household, r.HouseholdId));
        }

        // 外地迁入: a new resident with where from and when.
        mark = await MarkAsync(app);
        (_, etag) = await GetAsync(cadre, a.Household);
        var arrived = await PostAsync(cadre, $"/api/v1/households/{a.Household}/move-in", new
        {
            from = "河南省信阳市浉河区", date = "2026-10-08",
            resident = new { name = "上官若兰", gender = "Female", birthDate = "1990-02-03", relationToHead = "Other", residenceKind = "Resident" },
        }, etag);
        Assert.True(arrived.StatusCode == HttpStatusCode.Created, await Why(arrived));
        var arrivedId = (await arrived.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await using (var db = app.Database.Target.CreateContext())
        {
            // The new resident's registration (ResidentEditor) is their history; its first row says where from.
            Assert.Equal([arrivedId], await db.ResidentChanges.Where(c => c.Id > mark.ResidentChanges).Select(c => c.ResidentId).Distinct().ToListAsync());
            var first = await db.ResidentChanges.Where(c => c.Id > mark.ResidentChanges).OrderBy(c => c.Id).FirstAsync();
            Assert.Equal(("外地迁入", "河南省信阳市浉河区"), (first.Field, first.OldValue));
            var hRow = await db.HouseholdChanges.SingleAsync(c => c.Id > mark.HouseholdChanges);
            Assert.Contains("河南省信阳市浉河区", hRow.Detail, StringComparison.Ordinal);
            Assert.Single(await db.AuditEntries.Where(x => x.Id > mark.Audit && x.Action == AuditActions.Write).ToListAsync());
            Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
            await GridCountsTests.AssertLabelCopiesAsync(db);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheHeadsDeathNamesTheNewHeadAndOffersTheSurvivorTheLivingAloneLabel(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        long household, husband, wife, aloneTag, nestTag;
        await using (var db = app.Database.Target.CreateContext())
        {
            nestTag = await db.Tags.Where(t => t.Code == DemoTags.EmptyNestElderly.Code).Select(t => t.Id).SingleAsync();
            aloneTag = await db.Tags.Where(t => t.Code == DemoTags.ElderlyLivingAlone.Code).Select(t => t.Id).SingleAsync();
            // An elderly couple labelled 空巢老人: exactly two members.
            household = await db.Households.Where(h => db.Residents.Count(r => r.HouseholdId == h.Id) == 2
                && db.ResidentTags.Count(rt => rt.TagId == nestTag && db.Residents.Any(r => r.Id == rt.ResidentId && r.HouseholdId == h.Id)) == 2)
                .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
            var members = await db.Residents.Where(r => r.HouseholdId == household).ToListAsync();
            husband = members.Single(m => m.RelationToHead == RelationToHead.Self).Id;
            wife = members.Single(m => m.RelationToHead == RelationToHead.Spouse).Id;
        }
        var (_, etag) = await GetAsync(lead, household);
        var refused = await PostAsync(lead, $"/api/v1/households/{household}/leave", new { residentId = husband, status = "Deceased", date = "2026-11-02" }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("新户主", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mark = await MarkAsync(app);
        var done = await PostAsync(lead, $"/api/v1/households/{household}/leave",
            new { residentId = husband, status = "Deceased", date = "2026-11-02", newHeadId = wife, labelLivingAlone = true }, etag);
        Assert.True(done.StatusCode == HttpStatusCode.OK, await Why(done));
        await AssertWrittenAsync(app, mark, [household], [husband, wife], household, "登记死亡");
        await using (var db = app.Database.Target.CreateContext())
        {
            var w = await db.Residents.SingleAsync(r => r.Id == wife);
            Assert.Equal(RelationToHead.Self, w.RelationToHead);
            Assert.Equal("丧偶", w.MaritalStatus);
            Assert.Equal(wife, (await db.Households.SingleAsync(h => h.Id == household)).HeadId);
            Assert.Equal(ResidentStatus.Deceased, (await db.Residents.SingleAsync(r => r.Id == husband)).Status);
            var labels = await db.ResidentTags.Where(rt => rt.ResidentId == wife).Select(rt => rt.TagId).ToListAsync();
            Assert.Contains(aloneTag, labels);
            Assert.DoesNotContain(nestTag, labels);
            // Left alone is the change 独居老人's first visit is about (24 h in the demo): the label's time is the save's.
            var put = await db.ResidentTags.Where(rt => rt.ResidentId == wife && rt.TagId == aloneTag).Select(rt => rt.AddedAtUtc).SingleAsync();
            Assert.NotNull(put);
            Assert.InRange(DateTime.SpecifyKind(put.Value, DateTimeKind.Utc), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddSeconds(1));
            // The demo's visits may include one of today's: that one counts as the first visit (a visit dated on the day of
            // the change clears it), and she is then listed, if at all, without a deadline.
            var today = DateOnly.FromDateTime(DateTime.Now);
            var visitedToday = await db.Set<Linli.Features.Visits.Visit>().AnyAsync(v => v.ResidentId == wife && v.Date >= today);
            var due = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/visits/due?grid={w.GridId}");
            var her = due.EnumerateArray().SingleOrDefault(p => p.GetProperty("residentId").GetInt64() == wife);
            if (visitedToday)
                Assert.True(her.ValueKind == JsonValueKind.Undefined || her.GetProperty("firstVisit").ValueKind == JsonValueKind.Null);
            else
                Assert.StartsWith("新增标签「独居老人」：须在", her.GetProperty("firstVisit").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AHouseholdOutsideTheAreaIsNotFoundAndAStaleVersionChangesNothing(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var mine = await FamilyAsync(app);
        var other = await FamilyAsync(app, "第一居民组");
        var (_, otherTag) = await GetAsync(lead, other.Household);
        var mark = await MarkAsync(app);

        foreach (var (path, body) in new (string, object)[]
                 {
                     ($"/api/v1/households/{other.Household}/head", new { headId = other.Spouse }),
                     ($"/api/v1/households/{other.Household}/move-member", new { residentId = other.Others[0], toHouseholdId = mine.Household, relation = "Other" }),
                     ($"/api/v1/households/{mine.Household}/move-member", new { residentId = mine.Others[0], toHouseholdId = other.Household, relation = "Other" }),
                     ($"/api/v1/households/{mine.Household}/merge", new { otherHouseholdId = other.Household }),
                     ($"/api/v1/households/{other.Household}/leave", new { residentId = other.Others[0], status = "MovedOut", date = "2026-11-02" }),
                 })
        {
            var (_, mineTag) = await GetAsync(cadre, mine.Household);
            var answer = await PostAsync(cadre, path, body, path.Contains($"/{mine.Household}/", StringComparison.Ordinal) ? mineTag : otherTag);
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{path}: {await Why(answer)}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(cadre, "/api/v1/households", new { gridId = other.Grid, building = "903", unit = "1", room = "101" }, null)).StatusCode);

        // Two people read the same version; the first change lands, the second is refused with 412 and the current ETag.
        var (_, seen) = await GetAsync(cadre, mine.Household);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(lead, $"/api/v1/households/{mine.Household}/head", new { headId = mine.Spouse }, seen)).StatusCode);
        var stale = await PostAsync(cadre, $"/api/v1/households/{mine.Household}/move-member",
            new { residentId = mine.Others[0], toHouseholdId = mine.Household, relation = "Other" }, seen);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.NotEqual(seen.Tag, stale.Headers.ETag!.Tag);
        Assert.Equal((HttpStatusCode)428, (await PostAsync(cadre, $"/api/v1/households/{mine.Household}/head", new { headId = mine.Head }, null)).StatusCode);
        var openApi = await cadre.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/households\"", "/households/{id}/head", "/households/{id}/move-member", "/households/{id}/split", "/households/{id}/merge", "/households/{id}/move-in", "/households/{id}/leave", "/buildings/{id}/merge" })
            Assert.Contains(path, openApi, StringComparison.Ordinal);
        await using var db = app.Database.Target.CreateContext();
        // Only the lead's change was written: one household row, its residents, one audit row.
        Assert.Single(await db.HouseholdChanges.Where(c => c.Id > mark.HouseholdChanges).ToListAsync());
        Assert.Single(await db.AuditEntries.Where(a => a.Id > mark.Audit && a.Action == AuditActions.Write).ToListAsync());
    }
}
