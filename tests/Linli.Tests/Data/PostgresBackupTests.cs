using System.Diagnostics;
using Linli.Data.Backup;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Npgsql;
using static Linli.Tests.Data.BackupKit;

namespace Linli.Tests.Data;

/// <summary>
/// The PostgreSQL procedure of docs/OPERATIONS.md: `linli backup` (keys and anchors), then pg_dump; pg_restore into
/// an empty database, then `linli restore FILE --db` checks it against the keys and anchors.
/// </summary>
public class PostgresBackupTests
{
    [Fact]
    public async Task AKeysBackupAndAPgDumpRestoreAndCheckAndADumpOlderThanTheKeysIsCaught()
    {
        if (TestDatabase.PostgresServer is null) return;   // ./test.sh always gives one
        await using var source = await SmallStreetAsync(TestDatabase.Postgres);
        using var scratch = new Scratch();
        var keys = scratch.Path("keys.lnbk");

        // A dump taken before the keys backup, while the audit log was shorter: the anchors know rows it lacks.
        var older = scratch.Path("older.dump");
        await PgAsync("pg_dump", source.Options.Db!, "-Fc", "-f", older);
        Assert.Equal(0, (await RunCli(null, On(source, "user", "enable", "cadre"))).Exit);

        var backup = await RunCli(Passphrase, On(source, "backup", "--out", keys));
        Assert.True(backup.Exit == 0, backup.Err);
        Assert.Contains("请用 pg_dump 备份", backup.Out);
        Assert.Contains("审计日志 3 行", backup.Out);
        var dump = scratch.Path("linli.dump");
        await PgAsync("pg_dump", source.Options.Db!, "-Fc", "-f", dump);

        await using var restoredDb = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await PgAsync("pg_restore", restoredDb.Options.Db!, "--no-owner", "-d", Database(restoredDb.Options.Db!), dump);
        var dataDir = scratch.Path("data");
        var restore = await RunCli(Passphrase, "restore", keys, "--db", restoredDb.Options.Db!, "--data", dataDir);
        Assert.True(restore.Exit == 0, restore.Err + restore.Out);
        Assert.Contains("哈希链完整：共 3 行", restore.Out);
        Assert.Contains("锚点核对无误", restore.Out);
        Assert.Contains("字段加密密钥完好", restore.Out);
        Assert.Contains("居民 3 人", restore.Out);
        Assert.Contains("密钥和锚点已放入", restore.Out);
        Assert.True(File.Exists(Path.Combine(dataDir, "keys", "field.key")));
        Assert.False(Directory.Exists(Path.Combine(dataDir, BackupRestore.StagingName)));
        var inPlace = await RunCli(null, "restore", "--verify-only", "--db", restoredDb.Options.Db!, "--data", dataDir);
        Assert.True(inPlace.Exit == 0, inPlace.Err);
        Assert.Equal(0, (await RunCli(null, "audit", "verify", "--db", restoredDb.Options.Db!, "--data", dataDir)).Exit);

        // The older dump lacks the row the keys backup saw last: the check says so and the keys are not put in place.
        await using var olderDb = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await PgAsync("pg_restore", olderDb.Options.Db!, "--no-owner", "-d", Database(olderDb.Options.Db!), older);
        var olderDir = scratch.Path("older-data");
        var stale = await RunCli(Passphrase, "restore", keys, "--db", olderDb.Options.Db!, "--data", olderDir);
        Assert.Equal(1, stale.Exit);
        Assert.Contains("数据库中的审计日志只到第 2 行，而备份密钥时已有第 3 行", stale.Err);
        Assert.False(Directory.Exists(olderDir));

        // A SQLite backup is not restored into PostgreSQL.
        await using var sqlite = await SmallStreetAsync();
        var sqliteBackup = scratch.Path("sqlite.lnbk");
        Assert.Equal(0, (await RunCli(Passphrase, On(sqlite, "backup", "--out", sqliteBackup))).Exit);
        var crossed = await RunCli(Passphrase, "restore", sqliteBackup, "--db", olderDb.Options.Db!, "--data", scratch.Path("crossed"));
        Assert.Equal(1, crossed.Exit);
        Assert.Contains("不能恢复到 PostgreSQL", crossed.Err);
    }

    static string Database(string connection) => new NpgsqlConnectionStringBuilder(connection).Database!;

    /// <summary>Runs a PostgreSQL client tool of the installed version against <paramref name="connection"/>.</summary>
    static async Task PgAsync(string tool, string connection, params string[] args)
    {
        var b = new NpgsqlConnectionStringBuilder(connection);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).Last();
        var start = new ProcessStartInfo(Path.Combine(bin, "bin", tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", b.Username! }) start.ArgumentList.Add(a);
        if (tool == "pg_dump") start.ArgumentList.Add("-d");
        if (tool == "pg_dump") start.ArgumentList.Add(b.Database!);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PGPASSWORD"] = b.Password;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {await errors}");
    }
}
