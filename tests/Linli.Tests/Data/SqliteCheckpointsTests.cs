using Linli.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Linli.Tests.Data;

/// <summary>
/// The server's connections leave checkpoints to <see cref="SqliteCheckpoints"/>, which copies the write-ahead log back
/// into the database file in the background; other processes (the command line) keep SQLite's automatic checkpoints.
/// </summary>
public class SqliteCheckpointsTests
{
    [Fact]
    public async Task TheServersConnectionsDoNotCheckpointAndTheServiceCopiesTheLogBackIntoTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("linli-checkpoints-").FullName;
        try
        {
            var target = new DatabaseTarget(false, DatabaseTarget.SqliteConnectionString(Path.Combine(dir, "linli.db")));
            var other = new DatabaseTarget(false, DatabaseTarget.SqliteConnectionString(Path.Combine(dir, "other.db")));
            SqliteCheckpoints.Claim(target);
            var service = new SqliteCheckpoints(target, NullLogger<SqliteCheckpoints>.Instance);
            await using (var db = target.CreateContext())
            await using (var elsewhere = other.CreateContext())
            {
                await db.Database.OpenConnectionAsync();
                await elsewhere.Database.OpenConnectionAsync();
                Assert.Equal(0L, await AutomaticCheckpointAsync(db));
                Assert.Equal(1000L, await AutomaticCheckpointAsync(elsewhere));

                await db.Database.ExecuteSqlRawAsync("CREATE TABLE Notes (Text TEXT); INSERT INTO Notes VALUES ('写进日志')");
                // Still only in the log: the database file alone does not have it yet.
                Assert.Null(await NoteInFileAloneAsync(dir));

                await service.StartAsync(CancellationToken.None);
                string? found = null;
                for (var waited = 0; found is null && waited < 40; waited++)
                {
                    await Task.Delay(SqliteCheckpoints.Interval);
                    found = await NoteInFileAloneAsync(dir);
                }
                await service.StopAsync(CancellationToken.None);
                Assert.Equal("写进日志", found);
            }
            Assert.False(SqliteCheckpoints.InBackground(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    static async Task<long> AutomaticCheckpointAsync(LinliDb db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The note as a copy of the database file alone (without its -wal beside it) has it, or null.</summary>
    static async Task<string?> NoteInFileAloneAsync(string dir)
    {
        var copy = Path.Combine(dir, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(Path.Combine(dir, "linli.db"), copy);
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT Text FROM Notes WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'Notes')";
            try { return (string?)await command.ExecuteScalarAsync(); }
            catch (SqliteException) { return null; } // no such table yet
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
