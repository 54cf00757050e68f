using System.Diagnostics;
using System.Security.Cryptography;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Features.Cases;
using Linli.Features.Visits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linli.Bench;

/// <summary>
/// A whole district, deterministic from its seed: one street-level root over N communities of eight grids,
/// households and people from the demo's <see cref="PeopleFactory"/> (realistic names, valid ID numbers,
/// tags), two history rows per resident, and two visits per resident over the last two years (2,000,000 visits at
/// 1,000,000 residents, the size issue 12's budgets are set at). Everything goes in through <see cref="BulkWriter"/>,
/// the path the roster import uses, one community per transaction, then the grids' summary counts.
/// </summary>
sealed class DistrictGenerator(LinliDb db, FieldCipher cipher, int seed, TextWriter log)
{
    public const string StreetCode = "BJ";

    static readonly string[] CommunityWords =
        ["幸福", "和平", "光明", "建设", "解放", "人民", "胜利", "团结", "友谊", "红旗", "东风", "向阳", "朝阳", "新华", "文化", "健康",
         "花园", "育才", "青年", "长青", "金水", "银河", "丰产", "农业", "纬五", "经三", "黄河", "嵩山", "桐柏", "伏牛"];
    static readonly string[] CommunityEnds = ["里", "路", "街", "园", "苑", "村", "坊", "巷"];

    static readonly string[] VisitNotes =
        ["入户走访，身体状况良好", "电话回访，生活正常", "入户走访，反映楼道照明问题，已报物业", "节日慰问，送去米面油",
         "入户走访，了解就业意愿", "随访，按时服药", "入户核实家庭人口", "走访，协助办理医保"];

    public sealed record Result(int Communities, int Grids, int Households, int Residents, int HistoryRows, int Visits, int Cases, TimeSpan Elapsed);

    public async Task<Result> GenerateAsync(int communities, int residents, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(seed);
        var people = new PeopleFactory(rng, cipher);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var tags = DemoTags.All.Select(t => t.ToTag()).ToList();
        db.Tags.AddRange(tags);
        await db.SaveChangesAsync(ct);
        var tagByCode = tags.ToDictionary(t => t.Code);

        var street = await OrgUnitTree.AddAsync(db, null, OrgUnitKind.Street, "基准区城关街道", StreetCode, 0, ct);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        int households = 0, residentCount = 0, history = 0, visits = 0, cases = 0, grids = 0;
        var perCommunity = residents / communities;
        var historyStart = new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var c = 0; c < communities; c++)
        {
            string name;
            do name = CommunityWords[rng.Next(CommunityWords.Length)] + CommunityWords[rng.Next(CommunityWords.Length)][..1] + CommunityEnds[rng.Next(CommunityEnds.Length)] + "社区";
            while (!usedNames.Add(name));

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var code = $"{StreetCode}-C{c + 1:000}";
            var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, name, code, c, ct);
            var gridUnits = new List<OrgUnit>();
            for (var g = 0; g < 8; g++)
                gridUnits.Add(await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, $"第{"一二三四五六七八"[g]}网格", $"{code}-{g + 1:00}", g, ct));
            grids += gridUnits.Count;

            var target = c == communities - 1 ? residents - perCommunity * (communities - 1) : perCommunity;
            var building = 0;
            var firstResident = await db.Residents.MaxAsync(r => (long?)r.Id, ct) ?? 0;
            for (var g = 0; g < gridUnits.Count; g++)
            {
                var count = g == gridUnits.Count - 1 ? target - target / 8 * 7 : target / 8;
                var (h, r, v, w) = await FillGridAsync(gridUnits[g], count, code, people, tagByCode, rng, historyStart, () => ++building, ct);
                households += h;
                residentCount += r;
                history += v;
                visits += w;
            }
            cases += await AddCasesAsync(community, firstResident, rng, ct);
            await GridCounts.RecountAsync(db, gridUnits.Select(u => u.Id).ToList(), ct);
            await VisitStandings.RebuildAsync(db, gridUnits.Select(u => u.Id).ToList(), ct);
            await VisitMonths.RebuildAsync(db, gridUnits.Select(u => u.Id).ToList(), ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            if ((c + 1) % 10 == 0 || c == communities - 1)
                await log.WriteLineAsync($"    {c + 1}/{communities} 个社区，{residentCount:N0} 人，{clock.Elapsed.TotalSeconds:F0} s");
        }
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return new Result(communities, grids, households, residentCount, history, visits, cases, clock.Elapsed);
    }

    async Task<(int Households, int Residents, int History, int Visits)> FillGridAsync(OrgUnit grid, int target, string communityCode, PeopleFactory people,
        Dictionary<string, Tag> tags, Random rng, DateTime historyStart, Func<int> nextBuilding, CancellationToken ct)
    {
        var planned = new List<List<PeopleFactory.Person>>();
        for (var count = 0; count < target;)
        {
            var members = people.Household(Math.Min(target - count, 8));
            planned.Add(members);
            count += members.Count;
        }

        var buildings = new List<Building>();
        var dwellings = new List<(int Building, string Unit, string Room)>();
        while (dwellings.Count < planned.Count)
        {
            buildings.Add(new Building { GridId = grid.Id, Name = $"{nextBuilding()}号楼", SortOrder = buildings.Count });
            int units = rng.Next(2, 5), floors = rng.Next(5, 8);
            for (var u = 1; u <= units; u++)
                for (var f = 1; f <= floors; f++)
                    for (var room = 1; room <= 2; room++)
                        dwellings.Add((buildings.Count - 1, $"{u}单元", $"{f}0{room}"));
        }
        await BulkWriter.InsertAsync(db, buildings, ct);
        var dwellingRows = dwellings.Take(planned.Count)
            .Select(d => new Dwelling { BuildingId = buildings[d.Building].Id, GridId = grid.Id, Unit = d.Unit, Room = d.Room }).ToList();
        await BulkWriter.InsertAsync(db, dwellingRows, ct);

        var prefix = $"{communityCode[(communityCode.IndexOf('-') + 1)..]}{grid.SortOrder + 1:00}";
        var householdRows = planned.Select((_, i) => new Household { GridId = grid.Id, DwellingId = dwellingRows[i].Id, Number = $"{prefix}{i + 1:0000}" }).ToList();
        await BulkWriter.InsertAsync(db, householdRows, ct);

        var residents = new List<Resident>();
        var persons = new List<PeopleFactory.Person>();
        var heads = new List<(long Household, Resident Head)>();
        for (var i = 0; i < householdRows.Count; i++)
            foreach (var p in planned[i])
            {
                var r = people.ToResident(p, grid.Id, householdRows[i].Id);
                residents.Add(r);
                persons.Add(p);
                if (p.Relation == RelationToHead.Self) heads.Add((householdRows[i].Id, r));
            }
        await BulkWriter.InsertAsync(db, residents, ct);
        await BulkWriter.InsertAsync(db, ResidentSearchKey.For(residents), ct);
        var residentTags = residents.Zip(persons)
            .SelectMany(x => x.Second.Tags.Select(code => ResidentTag.Of(x.First, tags[code].Id)))
            .ToList();
        await BulkWriter.InsertAsync(db, residentTags, ct);
        await BulkWriter.UpdateAsync<Household>(db, nameof(Household.HeadId), heads.Select(h => (h.Household, (object?)h.Head.Id)), ct);

        // Two visit-like rows per resident over the last two years: what a cadre's history of visits looks like.
        var history = new List<ResidentChange>(residents.Count * 2);
        foreach (var r in residents)
            for (var k = 0; k < 2; k++)
                history.Add(new ResidentChange
                {
                    ResidentId = r.Id, GridId = r.GridId, HouseholdId = r.HouseholdId,
                    AtUtc = historyStart.AddMinutes(rng.Next(0, 2 * 365 * 24 * 60)), UserName = "网格员",
                    Field = "走访", NewValue = VisitNotes[rng.Next(VisitNotes.Length)],
                });
        await BulkWriter.InsertAsync(db, history, ct);

        // Two visits per resident in the last two years, by the grid's cadre: some overdue, some in their window, as in life.
        var today = DateOnly.FromDateTime(DateTime.Today);
        var sensitive = residentTags.Where(rt => tags.Values.Any(t => t.Id == rt.TagId && t.IsSensitive)).Select(rt => rt.ResidentId).ToHashSet();
        var visits = new List<Visit>(residents.Count * 2);
        foreach (var r in residents)
            for (var k = 0; k < 2; k++)
            {
                var date = today.AddDays(-rng.Next(0, 730));
                visits.Add(new Visit
                {
                    GridId = r.GridId, ResidentId = r.Id, HouseholdId = r.HouseholdId, VisitorId = 0, VisitorName = "网格员",
                    Date = date, EnteredAtUtc = date.ToDateTime(new TimeOnly(18, 0), DateTimeKind.Utc), Method = rng.Next(4) == 0 ? VisitMethod.Phone : VisitMethod.Door,
                    FamilySituation = VisitNotes[rng.Next(VisitNotes.Length)], IsSensitive = sensitive.Contains(r.Id),
                });
            }
        await BulkWriter.InsertAsync(db, visits, ct);
        return (householdRows.Count, residents.Count, history.Count, visits.Count);
    }

    static readonly (string Kind, int Weight, string Title)[] CaseKinds =
        [(CaseType.Help, 40, "求助：代购生活用品"), (CaseType.Mediation, 15, "邻里纠纷：楼上漏水"), (CaseType.Grievance, 10, "反映：小区停车难"),
         (CaseType.Hotline12345, 25, "12345 转办：噪声扰民"), (CaseType.Other, 10, "咨询：医保办理")];

    /// <summary>
    /// One case for every five residents of the community (200,000 at 1,000,000 residents, the size issue 13's budgets are set
    /// at), over the last two years: most archived, the recent ones still open with their handling clock — and the
    /// community's tallies (CaseTallies) and running clocks (CaseDues) made to agree, as the workflow keeps them.
    /// </summary>
    async Task<int> AddCasesAsync(OrgUnit community, long afterResident, Random rng, CancellationToken ct)
    {
        var people = await db.Residents.AsNoTracking().Where(r => r.Id > afterResident && r.Status == ResidentStatus.Active)
            .Select(r => new { r.Id, r.GridId, r.HouseholdId, r.Name }).ToListAsync(ct);
        var code = community.Code.Split('-')[^1];
        var now = DateTime.UtcNow;
        var numbers = new Dictionary<int, int>();
        var cases = new List<Case>(people.Count / 5);
        var total = CaseKinds.Sum(k => k.Weight);
        foreach (var created in Enumerable.Range(0, people.Count / 5).Select(_ => now.AddMinutes(-rng.Next(0, 2 * 365 * 24 * 60))).Order())
        {
            var who = people[rng.Next(people.Count)];
            var pick = rng.Next(total);
            var kind = CaseKinds.First(k => (pick -= k.Weight) < 0);
            var year = created.Year;
            numbers[year] = numbers.GetValueOrDefault(year) + 1;
            var open = created > now.AddDays(-30) && rng.Next(3) > 0;
            var due = created.AddDays(15);
            cases.Add(new Case
            {
                Reference = $"{code}-{year}-{numbers[year]:D6}", Kind = kind.Kind, CommunityId = community.Id, GridId = who.GridId,
                ResidentId = who.Id, HouseholdId = who.HouseholdId, CallerName = who.Name, Channel = CaseWorkflow.Channels[rng.Next(CaseWorkflow.Channels.Count)],
                Title = kind.Title, Content = kind.Title + "，请社区协调处理。", State = open ? (rng.Next(2) == 0 ? CaseState.Accepted : CaseState.Handling) : CaseState.Archived,
                CreatedById = 0, CreatedAt = created, AcceptedAt = created.AddHours(2),
                AnsweredAt = open ? null : created.AddDays(rng.Next(1, 14)), ClosedAt = open ? null : created.AddDays(rng.Next(14, 20)),
                ClockStage = open ? CaseStage.Handle : null, ClockStart = open ? created.AddHours(2) : null, DueAt = open ? due : null, YellowAt = open ? due.AddDays(-3) : null,
            });
        }
        await BulkWriter.InsertAsync(db, cases, ct);
        var tallies = cases.GroupBy(c => (c.Kind, c.State))
            .Select(g => new CaseTally { CommunityId = community.Id, Kind = g.Key.Kind, State = g.Key.State.ToString(), Count = g.Count() }).ToList();
        db.AddRange(tallies);
        await db.SaveChangesAsync(ct);
        await BulkWriter.InsertAsync(db, cases.Select(CaseDue.Of).OfType<CaseDue>().ToList(), ct);
        return cases.Count;
    }

    /// <summary>An empty community of eight grids that the timed roster imports go into.</summary>
    public async Task CreateImportCommunityAsync(CancellationToken ct)
    {
        var street = await db.OrgUnits.SingleAsync(o => o.Code == StreetCode, ct);
        var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, "导入测试社区", StreetCode + "-IMP", 999, ct);
        for (var g = 0; g < 8; g++)
            await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, $"第{"一二三四五六七八"[g]}网格", $"{community.Code}-{g + 1:00}", g, ct);
    }

    /// <summary>The accounts the benchmark works as, each with a known password and one access token.</summary>
    public sealed record BenchUser(string UserName, string Password, string Token, string Role, string OrgUnitCode);

    public async Task<List<BenchUser>> CreateUsersAsync(int leads, CancellationToken ct)
    {
        var street = await db.OrgUnits.SingleAsync(o => o.Code == StreetCode, ct);
        var communities = await db.OrgUnits.Where(o => o.ParentId == street.Id && o.Code != StreetCode + "-IMP").OrderBy(o => o.SortOrder).Take(leads).ToListAsync(ct);
        var firstGrids = await db.OrgUnits.Where(o => o.ParentId == communities[0].Id).OrderBy(o => o.SortOrder).Take(2).ToListAsync(ct);
        // The cadre looks after two grids (two assignments), as the visits workbench budget is set for.
        var plan = new List<(string User, string Role, OrgUnit Unit)>
            { ("bench-street", Roles.StreetOfficer, street), ("bench-cadre", Roles.GridCadre, firstGrids[0]), ("bench-cadre", Roles.GridCadre, firstGrids[1]) };
        plan.AddRange(communities.Select((c, i) => ($"bench-lead-{i + 1:00}", Roles.CommunityLead, c)));
        plan.Add(("bench-importer", Roles.CommunityLead, await db.OrgUnits.SingleAsync(o => o.Code == StreetCode + "-IMP", ct)));

        var hasher = new PasswordHasher<LinliUser>();
        var users = new List<BenchUser>();
        var now = DateTime.UtcNow;
        foreach (var (userName, role, unit) in plan)
        {
            if (users.Find(u => u.UserName == userName) is not null)
            {
                // A second assignment of an account already made.
                db.RoleAssignments.Add(new RoleAssignment { UserId = (await db.Users.SingleAsync(u => u.UserName == userName, ct)).Id, Role = role, OrgUnitId = unit.Id });
                await db.SaveChangesAsync(ct);
                continue;
            }
            var password = "bench" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var user = new LinliUser
            {
                UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = userName,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true, CreatedUtc = now,
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, OrgUnitId = unit.Id });
            var secret = AccessTokens.TokenPrefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            db.AccessTokens.Add(new AccessToken { UserId = user.Id, Prefix = secret[..12], Hash = AccessTokens.HashOf(secret), CreatedUtc = now, ExpiresUtc = now.AddDays(30) });
            await db.SaveChangesAsync(ct);
            users.Add(new BenchUser(userName, password, secret, role, unit.Code));
        }
        return users;
    }
}
