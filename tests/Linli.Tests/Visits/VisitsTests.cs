using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Visits;

/// <summary>Visits recorded, derived due dates, scope and sensitive content, and the coverage view's numbers, through real HTTP on both engines.</summary>
public partial class VisitsTests
{
    static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    static async Task<long> RecordAsync(HttpClient client, long residentId, DateOnly date, string? situation = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/visits", new { residentId, date, method = "Door", familySituation = situation });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    static async Task<JsonElement?> DueAsync(HttpClient client, long grid, long residentId)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/due?grid={grid}");
        foreach (var p in list.EnumerateArray())
            if (p.GetProperty("residentId").GetInt64() == residentId) return p;
        return null;
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ABackDatedVisitMovesTheNextDueDayAndAnOlderOneDoesNot(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("欧阳秀英").Aged(83).WithTag("独居老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);

        Assert.Equal("从未走访", (await DueAsync(cadre, elder.GridId, elder.Id))!.Value.GetProperty("state").GetString());
        await RecordAsync(cadre, elder.Id, Today.AddDays(-10));
        var overdue = (await DueAsync(cadre, elder.GridId, elder.Id))!.Value;
        Assert.Equal("逾期", overdue.GetProperty("state").GetString());
        Assert.Contains("独居老人", overdue.GetProperty("reason").GetString());
        Assert.Equal(Today.AddDays(-3), DateOnly.Parse(overdue.GetProperty("due").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        // Typed in today from the paper book: the visit of three days ago. The next one is due in four days, not in seven.
        await RecordAsync(cadre, elder.Id, Today.AddDays(-3));
        Assert.Null(await DueAsync(cadre, elder.GridId, elder.Id));
        await using (var db = app.Database.Target.CreateContext())
        {
            var entered = await db.Set<Visit>().Where(v => v.ResidentId == elder.Id).OrderByDescending(v => v.Id).FirstAsync();
            Assert.Equal(Today.AddDays(-3), entered.Date);
            Assert.True(DateTime.UtcNow - entered.EnteredAtUtc < TimeSpan.FromMinutes(5), "the time of entry is kept beside the date of the visit");
        }
        // An even older page typed later does not move the due day back.
        await RecordAsync(cadre, elder.Id, Today.AddDays(-20));
        var schedule = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits?residentId={elder.Id}");
        Assert.Equal(3, schedule.GetArrayLength());
        Assert.Null(await DueAsync(cadre, elder.GridId, elder.Id));
        // Tomorrow or later is refused, with the field named.
        var future = await cadre.PostAsJsonAsync("/api/v1/visits", new { residentId = elder.Id, date = Today.AddDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("不能晚于今天", (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("date")[0].GetString());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task APersonalRhythmWithAReasonReplacesTheLabels(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("司马红梅").Aged(78).WithTag("独居老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        await RecordAsync(cadre, elder.Id, Today.AddDays(-20));
        Assert.Equal("逾期", (await DueAsync(cadre, elder.GridId, elder.Id))!.Value.GetProperty("state").GetString());

        var token = await LinliApp.AntiforgeryTokenAsync(cadre, $"/Visits/Rhythm/{elder.Id}");
        var noReason = await cadre.PostAsync($"/Visits/Rhythm/{elder.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Tier"] = "一般", ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("请说明设置个人走访周期的理由", await noReason.Content.ReadAsStringAsync());
        var set = await cadre.PostAsync($"/Visits/Rhythm/{elder.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Tier"] = "一般", ["Input.Reason"] = "女儿已搬回同住", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        // Quarterly ±15 days from twenty days ago: not due.
        Assert.Null(await DueAsync(cadre, elder.GridId, elder.Id));
        await using (var db = app.Database.Target.CreateContext())
            Assert.Contains(await db.AuditEntries.Where(e => e.Action == AuditActions.VisitRhythm && e.TargetId == elder.Id).Select(e => e.Detail).ToListAsync(),
                d => d!.Contains("女儿已搬回同住", StringComparison.Ordinal));

        var clear = await cadre.PostAsync($"/Visits/Rhythm/{elder.Id}?handler=Clear", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, clear.StatusCode);
        Assert.Equal("逾期", (await DueAsync(cadre, elder.GridId, elder.Id))!.Value.GetProperty("state").GetString());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ACadreCannotRecordAVisitForAnotherGridsResidentNorSeeASensitiveVisitsContent(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elsewhere = await app.SeedAsync(new ResidentBuilder().InGrid("第一居民组").Aged(81).WithTag("独居老人"));
        var allowance = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("诸葛建国").Aged(66).WithTag("低保户"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);

        var response = await cadre.PostAsJsonAsync("/api/v1/visits", new { residentId = elsewhere.Id, date = Today });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/Visits/Record?resident={elsewhere.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/api/v1/visits/due?grid={elsewhere.GridId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/Visits/Coverage/{elsewhere.GridId}")).StatusCode);
        var leadsVisit = await RecordAsync(lead, elsewhere.Id, Today);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/api/v1/visits/{leadsVisit}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/Visits/Detail/{leadsVisit}")).StatusCode);

        // The lead, granted sensitive labels, records a visit to an allowance household; the cadre sees that it happened, not what was found.
        var sensitive = await RecordAsync(lead, allowance.Id, Today.AddDays(-40), "收入不稳定，申请临时救助");
        var seen = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{sensitive}");
        Assert.True(seen.GetProperty("contentHidden").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("familySituation").ValueKind);
        var page = await cadre.GetStringAsync($"/Visits/Detail/{sensitive}");
        Assert.DoesNotContain("临时救助", page);
        Assert.Contains("走访内容仅对有权查看的人员显示", page);
        Assert.DoesNotContain("临时救助", await cadre.GetStringAsync($"/Registry/Resident/{allowance.Id}"));
        Assert.Contains("临时救助", (await lead.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{sensitive}")).GetProperty("familySituation").GetString());

        // Due under 低保户 (monthly) for the lead, with the reason; the cadre without the grant is not told of it at all.
        Assert.Contains("低保户", (await DueAsync(lead, allowance.GridId, allowance.Id))!.Value.GetProperty("reason").GetString());
        Assert.Null(await DueAsync(cadre, allowance.GridId, allowance.Id));
        Assert.DoesNotContain("诸葛建国", await cadre.GetStringAsync("/Visits?list=overdue"));
        Assert.DoesNotContain("低保户", await cadre.GetStringAsync("/Visits"));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheAuthorCorrectsWithinSevenDaysAndAfterThatANoteIsAddedBothInTheHistory(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Aged(90).WithTag("空巢老人"));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var id = await RecordAsync(cadre, elder.Id, Today, "身体尚可");

        var read = (await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{id}")).GetProperty("version").GetInt32();
        // Without the version read, or with an older one, a correction changes nothing.
        var unversioned = await cadre.PutAsJsonAsync($"/api/v1/visits/{id}", new { date = Today, method = "Video" });
        Assert.Equal(HttpStatusCode.BadRequest, unversioned.StatusCode);
        Assert.Contains("版本号", await unversioned.Content.ReadAsStringAsync());
        var corrected = await cadre.PutAsJsonAsync($"/api/v1/visits/{id}", new { date = Today, method = "Phone", familySituation = "身体尚可，联系电话13912345678", version = read });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("电话", (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("method").GetString());
        var stale = await cadre.PutAsJsonAsync($"/api/v1/visits/{id}", new { date = Today, method = "Video", version = read });
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("刚被修改过", await stale.Content.ReadAsStringAsync());
        Assert.Equal("电话", (await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{id}")).GetProperty("method").GetString());
        var byOther = await lead.PutAsJsonAsync($"/api/v1/visits/{id}", new { date = Today, method = "Door" });
        Assert.Equal(HttpStatusCode.BadRequest, byOther.StatusCode);

        await using (var db = app.Database.Target.CreateContext())
            await db.Set<Visit>().Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.EnteredAtUtc, DateTime.UtcNow.AddDays(-8)));
        var late = await cadre.PutAsJsonAsync($"/api/v1/visits/{id}", new { date = Today, method = "Door", version = read + 1 });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("补充说明", await late.Content.ReadAsStringAsync());
        var note = await cadre.PostAsJsonAsync($"/api/v1/visits/{id}/notes", new { text = "补记：其女儿电话13800001234，每周来一次" });
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);

        var history = await cadre.GetStringAsync($"/Visits/Detail/{id}");
        Assert.Contains("更正", history);
        Assert.Contains("原为“上门”", history);
        Assert.Contains("补记：其女儿电话", history);
        await using (var db = app.Database.Target.CreateContext())
        {
            var rows = await db.AuditEntries.Where(e => e.TargetKind == AuditTargets.Visit && e.TargetId == id).OrderBy(e => e.Id).Select(e => new { e.Action, e.Detail }).ToListAsync();
            Assert.Equal([AuditActions.VisitRecord, AuditActions.VisitCorrect, AuditActions.VisitNote], rows.Select(r => r.Action));
            Assert.Contains("138****1234", rows[2].Detail);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheCoverageViewsNumbersEqualADirectCount(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        long grid;
        var expected = new Dictionary<int, int>();
        int never;
        await using (var db = app.Database.Target.CreateContext())
        {
            grid = await db.OrgUnits.Where(o => o.Name == "第三居民组").Select(o => o.Id).SingleAsync();
            var lived = db.Households.Where(h => h.GridId == grid && db.Residents.Any(r => r.HouseholdId == h.Id && r.Status == Linli.Features.Registry.ResidentStatus.Active)).Select(h => h.Id);
            foreach (var days in VisitCoverage.Periods)
            {
                var since = Today.AddDays(-days);
                expected[days] = await db.Set<Visit>().Where(v => v.HouseholdId != null && lived.Contains(v.HouseholdId.Value) && v.Date >= since)
                    .Select(v => v.HouseholdId).Distinct().CountAsync();
            }
            never = await lived.CountAsync(h => !db.Set<Visit>().Any(v => v.HouseholdId == h));
        }
        var html = await cadre.GetStringAsync($"/Visits/Coverage/{grid}");
        foreach (var days in VisitCoverage.Periods)
            Assert.Equal(expected[days], Stat(html, $"reached-{days}"));
        Assert.Equal(never, Stat(html, "never"));
        Assert.True(never > 0 && expected[365] > never, "the demo has holes and visits");
        Assert.Equal(never, Regex.Count(await cadre.GetStringAsync($"/Visits/Coverage/{grid}?show=never"), "class=\"cover overdue\""));

        // Today's round, page by page: every person the three numbers count, once each, in pages of Linli.Features.Visits.IndexModel.PageSize;
        // the building jump starts a page at that building's first person.
        var first = await cadre.GetStringAsync($"/Visits?grid={grid}&list=round");
        var counted = Stat(first, "overdue") + Stat(first, "due") + Stat(first, "never");
        Assert.True(counted > Linli.Features.Visits.IndexModel.PageSize, $"the demo's round ({counted}) spans pages");
        var walked = new List<long>();
        for (var (page, pages) = (first, 1); ; pages++)
        {
            var ids = Regex.Matches(page, "data-resident=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.InRange(ids.Count, 1, Linli.Features.Visits.IndexModel.PageSize);
            walked.AddRange(ids);
            var next = Regex.Match(page, "href=\"([^\"]+)\" rel=\"next\"");
            if (!next.Success) break;
            Assert.True(pages < 50, "the pages end");
            page = await cadre.GetStringAsync(System.Net.WebUtility.HtmlDecode(next.Groups[1].Value));
        }
        Assert.Equal(counted, walked.Count);
        Assert.Equal(walked.Count, walked.Distinct().Count());
        var jumps = Regex.Matches(Regex.Match(first, "id=\"from\".*?</select>", RegexOptions.Singleline).Value, "<option value=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(jumps.Count > 1, "the round's buildings are offered");
        var jumped = await cadre.GetStringAsync($"/Visits?grid={grid}&list=round&from={jumps[^1]}");
        Assert.Equal(jumps[^1], long.Parse(Regex.Match(jumped, "data-resident=\"(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    static int Stat(string html, string name) =>
        int.Parse(Regex.Match(html, $"data-stat=\"{name}\">([0-9,]+)<").Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
}

public partial class VisitsTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheLedgerOfAGridHasOneRowAVisitWithThePhoneMaskedAndSensitiveContentLeftOut(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var allowance = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("慕容春梅").Aged(70).WithPhone("13955556666").WithTag("低保户"));
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        await RecordAsync(lead, allowance.Id, Today, "低保复核，家中有病人");
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        long grid;
        int expected;
        var from = Today.AddDays(-30);
        await using (var db = app.Database.Target.CreateContext())
        {
            grid = allowance.GridId;
            expected = await db.Set<Visit>().CountAsync(v => v.GridId == grid && v.Date >= from && v.Date <= Today);
        }
        var response = await cadre.GetAsync($"/Visits/Ledger?handler=Xlsx&unit={grid}&from={from:yyyy-MM-dd}&to={Today:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains("走访情况记录", rows[0]["A"]?.ToString());
        Assert.Equal(VisitLedger.Columns, rows[2].Values.Select(v => v?.ToString()));
        Assert.Equal(expected, rows.Count - 3);
        var mine = rows.Single(r => r["C"]?.ToString() == "慕容春梅");
        Assert.Equal("139****6666", mine["E"]);
        Assert.Equal("（内容不公开）", mine["H"]);
        Assert.Null(mine["I"]);
        var page = await cadre.GetStringAsync($"/Visits/Ledger?unit={grid}&from={from:yyyy-MM-dd}");
        Assert.Contains("慕容春梅", page);
        Assert.DoesNotContain("家中有病人", page);
        Assert.Contains("家中有病人", await lead.GetStringAsync($"/Visits/Ledger?unit={grid}&from={from:yyyy-MM-dd}"));
        await using (var db = app.Database.Target.CreateContext())
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Export && e.OrgUnitId == grid));
    }
}
