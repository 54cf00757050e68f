using System.Net;
using Linli.Cli;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Linli.Tests.Audit;

/// <summary>What the audit tests share: the command line against a test app's database, the rows, raw SQL as the owner.</summary>
static class AuditKit
{
    public sealed record Person(string UserName, string Password, string DisplayName, string Role);

    const string Password = "linli-test-2026";

    /// <summary>The accounts of the small street: the demo's user names, names and units, one known password.</summary>
    public static readonly IReadOnlyList<(Person Person, string Unit)> People =
    [
        (new("cadre", Password, "王秀兰", Roles.GridCadre), "CGJD-XFL-03"),
        (new("lead", Password, "李建华", Roles.CommunityLead), "CGJD-XFL"),
        (new("social", Password, "张婷", Roles.SocialWorker), "CGJD-XFL"),
        (new("hotline", Password, "刘敏", Roles.HotlineOperator), "CGJD-XFL"),
        (new("party", Password, "吴芳", Roles.PartyWorker), "CGJD-XFL"),
        (new("street", Password, "陈志刚", Roles.StreetOfficer), "CGJD"),
        (new("sysadmin", Password, "赵磊", Roles.SystemAdmin), "CGJD"),
        (new("secadmin", Password, "孙丽", Roles.SecurityAdmin), "CGJD"),
        (new("auditor", Password, "周文博", Roles.Auditor), "CGJD"),
    ];

    public static Person Account(string role) => People.First(p => p.Person.Role == role).Person;

    /// <summary>
    /// The real server over a fresh database that holds the demo street's tree (城关街道 / 幸福里社区 /
    /// 第一…第八居民组, same codes) and one account per role, but no residents: the audit tests need
    /// people who act, not ten thousand people to act on, and start in a fraction of the demo's time.
    /// </summary>
    public static async Task<LinliApp> StartAsync(string engine = TestDatabase.Sqlite)
    {
        var database = await TestDatabase.CreateMigratedAsync(engine);
        await SeedAsync(database);
        return await LinliApp.StartOnAsync(database, demo: false, ownsDatabase: true);
    }

    public static async Task SeedAsync(TestDatabase database)
    {
        await Migrator.ApplyAsync(database.Target, default);
        FieldCipher.OpenOrCreate(database.DataDir);
        await using var db = database.Target.CreateContext();
        var street = await OrgUnitTree.AddAsync(db, null, OrgUnitKind.Street, "城关街道", "CGJD", 0, default);
        var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, "幸福里社区", "CGJD-XFL", 0, default);
        string[] grids = ["第一居民组", "第二居民组", "第三居民组", "第四居民组", "第五居民组", "第六居民组", "第七居民组", "第八居民组"];
        for (var i = 0; i < grids.Length; i++)
            await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, grids[i], $"CGJD-XFL-{i + 1:00}", i, default);
        // PBKDF2 once: the default hasher's result does not depend on the user.
        var hash = new PasswordHasher<LinliUser>().HashPassword(null!, Password);
        foreach (var (person, unit) in People)
        {
            var user = new LinliUser
            {
                UserName = person.UserName, NormalizedUserName = person.UserName.ToUpperInvariant(), DisplayName = person.DisplayName,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true,
                CreatedUtc = DateTime.UtcNow, PasswordHash = hash,
            };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = person.Role, OrgUnitId = (await db.OrgUnits.SingleAsync(o => o.Code == unit)).Id });
            await db.SaveChangesAsync();
        }
    }

    public static async Task<HttpClient> LoggedInClientAsync(LinliApp app, string role)
    {
        var client = app.Client();
        var response = await LinliApp.LoginAsync(client, Account(role).UserName, Account(role).Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await app.PassSecondFactorAsync(client, Account(role).UserName, response);
        return client;
    }

    /// <summary>Runs `linli ARGS --data … [--db …]` against the app's database, with <paramref name="input"/> as standard input.</summary>
    public static async Task<(int Exit, string Out, string Err)> Cli(LinliApp app, string? input, params string[] args)
    {
        if (input is not null) UserVerbs.ReadInputFrom(new StringReader(input));
        var all = args.Concat(["--data", app.Database.DataDir]).ToList();
        if (app.Database.Options.Db is { } db) all.AddRange(["--db", db]);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await Verbs.RunAsync([.. all], output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    public static async Task<List<AuditEntry>> RowsAsync(LinliApp app)
    {
        await using var db = app.Database.Target.CreateContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Waits until the log holds a row that matches: a request's audit row is written before its answer, so this returns at once.</summary>
    public static async Task<AuditEntry> SingleRowAsync(LinliApp app, Func<AuditEntry, bool> match)
    {
        var rows = (await RowsAsync(app)).Where(match).ToList();
        Assert.True(rows.Count == 1, $"expected one matching audit row, found {rows.Count}");
        return rows[0];
    }

    /// <summary>Raw SQL as the database's owner (the PostgreSQL superuser of the tests), with the append-only triggers switched off.</summary>
    public static async Task TamperAsync(LinliApp app, string sql)
    {
        if (app.Database.Engine == TestDatabase.Postgres)
        {
            await using var conn = new NpgsqlConnection(app.Database.Options.Db);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SET session_replication_role = replica; " + sql + "; SET session_replication_role = DEFAULT;", conn);
            await cmd.ExecuteNonQueryAsync();
            return;
        }
        await using var db = app.Database.Target.CreateContext();
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");
        await db.Database.ExecuteSqlRawAsync(sql);
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改或删除（UPDATE）'); END;
            CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改或删除（DELETE）'); END;
            """);
    }
}
