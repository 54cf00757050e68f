using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Visits;

/// <summary>The kept-current aggregate (<see cref="VisitStanding"/>) equals a recount from the labels, rhythms and visits after every kind of write.</summary>
public partial class VisitsTests
{
    /// <summary>What the table should hold, derived afresh the way <see cref="VisitSchedule"/> derives a due window.</summary>
    static async Task<List<string>> RecountAsync(LinliDb db, long[]? only)
    {
        var communities = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Community).Select(o => o.Id).ToListAsync();
        var policies = await VisitPolicies.ForCommunitiesAsync(db, communities, default);
        var communityOf = await db.OrgUnits.Where(o => o.ParentId != null).ToDictionaryAsync(o => o.Id, o => o.ParentId!.Value);
        var active = await db.Residents.Where(r => r.Status == ResidentStatus.Active).ToDictionaryAsync(r => r.Id, r => r.GridId);
        var overrides = await db.Set<VisitOverride>().ToDictionaryAsync(o => o.ResidentId, o => new VisitRhythm(o.IntervalDays, o.WindowDays));
        var last = (await db.Set<Visit>().Where(v => v.ResidentId != null).Select(v => new { v.ResidentId, v.Date }).ToListAsync())
            .GroupBy(v => v.ResidentId!.Value).ToDictionary(g => g.Key, g => g.Max(v => v.Date));
        var rows = new List<string>();
        foreach (var rt in await (only is null ? db.ResidentTags : db.ResidentTags.Where(rt => only.Contains(rt.ResidentId))).ToListAsync())
        {
            if (!active.TryGetValue(rt.ResidentId, out var grid)) continue;
            var community = communityOf[grid];
            if (policies[community].FirstOrDefault(p => p.TagId == rt.TagId) is not { } policy) continue;
            var rhythm = overrides.TryGetValue(rt.ResidentId, out var o) ? o : policy.Rhythm;
            var window = last.TryGetValue(rt.ResidentId, out var l) ? VisitDue.WindowAfter(l, rhythm) : (DueWindow?)null;
            // A first visit still due after the label was put on closes the window on the deadline's local date, when earlier.
            if (VisitTriggers.Of(policy, rt.AddedAtUtc, last.TryGetValue(rt.ResidentId, out var seen) ? seen : null, TimeProvider.System.LocalTimeZone) is { } first)
                window = VisitTriggers.Earlier(window, VisitTriggers.WindowOf(first, TimeProvider.System.LocalTimeZone));
            rows.Add($"{rt.ResidentId}/{rt.TagId} g{grid} c{community} {(last.TryGetValue(rt.ResidentId, out var lv) ? lv : null)} {window?.Opens} {window?.Closes}");
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    static async Task<List<string>> StoredAsync(LinliDb db, long[]? only) =>
        [.. (await (only is null ? db.Set<VisitStanding>() : db.Set<VisitStanding>().Where(s => only.Contains(s.ResidentId))).ToListAsync()).Select(s => $"{s.ResidentId}/{s.TagId} g{s.GridId} c{s.CommunityId} {s.LastVisit} {s.Opens} {s.Closes}").Order(StringComparer.Ordinal)];

    /// <summary>
    /// The whole table against a whole recount; or, after a write that touches only <paramref name="only"/>, their rows
    /// (a whole recount reads every label and visit of the demo street, and the test makes a dozen writes).
    /// </summary>
    static async Task AssertKeptCurrentAsync(LinliApp app, string after, params long[]? only)
    {
        if (only is { Length: 0 }) only = null;
        await using var db = app.Database.Target.CreateContext();
        var (want, have) = (await RecountAsync(db, only), await StoredAsync(db, only));
        Assert.True(want.SequenceEqual(have), $"after {after}: missing {string.Join("; ", want.Except(have).Take(5))} | extra {string.Join("; ", have.Except(want).Take(5))}");
        await Linli.Tests.Registry.GridCountsTests.AssertLabelCopiesAsync(db);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheStandingsAggregateEqualsARecountAfterVisitsLabelsRhythmsAndMoves(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        await AssertKeptCurrentAsync(app, "the demo");
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("上官桂兰").Aged(84).WithTag("独居老人"));
        await AssertKeptCurrentAsync(app, "a labelled resident added", elder.Id);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var visit = await RecordAsync(cadre, elder.Id, Today.AddDays(-10));
        await AssertKeptCurrentAsync(app, "a visit", elder.Id);
        await RecordAsync(cadre, elder.Id, Today.AddDays(-3));
        await RecordAsync(cadre, elder.Id, Today.AddDays(-30));
        await AssertKeptCurrentAsync(app, "back-dated visits", elder.Id);
        // The bulk label writes past SaveChanges; the registry tells the visits module (IResidentsWrittenInBulk).
        long bulkTag;
        await using (var db = app.Database.Target.CreateContext())
            bulkTag = await db.Tags.Where(t => !t.IsSensitive && t.VisitIntervalDays != null && t.Name != "低保户" && t.Name != "独居老人").Select(t => t.Id).FirstAsync();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await Registry.BulkLabelTests.LabelAsync(cadre, "", bulkTag, "add", [elder.Id])).StatusCode);
        await AssertKeptCurrentAsync(app, "a bulk label", elder.Id);

        await using (var db = app.Database.Target.CreateContext())
        {
            var dibao = await db.Tags.SingleAsync(t => t.Name == "低保户");
            var alone = await db.Tags.SingleAsync(t => t.Name == "独居老人");
            db.ResidentTags.Add(new ResidentTag { ResidentId = elder.Id, TagId = dibao.Id, GridId = elder.GridId });
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "a label added", elder.Id);
            var latest = await db.Set<Visit>().SingleAsync(v => v.Id == visit);
            latest.Date = Today.AddDays(-1);
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "a visit corrected", elder.Id);

            db.ResidentTags.Remove(await db.ResidentTags.SingleAsync(rt => rt.ResidentId == elder.Id && rt.TagId == alone.Id));
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "a label removed", elder.Id);

            var community = await db.OrgUnits.Where(g => g.Id == elder.GridId).Select(g => g.ParentId!.Value).SingleAsync();
            db.CommunityVisitCycles.Add(new CommunityVisitCycle { TagId = dibao.Id, CommunityId = community, IntervalDays = 14, WindowDays = 2 });
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "a community's cycle set");
            dibao.VisitIntervalDays = 365;
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "a label's rhythm changed");

            db.Add(new VisitOverride { ResidentId = elder.Id, GridId = elder.GridId, IntervalDays = 7, WindowDays = 1, Reason = "高风险", SetById = 1, SetByName = "测试", SetAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "a personal rhythm", elder.Id);

            var other = await db.OrgUnits.Where(g => g.Kind == OrgUnitKind.Grid && g.Id != elder.GridId).Select(g => g.Id).FirstAsync();
            var moving = await db.Residents.SingleAsync(r => r.Id == elder.Id);
            moving.GridId = other;
            foreach (var rt in await db.ResidentTags.Where(rt => rt.ResidentId == elder.Id).ToListAsync()) rt.GridId = other;
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "a move to another grid", elder.Id);
            moving.Status = ResidentStatus.MovedOut;
            await db.SaveChangesAsync();
            await AssertKeptCurrentAsync(app, "moved out", elder.Id);
            Assert.False(await db.Set<VisitStanding>().AnyAsync(s => s.ResidentId == elder.Id));

            // A database from before the table fills it once at start-up.
            await db.Set<VisitStanding>().ExecuteDeleteAsync();
            await VisitStandings.FillIfMissingAsync(db, default);
        }
        await AssertKeptCurrentAsync(app, "the fill of an empty table");

        // The street's view reads those rows: each community's overdue number is the count of its overdue label rows
        // (labels the street officer may see), and it links to that community's grids.
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var html = await street.GetStringAsync("/Visits/Street");
        await using (var db = app.Database.Target.CreateContext())
        {
            var today = Today;
            var expected = await db.Set<VisitStanding>().Where(s => s.Closes < today && db.Tags.Any(t => t.Id == s.TagId && !t.IsSensitive))
                .GroupBy(s => s.CommunityId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Assert.NotEmpty(expected);
            foreach (var c in expected)
            {
                var shown = System.Text.RegularExpressions.Regex.Match(html, $"data-unit=\"{c.Key}\">.*?data-stat=\"overdue\" href=\"/Visits/Street\\?community={c.Key}\">([0-9]+)<",
                    System.Text.RegularExpressions.RegexOptions.Singleline);
                Assert.True(shown.Success, $"community {c.Key} is on the street's view");
                Assert.Equal(c.Count, int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            var first = expected[0].Key;
            var grids = await street.GetStringAsync($"/Visits/Street?community={first}");
            Assert.Contains("/Visits?grid=", grids, StringComparison.Ordinal);
        }
        var party = await app.LoggedInClientAsync(Roles.PartyWorker);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await party.GetAsync($"/Visits/Rhythm/{elder.Id}")).StatusCode);

        // Issue 12's charts, filter and lists on the same app, then a roster import through the page (IResidentsWrittenInBulk).
        var imported = await ChartsAndTheLabelFilterEqualDirectCountsAndImportedPeopleAreNeverVisitedAsync(app);
        await AssertKeptCurrentAsync(app, "a roster import", imported);
    }

    /// <summary>
    /// Two saves for one person at once: one re-dates a visit inside a transaction left open, the other re-dates another
    /// visit meanwhile and must wait for it. The second then reads what the first wrote, so the last visit is the later
    /// date of the two, not the date of whichever saved last.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TwoSavesForOnePersonAtOnceKeepTheLaterVisitAsTheLast(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("上官桂兰").Aged(84).WithTag("独居老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var first = await RecordAsync(cadre, elder.Id, Today.AddDays(-30));
        var second = await RecordAsync(cadre, elder.Id, Today.AddDays(-20));

        // The server's own target: on SQLite it waits its while for the write lock (SqlitePragmas.WithWriteWait).
        var target = app.Web.Services.GetRequiredService<Linli.Data.DatabaseTarget>();
        await using var one = target.CreateContext();
        await using var other = target.CreateContext();
        await using (var open = await one.Database.BeginTransactionAsync())
        {
            (await one.Set<Visit>().SingleAsync(v => v.Id == first)).Date = Today.AddDays(-3);
            await one.SaveChangesAsync();
            (await other.Set<Visit>().SingleAsync(v => v.Id == second)).Date = Today.AddDays(-5);
            // On a thread of its own: SQLite's BEGIN waits for the write lock synchronously, even from the async call.
            var meanwhile = Task.Run(() => other.SaveChangesAsync());
            await Task.Delay(700);
            Assert.False(meanwhile.IsCompleted, $"the second save went ahead while the first was open: {meanwhile.Exception?.GetBaseException().Message}");
            await open.CommitAsync();
            await meanwhile;
        }
        await using var db = app.Database.Target.CreateContext();
        Assert.All(await db.Set<VisitStanding>().Where(s => s.ResidentId == elder.Id).ToListAsync(), s => Assert.Equal(Today.AddDays(-3), s.LastVisit));
        await AssertKeptCurrentAsync(app, "two saves at once", elder.Id);
    }
}
