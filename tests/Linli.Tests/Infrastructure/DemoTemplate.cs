using System.Collections.Concurrent;
using Linli.Data;
using Linli.Features.Demo;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Linli.Tests.Infrastructure;

public sealed partial class TestDatabase
{
    /// <summary>
    /// A fresh database holding the demo street (seed 7) with its accounts: a copy of a template that is generated
    /// once per engine per test run, so a test pays for a file copy (SQLite) or a <c>CREATE DATABASE … TEMPLATE</c>
    /// (PostgreSQL), not for generating sixteen thousand residents. The data directory comes along (keys/field.key:
    /// without it the numbers cannot be read).
    /// </summary>
    public static Task<TestDatabase> CreateWithDemoAsync(string engine = Sqlite) => CopyAsync(engine, demo: true);

    /// <summary>A fresh database at the current schema and empty, copied from a template migrated once per engine per run.</summary>
    public static Task<TestDatabase> CreateMigratedAsync(string engine = Sqlite) => CopyAsync(engine, demo: false);

    static async Task<TestDatabase> CopyAsync(string engine, bool demo)
    {
        var template = await DemoTemplate.ForAsync(engine, demo);
        var dir = Directory.CreateTempSubdirectory("linli-test-").FullName;
        DemoTemplate.CopyDataDir(template.DataDir, dir);
        if (engine == Sqlite) return new TestDatabase(engine, dir, null, null) { Demo = template.Demo };
        var server = PostgresServer!;
        var name = "linli_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync(server, $"CREATE DATABASE {name} TEMPLATE {template.PostgresDatabase}");
        return new TestDatabase(engine, dir, name, ConnectionTo(server, name)) { Demo = template.Demo };
    }

    /// <summary>The migrated database of one engine, with or without the demo street, made once per process on first use; removed when the process ends.</summary>
    sealed class DemoTemplate
    {
        public required string DataDir { get; init; }
        public string? PostgresDatabase { get; init; }
        public DemoCommunity.Result? Demo { get; init; }

        static readonly ConcurrentDictionary<(string Engine, bool Demo), Lazy<Task<DemoTemplate>>> Templates = new();

        // Lazy's default mode lets exactly one caller run the factory while parallel test classes wait for it.
        public static Task<DemoTemplate> ForAsync(string engine, bool demo) =>
            Templates.GetOrAdd((engine, demo), k => new Lazy<Task<DemoTemplate>>(() => Task.Run(() => CreateAsync(k.Engine, k.Demo)))).Value;

        static async Task<DemoTemplate> CreateAsync(string engine, bool withDemo)
        {
            await RemoveLeftoversAsync();
            var dir = Directory.CreateTempSubdirectory($"linli-demo-template-{Environment.ProcessId}-").FullName;
            string? pgDatabase = null;
            var options = new LinliOptions { DataDir = dir, Urls = "http://127.0.0.1:0" };
            if (engine == Postgres)
            {
                var server = PostgresServer ?? throw new InvalidOperationException("LINLI_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL.");
                pgDatabase = $"linli_tpl_{Environment.ProcessId}_{(withDemo ? "demo" : "empty")}_{Guid.NewGuid().ToString("N")[..8]}";
                await ExecuteOnServerAsync(server, $"CREATE DATABASE {pgDatabase}");
                options = new LinliOptions { DataDir = dir, Db = ConnectionTo(server, pgDatabase), Urls = "http://127.0.0.1:0" };
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(dir, pgDatabase);

            var target = DatabaseTarget.From(options);
            await Migrator.ApplyAsync(target, default);
            DemoCommunity.Result? demo = null;
            if (withDemo)
            {
                await using var db = target.CreateContext();
                demo = await DemoCommunity.CreateAsync(db, FieldCipher.OpenOrCreate(dir), seed: 7, default);
            }

            if (pgDatabase is null)
            {
                // Everything into the main file and no connection left open on it, so that a copy of the file is the database.
                await using var conn = new SqliteConnection(target.ConnectionString);
                await conn.OpenAsync();
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                    await cmd.ExecuteNonQueryAsync();
                }
                SqliteConnection.ClearPool(conn);
            }
            else
            {
                // CREATE DATABASE … TEMPLATE refuses a template that anyone is connected to.
                await using var conn = new NpgsqlConnection(options.Db);
                NpgsqlConnection.ClearPool(conn);
            }
            return new DemoTemplate { DataDir = dir, PostgresDatabase = pgDatabase, Demo = demo };
        }

        /// <summary>The data directory's files with their modes (keys stay private), without SQLite's WAL and shared-memory files.</summary>
        public static void CopyDataDir(string from, string to)
        {
            foreach (var source in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                if (source.EndsWith("-wal", StringComparison.Ordinal) || source.EndsWith("-shm", StringComparison.Ordinal)) continue;
                var relative = Path.GetRelativePath(from, source);
                var target = Path.Combine(to, relative);
                if (Path.GetDirectoryName(relative) is { Length: > 0 } sub)
                {
                    var made = Directory.CreateDirectory(Path.Combine(to, sub));
                    if (!OperatingSystem.IsWindows()) made.UnixFileMode = File.GetUnixFileMode(Path.Combine(from, sub));
                }
                File.Copy(source, target);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(source));
            }
        }

        /// <summary>
        /// The test host is often ended without running exit handlers, so each run also removes the templates of
        /// runs whose process is gone (the process id is in the template's name; a live process keeps its own).
        /// </summary>
        static async Task RemoveLeftoversAsync()
        {
            static bool Gone(string pid) => int.TryParse(pid, out var id) && id != Environment.ProcessId && !IsRunning(id);
            foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "linli-demo-template-*"))
                if (Path.GetFileName(dir).Split('-') is [_, _, _, var pid, ..] && Gone(pid))
                    try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (PostgresServer is not { } server) return;
            await using var conn = new NpgsqlConnection(server);
            await conn.OpenAsync();
            var stale = new List<string>();
            await using (var list = new NpgsqlCommand(@"SELECT datname FROM pg_database WHERE datname LIKE 'linli\_tpl\_%'", conn))
            await using (var reader = await list.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    if (reader.GetString(0).Split('_') is [_, _, var pid, ..] && Gone(pid)) stale.Add(reader.GetString(0));
            foreach (var name in stale)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
                await drop.ExecuteNonQueryAsync();
            }
        }

        static bool IsRunning(int pid)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException) { return false; }
            catch (InvalidOperationException) { return false; }
        }

        static void Remove(string dir, string? pgDatabase)
        {
            try
            {
                if (pgDatabase is not null && PostgresServer is { } server)
                {
                    NpgsqlConnection.ClearAllPools();
                    using var conn = new NpgsqlConnection(server);
                    conn.Open();
                    using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {pgDatabase} WITH (FORCE)", conn);
                    cmd.ExecuteNonQuery();
                }
            }
            catch (NpgsqlException) { }   // the throwaway server may already be gone
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
