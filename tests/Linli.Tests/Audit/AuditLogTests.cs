using System.Net;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Audit;

public class AuditLogTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task LoginsFailuresTheLockoutAndLogoutsAreWritten(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var hotline = AuditKit.Account(Roles.HotlineOperator);

        await LinliApp.LoginAsync(app.Client(), "nobody-here", "wrong-password-1");
        for (var i = 0; i < 5; i++) await LinliApp.LoginAsync(app.Client(), hotline.UserName, "wrong-password-1");
        var locked = await LinliApp.LoginAsync(app.Client(), hotline.UserName, hotline.Password);
        Assert.Contains("账号已暂时锁定", await locked.Content.ReadAsStringAsync());
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        var token = await LinliApp.AntiforgeryTokenAsync(cadre, "/");
        await cadre.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        var rows = await AuditKit.RowsAsync(app);
        var unknown = Assert.Single(rows, r => r.ActorName == "nobody-here");
        Assert.Equal((AuditActions.LoginFailed, null, null), (unknown.Action, unknown.ActorId, unknown.TargetId));
        Assert.Equal("127.0.0.1", unknown.ClientIp);

        await using var db = app.Database.Target.CreateContext();
        var hotlineId = (await db.Users.SingleAsync(u => u.UserName == hotline.UserName)).Id;
        var cadreId = (await db.Users.SingleAsync(u => u.UserName == "cadre")).Id;
        var onHotline = rows.Where(r => r.ActorName == hotline.UserName).Select(r => r.Action).ToList();
        // Four wrong passwords, the fifth locks, and the right password during the lock is still refused.
        Assert.Equal([.. Enumerable.Repeat(AuditActions.LoginFailed, 4), AuditActions.Lockout, AuditActions.LoginFailed], onHotline);
        Assert.All(rows.Where(r => r.ActorName == hotline.UserName), r => Assert.Equal((AuditTargets.User, hotlineId), (r.TargetKind!, r.TargetId!.Value)));

        var onCadre = rows.Where(r => r.ActorName == "cadre").ToList();
        Assert.Equal([AuditActions.Login, AuditActions.Logout], onCadre.Select(r => r.Action));
        Assert.All(onCadre, r => Assert.Equal(cadreId, r.ActorId));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task RefusedRequestsAreWrittenWithWhoAskedAndForWhat(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var auditor = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/v1/overview")).StatusCode);
        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.Denied);
        Assert.Equal("auditor", row.ActorName);
        Assert.NotNull(row.ActorId);
        Assert.Equal($"GET /api/v1/overview：缺少权限 {Permissions.Registry.Read}", row.Detail);

        // A form posted without its antiforgery token: refused, and on record.
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        var forged = await cadre.PostAsync("/Account/Logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var csrf = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.Denied && r.ActorName == "cadre");
        Assert.Equal("POST /Account/Logout：表单校验令牌缺失或无效", csrf.Detail);
        // Still logged in: the forged post logged nobody out.
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync("/")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheChainVerifiesAndAChangedRowIsNamed(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var empty = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal((0, "审计日志还没有记录。"), (empty.Exit, empty.Out.Trim()));
        for (var i = 0; i < 6; i++) await LinliApp.LoginAsync(app.Client(), $"visitor{i}", "wrong-password-1");

        var intact = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.True(intact.Exit == 0, intact.Err);
        Assert.Contains("审计日志完整：共 6 行", intact.Out);

        await AuditKit.TamperAsync(app, """UPDATE "AuditEntries" SET "Detail" = '密码正确' WHERE "Id" = 4""");
        var changed = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal(1, changed.Exit);
        Assert.Contains("审计日志在第 4 行断裂：它的内容与它的哈希不符", changed.Err);
        Assert.Contains("第 1 行到第 3 行完好", changed.Err);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ARowRehashedOrRemovedBreaksTheChainAtTheNextRow(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        for (var i = 0; i < 5; i++) await LinliApp.LoginAsync(app.Client(), $"visitor{i}", "wrong-password-1");
        // A forger who also recomputes the changed row's own hash is caught by the row after it.
        var row = (await AuditKit.RowsAsync(app)).Single(r => r.Id == 2);
        row.Detail = "密码正确";
        await AuditKit.TamperAsync(app, $"""UPDATE "AuditEntries" SET "Detail" = '密码正确', "Hash" = '{AuditChain.HashOf(row)}' WHERE "Id" = 2""");
        var rehashed = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal(1, rehashed.Exit);
        Assert.Contains("审计日志在第 3 行断裂：它记录的上一行哈希与第 2 行的哈希不一致", rehashed.Err);

        await AuditKit.TamperAsync(app, """DELETE FROM "AuditEntries" WHERE "Id" IN (2, 3)""");
        var removed = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Contains("审计日志在第 4 行断裂：第 2 行至第 3 行不见了", removed.Err);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheDatabaseRefusesToChangeOrDeleteAuditRows(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        await LinliApp.LoginAsync(app.Client(), "visitor", "wrong-password-1");
        await using var db = app.Database.Target.CreateContext();
        var statements = new List<string> { """UPDATE "AuditEntries" SET "Detail" = 'x'""", """DELETE FROM "AuditEntries" """ };
        if (engine == TestDatabase.Postgres) statements.Add("""TRUNCATE "AuditEntries" """);
        foreach (var sql in statements)
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Contains("审计日志只能追加，不能修改或删除", refused.Message);
        }
        Assert.Equal(1, await db.AuditEntries.CountAsync());
        Assert.True(await AuditChain.AppendOnlyGuardsInPlaceAsync(db, default));

        // The entity, too: EF Core's own UPDATE is refused by the same trigger.
        var entry = await db.AuditEntries.SingleAsync();
        entry.Detail = "x";
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task VerifySaysWhenTheGuardsAreGone(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        await LinliApp.LoginAsync(app.Client(), "visitor", "wrong-password-1");
        await using (var db = app.Database.Target.CreateContext())
            await db.Database.ExecuteSqlRawAsync(engine == TestDatabase.Postgres
                ? """ALTER TABLE "AuditEntries" DISABLE TRIGGER audit_entries_append_only"""
                : "DROP TRIGGER audit_entries_no_delete");
        var verdict = await AuditKit.Cli(app, null, "audit", "verify");
        Assert.Equal(1, verdict.Exit);
        Assert.Contains("审计日志完整：共 1 行", verdict.Out);
        Assert.Contains("触发器不见了或被停用", verdict.Err);
    }

    /// <summary>Two `linli serve` processes on one database, both writing as fast as requests come: one chain, no gap, no fork.</summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TwoServersWritingAtOnceKeepOneWholeChain(string engine)
    {
        await using var first = await AuditKit.StartAsync(engine);
        var secondDir = Directory.CreateTempSubdirectory("linli-second-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(secondDir, "keys"));
            File.Copy(Linli.Data.FieldCipher.KeyPath(first.Database.DataDir), Linli.Data.FieldCipher.KeyPath(secondDir));
            var options = first.Database.OptionsForAnotherServer(secondDir);
            if (engine == TestDatabase.Sqlite) options.DataDir = first.Database.DataDir;
            await using var second = await LinliApp.StartOnAsync(first.Database, demo: false, ownsDatabase: false, options);

            var account = AuditKit.Account(Roles.Auditor);
            var clients = new List<HttpClient>();
            foreach (var server in new[] { first, second })
                for (var i = 0; i < 4; i++)
                {
                    var client = server.Client();
                    Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(client, account.UserName, account.Password)).StatusCode);
                    clients.Add(client);
                }
            const int each = 40;
            var answers = await Task.WhenAll(clients.Select(async c =>
            {
                var codes = new List<HttpStatusCode>();
                for (var i = 0; i < each; i++) codes.Add((await c.GetAsync("/api/v1/overview")).StatusCode);
                return codes;
            }));
            Assert.All(answers.SelectMany(a => a), code => Assert.Equal(HttpStatusCode.Forbidden, code));

            await using var db = first.Database.Target.CreateContext();
            var verdict = await AuditChain.VerifyAsync(db, default);
            Assert.True(verdict.Intact, verdict.Reason);
            Assert.Equal(clients.Count * each, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Denied));
            Assert.Equal(clients.Count * (each + 1), verdict.Rows);
            var verify = await AuditKit.Cli(first, null, "audit", "verify");
            Assert.Equal(0, verify.Exit);
        }
        finally
        {
            try { Directory.Delete(secondDir, true); } catch (IOException) { }
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ARowWrittenInsideAChangeCommitsOrRollsBackWithIt(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        using var scope = app.Web.Services.CreateScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var db = scope.ServiceProvider.GetRequiredService<Linli.Data.LinliDb>();
        var cadre = await db.Users.SingleAsync(u => u.UserName == "cadre");

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            cadre.DisplayName = "王秀兰（已改）";
            await audit.WriteAsync(db, AuditActions.Write, AuditTarget.User(cadre.Id), null, $"改姓名，不提交");
            await tx.RollbackAsync();
        }
        Assert.Empty(await AuditKit.RowsAsync(app));

        db.ChangeTracker.Clear();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await audit.WriteAsync(db, AuditActions.Write, AuditTarget.User(cadre.Id), null, $"改姓名");
            // The caller's own changes are not saved by the audit write.
            Assert.Empty(db.ChangeTracker.Entries<AuditEntry>());
            await tx.CommitAsync();
        }
        var row = Assert.Single(await AuditKit.RowsAsync(app));
        Assert.Equal(("cli", "改姓名"), (row.ActorName, row.Detail));
        Assert.True((await AuditChain.VerifyAsync(db, default)).Intact);
    }

    [Fact]
    public void TheDetailMasksIdAndMobileNumbersPutIntoIt()
    {
        var first17 = "11010519491231002";
        var id = first17 + Linli.Features.Registry.NationalId.CheckDigit(first17);
        AuditDetail detail = $"查看 {id} 和 {"13912345678"}，第 {42} 行，{3.5:F1} 小时";
        Assert.Equal($"查看 {Linli.Features.Registry.NationalId.Mask(id)} 和 139****5678，第 42 行，3.5 小时", detail.ToString());
        Assert.Equal(500, AuditDetail.Masked(new string('字', 900), 500).Length);
    }

    [Fact]
    public void TheCanonicalFormIsFixedAndCoversEveryField()
    {
        var e = new AuditEntry
        {
            Id = 7, TimeUtc = new DateTime(2026, 11, 28, 9, 30, 1, DateTimeKind.Utc).AddTicks(1234560), ActorId = 3, ActorName = "cadre",
            Action = AuditActions.Reveal, TargetKind = AuditTargets.Resident, TargetId = 4711, OrgUnitId = 12, Detail = "理由：核对低保",
            ClientIp = "10.0.0.8", PreviousHash = AuditChain.Genesis, Hash = "",
        };
        Assert.Equal($"linli-audit-v1\n1:7\n27:2026-11-28T09:30:01.123456Z\n1:3\n5:cadre\n6:reveal\n8:resident\n4:4711\n2:12\n21:理由：核对低保\n8:10.0.0.8\n64:{AuditChain.Genesis}",
            AuditChain.Canonical(e));
        var hash = AuditChain.HashOf(e);
        foreach (var change in new Action<AuditEntry>[]
        {
            x => x.Id = 8, x => x.TimeUtc = x.TimeUtc.AddTicks(10), x => x.ActorId = null, x => x.ActorName = "cadrf", x => x.Action = "export",
            x => x.TargetKind = "household", x => x.TargetId = 4712, x => x.OrgUnitId = null, x => x.Detail += "。", x => x.ClientIp = null,
            x => x.PreviousHash = new string('1', 64),
        })
        {
            var copy = new AuditEntry { Id = e.Id, TimeUtc = e.TimeUtc, ActorId = e.ActorId, ActorName = e.ActorName, Action = e.Action, TargetKind = e.TargetKind,
                TargetId = e.TargetId, OrgUnitId = e.OrgUnitId, Detail = e.Detail, ClientIp = e.ClientIp, PreviousHash = e.PreviousHash, Hash = "" };
            change(copy);
            Assert.NotEqual(hash, AuditChain.HashOf(copy));
        }
    }
}
