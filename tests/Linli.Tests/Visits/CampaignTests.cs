using System.Net;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Visits;

public class CampaignTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ARulePicksByLabelAgeAndLivingAloneAPersonCoveredTwiceInASeasonIsFlaggedAndADeliveryIsAVisit(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var old = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("上官桂兰").Aged(84).WithTag("独居老人"));
        var younger = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("上官桂芳").Aged(76).WithTag("独居老人"));
        var notLabelled = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("上官桂香").Aged(88));
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        long community, alone;
        await using (var db = app.Database.Target.CreateContext())
        {
            community = await db.OrgUnits.Where(o => o.Name == "幸福里社区").Select(o => o.Id).SingleAsync();
            alone = await db.Tags.Where(t => t.Name == "独居老人").Select(t => t.Id).SingleAsync();
        }

        async Task<long> CreateAsync(string name)
        {
            var token = await LinliApp.AntiforgeryTokenAsync(lead, "/Visits/Campaigns");
            var created = await lead.PostAsync("/Visits/Campaigns", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["CommunityId"] = community.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Name"] = name, ["Season"] = "2099春节",
                ["Gift"] = "米面油一份", ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            return long.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        }
        async Task<string> RuleAsync(long campaign, Dictionary<string, string> rule)
        {
            rule["__RequestVerificationToken"] = await LinliApp.AntiforgeryTokenAsync(lead, $"/Visits/Campaign/{campaign}");
            var posted = await lead.PostAsync($"/Visits/Campaign/{campaign}?handler=Rule", new FormUrlEncodedContent(rule));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            return await lead.GetStringAsync($"/Visits/Campaign/{campaign}");
        }

        var first = await CreateAsync("春节高龄独居老人慰问");
        var page = await RuleAsync(first, new() { ["RuleTags"] = alone.ToString(System.Globalization.CultureInfo.InvariantCulture), ["RuleMinAge"] = "80", ["RuleAlone"] = "true" });
        Assert.Contains("上官桂兰", page);
        Assert.DoesNotContain("上官桂芳", page);
        Assert.DoesNotContain("上官桂香", page);
        await using (var db = app.Database.Target.CreateContext())
        {
            var picked = await db.Set<CampaignRecipient>().Where(r => r.CampaignId == first).Select(r => r.ResidentId).ToListAsync();
            var bornBy = DateOnly.FromDateTime(DateTime.Now).AddYears(-80);
            // Every pick is an active resident of the community with the label, 80 or older, alone in the household; and all such are picked.
            var expected = await db.Residents.Where(r => r.Status == Linli.Features.Registry.ResidentStatus.Active && r.BirthDate <= bornBy
                    && db.OrgUnits.Any(g => g.Id == r.GridId && g.ParentId == community)
                    && db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == alone)
                    && db.Residents.Count(m => m.HouseholdId == r.HouseholdId && m.Status == Linli.Features.Registry.ResidentStatus.Active) == 1)
                .Select(r => r.Id).ToListAsync();
            Assert.Equal(expected.Order(), picked.Order());
            Assert.Contains(old.Id, picked);
            Assert.DoesNotContain(younger.Id, picked);
        }
        Assert.Equal("0", Stat(page, "double"));

        // A second campaign of the same season, by age alone: 上官桂兰 is now covered twice, and flagged in both.
        var second = await CreateAsync("春节高龄慰问");
        page = await RuleAsync(second, new() { ["RuleMinAge"] = "85" });
        Assert.DoesNotContain("上官桂兰", page);
        page = await RuleAsync(second, new() { ["RuleMinAge"] = "83" });
        Assert.Contains("上官桂兰", page);
        Assert.Contains("上官桂香", page);
        var doubles = await lead.GetStringAsync($"/Visits/Campaign/{first}?show=double");
        Assert.Contains("上官桂兰", doubles);
        Assert.Contains("本季重复", doubles);
        Assert.NotEqual("0", Stat(doubles, "double"));

        // The cadre of the grid delivers, with the sign-off: a visit of today, and the person is no longer due.
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var list = await cadre.GetStringAsync($"/Visits/Campaign/{first}");
        var recipient = Regex.Match(list, $"data-recipient=\"([0-9]+)\">\\s*<td class=\"num\">[0-9]+</td><td>[^<]*</td>\\s*<td><a href=\"/Registry/Resident/{old.Id}\"").Groups[1].Value;
        Assert.NotEmpty(recipient);
        var delivered = await cadre.PostAsync($"/Visits/Campaign/{first}?handler=Deliver", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["recipient"] = recipient, ["signedBy"] = "上官桂兰", ["__RequestVerificationToken"] = await LinliApp.AntiforgeryTokenAsync(cadre, $"/Visits/Campaign/{first}"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, delivered.StatusCode);
        await using (var db = app.Database.Target.CreateContext())
        {
            var visit = await db.Set<Visit>().SingleAsync(v => v.ResidentId == old.Id);
            Assert.Equal(DateOnly.FromDateTime(DateTime.Now), visit.Date);
            Assert.Contains("米面油一份", visit.Measures);
            Assert.Equal("上官桂兰签收", visit.Result);
            Assert.Equal(visit.Id, (await db.Set<CampaignRecipient>().SingleAsync(r => r.CampaignId == first && r.ResidentId == old.Id)).VisitId);
        }
        var xlsx = await lead.GetAsync($"/Visits/Campaign/{first}?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => r["C"]?.ToString() == "上官桂兰" && r["I"]?.ToString() == "上官桂兰");
    }

    static string Stat(string html, string name) => Regex.Match(html, $"data-stat=\"{name}\">([0-9]+)<").Groups[1].Value;
}
