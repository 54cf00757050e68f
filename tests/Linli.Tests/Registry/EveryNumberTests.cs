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
        Assert.Contains(walked, h => h.Contains("bornTo=", StringComparison.Ordinal));
        Assert.Contains(walked, h => h.Contains("tag=", StringComparison.Ordinal));
        Assert.Contains(walked, h => h.Contains("unit=", StringComparison.Ordinal));
    }
}
