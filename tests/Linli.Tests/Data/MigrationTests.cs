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
