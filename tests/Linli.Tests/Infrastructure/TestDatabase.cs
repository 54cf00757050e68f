using Linli.Data;
using Linli.Features.Demo;
using Npgsql;

namespace Linli.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test: an SQLite file in a temporary data directory, or a new
/// database on the throwaway PostgreSQL server that ./test.sh starts (LINLI_TEST_POSTGRES).
/// </summary>
public sealed partial class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite", Postgres = "postgres";
    public static string? PostgresServer => Environment.GetEnvironmentVariable("LINLI_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>The engines a test runs on: SQLite always, PostgreSQL whenever a server is given.</summary>
    public static TheoryData<string> Engines
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresServer is not null) data.Add(Postgres);
            return data;
        }
    }

    public string Engine { get; }
    public string DataDir { get; }
    public LinliOptions Options { get; }
    /// <summary>The demo street's accounts and numbers, for a database copied from the demo (<see cref="CreateWithDemoAsync"/>).</summary>
    public DemoCommunity.Result? Demo { get; private init; }
    public DatabaseTarget Target => DatabaseTarget.From(Options);
    readonly string? pgDatabase;

    TestDatabase(string engine, string dataDir, string? pgDatabase, string? connection)
    {
        Engine = engine;
        DataDir = dataDir;
        this.pgDatabase = pgDatabase;
        Options = new LinliOptions { DataDir = dataDir, Db = connection, Urls = "http://127.0.0.1:0" };
    }

    public static async Task<TestDatabase> CreateAsync(string engine = Sqlite)
    {
        var dir = Directory.CreateTempSubdirectory("linli-test-").FullName;
        if (engine == Sqlite) return new TestDatabase(engine, dir, null, null);
        var server = PostgresServer ?? throw new InvalidOperationException("LINLI_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL.");
        var name = "linli_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync(server, $"CREATE DATABASE {name}");
        return new TestDatabase(engine, dir, name, ConnectionTo(server, name));
    }

    static string ConnectionTo(string server, string database) => new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();

    static async Task ExecuteOnServerAsync(string server, string sql)
    {
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A second handle on the same database, with its own data directory, as a second server would have.</summary>
    public LinliOptions OptionsForAnotherServer(string dataDir) =>
        new() { DataDir = dataDir, Db = Options.Db, Urls = "http://127.0.0.1:0" };

    public async ValueTask DisposeAsync()
    {
        if (pgDatabase is not null && PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(server);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {pgDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}
