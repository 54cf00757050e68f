using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Party;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Party;

/// <summary>One demo server per engine, shared by the tests of <see cref="PartyCareTests"/> (each leaves the others' facts alone).</summary>
public sealed class PartyCareApps : IAsyncLifetime
{
    readonly Dictionary<string, Task<LinliApp>> apps = [];
    readonly Lock gate = new();

    public Task<LinliApp> ForAsync(string engine)
    {
        lock (gate)
        {
            if (!apps.TryGetValue(engine, out var app)) apps[engine] = app = LinliApp.StartWithDemoAsync(engine);
            return app;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values) await (await app).DisposeAsync();
    }
}

/// <summary>党费 bands and arrears, a holiday visit to a member in hardship landing among the resident's visits, 谈心谈话, meeting
/// photos, the registers through the ledger module, and none of it for roles without party.read — both engines, real HTTP.</summary>
public class PartyCareTests(PartyCareApps apps) : IClassFixture<PartyCareApps>
{
    static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    static async Task<long> BranchAsync(HttpClient party) =>
        Assert.Single((await JsonAsync(await party.GetAsync("/api/v1/party/branches"))).EnumerateArray()).GetProperty("id").GetInt64();

    static string Month(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public void TheDuesBandsAreTheRulesBands()
    {
        Assert.Equal(15.00m, DuesRules.Monthly(DuesKind.Wage, 3000m));       // ≤3000: 0.5 %
        Assert.Equal(30.00m, DuesRules.Monthly(DuesKind.Wage, 3000.01m));    // the whole income at 1 %, not band by band
        Assert.Equal(50.00m, DuesRules.Monthly(DuesKind.Wage, 5000m));
        Assert.Equal(75.00m, DuesRules.Monthly(DuesKind.Wage, 5000.02m));    // 1.5 %, rounded to the 分
        Assert.Equal(150.00m, DuesRules.Monthly(DuesKind.Wage, 10000m));
        Assert.Equal(240.00m, DuesRules.Monthly(DuesKind.Wage, 12000m));     // 2 %
        Assert.Equal(25.00m, DuesRules.Monthly(DuesKind.Pension, 5000m));    // pensions ≤5000: 0.5 %
        Assert.Equal(50.01m, DuesRules.Monthly(DuesKind.Pension, 5001m));    // above: 1 %
        Assert.Equal(0.20m, DuesRules.Monthly(DuesKind.Student, null));
        Assert.Equal(0.20m, DuesRules.Monthly(DuesKind.Unemployed, null));
        Assert.Equal(0.20m, DuesRules.Monthly(DuesKind.Dibao, null));
        Assert.Equal(0m, DuesRules.Monthly(DuesKind.Waived, null));

        // Declared from January, paid January–March; on 15 November April–October are over and unpaid (7, all in a row), November is not owed yet.
        var months = DuesRules.Months([(new DateOnly(2026, 1, 1), DuesKind.Wage, 40m)], [(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1))], new DateOnly(2026, 12, 1));
        var (unpaid, inARow, owed) = DuesRules.Arrears(months, new DateOnly(2026, 11, 15));
        Assert.Equal((7, 7, 280m), (unpaid, inARow, owed));
        // A waived month breaks the run and is not owed.
        var waived = DuesRules.Months([(new DateOnly(2026, 1, 1), DuesKind.Wage, 40m), (new DateOnly(2026, 9, 1), DuesKind.Waived, 0m)], [], new DateOnly(2026, 12, 1));
        Assert.Equal((8, 0, 320m), DuesRules.Arrears(waived, new DateOnly(2026, 11, 15)));
        Assert.Equal(("spring", 2027), (Care.Coming(new DateOnly(2026, 11, 30)).Festival.Key, Care.Coming(new DateOnly(2026, 11, 30)).Year));
        Assert.Equal(("july1", 2027), (Care.Coming(new DateOnly(2027, 2, 7)).Festival.Key, Care.Coming(new DateOnly(2027, 2, 7)).Year));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ArrearsAreFlaggedAndClearedByAPaymentThatIsNeitherShortNorTwice(string engine)
    {
        var app = await apps.ForAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var branch = await BranchAsync(party);
        var register = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/dues"));
        Assert.InRange(register.GetProperty("flagged").GetInt32(), 3, 10);
        Assert.True(register.GetProperty("warned").GetInt32() >= 1);
        Assert.True(register.GetProperty("collected").GetDecimal() > 0);
        var members = register.GetProperty("members").EnumerateArray().ToList();
        Assert.True(members.Count > 300);
        Assert.All(members.Where(m => m.GetProperty("kind").GetString() == "Wage"), m =>
            Assert.Equal(DuesRules.Monthly(DuesKind.Wage, m.GetProperty("income").GetDecimal()), m.GetProperty("monthly").GetDecimal()));

        var flagged = members.First(m => m.GetProperty("flagged").GetBoolean() && !m.GetProperty("warned").GetBoolean());
        var id = flagged.GetProperty("memberId").GetInt64();
        var unpaid = flagged.GetProperty("unpaidMonths").GetInt32();
        var owed = flagged.GetProperty("owed").GetDecimal();
        var paid = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/dues/payments?memberId={id}"));
        var firstUnpaid = paid.EnumerateArray().Select(p => DateOnly.ParseExact(p.GetProperty("toMonth").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)).Max().AddMonths(1);
        var today = DateOnly.FromDateTime(DateTime.Today);
        object Pay(decimal? amount) => new { memberId = id, fromMonth = Month(firstUnpaid), months = unpaid, amount, paidOn = today };

        Assert.Contains("少于应缴", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/dues/payments", Pay(owed - 0.01m))));
        var payment = await JsonAsync(await party.PostAsJsonAsync("/api/v1/party/dues/payments", Pay(null)));
        Assert.Equal(owed, payment.GetProperty("amount").GetDecimal());
        Assert.Contains("已经缴纳", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/dues/payments", Pay(null))));
        Assert.Contains("不能晚于今天", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/dues/payments", new { memberId = id, fromMonth = Month(today.AddMonths(1)), paidOn = today.AddDays(2) })));

        var after = (await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/dues"))).GetProperty("members").EnumerateArray().Single(m => m.GetProperty("memberId").GetInt64() == id);
        Assert.Equal(0, after.GetProperty("unpaidMonths").GetInt32());
        Assert.False(after.GetProperty("flagged").GetBoolean());

        // A new base from next month: the bands decide the amount; a waiver needs its approver — said in the user's language.
        var declared = await JsonAsync(await party.PostAsJsonAsync("/api/v1/party/dues/declarations", new { memberId = id, kind = "Pension", monthlyIncome = 5001m, fromMonth = Month(today.AddMonths(1)) }));
        Assert.Equal(50.01m, declared.GetProperty("monthlyAmount").GetDecimal());
        Assert.Equal("1%", declared.GetProperty("rate").GetString());
        Assert.Contains("批准人", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/dues/declarations", new { memberId = id, kind = "Waived", fromMonth = Month(today), reason = "患病" })));
        var english = await app.ClientForAsync(Roles.PartyWorker);
        await english.GetAsync("/culture?c=en&returnUrl=/");
        var said = await RefusalAsync(await english.PostAsJsonAsync("/api/v1/party/dues/declarations", new { memberId = id, kind = "Waived", fromMonth = Month(today), reason = "患病" }));
        Assert.Contains("A hardship waiver names who approved it.", said);
        Assert.DoesNotContain("批准人", said);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task CollectedDuesAreSentUpAndOnlyMoneyFromAboveIsSpentAsTheRegisterShows(string engine)
    {
        var app = await apps.ForAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var branch = await BranchAsync(party);
        var today = DateOnly.FromDateTime(DateTime.Today);
        var book = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/dues/book"));
        var lines = book.GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("collected").GetDecimal() > 0);                 // the months' collections, from the payments
        var toRemit = book.GetProperty("toRemit").GetDecimal();
        var available = book.GetProperty("available").GetDecimal();
        Assert.True(toRemit > 0, "the demo leaves this quarter's dues to send up");
        object Entry(string kind, decimal amount, string? purpose = null, string? approvedBy = null, string? counterparty = "城关街道党工委", DateOnly? date = null) =>
            new { branchId = branch, kind, date = date ?? today, amount, summary = $"{kind} {amount}", counterparty, purpose, approvedBy };
        const string Flows = "/api/v1/party/dues/flows";

        // 上缴: not more than was collected and not yet sent up; to whom it went is said.
        Assert.Contains("已收缴尚未上缴", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Remit", toRemit + 0.01m))));
        Assert.Contains("上级党组织", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Remit", 1m, counterparty: null))));
        Assert.Contains("两位小数", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Remit", 1.001m))));
        Assert.Contains("不能晚于今天", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Remit", 1m, date: today.AddDays(1)))));
        await JsonAsync(await party.PostAsJsonAsync(Flows, Entry("Remit", toRemit)));

        // 支出: only from what came down, on an allowed use, with who approved it.
        Assert.Contains("用途", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Spending", 1m, "发放福利", "支委会研究决定"))));
        Assert.Contains("批准人", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Spending", 1m, "党员教育培训"))));
        Assert.Contains("不能直接支出", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Spending", available + 100m, "党员教育培训", "支委会研究决定"))));
        await JsonAsync(await party.PostAsJsonAsync(Flows, Entry("Allocation", 1000m)));
        await JsonAsync(await party.PostAsJsonAsync(Flows, Entry("Spending", available + 100m, "党员教育培训", "支委会研究决定", null)));
        // Back-dated to before the money came down: what was there that day is what counts.
        Assert.Contains("可用的党费", await RefusalAsync(await party.PostAsJsonAsync(Flows, Entry("Spending", available + 1m, "党员教育培训", "支委会研究决定", null, today.AddDays(-1)))));

        var after = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/dues/book"));
        Assert.Equal(0m, after.GetProperty("toRemit").GetDecimal());
        Assert.Equal(900m, after.GetProperty("available").GetDecimal());

        // The 党费收支 register through the ledger module: the same lines and the balances running to the same end.
        long community;
        await using (var db = app.Database.Target.CreateContext())
            community = (await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区")).Id;
        // (The ledger module is the community office's: the lead generates it, the 党务工作者 holds no ledger permission.)
        var lead = await app.ClientForAsync(Roles.CommunityLead);
        var sheet = await JsonAsync(await lead.GetAsync($"/api/v1/ledgers/templates/party.dues-accounts/sheet?unit={community}&month={Month(today)}"));
        var headings = sheet.GetProperty("headings").EnumerateArray().Select(h => h.GetString()).ToList();
        Assert.Equal(new string?[] { "日期", "摘要", "缴纳党费", "党费返还 收入", "上级下拨 收入", "上缴党费", "党费支出", "支出用途", "待上缴党费", "可用党费累计数", "经手人" }, headings);
        var rows = sheet.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(after.GetProperty("lines").GetArrayLength(), rows.Count);
        Assert.Equal(("0.00", "900.00"), (rows[^1].GetProperty("cells")[8].GetString(), rows[^1].GetProperty("cells")[9].GetString()));
        Assert.Contains(rows, r => r.GetProperty("cells")[7].GetString() == "党员教育培训");

        // The page, to the keeper and nobody without party.read; another community's keeper finds nothing.
        Assert.Contains("党费收支明细", await party.GetStringAsync($"/Party/DuesBook?branch={branch}"));
        var social = await app.ClientForAsync(Roles.SocialWorker);
        Assert.Equal(HttpStatusCode.Forbidden, (await social.GetAsync($"/Party/DuesBook?branch={branch}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await social.GetAsync($"/api/v1/party/branches/{branch}/dues/book")).StatusCode);
        var heping = await app.ClientForAsync(Roles.PartyWorker, "和平社区");
        Assert.Equal(HttpStatusCode.NotFound, (await heping.GetAsync($"/api/v1/party/branches/{branch}/dues/book")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await heping.PostAsJsonAsync(Flows, Entry("Allocation", 1m))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheHomePageCountsArrearsAndTheUnvisitedOfTheComingRoundAndARoundShowsWhoWasVisited(string engine)
    {
        var app = await apps.ForAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var branch = await BranchAsync(party);
        var today = DateOnly.FromDateTime(DateTime.Today);
        var dues = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/dues"));
        var coming = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/hardship/round"));
        var home = await party.GetStringAsync("/");
        int Card(string href)
        {
            var m = System.Text.RegularExpressions.Regex.Match(home, System.Text.RegularExpressions.Regex.Escape($"href=\"{href}\">") + "([0-9,]+)<");
            Assert.True(m.Success, $"no card links to {href}");
            return int.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
        Assert.Equal(dues.GetProperty("flagged").GetInt32(), Card($"/Party/Dues?branch={branch}&amp;show=arrears#register"));
        Assert.Equal(dues.GetProperty("warned").GetInt32(), Card($"/Party/Dues?branch={branch}&amp;show=warned#register"));
        Assert.True(dues.GetProperty("warned").GetInt32() >= 1);
        Assert.Equal(coming.GetProperty("pending").GetInt32(), Card($"/Party/Hardship?branch={branch}#round"));
        Assert.Contains("欠缴党费满3个月", home);
        Assert.Contains("困难党员节日尚未走访", home);
        var cadre = await app.ClientForAsync(Roles.GridCadre);
        Assert.DoesNotContain("党费", await cadre.GetStringAsync("/"));

        // This year's 元旦春节 round: both members in hardship were due, the one living elsewhere was visited (the demo's visit).
        var spring = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/hardship/round?festival=spring&year={today.Year}"));
        Assert.Equal($"{today.Year}年元旦春节", spring.GetProperty("name").GetString());
        Assert.Equal((2, 1, 1), (spring.GetProperty("rows").GetArrayLength(), spring.GetProperty("visited").GetInt32(), spring.GetProperty("pending").GetInt32()));
        var visited = spring.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("visit").ValueKind != JsonValueKind.Null);
        Assert.Equal(500m, visited.GetProperty("visit").GetProperty("money").GetDecimal());
        Assert.Contains("spring", await RefusalAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/hardship/round?festival=easter")));
        var page = await party.GetStringAsync($"/Party/Hardship?branch={branch}&festival=spring&roundYear={today.Year}");
        Assert.Contains("走访慰问轮次", page);
        Assert.Contains($"{today.Year}年元旦春节", page);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AHolidayVisitToAMemberWhoIsAResidentLandsAmongTheResidentsVisits(string engine)
    {
        var app = await apps.ForAsync(engine);
        var lead = await app.ClientForAsync(Roles.CommunityLead);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var branch = await BranchAsync(lead);
        var all = await JsonAsync(await lead.GetAsync($"/api/v1/party/branches/{branch}/hardship"));
        Assert.Equal(2, all.GetArrayLength());
        Assert.Contains(all.EnumerateArray(), h => h.GetProperty("visits").GetArrayLength() == 1);   // the demo's 春节 visit
        var before = await JsonAsync(await lead.GetAsync($"/api/v1/party/branches/{branch}/hardship/unvisited"));
        var coming = (Festival: before.GetProperty("festival").GetString()!, Year: before.GetProperty("year").GetInt32());
        var resident = before.GetProperty("members").EnumerateArray().Single(h => h.GetProperty("livesHere").GetBoolean());
        var hardship = resident.GetProperty("id").GetInt64();
        var today = DateOnly.FromDateTime(DateTime.Today);

        Assert.Contains("不能晚于今天", await RefusalAsync(await lead.PostAsJsonAsync($"/api/v1/party/hardship/{hardship}/visits",
            new { festival = coming.Festival, roundYear = coming.Year, date = today.AddDays(1), visitors = "社区书记", money = 300 })));
        var visit = await JsonAsync(await lead.PostAsJsonAsync($"/api/v1/party/hardship/{hardship}/visits",
            new { festival = coming.Festival, roundYear = coming.Year, date = today, visitors = "社区书记、党务工作者", money = 300, goods = "米、面、油" }));
        var visitId = visit.GetProperty("visitId").GetInt64();
        await using (var db = app.Database.Target.CreateContext())
        {
            var memberResident = await db.Set<PartyMember>().Where(m => m.Id == resident.GetProperty("memberId").GetInt64()).Select(m => m.ResidentId).SingleAsync();
            var recorded = await db.Set<Linli.Features.Visits.Visit>().SingleAsync(v => v.Id == visitId);
            Assert.Equal(memberResident, recorded.ResidentId);
            Assert.Contains("走访慰问困难党员", recorded.FamilySituation);
            Assert.Contains(await db.Set<Linli.Features.Visits.VisitEvent>().Where(e => e.VisitId == visitId).Select(e => e.Text).ToListAsync(), t => t != null && t.Contains("party-hardship"));
        }
        var residentId = (await JsonAsync(await lead.GetAsync($"/api/v1/party/members/{resident.GetProperty("memberId").GetInt64()}"))).GetProperty("residentId").GetInt64();
        Assert.Contains($"/Visits/Detail/{visitId}", await lead.GetStringAsync($"/Registry/Resident/{residentId}"));

        var afterVisit = await JsonAsync(await lead.GetAsync($"/api/v1/party/branches/{branch}/hardship/unvisited"));
        Assert.Equal(before.GetProperty("members").GetArrayLength() - 1, afterVisit.GetProperty("members").GetArrayLength());
        Assert.DoesNotContain(afterVisit.GetProperty("members").EnumerateArray(), h => h.GetProperty("id").GetInt64() == hardship);

        // The 党务工作者 records visits too (visits.write, not visits.read): their holiday visit lands among the resident's visits,
        // which they still cannot read.
        var byKeeper = await JsonAsync(await party.PostAsJsonAsync($"/api/v1/party/hardship/{hardship}/visits",
            new { festival = "mid-autumn", roundYear = today.Year, date = today, visitors = "党务工作者", goods = "月饼" }));
        var keeperVisit = byKeeper.GetProperty("visitId").GetInt64();
        Assert.Contains($"/Visits/Detail/{keeperVisit}", await lead.GetStringAsync($"/Registry/Resident/{residentId}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await party.GetAsync($"/api/v1/visits/{keeperVisit}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await party.GetAsync("/Visits")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TalksPhotosAndRegistersShowOnlyToThoseWhoReadTheBranch(string engine)
    {
        var app = await apps.ForAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var lead = await app.ClientForAsync(Roles.CommunityLead);
        var branch = await BranchAsync(party);
        var today = DateOnly.FromDateTime(DateTime.Today);

        var talks = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/talks"));
        Assert.True(talks.GetProperty("talks").GetArrayLength() >= 3);
        var notYet = talks.GetProperty("notYet").EnumerateArray().ToList();
        var member = notYet[0].GetProperty("id").GetInt64();
        Assert.Contains("谈话主题", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/talks", new { memberId = member, talker = "支部书记", date = today })));
        await JsonAsync(await party.PostAsJsonAsync("/api/v1/party/talks", new { memberId = member, talker = "支部书记", date = today, topic = "听取对支部工作的意见", notes = "建议多组织学习" }));
        Assert.Equal(notYet.Count - 1, (await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/talks"))).GetProperty("notYet").GetArrayLength());

        // A meeting photo: a real PNG is kept; a text file named .png is refused.
        var meeting = (await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/meetings")))[0].GetProperty("id").GetInt64();
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        HttpContent Upload(byte[] bytes)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            return new MultipartFormDataContent { { file, "photo", "会场.png" } };
        }
        var photo = await JsonAsync(await party.PostAsync($"/api/v1/party/meetings/{meeting}/photos", Upload(png)));
        var photoUrl = $"/api/v1/party/meetings/{meeting}/photos/{photo.GetProperty("id").GetInt64()}";
        Assert.Equal(png, await party.GetByteArrayAsync(photoUrl));
        Assert.Contains("JPG 或 PNG", await RefusalAsync(await party.PostAsync($"/api/v1/party/meetings/{meeting}/photos", Upload("不是图片"u8.ToArray()))));

        // The registers, generated by the ledger module from these records.
        long community;
        await using (var db = app.Database.Target.CreateContext())
            community = (await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区")).Id;
        var roster = await JsonAsync(await lead.GetAsync($"/api/v1/ledgers/templates/party.hardship-roster/sheet?unit={community}&month={Month(today)}"));
        Assert.Contains("结对党员姓名", roster.GetProperty("headings").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(2, roster.GetProperty("rows").GetArrayLength());
        Assert.All(roster.GetProperty("rows").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("cells")[7].GetString())));   // 困难情况
        var dues = await JsonAsync(await lead.GetAsync($"/api/v1/ledgers/templates/party.dues-register/sheet?unit={community}&month={Month(today.AddMonths(-1))}"));
        Assert.True(dues.GetProperty("rows").GetArrayLength() > 300);
        Assert.Contains(dues.GetProperty("rows").EnumerateArray(), r => r.GetProperty("cells")[10].GetString() is { } a && int.Parse(a, CultureInfo.InvariantCulture) >= 3);   // 欠缴月数
        var social = await app.ClientForAsync(Roles.SocialWorker);
        var refused = await social.GetAsync($"/api/v1/ledgers/templates/party.hardship-roster/sheet?unit={community}&month={Month(today)}");
        Assert.False(refused.IsSuccessStatusCode);
        Assert.True((int)refused.StatusCode < 500);

        // Roles without party.read: refused at every door; another community's keeper: not found.
        foreach (var role in new[] { Roles.GridCadre, Roles.SocialWorker, Roles.HotlineOperator, Roles.StreetOfficer })
        {
            var client = await app.ClientForAsync(role);
            foreach (var path in new[] { $"/api/v1/party/branches/{branch}/dues", $"/api/v1/party/branches/{branch}/hardship", $"/api/v1/party/branches/{branch}/talks", photoUrl,
                         $"/Party/Dues?branch={branch}", $"/Party/Hardship?branch={branch}", $"/Party/Talks?branch={branch}" })
                Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.Forbidden, $"{role} {path}");
        }
        var heping = await app.ClientForAsync(Roles.PartyWorker, "和平社区");
        foreach (var path in new[] { $"/api/v1/party/branches/{branch}/dues", $"/api/v1/party/branches/{branch}/talks", photoUrl })
            Assert.Equal(HttpStatusCode.NotFound, (await heping.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await heping.PostAsJsonAsync("/api/v1/party/talks", new { memberId = member, talker = "某人", date = today, topic = "越界" })).StatusCode);
        var pages = await party.GetStringAsync($"/Party/Dues?branch={branch}");
        Assert.Contains("欠缴满3个月", pages);
    }
}
