using Linli.Data;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Data;

public class MigrationTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheMigrationSetAppliesToAnEmptyDatabaseAndMatchesTheModel(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var applied = await Migrator.ApplyAsync(database.Target, default);
        Assert.NotEmpty(applied);
        await using var db = database.Target.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no migration captures: add a migration for both providers");
        Assert.Equal(0, await db.Residents.CountAsync());
        Assert.Empty(await Migrator.ApplyAsync(database.Target, default));
    }

    /// <summary>
    /// The search keys are ordered by grid first (a roster's new keys land on its grids' pages), and on PostgreSQL carry no
    /// foreign-key constraint (its per-row check was half a roster's key inserts): the model keeps the relationship, so a
    /// later migration that rebuilt the table from the model would bring the constraint back, and this test would say so.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task SearchKeysAreInGridOrderAndUnconstrainedOnPostgres(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await Migrator.ApplyAsync(database.Target, default);
        await using var db = database.Target.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        var postgres = engine == TestDatabase.Postgres;
        cmd.CommandText = postgres
            ? "SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
              + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indrelid = '\"ResidentSearchKeys\"'::regclass AND i.indisprimary"
            : "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('ResidentSearchKeys') WHERE pk > 0 ORDER BY pk)";
        Assert.Equal("GridId,Key,ResidentId", (string?)await cmd.ExecuteScalarAsync());
        cmd.CommandText = postgres
            ? "SELECT count(*) FROM pg_constraint WHERE conrelid = '\"ResidentSearchKeys\"'::regclass AND contype = 'f'"
            : "SELECT count(*) FROM pragma_foreign_key_list('ResidentSearchKeys')";
        Assert.Equal(postgres ? 0L : 1L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SqliteRunsInWalModeWithForeignKeys()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Migrator.ApplyAsync(database.Target, default);
        await using var db = database.Target.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
        cmd.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, (long?)await cmd.ExecuteScalarAsync());
        cmd.CommandText = "PRAGMA busy_timeout";
        Assert.True((long?)await cmd.ExecuteScalarAsync() >= 5000);
    }
}
