using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Demo;

/// <summary>
/// The demonstration street 城关街道: 幸福里社区 (10,400 residents in eight resident groups) and two smaller
/// communities, with buildings, households, tags and one account per role. The same seed gives the same
/// people; only the account passwords are new each time, and they are printed once.
/// </summary>
public static class DemoCommunity
{
    public sealed record Account(string UserName, string Password, string DisplayName, string Role, string OrgUnitPath);
    public sealed record Result(IReadOnlyList<Account> Accounts, int Communities, int Grids, int Households, int Residents);

    sealed record CommunityPlan(string Name, string Code, int Residents, string[] Grids);

    static readonly string[] NumberNames = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    static readonly CommunityPlan[] Plans =
    [
        new("幸福里社区", "CGJD-XFL", 10_400, NumberNames.Take(8).Select(n => $"第{n}居民组").ToArray()),
        new("和平社区", "CGJD-HP", 3_200, NumberNames.Take(4).Select(n => $"第{n}网格").ToArray()),
        new("光明社区", "CGJD-GM", 2_600, NumberNames.Take(3).Select(n => $"第{n}网格").ToArray()),
    ];

    /// <summary>Ages are counted from this day, so the same seed gives the same community in any year.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 7, 1);

    public static async Task<bool> IsEmptyAsync(LinliDb db, CancellationToken ct) =>
        !await db.Users.AnyAsync(ct) && !await db.OrgUnits.AnyAsync(ct);

    /// <param name="today">The day the work modules' demo data is dated from (<see cref="IDemoData"/>); today's local date when null.</param>
    public static async Task<Result> CreateAsync(LinliDb db, FieldCipher cipher, int seed, CancellationToken ct, DateOnly? today = null)
    {
        var rng = new Random(seed);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var tags = DemoTags.All.Select(t => t.ToTag()).ToList();
        db.Tags.AddRange(tags);
        await db.SaveChangesAsync(ct);
        var tagByCode = tags.ToDictionary(t => t.Code);

        var street = await OrgUnitTree.AddAsync(db, null, OrgUnitKind.Street, "城关街道", "CGJD", 0, ct);
        var people = new PeopleFactory(rng, cipher);
        var communities = new List<(CommunityPlan Plan, OrgUnit Unit, List<OrgUnit> Grids)>();
        int households = 0, residents = 0, gridCount = 0;
        for (var c = 0; c < Plans.Length; c++)
        {
            var plan = Plans[c];
            var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, plan.Name, plan.Code, c, ct);
            var grids = new List<OrgUnit>();
            for (var g = 0; g < plan.Grids.Length; g++)
                grids.Add(await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, plan.Grids[g], $"{plan.Code}-{g + 1:00}", g, ct));
            communities.Add((plan, community, grids));
            gridCount += grids.Count;

            var perGrid = plan.Residents / grids.Count;
            var building = 0;
            foreach (var grid in grids)
            {
                var target = grid == grids[^1] ? plan.Residents - perGrid * (grids.Count - 1) : perGrid;
                var (h, r) = await FillGridAsync(db, grid, target, plan.Code, people, tagByCode, rng, () => ++building, ct);
                households += h;
                residents += r;
            }
        }

        // Residents went in through BulkWriter, past SaveChanges: the dashboards' numbers are counted here.
        await GridCounts.RecountAsync(db, communities.SelectMany(c => c.Grids).Select(g => g.Id).ToList(), ct);
        var accounts = await CreateAccountsAsync(db, street, communities[0].Unit, communities[0].Grids[2], ct);
        var userIds = await db.Users.ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        await DemoParts.FillAsync(db, cipher, seed, today ?? DateOnly.FromDateTime(DateTime.Now), userIds, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return new Result(accounts, Plans.Length, gridCount, households, residents);
    }

    /// <summary>
    /// One grid's buildings, dwellings, households, residents, search keys and labels, all through
    /// <see cref="BulkWriter"/> as the roster import and the benchmark's district write them (SaveChanges spends
    /// a hundred times more on each row). The random numbers are drawn in the same order as ever, so a seed
    /// still gives the same people.
    /// </summary>
    static async Task<(int Households, int Residents)> FillGridAsync(LinliDb db, OrgUnit grid, int target, string communityCode,
        PeopleFactory people, Dictionary<string, Tag> tags, Random rng, Func<int> nextBuildingNumber, CancellationToken ct)
    {
        // Households in memory first; then buildings and dwellings enough to house them.
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
            buildings.Add(new Building { GridId = grid.Id, Name = $"{nextBuildingNumber()}号楼", SortOrder = dwellings.Count });
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
        var households = planned.Select((_, i) => new Household { GridId = grid.Id, DwellingId = dwellingRows[i].Id, Number = $"{prefix}{i + 1:0000}" }).ToList();
        await BulkWriter.InsertAsync(db, households, ct);

        var residents = new List<Resident>();
        var persons = new List<PeopleFactory.Person>();
        for (var i = 0; i < households.Count; i++)
            foreach (var p in planned[i])
            {
                residents.Add(people.ToResident(p, grid.Id, households[i].Id));
                persons.Add(p);
            }
        await BulkWriter.InsertAsync(db, residents, ct);
        await BulkWriter.InsertAsync(db, ResidentSearchKey.For(residents), ct);
        var heads = residents.Zip(persons).Where(x => x.Second.Relation == RelationToHead.Self)
            .Select(x => (x.First.HouseholdId!.Value, (object?)x.First.Id));
        await BulkWriter.UpdateAsync<Household>(db, nameof(Household.HeadId), heads, ct);
        var residentTags = residents.Zip(persons)
            .SelectMany(x => x.Second.Tags.Select(code => ResidentTag.Of(x.First, tags[code].Id)))
            .ToList();
        await BulkWriter.InsertAsync(db, residentTags, ct);
        return (households.Count, residents.Count);
    }

    static async Task<List<Account>> CreateAccountsAsync(LinliDb db, OrgUnit street, OrgUnit community, OrgUnit grid, CancellationToken ct)
    {
        var plan = new (string User, string Name, string Role, OrgUnit Unit)[]
        {
            ("cadre", "王秀兰", Roles.GridCadre, grid),
            ("lead", "李建华", Roles.CommunityLead, community),
            ("social", "张婷", Roles.SocialWorker, community),
            ("hotline", "刘敏", Roles.HotlineOperator, community),
            ("party", "吴芳", Roles.PartyWorker, community),
            ("street", "陈志刚", Roles.StreetOfficer, street),
            ("sysadmin", "赵磊", Roles.SystemAdmin, street),
            ("secadmin", "孙丽", Roles.SecurityAdmin, street),
            ("auditor", "周文博", Roles.Auditor, street),
        };
        var hasher = new PasswordHasher<LinliUser>();
        var accounts = new List<Account>();
        foreach (var (userName, name, role, unit) in plan)
        {
            var password = Accounts.NewPassword();
            var user = new LinliUser
            {
                UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = name,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true, CreatedUtc = DateTime.UtcNow,
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, OrgUnitId = unit.Id });
            await db.SaveChangesAsync(ct);
            accounts.Add(new Account(userName, password, name, role, await OrgUnitTree.PathOfNamesAsync(db, unit, ct)));
        }
        return accounts;
    }

    public static void Print(Result r, TextWriter output)
    {
        output.WriteLine($"已生成演示数据：城关街道，{r.Communities} 个社区，{r.Grids} 个网格，{r.Households:N0} 户，{r.Residents:N0} 名居民。");
        output.WriteLine("演示账号（密码只显示这一次，也保存在数据目录的 demo-accounts.txt 中）：");
        foreach (var a in r.Accounts)
            output.WriteLine($"  {Roles.DisplayName(a.Role),-8}\t{a.UserName,-10}\t{a.Password}\t{a.DisplayName}，{a.OrgUnitPath}");
        output.WriteLine("三个管理员账号（sysadmin、secadmin、auditor）首次登录时须在手机验证器中绑定两步验证。");
    }

    public static string AccountsFile(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), "demo-accounts.txt");

    public static async Task SaveAccountsAsync(Result r, string dataDir, CancellationToken ct)
    {
        var path = AccountsFile(dataDir);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = r.Accounts.Select(a => string.Join('\t', Roles.DisplayName(a.Role), a.UserName, a.Password, a.DisplayName, a.OrgUnitPath));
        await File.WriteAllLinesAsync(path, ["# 演示账号：角色\t用户名\t密码\t姓名\t管辖范围", .. lines], ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
