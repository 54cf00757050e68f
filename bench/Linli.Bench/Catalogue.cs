using System.Net;
using System.Net.Http.Json;

namespace Linli.Bench;

/// <summary>
/// The list of DESIGN.md's budgets as scenarios. The raw side asks the same question of the same rows with
/// the best SQL the schema allows, inside the same scope (the same grid list), and reads every row it returns.
/// </summary>
static class Catalogue
{
    const string ActiveResidents = "\"Status\" = 'Active'";

    static async Task PostAsync(HttpClient client, string url, object body, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync(url, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}");
    }

    public static List<Scenario> Build(Samples s, Clients c, RawDb raw, Rosters rosters, int iterations, int importIterations, CancellationToken ct)
    {
        var people = s.People;
        Samples.Person P(int i) => people[i % people.Count];
        var district = RawDb.List(s.GridIds);
        var community = s.Communities[0];
        var communityGrids = RawDb.List(community.GridIds);
        var sixtyYearsAgo = DateOnly.FromDateTime(DateTime.Today).AddYears(-60);
        // Enough warm-up for the JIT to reach its optimised code (tiered compilation) before anything is timed.
        var warmup = Math.Clamp(iterations / 4, 2, 50);

        // A search answers the first 50 (+1, to know there is more) residents in scope, in id order, with their visible labels.
        // The residents' ids from the key's index range, then residents in id order: both engines stop after 51
        // (a join instead sorts every match first; the app's query has this same shape).
        string ByKey(string grids) =>
            "SELECT r.* FROM \"Residents\" r WHERE r.\"Id\" IN (SELECT k.\"ResidentId\" FROM \"ResidentSearchKeys\" k "
            + $"WHERE k.\"Key\" = @key AND k.\"GridId\" IN ({grids})) AND r.{ActiveResidents} ORDER BY r.\"Id\" LIMIT 51";
        async Task WithTags((int Rows, List<object> Ids) found)
        {
            if (found.Rows == 0) return;
            await raw.ReadAsync("SELECT rt.\"ResidentId\", t.\"Name\" FROM \"ResidentTags\" rt JOIN \"Tags\" t ON t.\"Id\" = rt.\"TagId\" "
                + $"WHERE rt.\"ResidentId\" IN ({RawDb.List(found.Ids.Select(Convert.ToInt64))}) AND NOT t.\"IsSensitive\"", ct);
        }
        async Task SearchKey(string key) => await WithTags(await raw.ReadAsync(ByKey(district), ct, ("@key", key)));
        Task Search(string q) => Clients.GetAsync(c.Street, "/api/v1/residents?q=" + WebUtility.UrlEncode(q), ct);

        var list = new List<Scenario>
        {
            // Floors: what every request pays before its own work — HTTP on loopback alone, then the bearer token,
            // the account, its roles and the grids of its scope (GET /api/v1/me), against the smallest query.
            // Both are measured on a settled server (Timing.SettleAsync), so that the code every request runs has left .NET's
            // tier-0 JIT: a fresh server's first thousand or so requests run it, at two to three times the cost (the log shows
            // the first batch's median beside the settled one).
            new("floor-http", "下限：HTTP 往返（/healthz，无数据库）", null, _ => Clients.GetAsync(c.Street, "/healthz", ct), _ => raw.ReadAsync("SELECT 1", ct), iterations, warmup, Settle: true),
            new("floor-auth", "下限：令牌、账号与管辖范围（/api/v1/me）", null, _ => Clients.GetAsync(c.Street, "/api/v1/me", ct), _ => raw.ReadAsync("SELECT 1", ct), iterations, warmup, Settle: true),
            new("search-name", "按姓名片段查找（两个字，全区范围）", 30, i => Search(P(i).Fragment), i => SearchKey(P(i).Fragment), iterations, warmup),
            new("search-pinyin", "按拼音首字母查找（全区范围）", 30, i => Search(P(i).Initials), i => SearchKey("#" + P(i).Initials), iterations, warmup),
            new("search-id", "按完整身份证号查找（全区范围）", 30, i => Search(P(i).NationalId),
                async i => await WithTags(await raw.ReadAsync($"SELECT r.* FROM \"Residents\" r WHERE r.\"NationalIdHash\" = @h AND r.\"GridId\" IN ({district}) AND r.{ActiveResidents} ORDER BY r.\"Id\" LIMIT 51", ct, ("@h", P(i).IdHash))),
                iterations, warmup),
        };
        var withPhone = people.Where(p => p.PhoneSuffix is not null).ToList();
        list.Add(new("search-phone", "按手机尾号（4位）查找（全区范围）", 30,
            i => Search(withPhone[i % withPhone.Count].PhoneSuffix!), i => SearchKey("@" + withPhone[i % withPhone.Count].PhoneSuffix), iterations, warmup));

        list.Add(new("grid-page", "网格户列表页面（约 500 户）", 50,
            i => Clients.GetAsync(c.StreetPages, $"/Registry/Grid/{P(i).GridId}", ct),
            async i =>
            {
                var g = ("@g", (object)P(i).GridId);
                await raw.ReadAsync("SELECT h.\"Id\", h.\"Number\", b.\"Name\", b.\"SortOrder\", b.\"Id\", d.\"Unit\", d.\"Room\", head.\"Name\" FROM \"Households\" h "
                    + "LEFT JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" LEFT JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" "
                    + "LEFT JOIN \"Residents\" head ON head.\"Id\" = h.\"HeadId\" WHERE h.\"GridId\" = @g", ct, g);
                await raw.ReadAsync($"SELECT \"HouseholdId\", COUNT(*) FROM \"Residents\" WHERE \"GridId\" = @g AND {ActiveResidents} AND \"HouseholdId\" IS NOT NULL GROUP BY \"HouseholdId\"", ct, g);
                await raw.ReadAsync("SELECT r.\"HouseholdId\", t.\"Name\" FROM \"ResidentTags\" rt JOIN \"Tags\" t ON t.\"Id\" = rt.\"TagId\" JOIN \"Residents\" r ON r.\"Id\" = rt.\"ResidentId\" "
                    + $"WHERE rt.\"GridId\" = @g AND NOT t.\"IsSensitive\" AND r.{ActiveResidents}", ct, g);
            }, iterations, warmup));

        list.Add(new("resident-page", "居民详情页面（含走访与变更记录）", 50,
            i => Clients.GetAsync(c.StreetPages, $"/Registry/Resident/{P(i).Id}", ct),
            async i =>
            {
                var p = P(i);
                await raw.ReadAsync($"SELECT * FROM \"Residents\" WHERE \"Id\" = @id AND \"GridId\" IN ({district})", ct, ("@id", p.Id));
                await raw.ReadAsync("SELECT \"Name\" FROM \"OrgUnits\" WHERE \"Id\" = @g", ct, ("@g", p.GridId));
                await raw.ReadAsync("SELECT b.\"Name\", d.\"Unit\", d.\"Room\" FROM \"Households\" h JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" "
                    + "JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" WHERE h.\"Id\" = @h", ct, ("@h", p.HouseholdId));
                await raw.ReadAsync("SELECT t.* FROM \"ResidentTags\" rt JOIN \"Tags\" t ON t.\"Id\" = rt.\"TagId\" WHERE rt.\"ResidentId\" = @id AND NOT t.\"IsSensitive\"", ct, ("@id", p.Id));
                await raw.ReadAsync("SELECT * FROM \"ResidentChanges\" WHERE \"ResidentId\" = @id AND NOT \"IsSensitive\" ORDER BY \"Id\" DESC LIMIT 200", ct, ("@id", p.Id));
            }, iterations, warmup));

        // The raw side of a dashboard is the live count: what the bare database does to answer the question
        // without Linli's summary table (DESIGN.md: 0.4–1.6 s over a district).
        async Task LiveCount(string grids)
        {
            await raw.ReadAsync($"SELECT \"GridId\", COUNT(*), SUM(CASE WHEN \"BirthDate\" <= @d THEN 1 ELSE 0 END) FROM \"Residents\" WHERE \"GridId\" IN ({grids}) AND {ActiveResidents} GROUP BY \"GridId\"",
                ct, ("@d", raw.Date(sixtyYearsAgo)));
            await raw.ReadAsync($"SELECT \"GridId\", COUNT(*) FROM \"Households\" WHERE \"GridId\" IN ({grids}) GROUP BY \"GridId\"", ct);
            await raw.ReadAsync("SELECT rt.\"TagId\", COUNT(*) FROM \"ResidentTags\" rt JOIN \"Residents\" r ON r.\"Id\" = rt.\"ResidentId\" "
                + $"WHERE rt.\"GridId\" IN ({grids}) AND r.{ActiveResidents} GROUP BY rt.\"TagId\"", ct);
        }
        var dashboardIterations = Math.Max(3, iterations / 4);
        list.Add(new("dashboard-community", "社区首页数字（8 个网格）", 200, _ => Clients.GetAsync(c.Lead, "/api/v1/overview", ct), _ => LiveCount(communityGrids), dashboardIterations, 2));
        list.Add(new("dashboard-district", "全区首页数字（全部社区）", 200, _ => Clients.GetAsync(c.Street, "/api/v1/overview", ct), _ => LiveCount(district), Math.Max(3, dashboardIterations / 4), 1));

        // One write at a time: registering a resident into a household (validation, the row, its search keys, a
        // history row, the audit row on the hash chain, the grid's counts), against a transaction of two inserts.
        var households = people.Where(p => community.GridIds.Contains(p.GridId)).ToList();
        list.Add(new("write-resident", "登记一位新居民（单个用户，逐次提交）", null,
            i => PostAsync(c.Lead, "/api/v1/residents", new
            {
                householdId = households[i % households.Count].HouseholdId,
                resident = new { name = "测试" + (char)('甲' + i % 10) + (char)('子' + i % 12), gender = i % 2 == 0 ? "Male" : "Female", birthDate = new DateOnly(1980 + i % 30, 1 + i % 12, 1 + i % 28), relationToHead = "Other" },
            }, ct),
            async i =>
            {
                var h = households[i % households.Count];
                await using var tx = await raw.Connection.BeginTransactionAsync(ct);
                await using var insert = raw.Connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO \"Residents\" (\"GridId\", \"HouseholdId\", \"RelationToHead\", \"Name\", \"Gender\", \"BirthDate\", \"ResidenceKind\", \"Status\") "
                    + $"VALUES ({h.GridId}, {h.HouseholdId}, 'Other', '测试', 'Male', '1990-01-01', 'Registered', 'Active') RETURNING \"Id\"";
                if (raw.IsPostgres) insert.CommandText = insert.CommandText.Replace("'1990-01-01'", "DATE '1990-01-01'", StringComparison.Ordinal);
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                await using var change = raw.Connection.CreateCommand();
                change.Transaction = tx;
                change.CommandText = "INSERT INTO \"ResidentChanges\" (\"ResidentId\", \"GridId\", \"HouseholdId\", \"AtUtc\", \"Field\", \"NewValue\", \"IsSensitive\") "
                    + $"VALUES ({id}, {h.GridId}, {h.HouseholdId}, {(raw.IsPostgres ? "now()" : "'2026-11-28 12:00:00'")}, '登记', '测试', {(raw.IsPostgres ? "false" : "0")})";
                await change.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }, Math.Max(3, iterations / 2), Math.Max(2, iterations / 10)));

        list.Add(new("export-community", "导出一个社区名册（xlsx，脱敏）", null,
            _ => Clients.GetAsync(c.Lead, "/api/v1/exports/residents?from=" + community.Code, ct),
            async _ =>
            {
                await raw.ReadAsync("SELECT r.*, h.\"Number\", b.\"Name\", d.\"Unit\", d.\"Room\", o.\"Name\" FROM \"Residents\" r "
                    + "LEFT JOIN \"Households\" h ON h.\"Id\" = r.\"HouseholdId\" LEFT JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" "
                    + "LEFT JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" JOIN \"OrgUnits\" o ON o.\"Id\" = r.\"GridId\" "
                    + $"WHERE r.\"GridId\" IN ({communityGrids}) AND r.{ActiveResidents} ORDER BY r.\"GridId\", r.\"HouseholdId\", r.\"Id\"", ct);
                await raw.ReadAsync("SELECT rt.\"ResidentId\", t.\"Name\" FROM \"ResidentTags\" rt JOIN \"Tags\" t ON t.\"Id\" = rt.\"TagId\" "
                    + $"WHERE rt.\"GridId\" IN ({communityGrids}) AND NOT t.\"IsSensitive\"", ct);
            }, Math.Max(3, iterations / 20), 1));

        // 台账 (issue 16): a community's 80岁以上高龄老人名册 generated from the registry as xlsx (fields filled, numbers masked,
        // A4 set-up), against the raw query that reads the same rows with their household, address and grid.
        var eightyYearsAgo = DateOnly.FromDateTime(DateTime.Today).AddYears(-80);
        list.Add(new("ledger-elderly", "生成一个社区的80岁以上高龄老人名册（xlsx）", 1000,
            _ => Clients.GetAsync(c.Lead, $"/api/v1/ledgers/templates/registry.elderly-80/xlsx?unit={community.Id}", ct),
            async _ => await raw.ReadAsync("SELECT r.*, h.\"Number\", (SELECT COUNT(*) FROM \"Residents\" m WHERE m.\"HouseholdId\" = h.\"Id\"), b.\"Name\", d.\"Unit\", d.\"Room\", o.\"Name\" FROM \"Residents\" r "
                + "LEFT JOIN \"Households\" h ON h.\"Id\" = r.\"HouseholdId\" LEFT JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" "
                + "LEFT JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" JOIN \"OrgUnits\" o ON o.\"Id\" = r.\"GridId\" "
                + $"WHERE r.\"GridId\" IN ({communityGrids}) AND r.{ActiveResidents} AND r.\"BirthDate\" <= @old ORDER BY r.\"GridId\", r.\"HouseholdId\", r.\"Id\"", ct,
                ("@old", raw.Date(eightyYearsAgo))), Math.Max(3, iterations / 10), 1));

        // 居民名单 with two filters (a label and an age range): the counts of people and households and the first page of 50
        // with their labels — what the list page shows — over a community (the lead) and over the whole district (the street).
        var listToday = DateOnly.FromDateTime(DateTime.Today);
        async Task RawList(string grids)
        {
            // A district's grids on PostgreSQL as the app sends them (Scope.InScopeOfMany): a literal IN of 800 ids is
            // checked row by row there, and the twin should be the best hand-written form, not the slower one.
            if (raw.IsPostgres && grids.Count(ch => ch == ',') >= 32) grids = $"SELECT \"Id\" FROM \"OrgUnits\" WHERE \"Id\" IN ({grids})";
            var where = $"r.\"GridId\" IN ({grids}) AND r.{ActiveResidents} AND r.\"BirthDate\" <= @old AND r.\"BirthDate\" > @young AND r.\"Id\" IN "
                + $"(SELECT rt.\"ResidentId\" FROM \"ResidentTags\" rt WHERE rt.\"TagId\" = (SELECT \"Id\" FROM \"Tags\" WHERE \"Code\" = 'EmptyNestElderly') AND rt.\"GridId\" IN ({grids}))";
            (string, object)[] ages = [("@old", raw.Date(listToday.AddYears(-60))), ("@young", raw.Date(listToday.AddYears(-80)))];
            // The numbers from the label rows' copies of the residents' fields, as the app counts them (ResidentList.CountAsync).
            await raw.ReadAsync("SELECT COUNT(*), COUNT(DISTINCT rt.\"HouseholdId\") FROM \"ResidentTags\" rt WHERE rt.\"TagId\" = (SELECT \"Id\" FROM \"Tags\" WHERE \"Code\" = 'EmptyNestElderly') "
                + $"AND rt.\"Status\" = 'Active' AND rt.\"BirthDate\" <= @old AND rt.\"BirthDate\" > @young AND rt.\"GridId\" IN ({grids})", ct, ages);
            await WithTags(await raw.ReadAsync("SELECT r.*, o.\"Name\", b.\"Name\", d.\"Unit\", d.\"Room\" FROM \"Residents\" r JOIN \"OrgUnits\" o ON o.\"Id\" = r.\"GridId\" "
                + "LEFT JOIN \"Households\" h ON h.\"Id\" = r.\"HouseholdId\" LEFT JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" LEFT JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" "
                + $"WHERE {where} ORDER BY r.\"Id\" LIMIT 51", ct, ages));
        }
        const string listQuery = "/api/v1/residents?tag=EmptyNestElderly&ageMin=60&ageMax=79&counts=true&limit=50";
        list.Add(new("list-community", "居民名单：标签 + 年龄段（一个社区，人数、户数和第一页）", 50,
            _ => Clients.GetAsync(c.Lead, listQuery, ct), _ => RawList(communityGrids), iterations, warmup));
        list.Add(new("list-district", "居民名单：标签 + 年龄段（全区，人数、户数和第一页）", 200,
            _ => Clients.GetAsync(c.Street, listQuery, ct), _ => RawList(district), Math.Max(3, iterations / 4), 2));

        // Adding a label to 1,000 chosen residents in one step, then taking it off again (alternately): the labels,
        // a history row and a new version for each, the grids' counts, one audit row — against the bare inserts.
        List<long>? chosen = null;
        async Task<List<long>> ChosenAsync() => chosen ??= (await raw.ReadAsync(
            $"SELECT \"Id\" FROM \"Residents\" WHERE \"GridId\" IN ({communityGrids}) AND {ActiveResidents} ORDER BY \"Id\" LIMIT 1000", ct)).First.Select(Convert.ToInt64).ToList();
        list.Add(new("label-1000", "给选中的 1,000 位居民加（或去）一个标签", 1000,
            async i =>
            {
                var ids = await ChosenAsync();
                var tagId = Convert.ToInt64((await raw.ReadAsync("SELECT \"Id\" FROM \"Tags\" WHERE \"Code\" = 'HardshipHousehold'", ct)).First[0], System.Globalization.CultureInfo.InvariantCulture);
                using var response = await c.Lead.PostAsJsonAsync("/api/v1/residents/labels", new { tagId, op = i % 2 == 0 ? "add" : "remove", ids }, ct);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"POST /api/v1/residents/labels answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            },
            async i =>
            {
                var ids = RawDb.List(await ChosenAsync());
                await using var tx = await raw.Connection.BeginTransactionAsync(ct);
                async Task Run(string sql)
                {
                    await using var cmd = raw.Connection.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = sql;
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                const string tag = "(SELECT \"Id\" FROM \"Tags\" WHERE \"Code\" = 'Unemployed')";
                if (i % 2 == 0)
                    await Run($"INSERT INTO \"ResidentTags\" (\"ResidentId\", \"TagId\", \"GridId\", \"BirthDate\", \"HouseholdId\", \"Status\") SELECT \"Id\", {tag}, \"GridId\", \"BirthDate\", \"HouseholdId\", \"Status\" FROM \"Residents\" WHERE \"Id\" IN ({ids}) ON CONFLICT DO NOTHING");
                else
                    await Run($"DELETE FROM \"ResidentTags\" WHERE \"TagId\" = {tag} AND \"ResidentId\" IN ({ids})");
                await Run("INSERT INTO \"ResidentChanges\" (\"ResidentId\", \"GridId\", \"HouseholdId\", \"AtUtc\", \"Field\", \"NewValue\", \"IsSensitive\") "
                    + $"SELECT \"Id\", \"GridId\", \"HouseholdId\", {(raw.IsPostgres ? "now()" : "'2026-11-28 12:00:00'")}, '人员标签', '失业人员', {(raw.IsPostgres ? "false" : "0")} FROM \"Residents\" WHERE \"Id\" IN ({ids})");
                await Run($"UPDATE \"Residents\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" IN ({ids})");
                await tx.CommitAsync(ct);
            }, Math.Max(4, iterations / 10 * 2), 2));

        // 走访 (issue 12), over the generator's two visits per resident. The cadre's workbench for the two grids they look
        // after: everyone with a visit rhythm, their last visit and state, derived on each request from labels, overrides
        // and visits (no schedule rows) — against the same four reads.
        var cadreGrids = RawDb.List(community.GridIds.Take(2));
        async Task RawDue(string grids)
        {
            await raw.ReadAsync($"SELECT \"ResidentId\", \"TagId\", \"GridId\" FROM \"ResidentTags\" WHERE \"GridId\" IN ({grids})", ct);
            await raw.ReadAsync($"SELECT * FROM \"VisitOverrides\" WHERE \"GridId\" IN ({grids})", ct);
            await raw.ReadAsync("SELECT r.\"Id\", r.\"Name\", r.\"GridId\", r.\"HouseholdId\", r.\"BirthDate\", b.\"Name\", b.\"SortOrder\", b.\"Id\", d.\"Unit\", d.\"Room\" FROM \"Residents\" r "
                + "LEFT JOIN \"Households\" h ON h.\"Id\" = r.\"HouseholdId\" LEFT JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" LEFT JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" "
                + $"WHERE r.\"GridId\" IN ({grids}) AND r.{ActiveResidents} AND EXISTS (SELECT 1 FROM \"ResidentTags\" rt WHERE rt.\"ResidentId\" = r.\"Id\")", ct);
            await raw.ReadAsync($"SELECT \"ResidentId\", MAX(\"Date\") FROM \"Visits\" WHERE \"ResidentId\" IS NOT NULL AND \"GridId\" IN ({grids}) GROUP BY \"ResidentId\"", ct);
        }
        list.Add(new("visits-workbench", "网格员走访工作台页面（两个网格：逾期、待走访、从未走访）", 50,
            _ => Clients.GetAsync(c.CadrePages, "/Visits", ct), _ => RawDue(cadreGrids), iterations, warmup));
        VisitScenarios.AddPerCadre(list, c, raw, community, iterations, warmup, ct);

        // A grid's coverage: every household with its last visit and its rhythm.
        var communityPeople = people.Where(p => community.GridIds.Contains(p.GridId)).ToList();
        list.Add(new("visits-coverage", "网格走访覆盖页面（约 500 户，每户最近走访）", 100,
            i => Clients.GetAsync(c.StreetPages, $"/Visits/Coverage/{community.GridIds[i % community.GridIds.Length]}", ct),
            async i =>
            {
                var g = ("@g", (object)community.GridIds[i % community.GridIds.Length]);
                await raw.ReadAsync("SELECT h.\"Id\", h.\"Number\", b.\"Name\", b.\"SortOrder\", b.\"Id\", d.\"Unit\", d.\"Room\", head.\"Name\", "
                    + $"(SELECT COUNT(*) FROM \"Residents\" m WHERE m.\"HouseholdId\" = h.\"Id\" AND m.{ActiveResidents}) FROM \"Households\" h "
                    + "LEFT JOIN \"Dwellings\" d ON d.\"Id\" = h.\"DwellingId\" LEFT JOIN \"Buildings\" b ON b.\"Id\" = d.\"BuildingId\" "
                    + "LEFT JOIN \"Residents\" head ON head.\"Id\" = h.\"HeadId\" WHERE h.\"GridId\" = @g", ct, g);
                await raw.ReadAsync("SELECT \"HouseholdId\", MAX(\"Date\") FROM \"Visits\" WHERE \"GridId\" = @g AND \"HouseholdId\" IS NOT NULL GROUP BY \"HouseholdId\"", ct, g);
                await RawDue(RawDb.List([community.GridIds[i % community.GridIds.Length]]));
            }, Math.Max(3, iterations / 2), Math.Max(2, warmup / 2)));

        // Recording one visit (the row, its history event, the audit row on the hash chain), one writer at a time.
        var today = DateOnly.FromDateTime(DateTime.Today);
        list.Add(new("write-visit", "登记一次走访（单个用户，逐次提交）", 50,
            i => PostAsync(c.Lead, "/api/v1/visits", new
            {
                residentId = communityPeople[i % communityPeople.Count].Id, date = today, method = "Door", familySituation = "入户走访，身体状况良好",
            }, ct),
            async i =>
            {
                var p = communityPeople[i % communityPeople.Count];
                await using var tx = await raw.Connection.BeginTransactionAsync(ct);
                await using var insert = raw.Connection.CreateCommand();
                insert.Transaction = tx;
                var now = raw.IsPostgres ? "now()" : "'2026-11-28 12:00:00'";
                insert.CommandText = "INSERT INTO \"Visits\" (\"GridId\", \"ResidentId\", \"HouseholdId\", \"VisitorId\", \"VisitorName\", \"Date\", \"EnteredAtUtc\", \"Method\", \"FamilySituation\", \"Checks\", \"IsSensitive\", \"Version\") "
                    + $"VALUES ({p.GridId}, {p.Id}, {p.HouseholdId}, 1, '网格员', {(raw.IsPostgres ? "CURRENT_DATE" : "'2026-11-28'")}, {now}, 'Door', '入户走访，身体状况良好', 0, {(raw.IsPostgres ? "false" : "0")}, 0) RETURNING \"Id\"";
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                await using var ev = raw.Connection.CreateCommand();
                ev.Transaction = tx;
                ev.CommandText = $"INSERT INTO \"VisitEvents\" (\"VisitId\", \"AtUtc\", \"UserId\", \"UserName\", \"Kind\") VALUES ({id}, {now}, 1, '网格员', '登记')";
                await ev.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }, Math.Max(3, iterations / 2), Math.Max(2, iterations / 10)));

        // 事件 (issue 13), over the generator's one case for every five residents. A lead's community list (open cases by their
        // clock, first page), the street's 督办 overview from the tallies kept current, and opening a case.
        const string OpenCases = "c.\"State\" IN ('Registered', 'Accepted', 'Handling')";
        list.Add(new("cases-community", "社区事件列表（办理中，按期限排序，第一页）", 50,
            _ => Clients.GetAsync(c.Lead, "/api/v1/cases?view=community", ct),
            _ => raw.ReadAsync("SELECT c.*, o.\"Name\" FROM \"Cases\" c JOIN \"OrgUnits\" o ON o.\"Id\" = c.\"GridId\" "
                + $"WHERE c.\"GridId\" IN ({communityGrids}) AND {OpenCases} ORDER BY (c.\"ClockStage\" IS NULL), (c.\"PausedSince\" IS NOT NULL), c.\"DueAt\", c.\"CreatedAt\" DESC, c.\"Id\" DESC LIMIT 100", ct),
            iterations, warmup));
        list.Add(new("cases-supervision", "街道督办总览（全部社区：办理中、上报、超期）", 200,
            _ => Clients.GetAsync(c.Street, "/api/v1/cases/supervision", ct),
            async _ =>
            {
                // The raw side counts live, as a database without Linli's tallies must.
                await raw.ReadAsync($"SELECT c.\"CommunityId\", c.\"State\", COUNT(*), SUM(CASE WHEN c.\"Escalated\" THEN 1 ELSE 0 END) FROM \"Cases\" c WHERE c.\"GridId\" IN ({district}) GROUP BY c.\"CommunityId\", c.\"State\"", ct);
                await raw.ReadAsync($"SELECT c.\"CommunityId\", COUNT(*) FROM \"Cases\" c WHERE c.\"GridId\" IN ({district}) AND c.\"ClockStage\" IS NOT NULL AND c.\"PausedSince\" IS NULL AND c.\"DueAt\" <= @now GROUP BY c.\"CommunityId\"",
                    ct, ("@now", raw.IsPostgres ? DateTime.UtcNow : DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
            }, Math.Max(3, iterations / 4), 2));
        list.Add(new("case-open", "登记一件求助事件（单个用户，逐次提交）", 50,
            i => PostAsync(c.Lead, "/api/v1/cases", new
            {
                kind = "help", gridId = communityPeople[i % communityPeople.Count].GridId, residentId = communityPeople[i % communityPeople.Count].Id,
                channel = "来访", title = "求助：代购生活用品", content = "老人腿脚不便，请社区帮忙代购米面油。",
            }, ct),
            async i =>
            {
                var p = communityPeople[i % communityPeople.Count];
                await using var tx = await raw.Connection.BeginTransactionAsync(ct);
                await using var insert = raw.Connection.CreateCommand();
                insert.Transaction = tx;
                var (no, now) = raw.IsPostgres ? ("false", "now()") : ("0", "'2026-11-28 12:00:00'");
                var reference = "RAW-" + Guid.NewGuid().ToString("N")[..20];
                insert.CommandText = "INSERT INTO \"Cases\" (\"Reference\", \"Kind\", \"CommunityId\", \"GridId\", \"ResidentId\", \"HouseholdId\", \"CallerName\", \"NeedsRegistration\", \"Channel\", "
                    + "\"Title\", \"Content\", \"Designated\", \"State\", \"CreatedById\", \"CreatedAt\", \"DueProvisional\", \"ExtendedBy\", \"Escalated\", \"Version\") "
                    + $"VALUES ('{reference}', 'help', {community.Id}, {p.GridId}, {p.Id}, {p.HouseholdId}, '居民', {no}, '来访', '求助', '代购', {no}, 'Registered', 1, {now}, {no}, 0, {no}, 0) RETURNING \"Id\"";
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                await using var ev = raw.Connection.CreateCommand();
                ev.Transaction = tx;
                ev.CommandText = $"INSERT INTO \"CaseEvents\" (\"CaseId\", \"At\", \"ActorId\", \"ActorName\", \"Action\") VALUES ({id}, {now}, 1, '居民', '登记')";
                await ev.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }, Math.Max(3, iterations / 2), Math.Max(2, iterations / 10)));

        list.AddRange(ServiceScenarios.Build(s, c, raw, iterations, warmup, ct));
        list.AddRange(BenefitScenarios.Build(s, c, raw, iterations, warmup, ct));
        list.AddRange(TaskScenarios.Build(s, c, raw, iterations, warmup, ct));

        list.Add(new("import-roster", $"导入名册 {rosters.RowsPerRoster:N0} 行（校验、加密、全部或全不）", 2000,
            i => rosters.ImportAsync(c.Importer, i, ct), i => rosters.RawInsertAsync(raw, i, ct), importIterations, 1));
        // The warm-up registers the update roster's people (a reused district has them already); each timed run updates all their phones.
        list.Add(new("import-roster-update", $"按名册更新已登记居民 {Rosters.UpdateRows:N0} 人的电话（updateExisting）", 2000,
            i => rosters.UpdateAsync(c.Importer, i, ct), i => rosters.RawUpdateAsync(raw, i, ct), importIterations, 1));
        PartyScenarios.Add(list, s, c, raw, iterations, warmup, ct);
        ActivityScenarios.Add(list, s, c, raw, iterations, warmup, ct);
        VisitScenarios.Add(list, c, raw, iterations, ct);
        VisitScenarios.AddStreetMonths(list, c, raw, iterations, ct);
        return list;
    }
}
