using System.Net;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Registry;

/// <summary>
/// Every number on the pages is a link to the list it counts (DESIGN.md): for a cadre, a lead and a street officer of the
/// demo, each number on the home page, the registry's grid table, a grid's page and the label page is followed, and
/// the list's count must equal it — people, or households where the number counts households.
/// </summary>
public partial class EveryNumberTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [GeneratedRegex("""<a\b(?<attrs>[^>]*)>(?<n>[\d,]+)</a>""")]
    private static partial Regex LinkedNumber();

    [GeneratedRegex("""href="(?<href>[^"]*)" """)]
    private static partial Regex Href();

    [GeneratedRegex("""<script type="application/json" id="chart-data">(?<json>.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ChartData();

    [GeneratedRegex("""<a href="(/Registry/Grid/\d+)">""")]
    private static partial Regex GridLink();

    [Theory]
    [InlineData(Roles.GridCadre, new[] { "/", "/Registry" })]
    [InlineData(Roles.CommunityLead, new[] { "/", "/Registry", "/Registry/Tags" })]
    [InlineData(Roles.StreetOfficer, new[] { "/", "/Registry", "/Registry/Tags" })]
    public async Task EachNumberLinksToAListWhoseCountEqualsIt(string role, string[] pages)
    {
        var client = await demo.App.LoggedInClientAsync(role);
        var walked = new List<string>();
        var visit = pages.ToList();
        // and the first grid page the registry lists
        var registry = await client.GetStringAsync("/Registry");
        if (GridLink().Match(registry) is { Success: true } grid) visit.Add(grid.Groups[1].Value);
        foreach (var page in visit)
        {
            var html = await client.GetStringAsync(page);
            var links = LinkedNumber().Matches(html).Select(m => (Attrs: m.Groups["attrs"].Value, Number: int.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal))))
                .Where(l => l.Attrs.Contains("/Registry/Residents", StringComparison.Ordinal)).ToList();
            Assert.True(links.Count >= 2, $"{role} {page}: {links.Count} numbers link to a list");
            foreach (var (attrs, number) in links)
            {
                var href = WebUtility.HtmlDecode(Href().Match(attrs + " ").Groups["href"].Value);
                var counts = await ResidentListTests.PageCountsAsync(client, href);
                var households = attrs.Contains("data-count-of=\"households\"", StringComparison.Ordinal);
                Assert.True((households ? counts.Households : counts.Residents) == number,
                    $"{role} {page}: {number} {(households ? "households" : "residents")} links to {href}, which lists {counts.Residents} residents in {counts.Households} households");
                walked.Add(href);
            }
        }
        // The home page's charts (a lead's and a street officer's): each bar and slice opens the list it counts.
        var home = await client.GetStringAsync("/");
        var chart = ChartData().Match(home);
        Assert.Equal(role != Roles.GridCadre, chart.Success);
        if (chart.Success)
        {
            var data = System.Text.Json.JsonDocument.Parse(chart.Groups["json"].Value).RootElement;
            var bars = data.GetProperty("pyramid").EnumerateArray().SelectMany(b => new[] { b.GetProperty("male"), b.GetProperty("female") })
                .Concat(data.GetProperty("kinds").EnumerateArray())
                .Concat(data.GetProperty("labels").EnumerateArray().SelectMany(l => l.GetProperty("data").EnumerateArray()))
                .ToList();
            Assert.True(bars.Count >= 20 + 3 + data.GetProperty("units").GetArrayLength(), $"{role}: {bars.Count} bars");
            Assert.True(bars.Sum(b => b.GetProperty("value").GetInt32()) > 0);
            foreach (var bar in bars)
            {
                var href = bar.GetProperty("href").GetString()!;
                Assert.Equal((href, bar.GetProperty("value").GetInt32()), (href, (await ResidentListTests.PageCountsAsync(client, href)).Residents));
            }
            var pyramid = data.GetProperty("pyramid").EnumerateArray().Sum(b => b.GetProperty("male").GetProperty("value").GetInt32() + b.GetProperty("female").GetProperty("value").GetInt32());
            var kinds = data.GetProperty("kinds").EnumerateArray().Sum(k => k.GetProperty("value").GetInt32());
            var everyone = (await ResidentListTests.PageCountsAsync(client, "/Registry/Residents")).Residents;
            Assert.Equal(everyone, kinds);
            Assert.True(pyramid <= everyone && pyramid > everyone * 9 / 10, $"{pyramid} of {everyone} in the pyramid");
        }
        Assert.Contains(walked, h => h.Contains("bornTo=", StringComparison.Ordinal));
        Assert.Contains(walked, h => h.Contains("tag=", StringComparison.Ordinal));
        Assert.Contains(walked, h => h.Contains("unit=", StringComparison.Ordinal));
    }
}
