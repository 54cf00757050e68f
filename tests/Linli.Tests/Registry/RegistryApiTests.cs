using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

public class RegistryApiTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    async Task<(long OwnGrid, long OtherGrid)> GridsAsync()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
        var fifth = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第五居民组");
        return (third.Id, fifth.Id);
    }

    static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task TheCadresListHoldsOnlyTheirGridPageByPage()
    {
        var (own, _) = await GridsAsync();
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var seen = new HashSet<long>();
        long? after = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?limit=200{(after is null ? "" : $"&after={after}")}");
            foreach (var r in Items(page))
            {
                Assert.Equal(own, r.GetProperty("gridId").GetInt64());
                Assert.True(seen.Add(r.GetProperty("id").GetInt64()), "a resident appeared on two pages");
            }
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64();
        }
        while (after is not null);
        var expected = await demo.CountsForGridAsync("第三居民组");
        Assert.Equal(expected.Residents, seen.Count);
    }

    [Fact]
    public async Task OneBoxFindsByIdNumberPhoneSuffixAddressAndNameFragment()
    {
        var (own, _) = await GridsAsync();
        await using var db = demo.App.Database.Target.CreateContext();
        var cipher = FieldCipher.OpenOrCreate(demo.App.Database.DataDir);
        var target = await db.Residents.Where(r => r.GridId == own && r.PhoneCipher != null && r.HouseholdId != null).OrderBy(r => r.Id).Skip(7).FirstAsync();
        var id = cipher.Decrypt(target.NationalIdCipher!);
        var phone = cipher.Decrypt(target.PhoneCipher!);
        var place = await db.Households.Where(h => h.Id == target.HouseholdId).Join(db.Dwellings, h => h.DwellingId, d => d.Id, (h, d) => d)
            .Join(db.Buildings, d => d.BuildingId, b => b.Id, (d, b) => new { b.Name, d.Unit, d.Room }).SingleAsync();
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);

        async Task<List<long>> Find(string q) =>
            Items(await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?limit=200&q={Uri.EscapeDataString(q)}")).Select(r => r.GetProperty("id").GetInt64()).ToList();

        Assert.Equal([target.Id], await Find(id));
        Assert.Equal([target.Id], await Find(id.ToLowerInvariant()));
        Assert.Equal([target.Id], await Find(phone));
        Assert.Contains(target.Id, await Find(phone[^4..]));
        Assert.Contains(target.Id, await Find($"{place.Name}{place.Unit}{place.Room}"));
        Assert.Contains(target.Id, await Find(target.Name[1..]));
        // The ID number of someone in another grid finds nothing for this cadre.
        var stranger = await db.Residents.Where(r => r.GridId != own).OrderBy(r => r.Id).FirstAsync();
        Assert.Empty(await Find(cipher.Decrypt(stranger.NationalIdCipher!)));
    }

    [Fact]
    public async Task AnotherGridsResidentOrHouseholdIsNotFoundAndSensitiveLabelsAreAbsent()
    {
        var (own, other) = await GridsAsync();
        await using var db = demo.App.Database.Target.CreateContext();
        var stranger = await db.Residents.Where(r => r.GridId == other && r.HouseholdId != null).OrderBy(r => r.Id).FirstAsync();
        var disabled = await db.Tags.SingleAsync(t => t.Code == DemoTags.Disabled.Code);
        var sensitiveNeighbour = await db.Residents.Where(r => r.GridId == own && db.ResidentTags.Any(rt => rt.ResidentId == r.Id && rt.TagId == disabled.Id)).FirstAsync();
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/api/v1/residents/{stranger.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/api/v1/households/{stranger.HouseholdId}")).StatusCode);
        Assert.Empty(Items(await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents?gridId={other}")));
        Assert.Empty(Items(await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents?tag={DemoTags.Disabled.Code}")));

        var seenByCadre = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents/{sensitiveNeighbour.Id}");
        Assert.DoesNotContain(DemoTags.Disabled.Name, seenByCadre.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var cadreTags = await cadre.GetFromJsonAsync<JsonElement>("/api/v1/tags");
        Assert.DoesNotContain(cadreTags.EnumerateArray(), t => t.GetProperty("isSensitive").GetBoolean());

        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var seenByLead = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/residents/{sensitiveNeighbour.Id}");
        Assert.Contains(DemoTags.Disabled.Name, seenByLead.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(sensitiveNeighbour.NationalIdMasked, seenByLead.GetProperty("nationalId").GetString());
    }

    [Fact]
    public async Task AHouseholdComesWithItsMembers()
    {
        var (own, _) = await GridsAsync();
        await using var db = demo.App.Database.Target.CreateContext();
        var household = await db.Households.Where(h => h.GridId == own).OrderBy(h => h.Id).Skip(3).FirstAsync();
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var dto = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/households/{household.Id}");
        Assert.Equal(household.Number, dto.GetProperty("number").GetString());
        Assert.Equal(await db.Residents.CountAsync(r => r.HouseholdId == household.Id), dto.GetProperty("members").GetArrayLength());
        Assert.Contains(dto.GetProperty("members").EnumerateArray(), m => m.GetProperty("relationToHead").GetString() == nameof(RelationToHead.Self));
    }
}
