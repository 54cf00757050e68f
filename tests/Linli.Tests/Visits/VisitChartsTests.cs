using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Visits;

/// <summary>
/// The numbers and charts of issue 12 against direct counts, and the roster import's people on the workbench: overdue per
/// label per grid (each bar opening the workbench filtered to its grid and label), the workbench's label filter, visits per
/// cadre per month (each number opening its list), a sensitive label kept from a cadre, and bad input answered in words.
/// Run on the app of <see cref="TheStandingsAggregateEqualsARecountAfterVisitsLabelsRhythmsAndMoves"/> (both engines), after its
/// writes, so no demo is started for it alone.
/// </summary>
public partial class VisitsTests
{
    sealed record Bar(string Name, int Value, string Href);

    static List<Bar> ChartOf(string html, string figure)
    {
        var m = Regex.Match(html, $"data-figure=\"{figure}\">.*?data-chart=\"([^\"]*)\"", RegexOptions.Singleline);
        Assert.True(m.Success, $"no chart {figure} on the page");
        return [.. JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value)).RootElement.EnumerateArray()
            .Select(b => new Bar(b.GetProperty("label").GetString()!, b.GetProperty("value").GetInt32(), b.GetProperty("href").GetString()!))];
    }

    static int ListedPeople(string html) => Regex.Count(html, "class=\"visit-person\"");

    /// <summary>Per (grid, label) of a community, the people overdue and never visited, counted from the labels, rhythms and visits themselves.</summary>
    static async Task<Dictionary<(long Grid, long Tag), (int Overdue, int Never, HashSet<long> People)>> DirectCountAsync(LinliDb db, long community, DateOnly today)
    {
        var policies = (await VisitPolicies.ForCommunitiesAsync(db, [community], default))[community].ToDictionary(p => p.TagId);
        var grids = await db.OrgUnits.Where(o => o.ParentId == community).Select(o => o.Id).ToListAsync();
        var active = await db.Residents.Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active).Select(r => r.Id).ToListAsync();
        var activeSet = active.ToHashSet();
        var overrides = await db.Set<VisitOverride>().Where(o => grids.Contains(o.GridId)).ToDictionaryAsync(o => o.ResidentId, o => new VisitRhythm(o.IntervalDays, o.WindowDays));
        var last = (await db.Set<Visit>().Where(v => v.ResidentId != null && grids.Contains(v.GridId)).Select(v => new { v.ResidentId, v.Date }).ToListAsync())
            .GroupBy(v => v.ResidentId!.Value).ToDictionary(g => g.Key, g => g.Max(v => v.Date));
        var result = new Dictionary<(long, long), (int, int, HashSet<long>)>();
        foreach (var rt in await db.ResidentTags.Where(rt => grids.Contains(rt.GridId)).ToListAsync())
        {
            if (!activeSet.Contains(rt.ResidentId) || !policies.TryGetValue(rt.TagId, out var policy)) continue;
            var rhythm = overrides.TryGetValue(rt.ResidentId, out var o) ? o : policy.Rhythm;
            var state = VisitDue.StateOn(today, last.TryGetValue(rt.ResidentId, out var l) ? l : null, rhythm);
            var (overdue, never, people) = result.GetValueOrDefault((rt.GridId, rt.TagId), (0, 0, new HashSet<long>()));
            people.Add(rt.ResidentId);
            result[(rt.GridId, rt.TagId)] = (overdue + (state == DueState.Overdue ? 1 : 0), never + (state == DueState.Never ? 1 : 0), people);
        }
        return result;
    }

    /// <summary>Returns the residents the roster import added, for the caller's check of their standings.</summary>
    static async Task<long[]> ChartsAndTheLabelFilterEqualDirectCountsAndImportedPeopleAreNeverVisitedAsync(LinliApp app)
    {
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        long community, cadreGrid, cadreId;
        Dictionary<long, (string Name, bool Sensitive)> tags;
        Dictionary<(long Grid, long Tag), (int Overdue, int Never, HashSet<long> People)> direct;
        Dictionary<long, string> gridNames;
        await using (var db = app.Database.Target.CreateContext())
        {
            community = await db.OrgUnits.Where(o => o.Name == "幸福里社区").Select(o => o.Id).SingleAsync();
            cadreId = await db.Users.Where(u => u.UserName == app.Account(Roles.GridCadre).UserName).Select(u => u.Id).SingleAsync();
            cadreGrid = await db.RoleAssignments.Where(a => a.UserId == cadreId).Select(a => a.OrgUnitId).SingleAsync();
            tags = await db.Tags.ToDictionaryAsync(t => t.Id, t => (t.Name, t.IsSensitive));
            direct = await DirectCountAsync(db, community, Today);
            gridNames = await db.OrgUnits.Where(o => o.ParentId == community).ToDictionaryAsync(o => o.Id, o => o.Name);
        }

        // 各网格逾期人数（按标签）: one bar per grid and label with anyone overdue, each equal to the direct count, and each
        // opening the workbench filtered to its grid and label, which lists exactly those people.
        var street = await lead.GetStringAsync($"/Visits/Street?community={community}");
        var bars = ChartOf(street, "overdue-by-label");
        var expected = direct.Where(d => d.Value.Overdue > 0).ToDictionary(d => $"/Visits?grid={d.Key.Grid}&list=overdue&label={d.Key.Tag} {tags[d.Key.Tag].Name}", d => d.Value.Overdue);
        Assert.True(expected.Count > 3, "the demo has people overdue under several labels");
        Assert.Equal(expected.OrderBy(x => x.Key, StringComparer.Ordinal), bars.Select(b => new KeyValuePair<string, int>($"{b.Href} {b.Name}", b.Value)).OrderBy(x => x.Key, StringComparer.Ordinal));
        foreach (var bar in bars.Take(4))
        {
            var list = await lead.GetStringAsync(bar.Href);
            Assert.Equal(bar.Value, Stat(list, "overdue"));
            Assert.Equal(bar.Value, ListedPeople(list));
            Assert.Contains("按标签筛选", list);
        }

        // Two labels at once, on the never-visited list: the people with either label, once each.
        var gridPairs = direct.Where(d => d.Key.Grid == cadreGrid && !tags[d.Key.Tag].Sensitive).OrderByDescending(d => d.Value.People.Count).Take(2).ToList();
        Assert.Equal(2, gridPairs.Count);
        var either = gridPairs.SelectMany(p => p.Value.People).ToHashSet();
        var twoLabels = await cadre.GetStringAsync($"/Visits?grid={cadreGrid}&list=never&label={gridPairs[0].Key.Tag}&label={gridPairs[1].Key.Tag}");
        var listed = Regex.Matches(twoLabels, "data-resident=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(listed, id => Assert.Contains(id, either));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(listed.Count, Stat(twoLabels, "never"));

        // A cadre without the sensitive grant is never told a sensitive label exists: not among the choices, not in the chart,
        // and asking for it by number filters nothing.
        var sensitive = direct.Keys.Where(k => k.Grid == cadreGrid && tags[k.Tag].Sensitive).Select(k => k.Tag).FirstOrDefault();
        var cadreBench = await cadre.GetStringAsync($"/Visits?grid={cadreGrid}&list=overdue");
        var cadreStreet = await cadre.GetStringAsync($"/Visits/Street?community={community}");
        foreach (var (_, t) in tags.Where(t => t.Value.Sensitive))
        {
            Assert.DoesNotContain(t.Name, cadreBench);
            Assert.DoesNotContain(t.Name, cadreStreet);
        }
        if (sensitive != 0)
        {
            Assert.Contains(tags[sensitive].Name, street);
            var asked = await cadre.GetStringAsync($"/Visits?grid={cadreGrid}&list=overdue&label={sensitive}");
            Assert.Equal(Stat(cadreBench, "overdue"), Stat(asked, "overdue"));
            Assert.DoesNotContain($"label={sensitive}", asked);
        }

        // 干部每月走访: the lead sees every visitor of the community, each month equal to a direct count; a number opens the
        // visits it counts, page by page; the cadre sees herself only.
        var months = VisitsPerCadre.MonthsUpTo(Today);
        List<(long Visitor, DateOnly Date)> visits;
        await using (var db = app.Database.Target.CreateContext())
        {
            var grids = gridNames.Keys.ToList();
            visits = (await db.Set<Visit>().Where(v => grids.Contains(v.GridId) && v.Date >= months[0] && v.Date <= Today).Select(v => new { v.VisitorId, v.Date }).ToListAsync())
                .Select(v => (v.VisitorId, v.Date)).ToList();
        }
        var cadres = await lead.GetStringAsync("/Visits/Cadres");
        var cells = Regex.Matches(cadres, "<tr data-visitor=\"(\\d+)\">(.*?)</tr>", RegexOptions.Singleline)
            .SelectMany(r => Regex.Matches(r.Groups[2].Value, "data-month=\"([\\d-]+)\">\\s*(?:<a [^>]*>|<span class=\"muted\">)(\\d+)<")
                .Select(c => (Visitor: long.Parse(r.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Month: c.Groups[1].Value, Count: int.Parse(c.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
        Assert.True(cells.Select(c => c.Visitor).Distinct().Count() > 1, "the lead sees more than one visitor: " + Regex.Match(cadres, "<tbody>.{0,600}", RegexOptions.Singleline).Value);
        var directCells = visits.GroupBy(v => (v.Visitor, Month: $"{v.Date:yyyy-MM}")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(directCells.Values.Sum(), cells.Sum(c => c.Count));
        Assert.All(cells, c => Assert.Equal(directCells.GetValueOrDefault((c.Visitor, c.Month)), c.Count));
        // A cell of more than one page when there is one, the smallest such (the list pages by 50).
        var busiest = cells.Where(c => c.Count > 50).OrderBy(c => c.Count).FirstOrDefault(cells.MaxBy(c => c.Count));
        var shown = 0;
        for (var next = $"/Visits/Log?visitor={busiest.Visitor}&month={busiest.Month}"; ;)
        {
            var log = await lead.GetStringAsync(next);
            shown += Regex.Count(log, "<tr data-visit=");
            var more = Regex.Match(log, "rel=\"next\" href=\"([^\"]+)\"");
            if (!more.Success) break;
            next = WebUtility.HtmlDecode(more.Groups[1].Value);
        }
        Assert.Equal(busiest.Count, shown);
        await StackedCadreMonthsEqualDirectCountsAndTheirListsAsync(app, lead, community, directCells);

        var mine = await cadre.GetStringAsync("/Visits/Cadres");
        Assert.All(Regex.Matches(mine, "<tr data-visitor=\"(\\d+)\">").Select(m => m.Groups[1].Value), v => Assert.Equal(cadreId.ToString(System.Globalization.CultureInfo.InvariantCulture), v));

        // Bad input is answered in words, not with an error page.
        var badMonth = await lead.GetAsync("/Visits/Log?month=2026-13");
        Assert.Equal(HttpStatusCode.OK, badMonth.StatusCode);
        Assert.Contains("应写成 2026-11 这样的年月", await badMonth.Content.ReadAsStringAsync());
        var badVisitor = await lead.GetAsync("/Visits/Log?visitor=王秀兰");
        Assert.Equal(HttpStatusCode.OK, badVisitor.StatusCode);
        Assert.Contains("走访人或网格的编号不对", await badVisitor.Content.ReadAsStringAsync());

        // The roster import (IResidentsWrittenInBulk): three people living alone, imported into the cadre's grid, each get
        // their standing row and show as never visited on the cadre's workbench.
        var people = Linli.Tests.Registry.Import.CleanRoster.People(3, firstNumber: 9_700);
        long before;
        await using (var db = app.Database.Target.CreateContext()) before = await db.Residents.MaxAsync(r => r.Id);
        using (var stream = new MemoryStream())
        {
            MiniExcelLibs.MiniExcel.SaveAs(stream, people.Select(p => new Dictionary<string, object?>
            {
                ["户号"] = p.Household, ["姓名"] = p.Name, ["与户主关系"] = p.Relation, ["公民身份号码"] = p.Id, ["现住址"] = p.Address, ["人员类别"] = "独居老人",
            }).ToList());
            var done = await ImportAsync(lead, stream.ToArray(), cadreGrid);
            Assert.Contains("已导入 3 名居民", done);
        }
        await using (var db = app.Database.Target.CreateContext())
        {
            var alone = await db.Tags.Where(t => t.Name == "独居老人").Select(t => t.Id).SingleAsync();
            var imported = await db.Residents.Where(r => r.Id > before).Select(r => r.Id).ToListAsync();
            Assert.Equal(3, imported.Count);
            Assert.Equal(3, await db.Residents.CountAsync(r => r.Id > before && r.GridId == cadreGrid));
            var standings = await db.Set<VisitStanding>().Where(s => imported.Contains(s.ResidentId)).ToListAsync();
            Assert.Equal(3, standings.Count);
            Assert.All(standings, s => Assert.True(s.TagId == alone && s.GridId == cadreGrid && s.CommunityId == community && s.LastVisit == null && s.Closes == null));
            var bench = await cadre.GetStringAsync($"/Visits?grid={cadreGrid}&list=never&label={alone}");
            Assert.All(imported, id => Assert.Contains($"data-resident=\"{id}\"", bench));
            return [.. imported];
        }
    }

    sealed record Segment(string Visitor, long VisitorId, string Month, int Value, string? Href);

    static List<Segment> StackedOf(string html, string figure)
    {
        var m = Regex.Match(html, $"data-figure=\"{figure}\">.*?data-chart=\"([^\"]*)\"", RegexOptions.Singleline);
        Assert.True(m.Success, $"no chart {figure} on the page");
        var chart = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value)).RootElement;
        Assert.True(chart.GetProperty("stack").GetBoolean());
        var labels = chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        return [.. chart.GetProperty("series").EnumerateArray().SelectMany(s =>
        {
            var data = s.GetProperty("data").EnumerateArray().Select(d => d.GetInt32()).ToList();
            var hrefs = s.GetProperty("hrefs").EnumerateArray().Select(h => h.GetString()).ToList();
            var visitor = hrefs.OfType<string>().Select(h => long.Parse(Regex.Match(h, "visitor=(\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Single();
            return labels.Select((l, i) => new Segment(s.GetProperty("name").GetString()!, visitor, l, data[i], hrefs[i]));
        })];
    }

    static async Task<int> VisitsListedAsync(HttpClient client, string href)
    {
        var shown = 0;
        for (var next = href; ;)
        {
            var log = await client.GetStringAsync(next);
            shown += Regex.Count(log, "<tr data-visit=");
            var more = Regex.Match(log, "rel=\"next\" href=\"([^\"]+)\"");
            if (!more.Success) return shown;
            next = WebUtility.HtmlDecode(more.Groups[1].Value);
        }
    }

    /// <summary>
    /// 干部每月走访 as stacked bars, on 干部每月走访 and on the community's 走访概况: every segment equals a direct count of
    /// that visitor's visits in that month, each opens a list of exactly that many visits, and a cadre of another community
    /// sees none of it.
    /// </summary>
    static async Task StackedCadreMonthsEqualDirectCountsAndTheirListsAsync(LinliApp app, HttpClient lead, long community,
        Dictionary<(long Visitor, string Month), int> direct)
    {
        foreach (var (page, withCommunity) in new[] { ("/Visits/Cadres", false), ($"/Visits/Street?community={community}", true) })
        {
            var segments = StackedOf(await lead.GetStringAsync(page), "cadres-stacked");
            Assert.True(segments.Select(s => s.VisitorId).Distinct().Count() > 1, $"{page}: more than one visitor stacked");
            Assert.Equal(12, segments.Select(s => s.Month).Distinct().Count());
            Assert.Equal(direct.Values.Sum(), segments.Sum(s => s.Value));
            Assert.All(segments, s => Assert.Equal(direct.GetValueOrDefault((s.VisitorId, s.Month)), s.Value));
            Assert.All(segments, s => Assert.Equal(s.Value > 0, s.Href is not null));
            Assert.All(segments.Where(s => s.Href is not null), s => Assert.Equal(withCommunity, s.Href!.Contains($"&community={community}", StringComparison.Ordinal)));
            // The biggest segment (more than one page of the list when there is one) and a few small ones.
            var opened = segments.Where(s => s.Value > 0).OrderByDescending(s => s.Value).Take(1)
                .Concat(segments.Where(s => s.Value > 0).OrderBy(s => s.Value).ThenBy(s => s.Month, StringComparer.Ordinal).Take(3));
            foreach (var s in opened) Assert.Equal(s.Value, await VisitsListedAsync(lead, s.Href!));
        }

        // A cadre of another community: the community's page and its lists are not found, and a visitor's month without the
        // community lists nothing of it.
        string otherGrid;
        await using (var db = app.Database.Target.CreateContext())
            otherGrid = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid && o.ParentId != community && db.OrgUnits.Any(c => c.Id == o.ParentId && c.Name == "和平社区"))
                .OrderBy(o => o.Id).Select(o => o.Code).FirstAsync();
        var stranger = await app.ClientForAsync(Roles.GridCadre, otherGrid);
        var some = direct.Where(d => d.Value > 0).MaxBy(d => d.Value).Key;
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Visits/Street?community={community}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(VisitsPerCadre.LogLink(some.Visitor, VisitLog.ParseMonth(some.Month)!.Value, community))).StatusCode);
        Assert.Equal(0, await VisitsListedAsync(stranger, VisitsPerCadre.LogLink(some.Visitor, VisitLog.ParseMonth(some.Month)!.Value)));
        Assert.DoesNotContain($"visitor={some.Visitor}&", await stranger.GetStringAsync("/Visits/Cadres"));
    }

    static async Task<string> ImportAsync(HttpClient client, byte[] file, long unitId)
    {
        var token = await LinliApp.AntiforgeryTokenAsync(client, "/Registry/Import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Input.UnitId" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "Input.File", "独居老人名册.xlsx");
        var preview = await (await client.PostAsync("/Registry/Import?handler=Preview", form)).Content.ReadAsStringAsync();
        string Hidden(string name) => WebUtility.HtmlDecode(Regex.Match(preview, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value);
        var confirm = await client.PostAsync("/Registry/Import?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden("__RequestVerificationToken"),
            ["Confirm.Upload"] = Hidden("Confirm.Upload"),
            ["Confirm.UnitId"] = Hidden("Confirm.UnitId"),
            ["Confirm.FileName"] = Hidden("Confirm.FileName"),
        }));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        return await confirm.Content.ReadAsStringAsync();
    }
}
