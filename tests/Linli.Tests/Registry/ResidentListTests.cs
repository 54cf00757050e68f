using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Registry;

/// <summary>居民名单: each filter against a count made here from the registry's own rows, on both engines, page and API alike.</summary>
public partial class ResidentListTests
{
    sealed record Person(long Id, long GridId, long? HouseholdId, Gender Gender, DateOnly? BirthDate, ResidenceKind Kind, ResidentStatus Status, RelationToHead Role, string Name, HashSet<string> Tags);

    static async Task<List<Person>> EveryoneAsync(LinliApp app)
    {
        await using var db = app.Database.Target.CreateContext();
        var tags = (await db.ResidentTags.Join(db.Tags, rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, t.Code }).ToListAsync())
            .ToLookup(x => x.ResidentId, x => x.Code);
        return (await db.Residents.AsNoTracking().ToListAsync())
            .Select(r => new Person(r.Id, r.GridId, r.HouseholdId, r.Gender, r.BirthDate, r.ResidenceKind, r.Status, r.RelationToHead, r.Name, tags[r.Id].ToHashSet()))
            .ToList();
    }

    static async Task<long> GridIdAsync(LinliApp app, string name)
    {
        await using var db = app.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        return await db.OrgUnits.Where(o => o.ParentId == community.Id && o.Name == name).Select(o => o.Id).SingleAsync();
    }

    [GeneratedRegex("""data-count="(residents|households)">([\d,]+)<""")]
    private static partial Regex CountOnPage();

    /// <summary>The page's two numbers for a query string.</summary>
    internal static async Task<(int Residents, int Households)> PageCountsAsync(HttpClient client, string href)
    {
        var response = await client.GetAsync(href);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{href}: {(int)response.StatusCode}");
        var found = CountOnPage().Matches(html).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal)));
        Assert.True(found.Count == 2, $"{href} shows no counts");
        return (found["residents"], found["households"]);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task EachFilterCountsWhatTheRegistryHolds(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var everyone = await EveryoneAsync(app);
        var third = await GridIdAsync(app, "第三居民组");
        await using var services = app.Web.Services.CreateAsyncScope();
        var wide = services.ServiceProvider.GetRequiredService<ResidentList>();
        wide.ManyGridsFrom = 0;
        var serviceDb = services.ServiceProvider.GetRequiredService<Linli.Data.LinliDb>();
        var leadArea = await UserArea.LoadAsync(serviceDb, (await serviceDb.Users.SingleAsync(u => u.UserName == app.Account(Roles.CommunityLead).UserName)).Id, default);
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grids = await db.OrgUnits.Where(o => o.ParentId == community.Id).Select(o => o.Id).ToListAsync();
            everyone = everyone.Where(p => grids.Contains(p.GridId)).ToList();
        }
        var today = DateOnly.FromDateTime(DateTime.Now);
        var year = today.Year;
        int Age(DateOnly b) => RegistryText.Age(b, today);
        var active = everyone.Where(p => p.Status == ResidentStatus.Active).ToList();
        var alone = DemoTags.ElderlyLivingAlone.Code;
        var emptyNest = DemoTags.EmptyNestElderly.Code;
        var disabled = DemoTags.Disabled.Code;
        var someone = active.First(p => p.Name.Length == 3);

        var cases = new (string Query, IEnumerable<Person> Expected)[]
        {
            ("", active),
            ($"unit={third}", active.Where(p => p.GridId == third)),
            ($"tag={alone}", active.Where(p => p.Tags.Contains(alone))),
            ($"tag={Uri.EscapeDataString("独居老人")}", active.Where(p => p.Tags.Contains(alone))),
            ($"tag={alone}&tag={disabled}", active.Where(p => p.Tags.Contains(alone) || p.Tags.Contains(disabled))),
            ($"tag={alone}&tag={disabled}&match=all", active.Where(p => p.Tags.Contains(alone) && p.Tags.Contains(disabled))),
            ($"tag={emptyNest}&ageMin=80", active.Where(p => p.Tags.Contains(emptyNest) && p.BirthDate is { } b && Age(b) >= 80)),
            // Counted from the label rows' copies of the residents' fields (ResidentTag.BirthDate …): a label with an age
            // range, several labels (a person holding two counts once), a status other than 在册, a birth-year range.
            ($"tag={emptyNest}&ageMin=60&ageMax=79", active.Where(p => p.Tags.Contains(emptyNest) && p.BirthDate is { } b && Age(b) is >= 60 and <= 79)),
            ($"tag={alone}&tag={emptyNest}&ageMin=70", active.Where(p => (p.Tags.Contains(alone) || p.Tags.Contains(emptyNest)) && p.BirthDate is { } b && Age(b) >= 70)),
            ($"tag={alone}&status=All", everyone.Where(p => p.Tags.Contains(alone))),
            ($"tag={emptyNest}&bornFrom=1930&bornTo=1950", active.Where(p => p.Tags.Contains(emptyNest) && p.BirthDate is { Year: >= 1930 and <= 1950 })),
            ("ageMin=60&ageMax=69", active.Where(p => p.BirthDate is { } b && Age(b) is >= 60 and <= 69)),
            ($"bornTo={year - 60}", active.Where(p => p.BirthDate is { } b && b.Year <= year - 60)),
            ("bornFrom=1950&bornTo=1959", active.Where(p => p.BirthDate is { Year: >= 1950 and <= 1959 })),
            ("gender=Female", active.Where(p => p.Gender == Gender.Female)),
            ("kind=Migrant", active.Where(p => p.Kind == ResidenceKind.Migrant)),
            ("status=MovedOut", everyone.Where(p => p.Status == ResidentStatus.MovedOut)),
            ("status=Deceased", everyone.Where(p => p.Status == ResidentStatus.Deceased)),
            ("status=All", everyone),
            ("role=Spouse", active.Where(p => p.Role == RelationToHead.Spouse)),
            ($"q={Uri.EscapeDataString(someone.Name)}", active.Where(p => p.Name.Contains(someone.Name, StringComparison.Ordinal))),
            ($"unit={third}&gender=Male&kind=Registered&role=Self&ageMin=40",
                active.Where(p => p.GridId == third && p.Gender == Gender.Male && p.Kind == ResidenceKind.Registered && p.Role == RelationToHead.Self && p.BirthDate is { } b && Age(b) >= 40)),
        };
        foreach (var (query, expected) in cases)
        {
            var list = expected.ToList();
            var want = (list.Count, list.Where(p => p.HouseholdId is not null).Select(p => p.HouseholdId).Distinct().Count());
            Assert.True(list.Count > 0 || query.StartsWith("status=", StringComparison.Ordinal), $"{query}: the demo has nobody to find");
            Assert.Equal((query, want), (query, await PageCountsAsync(lead, "/Registry/Residents?" + query)));
            var json = await lead.GetFromJsonAsync<JsonElement>("/api/v1/residents?counts=true&limit=200&" + query);
            Assert.Equal((query, want.Item1, want.Item2), (query, json.GetProperty("counts").GetProperty("residents").GetInt32(), json.GetProperty("counts").GetProperty("households").GetInt32()));
            var ids = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(list.Select(p => p.Id).Order().Take(200), ids);

            // The same filter with the grids sent as the district-wide lists send them (PostgreSQL: a subquery of the
            // grids instead of "= ANY", Scope.InScopeOfMany), as a street or district officer's lists are read: the
            // same people, the same households, the same first page.
            var manyShaped = await ReadManyShapedAsync(wide, leadArea, query);
            Assert.Equal((query, want.Item1, want.Item2), (query, manyShaped.Counts.Residents, manyShaped.Counts.Households));
            Assert.Equal(list.Select(p => p.Id).Order().Take(200), manyShaped.Ids);
        }
    }

    /// <summary>The list's numbers and first 200 ids, read through the service with every grid list sent as "many".</summary>
    static async Task<(ResidentList.Counts Counts, List<long> Ids)> ReadManyShapedAsync(ResidentList list, UserArea area, string query)
    {
        var errors = new Dictionary<string, string>();
        var q = ResidentList.Query.From(new Microsoft.AspNetCore.Http.QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)));
        var resolved = await list.ResolveAsync(area, ResidentList.Parse(q, errors), errors, default);
        Assert.Empty(errors);
        var (rows, _) = await ResidentList.RecordsAsync(resolved, null, 200, default);
        return (await ResidentList.CountAsync(resolved, default), rows.Select(r => r.Id).ToList());
    }

    [Fact]
    public async Task PagesFollowByKeyAndTogetherHoldEveryMatchOnce()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var seen = new List<long>();
        long? after = null;
        int total;
        do
        {
            var json = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents?ageMin=60&limit=97&counts=true{(after is { } a ? $"&after={a}" : "")}");
            total = json.GetProperty("counts").GetProperty("residents").GetInt32();
            seen.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            after = json.GetProperty("next").ValueKind == JsonValueKind.Null ? null : json.GetProperty("next").GetInt64();
        } while (after is not null);
        Assert.True(total > 97, "more than one page");
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Order(), seen);

        // The page: 100 rows and a link to the next page that starts after the last id shown.
        var html = await cadre.GetStringAsync("/Registry/Residents?ageMin=60");
        Assert.Equal(100, Regex.Count(html, "name=\"ids\" value="));
        Assert.Contains($"after={seen[99]}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("offset", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASensitiveLabelFindsNobodyForWhoMayNotSeeItAndBadValuesAreToldInChinese()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var sensitive = DemoTags.Disabled.Code;

        var page = await cadre.GetStringAsync($"/Registry/Residents?tag={sensitive}");
        Assert.Contains($"没有名为“{sensitive}”的人员标签。", page, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoTags.Disabled.Name, page, StringComparison.Ordinal);   // not offered in the filter either
        Assert.Empty((await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents?tag={sensitive}")).GetProperty("items").EnumerateArray());
        Assert.True((await PageCountsAsync(lead, $"/Registry/Residents?tag={sensitive}")).Residents > 0);

        // Another grid is outside the cadre's area: refused on the page, an empty list on the API, as for gridId before.
        var other = await GridIdAsync(app, "第一居民组");
        Assert.Contains($"找不到编号为 {other} 的社区或网格，或它不在你的管辖范围内。", await cadre.GetStringAsync($"/Registry/Residents?unit={other}"), StringComparison.Ordinal);
        Assert.Empty((await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents?unit={other}")).GetProperty("items").EnumerateArray());

        foreach (var (query, message) in new[]
                 {
                     ("ageMin=abc", "最小年龄应为 0 到 150 之间的整数，现在是“abc”。"),
                     ("ageMin=90&ageMax=80", "最大年龄（80）不能小于最小年龄（90）。"),
                     ("bornFrom=1990&bornTo=1980", "出生年份（止）（1980）不能早于出生年份（起）（1990）。"),
                     ("gender=X", "性别没有“X”这一项。"),
                     ("kind=1", "居住类型没有“1”这一项。"),
                     ("status=gone", "状态没有“gone”这一项。"),
                     ("match=some&tag=ElderlyLivingAlone", "标签的匹配方式只能是 any（任一）或 all（全部），现在是“some”。"),
                 })
        {
            var response = await cadre.GetAsync("/Registry/Residents?" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var api = await cadre.GetAsync("/api/v1/residents?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
            var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(message, problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(v => v.GetString()));
        }
    }
}
