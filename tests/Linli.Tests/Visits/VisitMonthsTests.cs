using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Visits;

/// <summary>
/// 每月走访次数 kept per grid and month (<see cref="VisitMonth"/>) equals a direct count of the visits after every kind of
/// write, and the street's chart drawn from it — a bar per month, a segment per community — equals direct counts, each
/// segment opening a list of exactly that many visits; a community lead sees her community only.
/// </summary>
public partial class VisitsTests
{
    static async Task AssertMonthsKeptAsync(LinliApp app, string after)
    {
        await using var db = app.Database.Target.CreateContext();
        var direct = (await db.Set<Visit>().Select(v => new { v.GridId, v.Date }).ToListAsync())
            .GroupBy(v => (v.GridId, Month: VisitMonths.MonthOf(v.Date))).Select(g => $"{g.Key.GridId} {g.Key.Month:yyyy-MM-dd} {g.Count()}")
            .Order(StringComparer.Ordinal).ToList();
        var stored = (await db.Set<VisitMonth>().ToListAsync()).Select(m => $"{m.GridId} {m.Month:yyyy-MM-dd} {m.Visits}").Order(StringComparer.Ordinal).ToList();
        Assert.True(direct.Count > 0, "there are visits to count");
        Assert.True(direct.SequenceEqual(stored), $"after {after}: missing {string.Join("; ", direct.Except(stored).Take(5))} | extra {string.Join("; ", stored.Except(direct).Take(5))}");
    }

    sealed record CommunitySegment(string Community, long CommunityId, string Month, int Value, string? Href);

    static List<CommunitySegment> CommunitySegments(string html)
    {
        var m = Regex.Match(html, "data-figure=\"communities-stacked\">.*?data-chart=\"([^\"]*)\"", RegexOptions.Singleline);
        Assert.True(m.Success, "no chart of visits per community on the page");
        var chart = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value)).RootElement;
        Assert.True(chart.GetProperty("stack").GetBoolean());
        var labels = chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        return [.. chart.GetProperty("series").EnumerateArray().SelectMany(s =>
        {
            var data = s.GetProperty("data").EnumerateArray().Select(d => d.GetInt32()).ToList();
            var hrefs = s.GetProperty("hrefs").EnumerateArray().Select(h => h.GetString()).ToList();
            var community = hrefs.OfType<string>().Select(h => long.Parse(Regex.Match(h, "community=(\\d+)").Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Single();
            return labels.Select((l, i) => new CommunitySegment(s.GetProperty("name").GetString()!, community, l, data[i], hrefs[i]));
        })];
    }

    /// <summary>Visits per (community, yyyy-MM) of the last twelve months, counted from the visits themselves.</summary>
    static async Task<Dictionary<(long Community, string Month), int>> VisitsPerCommunityAsync(LinliApp app)
    {
        await using var db = app.Database.Target.CreateContext();
        var from = VisitsPerCadre.MonthsUpTo(Today)[0];
        var parent = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid).ToDictionaryAsync(o => o.Id, o => o.ParentId!.Value);
        return (await db.Set<Visit>().Where(v => v.Date >= from).Select(v => new { v.GridId, v.Date }).ToListAsync())
            .GroupBy(v => (parent[v.GridId], v.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture))).ToDictionary(g => g.Key, g => g.Count());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheMonthlyVisitsAggregateEqualsADirectCountAndTheStreetChartOpensItsLists(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await AssertMonthsKeptAsync(app, "the demo");
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("司马秀珍").Aged(86).WithTag("独居老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var visit = await RecordAsync(cadre, elder.Id, Today);
        await AssertMonthsKeptAsync(app, "a visit");
        var backDated = await RecordAsync(cadre, elder.Id, Today.AddDays(-45));
        await AssertMonthsKeptAsync(app, "a back-dated visit");

        await using (var db = app.Database.Target.CreateContext())
        {
            // A correction that moves the date across a month (the async save), then back into this month (the sync one).
            var v = await db.Set<Visit>().SingleAsync(x => x.Id == visit);
            v.Date = VisitMonths.MonthOf(Today).AddDays(-1);
            await db.SaveChangesAsync();
            await AssertMonthsKeptAsync(app, "a correction into the month before");
            v.Date = Today;
            db.SaveChanges();
            await AssertMonthsKeptAsync(app, "a correction back (sync save)");
            // A correction inside the month changes nothing, and moving a visit to another grid moves its count.
            v.Date = VisitMonths.MonthOf(Today);
            await db.SaveChangesAsync();
            var other = await db.OrgUnits.Where(g => g.Kind == OrgUnitKind.Grid && g.Id != elder.GridId).Select(g => g.Id).FirstAsync();
            var old = await db.Set<Visit>().SingleAsync(x => x.Id == backDated);
            old.GridId = other;
            await db.SaveChangesAsync();
            await AssertMonthsKeptAsync(app, "a visit moved to another grid");
            // A deletion, the only visit of its cell or one of many.
            db.Remove(old);
            db.Remove(v);
            await db.SaveChangesAsync();
            await AssertMonthsKeptAsync(app, "two visits deleted");
        }

        // A merge: the merged person's visits follow the record kept, in the merge's transaction; the months do not move.
        var twin = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("司马秀珍").Aged(86));
        await RecordAsync(cadre, twin.Id, Today.AddDays(-3));
        await RecordAsync(cadre, twin.Id, Today.AddDays(-70));
        await using (var db = app.Database.Target.CreateContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await new VisitMerges().ResidentMergedAsync(db, twin.Id, elder.Id, default);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            Assert.Equal(2, await db.Set<Visit>().CountAsync(x => x.ResidentId == elder.Id));
        }
        await AssertMonthsKeptAsync(app, "a merge");

        // A database from before the table fills it once at start-up; a filled one is left alone.
        await using (var db = app.Database.Target.CreateContext())
        {
            await db.Set<VisitMonth>().ExecuteDeleteAsync();
            await new VisitMonths.FillAfterMigration().FillAsync(db, default);
            await new VisitMonths.FillAfterMigration().FillAsync(db, default);
        }
        await AssertMonthsKeptAsync(app, "the fill of an empty table");

        // The street's chart: every segment equals the direct count of its community's visits in its month, and opens a
        // list of exactly that many visits.
        var direct = await VisitsPerCommunityAsync(app);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var segments = CommunitySegments(await street.GetStringAsync("/Visits/Street"));
        Assert.Equal(12, segments.Select(s => s.Month).Distinct().Count());
        Assert.True(segments.Select(s => s.CommunityId).Distinct().Count() > 1, "the street sees more than one community");
        Assert.Equal(direct.Values.Sum(), segments.Sum(s => s.Value));
        Assert.All(segments, s => Assert.Equal(direct.GetValueOrDefault((s.CommunityId, s.Month)), s.Value));
        Assert.All(segments, s => Assert.Equal(s.Value > 0, s.Href is not null));
        var opened = segments.Where(s => s.Value > 0).OrderByDescending(s => s.Value).Take(1)
            .Concat(segments.Where(s => s.Value > 0).OrderBy(s => s.Value).ThenBy(s => s.Month, StringComparer.Ordinal).Take(2));
        foreach (var s in opened) Assert.Equal(s.Value, await VisitsListedAsync(street, s.Href!));

        // A community lead: her community alone, the same numbers; another community's list is not found.
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var mine = CommunitySegments(await lead.GetStringAsync("/Visits/Street"));
        var community = mine.Select(s => s.CommunityId).Distinct().Single();
        Assert.Equal(segments.Where(s => s.CommunityId == community).Select(s => (s.Month, s.Value, s.Href)), mine.Select(s => (s.Month, s.Value, s.Href)));
        var elsewhere = segments.First(s => s.CommunityId != community && s.Href is not null);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync(elsewhere.Href)).StatusCode);
        var ours = mine.Where(s => s.Value > 0).OrderBy(s => s.Value).First();
        Assert.Equal(ours.Value, await VisitsListedAsync(lead, ours.Href!));

        // A grid cadre's lists are her own visits, which a grid's count is not: no chart for her.
        Assert.DoesNotContain("communities-stacked", await cadre.GetStringAsync("/Visits/Street"));
    }
}
