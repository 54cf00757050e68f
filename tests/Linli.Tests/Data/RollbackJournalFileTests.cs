using Linli.Cli;
using Linli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Linli.Tests.Data;

/// <summary>
/// A database file in rollback-journal mode, as `sqlite3 .backup` or `VACUUM INTO` leave it, is opened like any other:
/// EF's read-only look at whether the file exists must not try to switch it to WAL ("只读，无法写入").
/// </summary>
public class RollbackJournalFileTests
{
    [Fact]
    public async Task AFileInRollbackJournalModeMigratesAndVerifies()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Linli.Data.Migrator.ApplyAsync(database.Target, default);
        var file = Path.Combine(database.DataDir, "linli.db");
        var copy = Path.Combine(database.DataDir, "copy.db");
        await using (var c = new SqliteConnection(Linli.Data.DatabaseTarget.SqliteConnectionString(file)))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"VACUUM INTO '{copy}'";
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        File.Delete(file);
        foreach (var side in new[] { "-wal", "-shm" }) File.Delete(file + side);
        File.Move(copy, file);
        await using (var c = new SqliteConnection($"Data Source={file}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode";
            Assert.Equal("delete", (string)(await cmd.ExecuteScalarAsync())!);
        }
        SqliteConnection.ClearAllPools();

        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(0, await Verbs.RunAsync(["migrate", "--data", database.DataDir], output, errors));
        Assert.Contains("已是最新版本", output.ToString());
        Assert.Equal(0, await Verbs.RunAsync(["audit", "verify", "--data", database.DataDir], new StringWriter(), errors));
        Assert.Equal("", errors.ToString());
    }
}
