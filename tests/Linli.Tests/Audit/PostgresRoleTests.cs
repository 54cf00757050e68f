using System.Net;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Infrastructure;
using Npgsql;

namespace Linli.Tests.Audit;

public class PostgresRoleTests
{
    /// <summary>
    /// The README's production set-up: Linli serves as a role that does not own the tables and holds
    /// only SELECT and INSERT on the audit log. It works, and that role can neither change nor remove
    /// audit rows, nor switch the triggers off, nor drop them.
    /// </summary>
    [Fact]
    public async Task TheApplicationRoleOfTheReadmeAppendsButCannotChangeTheLog()
    {
        if (TestDatabase.PostgresServer is null) return;   // ./test.sh always gives one
        var role = "linli_app_" + Guid.NewGuid().ToString("N")[..10];
        var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        try
        {
            await AuditKit.SeedAsync(database);
            var dbName = new NpgsqlConnectionStringBuilder(database.Options.Db).Database;
            await ExecuteAsync(database.Options.Db!, $"""
                CREATE ROLE {role} LOGIN PASSWORD 'app-secret-2026';
                GRANT CONNECT ON DATABASE {dbName} TO {role};
                GRANT USAGE ON SCHEMA public TO {role};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
                REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEntries" FROM {role};
                """);
            var appConnection = new NpgsqlConnectionStringBuilder(database.Options.Db) { Username = role, Password = "app-secret-2026" }.ToString();
            var options = new LinliOptions { DataDir = database.DataDir, Db = appConnection, Urls = "http://127.0.0.1:0" };
            await using var app = await LinliApp.StartOnAsync(database, demo: false, ownsDatabase: false, options);

            await LinliApp.LoginAsync(app.Client(), "nobody-here", "wrong-password-1");
            var auditor = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);
            Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/v1/overview")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/Audit")).StatusCode);
            Assert.Equal(4, (await AuditKit.RowsAsync(app)).Count); // failed login, login, second factor enrolled, refusal

            foreach (var sql in new[]
            {
                """UPDATE "AuditEntries" SET "Detail" = 'x'""", """DELETE FROM "AuditEntries" """, """TRUNCATE "AuditEntries" """,
                """ALTER TABLE "AuditEntries" DISABLE TRIGGER audit_entries_append_only""", """DROP TRIGGER audit_entries_append_only ON "AuditEntries" """,
            })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(appConnection, sql));
                Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
            }
            var verify = await AuditKit.Cli(app, null, "audit", "verify");
            Assert.True(verify.Exit == 0, verify.Err);
            Assert.Contains("共 4 行", verify.Out);
        }
        finally
        {
            await database.DisposeAsync();
            await ExecuteAsync(TestDatabase.PostgresServer, $"DROP ROLE IF EXISTS {role}");
        }
    }

    static async Task ExecuteAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
