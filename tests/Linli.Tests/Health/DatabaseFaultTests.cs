using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Health;

/// <summary>Writes while the database cannot take them: 503 and a sentence, never a 500; back to work without a restart.</summary>
public class DatabaseFaultTests
{
    static Task<HttpResponseMessage> AskForAnExport(HttpClient lead) =>
        lead.PostAsJsonAsync("/api/v1/exports/requests", new { from = "CGJD-XFL", unmasked = true, reason = "街道要求核对低保名单" });

    static Task<(int Exit, string Out, string Err)> AddACadreByCli(LinliApp app) =>
        AuditKit.Cli(app, "S3cure-pass-2026\n", "user", "add", "wugang", "--role", Roles.GridCadre, "--org", "CGJD-XFL-05");

    /// <summary>
    /// Frees the disk that holds <paramref name="dataDir"/>, copies the database's write-ahead log back into it and
    /// truncates the log to nothing, then fills the disk again: the next write needs space the disk does not have.
    /// Returns the filler's path.
    /// </summary>
    static string FullWithAnEmptyLog(string dataDir)
    {
        File.Delete(Path.Combine(dataDir, "filler.bin"));
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDir, "linli.db")};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            // It answers (busy, log frames, frames copied); busy is 1 while the server's own checkpoint or a reader is in
            // the way: the server is idle between requests, so that passes.
            for (var tries = 0; Convert.ToInt32(checkpoint.ExecuteScalar()) != 0; tries++)
            {
                Assert.True(tries < 50, "the write-ahead log could not be cut in 5 s");
                Thread.Sleep(100);
            }
        }
        Assert.Equal(0, new FileInfo(Path.Combine(dataDir, "linli.db-wal")).Length);
        return Disks.Fill(dataDir);
    }

    /// <summary>A refused write on the command line: exit 1 and a sentence naming the cause, never a stack trace.</summary>
    static void AssertSaidPlainly((int Exit, string Out, string Err) cli, string cause)
    {
        Assert.Equal(1, cli.Exit);
        Assert.Contains(cause, cli.Err);
        Assert.DoesNotContain("   at ", cli.Err);
        Assert.DoesNotContain("Exception", cli.Err);
    }

    [Fact]
    public async Task WhileTheDatabaseFileIsReadOnlyOrLockedWritesAnswer503TheCliSaysSoAndTheServerRecoversByItself()
    {
        await using var app = await AuditKit.StartAsync();
        var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);
        Assert.Equal("ready", await app.Client().GetStringAsync("/readyz"));
        var db = Path.Combine(app.Database.DataDir, "linli.db");

        using (Disks.Immutable(db, db + "-wal"))
        {
            var api = await AskForAnExport(lead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(api.Headers.RetryAfter);
            var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("暂时不能保存", problem.GetProperty("detail").GetString());

            // A page's write (a login writes its audit row and the last-login time) says it on a page.
            var login = await LinliApp.LoginAsync(app.Client(), "cadre", AuditKit.Account(Roles.GridCadre).Password);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
            var page = await login.Content.ReadAsStringAsync();
            Assert.Contains("暂时不能完成这项操作", page);
            Assert.Contains("暂时不能保存", page);

            var ready = await app.Client().GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("错误：", await ready.Content.ReadAsStringAsync());

            // The command line says it too, in a sentence: no stack trace, exit 1.
            AssertSaidPlainly(await AddACadreByCli(app), "只读");
        }
        // The command line runs inside this test's process and shares its pooled connections; one opened while the file
        // was read-only stays read-only for its life. A real `linli` starts as a new process, without them.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Another program holds the write lock (as a long import by hand in the sqlite3 shell would): the command
        // line waits its while, then says who is in the way, and nothing is half-written.
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync();
            }
            AssertSaidPlainly(await AddACadreByCli(app), "正被另一个程序锁定");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.DoesNotContain("wugang", (await AuditKit.Cli(app, null, "user", "list")).Out);

        // The file is writable again: the very next requests work, without a restart.
        Assert.Equal("ready", await app.Client().GetStringAsync("/readyz"));
        Assert.Equal(HttpStatusCode.Created, (await AskForAnExport(lead)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(app.Client(), "cadre", AuditKit.Account(Roles.GridCadre).Password)).StatusCode);
    }

    [Fact]
    public async Task WhilePostgresIsReadOnlyWritesAnswer503TheCliSaysSoAndTheServerRecoversByItself()
    {
        if (TestDatabase.PostgresServer is null) return;   // SQLite's twin is above; ./test.sh always gives a server
        await using var app = await AuditKit.StartAsync(TestDatabase.Postgres);
        var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);
        var name = new Npgsql.NpgsqlConnectionStringBuilder(app.Database.Options.Db).Database;
        async Task ReadOnly(bool on)
        {
            await using var admin = new Npgsql.NpgsqlConnection(TestDatabase.PostgresServer);
            await admin.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"ALTER DATABASE {name} SET default_transaction_read_only = {(on ? "on" : "off")}", admin);
            await command.ExecuteNonQueryAsync();
        }
        // As after a fail-over to a standby: sessions from now on are read-only.
        await ReadOnly(true);
        Npgsql.NpgsqlConnection.ClearAllPools();
        var api = await AskForAnExport(lead);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains("只读", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var ready = await app.Client().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("处于只读状态", await ready.Content.ReadAsStringAsync());

        AssertSaidPlainly(await AddACadreByCli(app), "只读");

        await ReadOnly(false);
        Assert.Equal("ready", await app.Client().GetStringAsync("/readyz"));
        Assert.Equal(HttpStatusCode.Created, (await AskForAnExport(lead)).StatusCode);
    }

    [Fact]
    public async Task OnAFullDiskWritesAnswer503TheCliSaysItInASentenceAndAllRecoverWhenSpaceIsFreed()
    {
        var database = await TestDatabase.CreateAsync();
        using var disk = Disks.SmallDisk(database.DataDir, 24);
        await AuditKit.SeedAsync(database);
        await using (var app = await LinliApp.StartOnAsync(database, demo: false, ownsDatabase: false))
        {
            var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);
            Assert.Equal(HttpStatusCode.Created, (await AskForAnExport(lead)).StatusCode);

            // A write-ahead log with room left in it takes a small write on a full disk (the log's file is reused from its
            // start after a checkpoint), and a failed write may leave it so. Before each look: the log copied back and cut
            // to nothing, then the disk filled, so that whatever writes next needs disk the disk does not have.
            var filler = FullWithAnEmptyLog(database.DataDir);
            var api = await AskForAnExport(lead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.Contains("磁盘已满", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
            FullWithAnEmptyLog(database.DataDir);
            var ready = await app.Client().GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("数据目录所在的磁盘", await ready.Content.ReadAsStringAsync());

            FullWithAnEmptyLog(database.DataDir);
            AssertSaidPlainly(await AddACadreByCli(app), "磁盘已满");
            FullWithAnEmptyLog(database.DataDir);
            var doctor = await AuditKit.Cli(app, null, "doctor");
            Assert.Equal(1, doctor.Exit);
            Assert.Contains("错误  数据目录所在的磁盘", doctor.Out);

            File.Delete(filler);
            Assert.Equal("ready", await app.Client().GetStringAsync("/readyz"));
            Assert.Equal(HttpStatusCode.Created, (await AskForAnExport(lead)).StatusCode);
            Assert.Equal(0, (await AddACadreByCli(app)).Exit);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        disk.Dispose();
        await database.DisposeAsync();
    }
}
