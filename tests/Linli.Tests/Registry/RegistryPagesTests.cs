using System.Net;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

public class RegistryPagesTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    /// <summary>A resident of the cadre's own grid (第三居民组) and one of another grid, both with a sensitive label where possible.</summary>
    async Task<(Resident Own, Resident Other)> CanariesAsync()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
        var fifth = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第五居民组");
        var disabled = await db.Tags.SingleAsync(t => t.Code == DemoTags.Disabled.Code);
        Resident Pick(long grid) => db.Residents.Where(r => r.GridId == grid && r.HouseholdId != null)
            .Where(r => db.ResidentTags.Any(rt => rt.ResidentId == r.Id && rt.TagId == disabled.Id)).OrderBy(r => r.Id).First();
        return (Pick(third.Id), Pick(fifth.Id));
    }

    [Fact]
    public async Task ACadreOpensTheirGridAHouseholdAndAResident()
    {
        var (own, _) = await CanariesAsync();
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var index = await client.GetStringAsync("/Registry");
        Assert.Contains($"/Registry/Grid/{own.GridId}", index);
        Assert.DoesNotContain("第五居民组", index);
        var grid = await client.GetStringAsync($"/Registry/Grid/{own.GridId}");
        Assert.Contains($"/Registry/Household/{own.HouseholdId}", grid);
        var household = await client.GetStringAsync($"/Registry/Household/{own.HouseholdId}");
        Assert.Contains(own.Name, household);
        Assert.Contains(own.NationalIdMasked!, household);
        var resident = await client.GetStringAsync($"/Registry/Resident/{own.Id}");
        Assert.Contains(own.NationalIdMasked!, resident);
    }

    [Fact]
    public async Task ACadreAskingForAnotherGridsRecordsGetsNotFound()
    {
        var (_, other) = await CanariesAsync();
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        foreach (var path in new[] { $"/Registry/Grid/{other.GridId}", $"/Registry/Household/{other.HouseholdId}", $"/Registry/Resident/{other.Id}", "/Registry/Resident/99999999" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/Registry/Resident/{other.Id}")).StatusCode);

        // The refusals of records that exist elsewhere are on record; the made-up id is not.
        await using var db = demo.App.Database.Target.CreateContext();
        var denied = await db.AuditEntries.Where(e => e.Action == Linli.Features.Audit.AuditActions.Denied && e.ActorName == "cadre").ToListAsync();
        Assert.Contains(denied, e => e.TargetKind == "resident" && e.TargetId == other.Id);
        Assert.Contains(denied, e => e.TargetKind == "household" && e.TargetId == other.HouseholdId);
        Assert.Contains(denied, e => e.TargetKind == "orgunit" && e.TargetId == other.GridId);
        Assert.DoesNotContain(denied, e => e.TargetId == 99999999);
    }

    [Fact]
    public async Task SensitiveLabelsAreAbsentForACadreAndShownToTheCommunityLead()
    {
        var (own, _) = await CanariesAsync();
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        foreach (var path in new[] { $"/Registry/Resident/{own.Id}", $"/Registry/Household/{own.HouseholdId}", $"/Registry/Grid/{own.GridId}" })
        {
            Assert.DoesNotContain(DemoTags.Disabled.Name, await cadre.GetStringAsync(path));
            Assert.Contains(DemoTags.Disabled.Name, await lead.GetStringAsync(path));
        }
    }

    [Fact]
    public async Task NoPageCarriesAnUnmaskedIdOrPhoneNumber()
    {
        var (own, _) = await CanariesAsync();
        var cipher = FieldCipher.OpenOrCreate(demo.App.Database.DataDir);
        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var html = await lead.GetStringAsync($"/Registry/Household/{own.HouseholdId}");
        await using var db = demo.App.Database.Target.CreateContext();
        foreach (var member in await db.Residents.Where(r => r.HouseholdId == own.HouseholdId).ToListAsync())
        {
            Assert.False(html.Contains(cipher.Decrypt(member.NationalIdCipher!), StringComparison.Ordinal));
            if (member.PhoneCipher is not null) Assert.False(html.Contains(cipher.Decrypt(member.PhoneCipher), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AnAdministratorCannotOpenTheRegistry()
    {
        var admin = await demo.App.LoggedInClientAsync(Roles.SystemAdmin);
        var response = await admin.GetAsync("/Registry");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public class SearchPageTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task TheSearchBoxFindsInsideTheAreaAndGoesStraightToASingleHit()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var cipher = FieldCipher.OpenOrCreate(demo.App.Database.DataDir);
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
        var target = await db.Residents.Where(r => r.GridId == third.Id).OrderBy(r => r.Id).Skip(11).FirstAsync();
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);

        var byId = await cadre.GetAsync($"/Registry/Search?q={cipher.Decrypt(target.NationalIdCipher!)}");
        Assert.Equal(HttpStatusCode.Redirect, byId.StatusCode);
        Assert.Equal($"/Registry/Resident/{target.Id}", byId.Headers.Location?.OriginalString);

        var surname = target.Name[..1];
        var html = await cadre.GetStringAsync($"/Registry/Search?q={Uri.EscapeDataString(surname)}");
        Assert.Contains($"/Registry/Resident/{target.Id}", html);
        Assert.DoesNotContain("第五居民组", html);

        var outside = await db.Residents.Where(r => r.GridId != third.Id).OrderBy(r => r.Id).FirstAsync();
        var none = await cadre.GetStringAsync($"/Registry/Search?q={cipher.Decrypt(outside.NationalIdCipher!)}");
        Assert.Contains("你的管辖范围内没有找到", none);
    }
}
