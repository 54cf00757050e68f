using Linli.Data;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// A fresh database with the street 城关街道, the community 幸福里社区 and its eight resident groups (codes as in the
/// demo), the demo's tags, and no residents: the empty registry an office imports its first roster into.
/// </summary>
sealed class ImportWorld : IAsyncDisposable
{
    public required TestDatabase Database { get; init; }
    public required FieldCipher Cipher { get; init; }
    public required OrgUnit Community { get; init; }
    public required IReadOnlyList<OrgUnit> Grids { get; init; }
    public OrgUnit Grid(int n) => Grids[n - 1];

    static readonly string[] Numbers = ["一", "二", "三", "四", "五", "六", "七", "八"];

    public static async Task<ImportWorld> CreateAsync(string engine)
    {
        var database = await TestDatabase.CreateMigratedAsync(engine);
        await Migrator.ApplyAsync(database.Target, default);
        await using var db = database.Target.CreateContext();
        db.Tags.AddRange(DemoTags.All.Select(t => t.ToTag()));
        await db.SaveChangesAsync();
        var street = await OrgUnitTree.AddAsync(db, null, OrgUnitKind.Street, "城关街道", "CGJD", 0, default);
        var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, "幸福里社区", "CGJD-XFL", 0, default);
        var grids = new List<OrgUnit>();
        for (var g = 0; g < Numbers.Length; g++)
            grids.Add(await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, $"第{Numbers[g]}居民组", $"CGJD-XFL-{g + 1:00}", g, default));
        return new ImportWorld { Database = database, Cipher = FieldCipher.OpenOrCreate(database.DataDir), Community = community, Grids = grids };
    }

    public LinliDb Db() => Database.Target.CreateContext();

    public async Task<ImportReport> ImportAsync(byte[] file, OrgUnit into, RosterImport.Options? options = null, CancellationToken ct = default)
    {
        await using var db = Db();
        return await new RosterImport(db, Cipher, TimeProvider.System, new Linli.Features.Audit.AuditLog(Database.Target, new Microsoft.AspNetCore.Http.HttpContextAccessor(), TimeProvider.System)).RunAsync(file, "名册.xlsx", into, options ?? new RosterImport.Options(), ct);
    }

    /// <summary>Everything an import may write, counted.</summary>
    public async Task<(int Residents, int Households, int Buildings, int Dwellings, int Tags)> CountsAsync()
    {
        await using var db = Db();
        return (await db.Residents.CountAsync(), await db.Households.CountAsync(), await db.Buildings.CountAsync(),
            await db.Dwellings.CountAsync(), await db.ResidentTags.CountAsync());
    }

    /// <summary>A resident put into the registry by hand, as if entered before the import.</summary>
    public async Task<Resident> AddResidentAsync(string name, string id, OrgUnit grid)
    {
        await using var db = Db();
        var household = new Household { GridId = grid.Id, Number = "OLD-" + name };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        var resident = new Resident
        {
            GridId = grid.Id, HouseholdId = household.Id, Name = name, Gender = NationalId.Gender(id), BirthDate = NationalId.BirthDate(id),
            NationalIdCipher = Cipher.Encrypt(id), NationalIdHash = Cipher.Hash(id), NationalIdMasked = NationalId.Mask(id),
        };
        db.Residents.Add(resident);
        await db.SaveChangesAsync();
        household.HeadId = resident.Id;
        await db.SaveChangesAsync();
        return resident;
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
