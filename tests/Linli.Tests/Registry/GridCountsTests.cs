using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Linli.Tests.Registry;

/// <summary>The dashboards read per-grid numbers kept current on every write; these tests hold them to a live count.</summary>
public class GridCountsTests
{
    /// <summary>What GridCounts should hold, counted here from the registry's own rows.</summary>
    internal static async Task<List<string>> LiveRowsAsync(LinliDb db)
    {
        var rows = new List<string>();
        foreach (var h in await db.Households.AsNoTracking().GroupBy(h => h.GridId).Select(g => new { g.Key, N = g.Count() }).ToListAsync())
            rows.Add($"{h.Key}|{GridMeasure.Households}|0|{h.N}");
        var active = await db.Residents.AsNoTracking().Where(r => r.Status == ResidentStatus.Active).Select(r => new { r.Id, r.GridId, r.BirthDate, r.Gender, r.ResidenceKind }).ToListAsync();
        rows.AddRange(active.GroupBy(r => (r.GridId, Year: r.BirthDate?.Year ?? 0)).Select(g => $"{g.Key.GridId}|{GridMeasure.BirthYear}|{g.Key.Year}|{g.Count()}"));
        rows.AddRange(active.GroupBy(r => (r.GridId, Key: (r.BirthDate?.Year ?? 0) * 10 + (r.Gender == Gender.Male ? 1 : 2)))
            .Select(g => $"{g.Key.GridId}|{GridMeasure.GenderBirthYear}|{g.Key.Key}|{g.Count()}"));
        rows.AddRange(active.GroupBy(r => (r.GridId, r.ResidenceKind)).Select(g => $"{g.Key.GridId}|{GridMeasure.ResidenceKind}|{(int)g.Key.ResidenceKind}|{g.Count()}"));
        var gridOf = active.ToDictionary(r => r.Id, r => r.GridId);
        var tags = await db.ResidentTags.AsNoTracking().Select(t => new { t.ResidentId, t.TagId }).ToListAsync();
        rows.AddRange(tags.Where(t => gridOf.ContainsKey(t.ResidentId)).GroupBy(t => (Grid: gridOf[t.ResidentId], t.TagId))
            .Select(g => $"{g.Key.Grid}|{GridMeasure.Tag}|{g.Key.TagId}|{g.Count()}"));
        return rows.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// No label row carries a stale copy of its resident's grid, birth date, household or status (ResidentTagCopies):
    /// the list's counts read those copies (ResidentList.CountAsync), whatever wrote the resident or the label.
    /// </summary>
    internal static async Task AssertLabelCopiesAsync(LinliDb db)
    {
        var stale = await db.ResidentTags.Join(db.Residents, t => t.ResidentId, r => r.Id, (t, r) => new { t, r })
            .Where(x => x.t.GridId != x.r.GridId || x.t.Status != x.r.Status || x.t.BirthDate != x.r.BirthDate || x.t.HouseholdId != x.r.HouseholdId)
            .Select(x => x.t.ResidentId).Take(5).ToListAsync();
        Assert.True(stale.Count == 0, $"the labels of residents {string.Join(", ", stale)} carry stale copies of their fields");
    }

    internal static async Task<List<string>> StoredRowsAsync(LinliDb db) =>
        (await db.GridCounts.AsNoTracking().ToListAsync()).Select(c => $"{c.GridId}|{c.Measure}|{c.Key}|{c.Count}").Order(StringComparer.Ordinal).ToList();

    static async Task<List<string>> PhoneKeysAsync(LinliDb db) =>
        (await db.ResidentSearchKeys.AsNoTracking().Where(k => EF.Functions.Like(k.Key, "@%")).Select(k => k.Key + "|" + k.GridId + "|" + k.ResidentId).ToListAsync())
            .Order(StringComparer.Ordinal).ToList();

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheDemoIsCountedAsALiveRecountWouldAndTheMigrationCountsAndKeysAnOlderDatabase(string engine)
    {
        await using var database = await TestDatabase.CreateWithDemoAsync(engine);
        await using var db = database.Target.CreateContext();
        var stored = await StoredRowsAsync(db);
        Assert.Equal(await LiveRowsAsync(db), stored);
        await AssertLabelCopiesAsync(db);
        var phones = await db.Residents.AsNoTracking().Select(r => new { r.Id, r.GridId, r.PhoneMasked }).ToListAsync();
        var keys = await PhoneKeysAsync(db);
        Assert.Equal(phones.Where(p => ResidentSearchKey.PhoneKey(p.PhoneMasked) is not null)
            .Select(p => ResidentSearchKey.PhoneKey(p.PhoneMasked) + "|" + p.GridId + "|" + p.Id).Order(StringComparer.Ordinal), keys);
        Assert.True(keys.Count > 10_000, "most demo residents have a phone");

        // Back to the schema before this migration (no counts, no phone keys), then forward: the migration fills both.
        var migrations = db.Database.GetMigrations().ToList();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.IndexOf(migrations.Single(m => m.EndsWith("_GridCountsAndPhoneKeys", StringComparison.Ordinal))) - 1]);
        Assert.Empty(await PhoneKeysAsync(db));
        await migrator.MigrateAsync();
        Assert.Equal(stored, await StoredRowsAsync(db));
        Assert.Equal(keys, await PhoneKeysAsync(db));
    }

    /// <summary>The street's overview, every number of it, against a live GROUP BY over the registry.</summary>
    static async Task AssertOverviewIsLiveAsync(LinliApp app, HttpClient street, string step)
    {
        var overview = await street.GetFromJsonAsync<JsonElement>("/api/v1/overview");
        await using var db = app.Database.Target.CreateContext();
        var bornBy = DateTime.Now.Year - 60;
        async Task<(int Households, int Residents, int Aged)> LiveAsync(string path)
        {
            var grids = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(path)).Select(o => o.Id).ToListAsync();
            var active = db.Residents.Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active);
            return (await db.Households.CountAsync(h => grids.Contains(h.GridId)), await active.CountAsync(),
                await active.CountAsync(r => r.BirthDate != null && r.BirthDate.Value.Year <= bornBy));
        }
        static (int, int, int) Shown(JsonElement e) =>
            (e.GetProperty("households").GetInt32(), e.GetProperty("residents").GetInt32(), e.GetProperty("aged60Plus").GetInt32());

        var streetPath = (await db.OrgUnits.SingleAsync(o => o.Kind == OrgUnitKind.Street)).Path;
        var live = await LiveAsync(streetPath);
        Assert.True(live == Shown(overview), $"{step}: the street shows {Shown(overview)}, a live count gives {live}");
        foreach (var row in overview.GetProperty("rows").EnumerateArray())
        {
            var unit = await db.OrgUnits.SingleAsync(o => o.Id == row.GetProperty("unitId").GetInt64());
            var liveRow = await LiveAsync(unit.Path);
            Assert.True(liveRow == Shown(row), $"{step}: {unit.Name} shows {Shown(row)}, a live count gives {liveRow}");
        }
        var liveTags = await db.ResidentTags
            .Join(db.Residents.Where(r => r.Status == ResidentStatus.Active), rt => rt.ResidentId, r => r.Id, (rt, r) => rt.TagId)
            .GroupBy(t => t).Select(g => new { TagId = g.Key, N = g.Count() })
            .Join(db.Tags.Where(t => !t.IsSensitive), x => x.TagId, t => t.Id, (x, t) => t.Code + "=" + x.N).ToListAsync();
        var shownTags = overview.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("code").GetString() + "=" + t.GetProperty("residents").GetInt32());
        Assert.Equal(liveTags.Order(StringComparer.Ordinal), shownTags.Order(StringComparer.Ordinal));
        Assert.Equal(await LiveRowsAsync(db), await StoredRowsAsync(db));
        await AssertLabelCopiesAsync(db);
    }

    static object FormOf(Resident r, FieldCipher cipher, IEnumerable<long> tagIds, DateOnly? birthDate = null) => new
    {
        name = r.Name, gender = r.Gender.ToString(), birthDate = (birthDate ?? r.BirthDate)?.ToString("yyyy-MM-dd"), ethnicity = r.Ethnicity,
        nationalId = r.NationalIdMasked, phone = r.PhoneCipher is null ? null : cipher.Decrypt(r.PhoneCipher), relationToHead = r.RelationToHead.ToString(),
        residenceKind = r.ResidenceKind.ToString(), education = r.Education, politicalStatus = r.PoliticalStatus,
        maritalStatus = r.MaritalStatus, notes = r.Notes, tagIds = tagIds.ToList(),
    };

    /// <summary>A PUT with the If-Match of the resident's current version (read by GET just before).</summary>
    static async Task<HttpResponseMessage> PutAsync(HttpClient client, long id, object body)
    {
        var current = await client.GetAsync($"/api/v1/residents/{id}");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/residents/{id}") { Content = JsonContent.Create(body) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        return await client.SendAsync(put);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task EditsThroughThePagesTheApiAndAnImportKeepTheOverviewEqualToALiveCount(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cipher = FieldCipher.OpenOrCreate(app.Database.DataDir);
        await AssertOverviewIsLiveAsync(app, street, "after the demo");

        List<Resident> aged, young;
        long third, eighth, household, aloneTag, hardshipTag;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            third = (await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组")).Id;
            eighth = (await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第八居民组")).Id;
            var bornBy = new DateOnly(DateTime.Now.Year - 60, 1, 1);
            aged = await db.Residents.AsNoTracking().Where(r => r.GridId == third && r.BirthDate < bornBy).OrderBy(r => r.Id).Take(3).ToListAsync();
            young = await db.Residents.AsNoTracking().Where(r => r.GridId == third && r.BirthDate > bornBy.AddYears(30)).OrderBy(r => r.Id).Take(3).ToListAsync();
            household = await db.Households.Where(h => h.GridId == third).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
            aloneTag = await db.Tags.Where(t => t.Code == DemoTags.ElderlyLivingAlone.Code).Select(t => t.Id).SingleAsync();
            hardshipTag = await db.Tags.Where(t => t.Code == DemoTags.HardshipHousehold.Code).Select(t => t.Id).SingleAsync();
        }

        async Task SetStatusAsync(long id, string status)
        {
            var edit = $"/Registry/Resident/{id}/Edit";
            var token = await LinliApp.AntiforgeryTokenAsync(lead, edit);
            var answer = await lead.PostAsync($"{edit}?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Leave.Status"] = status, ["Leave.Date"] = "2026-11-20", ["Leave.Confirmed"] = "true",
            }));
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }
        await SetStatusAsync(aged[0].Id, "Deceased");
        await AssertOverviewIsLiveAsync(app, street, "a death registered on the page");
        await SetStatusAsync(young[0].Id, "MovedOut");
        await AssertOverviewIsLiveAsync(app, street, "a move out registered on the page");

        var labelled = await PutAsync(lead, aged[1].Id, FormOf(aged[1], cipher, [aloneTag, hardshipTag]));
        Assert.Equal(HttpStatusCode.OK, labelled.StatusCode);
        await AssertOverviewIsLiveAsync(app, street, "two labels added through the API");
        var unlabelled = await PutAsync(lead, aged[1].Id, FormOf(aged[1], cipher, [hardshipTag]));
        Assert.Equal(HttpStatusCode.OK, unlabelled.StatusCode);
        await AssertOverviewIsLiveAsync(app, street, "a label removed through the API");
        var older = await PutAsync(lead, young[1].Id, FormOf(young[1], cipher, [], birthDate: new DateOnly(1950, 3, 3)));
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        await AssertOverviewIsLiveAsync(app, street, "a birth date corrected through the API");

        var added = await lead.PostAsJsonAsync("/api/v1/residents", new
        {
            householdId = household,
            resident = new { name = "上官秀珍", gender = "Female", birthDate = "1948-05-06", relationToHead = "Parent", residenceKind = "Registered", tagIds = new[] { aloneTag } },
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await AssertOverviewIsLiveAsync(app, street, "a member added through the API");

        var csv = new StringBuilder("姓名,公民身份号码,与户主关系,户号,联系电话,人员类别\n");
        for (var i = 0; i < 6; i++)
        {
            var first17 = $"99010119{50 + i * 9:00}0101{i:000}";
            csv.Append($"导入{"甲乙丙丁戊己"[i]},{first17}{NationalId.CheckDigit(first17)},{(i % 2 == 0 ? "本人" : "配偶")},GC-{i / 2},1390000{7100 + i},{(i < 3 ? "独居老人" : "困难户")}\n");
        }
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "名册.csv");
            form.Add(new StringContent("城关街道/幸福里社区/第八居民组"), "into");
            var imported = await lead.PostAsync("/api/v1/imports", form);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            var report = await imported.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(report.GetProperty("imported").GetInt32() == 6, report.ToString());
        }
        await AssertOverviewIsLiveAsync(app, street, "a roster imported through the API");
        var found = (await lead.GetFromJsonAsync<JsonElement>("/api/v1/residents?limit=200&q=7104")).GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains("导入戊", found);

        // No page moves a resident to another grid yet; a save through LinliDb is what such a page would do.
        await using (var db = app.Database.Target.CreateContext())
        {
            var mover = await db.Residents.SingleAsync(r => r.Id == aged[1].Id);
            mover.GridId = eighth;
            mover.HouseholdId = await db.Households.Where(h => h.GridId == eighth).OrderBy(h => h.Id).Select(h => (long?)h.Id).FirstAsync();
            await db.SaveChangesAsync();
            Assert.All(await db.ResidentTags.Where(t => t.ResidentId == mover.Id).ToListAsync(), t => Assert.Equal(eighth, t.GridId));
        }
        await AssertOverviewIsLiveAsync(app, street, "a resident moved to another grid");
    }

    /// <summary>
    /// Two servers writing in one grid at the same moment: each recount locks the grid, so the second one counts
    /// after the first has committed, and neither fails (not even by a deadlock with the foreign keys' locks).
    /// </summary>
    [Fact]
    public async Task TwoWritersInOneGridOnPostgreSqlTakeTurnsAndLeaveTheRightCounts()
    {
        if (TestDatabase.PostgresServer is null) return;   // ./test.sh always gives one
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await Migrator.ApplyAsync(database.Target, default);
        long gridId, householdId, tagId;
        await using (var db = database.Target.CreateContext())
        {
            var street = await OrgUnitTree.AddAsync(db, null, OrgUnitKind.Street, "城关街道", "CGJD", 0, default);
            var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, "幸福里社区", "CGJD-XFL", 0, default);
            gridId = (await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, "第一居民组", "CGJD-XFL-01", 0, default)).Id;
            var tag = DemoTags.ElderlyLivingAlone.ToTag();
            db.Tags.Add(tag);
            var h = new Household { GridId = gridId, Number = "XFL-0001" };
            db.Households.Add(h);
            await db.SaveChangesAsync();
            (householdId, tagId) = (h.Id, tag.Id);
        }
        Resident NewResident(string name, int year) => new()
        {
            GridId = gridId, HouseholdId = householdId, Name = name, Gender = Gender.Female, BirthDate = new DateOnly(year, 6, 1), RelationToHead = RelationToHead.Other,
        };

        // Both insert before either recounts; the second waits on the grid's lock until the first commits.
        await using (var first = database.Target.CreateContext())
        await using (var second = database.Target.CreateContext())
        {
            await using var tx1 = await first.Database.BeginTransactionAsync();
            await using var tx2 = await second.Database.BeginTransactionAsync();
            first.Residents.Add(NewResident("张一", 1950));
            await first.SaveChangesAsync();
            second.Residents.Add(NewResident("张二", 1951));
            var waiting = second.SaveChangesAsync();
            await WaitUntilAsync(async () => await BlockedSessionsAsync(database) > 0 || waiting.IsCompleted);
            Assert.False(waiting.IsCompleted, "the second writer should wait for the grid's lock");
            await tx1.CommitAsync();
            await waiting;
            await tx2.CommitAsync();
        }
        await using (var db = database.Target.CreateContext())
        {
            Assert.Equal(await LiveRowsAsync(db), await StoredRowsAsync(db));
            await AssertLabelCopiesAsync(db);
        }

        // Then four writers at once, each adding residents and labels and ending lives, many times over.
        var errors = new List<Exception>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                try
                {
                    await using var db = database.Target.CreateContext();
                    await using var tx = await db.Database.BeginTransactionAsync();
                    var r = NewResident($"王{w}{i}", 1940 + w * 10 + i);
                    db.Residents.Add(r);
                    await db.SaveChangesAsync();
                    db.ResidentTags.Add(new ResidentTag { ResidentId = r.Id, TagId = tagId, GridId = gridId });
                    if (i % 3 == 2) r.Status = ResidentStatus.Deceased;
                    await db.SaveChangesAsync();
                    await tx.CommitAsync();
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add(e);
                }
            }
        })));
        Assert.Empty(errors.Select(e => e.GetBaseException().Message));
        await using (var db = database.Target.CreateContext())
        {
            Assert.Equal(50, await db.Residents.CountAsync());
            Assert.Equal(await LiveRowsAsync(db), await StoredRowsAsync(db));
            await AssertLabelCopiesAsync(db);
        }
    }

    static async Task<long> BlockedSessionsAsync(TestDatabase database)
    {
        await using var conn = new NpgsqlConnection(database.Options.Db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the condition did not come true in 20 s");
            await Task.Delay(10);
        }
    }
}

public class PhoneSuffixSearchTests
{
    static async Task<List<long>> FindAsync(HttpClient client, string q) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?limit=200&q={Uri.EscapeDataString(q)}"))
            .GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task FourDigitsFindTheResidentUntilThePhoneChangesAndNeverOutsideTheArea(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        Resident own, other;
        List<long> sameSuffix;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
            own = await db.Residents.AsNoTracking().Where(r => r.GridId == third.Id && r.PhoneMasked != null).OrderBy(r => r.Id).Skip(12).FirstAsync();
            other = await db.Residents.AsNoTracking().Where(r => r.GridId != third.Id && r.PhoneMasked != null).OrderBy(r => r.Id).FirstAsync();
            var suffix = own.PhoneMasked![^4..];
            // What a scan of the cadre's grid finds, the way the search answered before it had keys.
            sameSuffix = await db.Residents.Where(r => r.GridId == third.Id && r.PhoneMasked!.EndsWith(suffix)).Select(r => r.Id).ToListAsync();
        }
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(sameSuffix.Order(), (await FindAsync(cadre, own.PhoneMasked![^4..])).Order());
        Assert.Contains(own.Id, await FindAsync(cadre, " " + own.PhoneMasked[^4..] + " "));
        Assert.Contains(own.Id, await FindAsync(cadre, own.PhoneMasked[^3..]));
        Assert.DoesNotContain(other.Id, await FindAsync(cadre, other.PhoneMasked![^4..]));

        var edit = $"/Registry/Resident/{own.Id}/Edit";
        var token = await LinliApp.AntiforgeryTokenAsync(cadre, edit);
        var saved = await cadre.PostAsync(edit, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = own.Name, ["Input.Gender"] = own.Gender.ToString(),
            ["Input.BirthDate"] = own.BirthDate?.ToString("yyyy-MM-dd") ?? "", ["Input.Ethnicity"] = own.Ethnicity ?? "",
            ["Input.RelationToHead"] = own.RelationToHead.ToString(), ["Input.ResidenceKind"] = own.ResidenceKind.ToString(),
            ["Input.Education"] = own.Education ?? "", ["Input.PoliticalStatus"] = own.PoliticalStatus ?? "", ["Input.MaritalStatus"] = own.MaritalStatus ?? "",
            ["Input.Notes"] = own.Notes ?? "", ["Input.NationalId"] = own.NationalIdMasked ?? "", ["Input.Version"] = own.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Phone"] = own.PhoneMasked[^4..] == "6543" ? "139 0000 6542" : "139 0000 6543",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.DoesNotContain(own.Id, await FindAsync(cadre, own.PhoneMasked[^4..]));
        Assert.Contains(own.Id, await FindAsync(cadre, own.PhoneMasked[^4..] == "6543" ? "6542" : "6543"));

        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        Assert.Contains(other.Id, await FindAsync(street, other.PhoneMasked[^4..]));
    }
}
