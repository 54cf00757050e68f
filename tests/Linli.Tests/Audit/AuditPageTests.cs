using System.Net;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Audit;

public partial class AuditPageTests
{
    static List<long> Ids(string html) => RowId().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToList();

    static string? LinkNamed(string html, string text) =>
        Regex.Match(html, $"<a href=\"([^\"]+)\"[^>]*>{text}</a>") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [Fact]
    public async Task TheAuditorReadsTheLogNewestFirstAndFiltersIt()
    {
        await using var app = await AuditKit.StartAsync();
        await LinliApp.LoginAsync(app.Client(), "zhangsan", "wrong-password-1");
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/Audit")).StatusCode);
        var auditor = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);

        var html = await auditor.GetStringAsync("/Audit");
        Assert.Contains("<a class=\"active\" href=\"/Audit\">", html);
        var ids = Ids(html);
        // failed login, cadre's login, cadre's refusal, auditor's login, auditor's enrolment of a second factor
        Assert.Equal(Enumerable.Range(1, 5).Reverse().Select(i => (long)i), ids);
        Assert.Contains("data-count=\"5\"", html);
        Assert.Contains("王秀兰", html);
        // The permission in words, its code in the tooltip.
        Assert.Contains("缺少权限 <span class=\"term\" title=\"audit.read\">查看审计日志</span>", html);

        var byPerson = await auditor.GetStringAsync("/Audit?person=cadre");
        Assert.Equal([3L, 2L], Ids(byPerson));
        Assert.Equal([1L], Ids(await auditor.GetStringAsync("/Audit?act=login-failed")));
        await using var db = app.Database.Target.CreateContext();
        var cadreId = (await db.Users.SingleAsync(u => u.UserName == "cadre")).Id;
        Assert.Equal([2L], Ids(await auditor.GetStringAsync($"/Audit?kind=user&id={cadreId}")));
        var today = DateOnly.FromDateTime(DateTime.Now);
        Assert.Equal(5, Ids(await auditor.GetStringAsync($"/Audit?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).Count);
        var tomorrow = await auditor.GetStringAsync($"/Audit?from={today.AddDays(1):yyyy-MM-dd}");
        Assert.Empty(Ids(tomorrow));
        Assert.Contains("没有符合条件的记录", tomorrow);
    }

    [Fact]
    public async Task PagesFollowEachOtherByIdWithoutGapOrRepeat()
    {
        await using var app = await AuditKit.StartAsync();
        // From several addresses: one address may post the login form only so often (LoginRateLimit).
        for (var i = 0; i < 120; i++) await LinliApp.LoginAsync(app.ClientFrom($"127.0.2.{i / 20 + 1}"), $"visitor{i}", "wrong-password-1");
        var auditor = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);
        var act = "/Audit?act=login-failed";
        var seen = new List<long>();
        var pages = new List<string>();
        for (string? next = act; next is not null; next = LinkNamed(pages[^1], "较早"))
        {
            pages.Add(await auditor.GetStringAsync(next));
            seen.AddRange(Ids(pages[^1]));
            Assert.True(pages.Count < 10);
        }
        Assert.Equal([50, 50, 20], pages.Select(p => Ids(p).Count));
        Assert.Equal(Enumerable.Range(1, 120).Reverse().Select(i => (long)i), seen);
        Assert.All(pages, p => Assert.Contains("data-count=\"120\"", p));
        // Back up from the last page: the page before it again.
        var newer = LinkNamed(pages[2], "较新");
        Assert.NotNull(newer);
        Assert.Contains("act=login-failed", newer);
        Assert.Equal(Ids(pages[1]), Ids(await auditor.GetStringAsync(newer)));
        Assert.Null(LinkNamed(pages[0], "较新"));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task OnlyTheAuditorMayOpenTheLogAndEveryRefusalIsOnRecord(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        foreach (var role in Roles.All.Where(r => r != Roles.Auditor))
        {
            var client = await AuditKit.LoggedInClientAsync(app, role);
            var response = await client.GetAsync("/Audit");
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role}: {response.StatusCode}");
            Assert.Contains("没有权限", await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("href=\"/Audit\"", await client.GetStringAsync("/"));
        }
        var refusals = (await AuditKit.RowsAsync(app)).Where(r => r.Action == AuditActions.Denied).ToList();
        Assert.Equal(Roles.All.Count - 1, refusals.Count);
        Assert.All(refusals, r => Assert.Equal("GET /Audit：缺少权限 audit.read", r.Detail));
        Assert.Equal(Roles.All.Count - 1, refusals.Select(r => r.ActorId).Distinct().Count());
        Assert.Equal(HttpStatusCode.OK, (await (await AuditKit.LoggedInClientAsync(app, Roles.Auditor)).GetAsync("/Audit")).StatusCode);
    }

    [GeneratedRegex("<tr data-id=\"([0-9]+)\">")]
    private static partial Regex RowId();
}

public class AuditTextTests
{
    /// <summary>The page shows action and target names chosen at run time; each needs its translations like the literal texts.</summary>
    [Fact]
    public void EveryActionAndTargetNameHasATranslation()
    {
        var text = new Linli.Web.UiText();
        var names = AuditActions.Labels.Values.Concat(AuditTargets.Labels.Values).ToList();
        foreach (var culture in new[] { "zh-Hant", "en" })
        {
            var missing = names.Except(text.Keys(culture)).ToList();
            Assert.True(missing.Count == 0, $"{culture} lacks: {string.Join(" | ", missing)}");
        }
    }
}
