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

    public static async Task<Result> CreateAsync(LinliDb db, FieldCipher cipher, int seed, CancellationToken ct)
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
        await tx.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return new Result(accounts, Plans.Length, gridCount, households, residents);
    }

    static async Task<(int Households, int Residents)> FillGridAsync(LinliDb db, OrgUnit grid, int target, string communityCode,
        PeopleFactory people, Dictionary<string, Tag> tags, Random rng, Func<int> nextBuildingNumber, CancellationToken ct)
    {
        // Build households in memory first; then buildings and dwellings enough to house them.
        var plannedHouseholds = new List<List<PeopleFactory.Person>>();
        var count = 0;
        while (count < target)
        {
            var members = people.Household(Math.Min(target - count, 8));
            plannedHouseholds.Add(members);
            count += members.Count;
        }

        var dwellings = new List<Dwelling>();
        while (dwellings.Count < plannedHouseholds.Count)
        {
            var building = new Building { GridId = grid.Id, Name = $"{nextBuildingNumber()}号楼", SortOrder = dwellings.Count };
            db.Buildings.Add(building);
            await db.SaveChangesAsync(ct);
            var units = rng.Next(2, 5);
            var floors = rng.Next(5, 8);
            for (var u = 1; u <= units; u++)
                for (var f = 1; f <= floors; f++)
                    for (var room = 1; room <= 2; room++)
                        dwellings.Add(new Dwelling { BuildingId = building.Id, GridId = grid.Id, Unit = $"{u}单元", Room = $"{f}0{room}" });
        }
        dwellings = dwellings.Take(plannedHouseholds.Count).ToList();
        db.Dwellings.AddRange(dwellings);
        await db.SaveChangesAsync(ct);

        var households = plannedHouseholds.Select((_, i) => new Household
        {
            GridId = grid.Id,
            DwellingId = dwellings[i].Id,
            Number = $"{communityCode[(communityCode.IndexOf('-') + 1)..]}{grid.SortOrder + 1:00}{i + 1:0000}",
        }).ToList();
        db.Households.AddRange(households);
        await db.SaveChangesAsync(ct);

        var residents = new List<(Resident Resident, PeopleFactory.Person Person)>();
        for (var i = 0; i < households.Count; i++)
            foreach (var p in plannedHouseholds[i])
                residents.Add((people.ToResident(p, grid.Id, households[i].Id), p));
        // Bulk, like the roster import: SaveChanges costs a hundred times more per row.
        await BulkWriter.InsertAsync(db, residents.Select(r => r.Resident).ToList(), ct);
        await BulkWriter.InsertAsync(db, ResidentSearchKey.For(residents.Select(r => r.Resident)), ct);

        for (var i = 0; i < households.Count; i++)
            households[i].HeadId = residents.First(r => r.Resident.HouseholdId == households[i].Id && r.Person.Relation == RelationToHead.Self).Resident.Id;
        db.Households.UpdateRange(households);
        db.ResidentTags.AddRange(residents.SelectMany(r => r.Person.Tags.Select(code =>
            new ResidentTag { ResidentId = r.Resident.Id, TagId = tags[code].Id, GridId = grid.Id })));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
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
