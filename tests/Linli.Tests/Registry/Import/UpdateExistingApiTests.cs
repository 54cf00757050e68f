using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>POST /api/v1/imports with updateExisting=true: a roster of people already registered updates what it says differently.</summary>
public class UpdateExistingApiTests
{
    const int People = 24;

    static byte[] Roster(IReadOnlyList<CleanRoster.Person> people, long phoneBase)
    {
        var rows = people.Select((p, i) => new Dictionary<string, object?>
        {
            ["户号"] = p.Household, ["姓名"] = p.Name, ["与户主关系"] = p.Relation, ["公民身份号码"] = p.Id, ["现住址"] = p.Address,
            ["联系电话"] = $"1{phoneBase + i:0000000000}",
        }).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, rows);
        return stream.ToArray();
    }

    static async Task<JsonElement> ImportAsync(HttpClient client, byte[] file, bool? updateExisting)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "名册.xlsx");
        form.Add(new StringContent("城关街道/幸福里社区/第八居民组"), "into");
        if (updateExisting is { } u) form.Add(new StringContent(u ? "true" : "false"), "updateExisting");
        var response = await client.PostAsync("/api/v1/imports", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every column of every resident, as text, except the ones a phone change may move (phone, version).</summary>
    static async Task<Dictionary<long, string>> RegistryAsync(LinliDb db) =>
        (await db.Residents.AsNoTracking().ToListAsync()).ToDictionary(r => r.Id, r => string.Join("|", r.Id, r.GridId, r.HouseholdId, r.RelationToHead,
            r.RelationCode, r.Name, r.Gender, r.BirthDate, r.Ethnicity, Convert.ToHexString(r.NationalIdCipher ?? []), Convert.ToHexString(r.NationalIdHash ?? []),
            r.NationalIdMasked, r.IdDocument, r.ResidenceKind, r.Status, r.Education, r.PoliticalStatus, r.MaritalStatus, r.Notes, r.MergedIntoId));

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ARosterOfRegisteredPeopleWithNewPhonesUpdatesEachOnceWithItsHistoryAndNothingElse(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var people = CleanRoster.People(People, firstNumber: 700);
        var cipher = FieldCipher.OpenOrCreate(app.Database.DataDir);

        var first = await ImportAsync(lead, Roster(people, 3_800_000_000), updateExisting: null);
        Assert.Equal(People, first.GetProperty("imported").GetInt32());
        Assert.Equal((0, 0), (first.GetProperty("updatedResidents").GetInt32(), first.GetProperty("updatedFields").GetInt32()));
        var changed = Roster(people, 3_900_000_000);

        // Without the field (or with it false), a re-import skips the people it finds, as before: nothing changes.
        Dictionary<long, string> before;
        Dictionary<long, (byte[]? Hash, int Version)> phonesBefore;
        await using (var db = app.Database.Target.CreateContext())
        {
            before = await RegistryAsync(db);
            phonesBefore = await db.Residents.AsNoTracking().ToDictionaryAsync(r => r.Id, r => (r.PhoneHash, r.Version));
        }
        foreach (var flag in new bool?[] { null, false })
        {
            var skipped = await ImportAsync(lead, changed, flag);
            Assert.Equal(0, skipped.GetProperty("imported").GetInt32());
            Assert.Equal(People, skipped.GetProperty("duplicates").GetArrayLength());
            Assert.Equal(People, skipped.GetProperty("differences").GetArrayLength());
            Assert.Equal(0, skipped.GetProperty("updatedResidents").GetInt32());
        }
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(before, await RegistryAsync(db));
            Assert.Equal(phonesBefore.Select(p => (p.Key, Convert.ToHexString(p.Value.Hash ?? []), p.Value.Version)).OrderBy(x => x.Key),
                (await db.Residents.AsNoTracking().ToListAsync()).Select(r => (r.Id, Convert.ToHexString(r.PhoneHash ?? []), r.Version)).OrderBy(x => x.Id));
        }

        var updated = await ImportAsync(lead, changed, updateExisting: true);
        Assert.Equal(0, updated.GetProperty("imported").GetInt32());
        Assert.Equal((People, People), (updated.GetProperty("updatedResidents").GetInt32(), updated.GetProperty("updatedFields").GetInt32()));
        Assert.Empty(updated.GetProperty("errors").EnumerateArray());

        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(before, await RegistryAsync(db));      // byte for byte, but the phones
            var hashes = people.Select(p => cipher.Hash(p.Id)).ToList();
            var mine = (await db.Residents.AsNoTracking().ToListAsync()).Where(r => hashes.Any(h => r.NationalIdHash is { } x && x.AsSpan().SequenceEqual(h))).ToList();
            Assert.Equal(People, mine.Count);
            for (var i = 0; i < People; i++)
            {
                var r = mine.Single(m => m.NationalIdHash!.AsSpan().SequenceEqual(hashes[i]));
                var phone = $"1{3_900_000_000 + i:0000000000}";
                Assert.Equal(cipher.Hash(phone), r.PhoneHash);
                Assert.Equal(phone, cipher.Decrypt(r.PhoneCipher!));
                Assert.Equal(PhoneNumber.Mask(phone), r.PhoneMasked);
                Assert.Equal(phonesBefore[r.Id].Version + 1, r.Version);
                var history = await db.ResidentChanges.AsNoTracking().Where(c => c.ResidentId == r.Id).ToListAsync();
                var row = Assert.Single(history);
                Assert.Equal(("联系电话", PhoneNumber.Mask($"1{3_800_000_000 + i:0000000000}"), PhoneNumber.Mask(phone)), (row.Field, row.OldValue, row.NewValue));
                Assert.NotNull(row.UserId);
                // The search finds them by the new phone's keys, not the old.
                var keys = await db.ResidentSearchKeys.Where(k => k.ResidentId == r.Id).Select(k => k.Key).ToListAsync();
                Assert.Equal(ResidentSearchKey.KeysOf(r.Name, r.PhoneMasked).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
            }
            // Nobody else moved: the demo's people keep their phones and versions.
            foreach (var r in await db.Residents.AsNoTracking().ToListAsync())
                if (!mine.Any(m => m.Id == r.Id))
                    Assert.Equal((Convert.ToHexString(phonesBefore[r.Id].Hash ?? []), phonesBefore[r.Id].Version), (Convert.ToHexString(r.PhoneHash ?? []), r.Version));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Detail!.Contains($"按名册更新已登记居民 {People} 人、{People} 项")));
        }

        // The same roster again: nothing differs any more, nothing is written.
        var again = await ImportAsync(lead, changed, updateExisting: true);
        Assert.Equal((0, 0), (again.GetProperty("updatedResidents").GetInt32(), again.GetProperty("imported").GetInt32()));
    }
}
