using System.Net;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Access;

public class AccountsCliTests
{
    const string Grid = "城关街道/幸福里社区/第五居民组";

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnAccountAddedOnTheCommandLineCanLogInAndIsOnRecord(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var added = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "wugang", "--role", "GridCadre", "--org", Grid, "--display-name", "吴刚");
        Assert.True(added.Exit == 0, added.Err);
        Assert.Contains("已新增账号 wugang（吴刚），包片干部，管辖 第五居民组", added.Out);

        var client = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(client, "wugang", "wuye2026xq")).StatusCode);
        Assert.Contains("吴刚", await client.GetStringAsync("/"));

        await using var db = app.Database.Target.CreateContext();
        var user = await db.Users.SingleAsync(u => u.UserName == "wugang");
        var assignment = await db.RoleAssignments.SingleAsync(a => a.UserId == user.Id);
        var grid = await db.OrgUnits.SingleAsync(o => o.Id == assignment.OrgUnitId);
        Assert.Equal((Roles.GridCadre, "CGJD-XFL-05"), (assignment.Role, grid.Code));
        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.UserAdd);
        Assert.Equal(("cli", (long?)null, AuditTargets.User, user.Id, grid.Id), (row.ActorName, row.ActorId, row.TargetKind, row.TargetId!.Value, row.OrgUnitId!.Value));

        // The unit may also be given by its code, the role by its Chinese name.
        var byCode = await AuditKit.Cli(app, "renmin2026ab\n", "user", "add", "zhouqi", "--role", "社工", "--org", "CGJD-XFL");
        Assert.True(byCode.Exit == 0, byCode.Err);
        Assert.Contains("社工，管辖 幸福里社区", byCode.Out);
    }

    [Fact]
    public async Task WeakCommonAndNameBearingPasswordsAreRefusedAsOnTheWebPages()
    {
        await using var app = await AuditKit.StartAsync();
        foreach (var (password, reason) in new[]
        {
            ("short1a", "密码至少需要10个字符"),
            ("1234567890", "密码必须同时包含字母和数字"),
            ("abcdefghijkl", "密码必须同时包含字母和数字"),
            ("Password123", "这个密码太常见"),
            ("woaini1314520", "这个密码太常见"),
            ("Wugang2026x", "密码不能包含用户名"),
        })
        {
            var result = await AuditKit.Cli(app, password + "\n", "user", "add", "wugang", "--role", "GridCadre", "--org", Grid);
            Assert.True(result.Exit == 1, $"{password}: {result.Out}");
            Assert.Contains(reason, result.Err);
        }
        var missing = await AuditKit.Cli(app, "", "user", "add", "wugang", "--role", "GridCadre", "--org", Grid);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("没有从标准输入读到密码", missing.Err);
        await using var db = app.Database.Target.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "wugang"));
        Assert.DoesNotContain(await AuditKit.RowsAsync(app), r => r.Action == AuditActions.UserAdd);

        // The set-up page asks the same validators.
        var validator = new CommonPasswordValidator();
        Assert.False((await validator.ValidateAsync(null!, new LinliUser { UserName = "admin1" }, "qwerty123456")).Succeeded);
        Assert.True((await validator.ValidateAsync(null!, new LinliUser { UserName = "admin1" }, "fuxing2026ab")).Succeeded);
    }

    [Fact]
    public async Task MistakesOnTheCommandLineAreExplainedInChinese()
    {
        await using var app = await AuditKit.StartAsync();
        var role = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "wugang", "--role", "Mayor", "--org", Grid);
        Assert.Equal(2, role.Exit);
        Assert.Contains("没有角色“Mayor”。可用的角色：GridCadre（包片干部）", role.Err);
        var org = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "wugang", "--role", "GridCadre", "--org", "城关街道/幸福里社区/第九居民组");
        Assert.Equal(1, org.Exit);
        Assert.Contains("找不到组织单元“城关街道/幸福里社区/第九居民组”", org.Err);
        var noOrg = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "wugang", "--role", "GridCadre");
        Assert.Contains("请用 --org 指定管辖范围", noOrg.Err);
        var taken = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "cadre", "--role", "GridCadre", "--org", Grid);
        Assert.Contains("账号“cadre”已存在", taken.Err);
        var phone = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "13812345678", "--role", "GridCadre", "--org", Grid);
        Assert.Contains("用户名不能是手机号或身份证号", phone.Err);
        var nobody = await AuditKit.Cli(app, null, "user", "disable", "nobody");
        Assert.Equal((1, "找不到账号“nobody”。"), (nobody.Exit, nobody.Err.Trim()));
        var usage = await AuditKit.Cli(app, null, "user", "frobnicate");
        Assert.Equal(2, usage.Exit);
        Assert.Contains("用法：linli user add NAME", usage.Err);

        var dir = Directory.CreateTempSubdirectory("linli-nodb-").FullName;
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(1, await Linli.Cli.Verbs.RunAsync(["user", "list", "--data", dir], output, errors));
        Assert.Contains("不存在", errors.ToString());
        Assert.False(File.Exists(Path.Combine(dir, "linli.db")), "a mistyped --data must not create an empty database");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task NoAccountHoldsTwoOfTheThreeAdministratorRoles()
    {
        await using var app = await AuditKit.StartAsync();
        var added = await AuditKit.Cli(app, "anquan2026xq\n", "user", "add", "sec2", "--role", "SecurityAdmin", "--org", "城关街道");
        Assert.True(added.Exit == 0, added.Err);
        foreach (var second in new[] { Roles.SystemAdmin, Roles.Auditor })
        {
            var refused = await AuditKit.Cli(app, null, "user", "grant", "sec2", "--role", second, "--org", "城关街道");
            Assert.Equal(1, refused.Exit);
            Assert.Contains($"三员分立：该账号已是安全管理员，不能再担任{Roles.DisplayName(second)}", refused.Err);
        }
        var auditor = await AuditKit.Cli(app, null, "user", "grant", "auditor", "--role", "SystemAdmin", "--org", "城关街道");
        Assert.Contains("该账号已是审计管理员", auditor.Err);
        // Administrators are held over the street: their duties are not bounded by area.
        var overCommunity = await AuditKit.Cli(app, null, "user", "grant", "sec2", "--role", "SecurityAdmin", "--org", "城关街道/幸福里社区");
        Assert.Equal(1, overCommunity.Exit);
        Assert.Contains("安全管理员的管辖范围应是街道，幸福里社区不是街道", overCommunity.Err);

        Assert.Null(Accounts.SeparationProblem([Roles.GridCadre, Roles.CommunityLead], Roles.CommunityLead));
        Assert.NotNull(Accounts.SeparationProblem([Roles.Auditor], Roles.SecurityAdmin));
        Assert.Null(Accounts.SeparationProblem([Roles.Auditor], Roles.Auditor));
        Assert.DoesNotContain(await AuditKit.RowsAsync(app), r => r.Action == AuditActions.RoleChange);
    }

    [Fact]
    public async Task AnAdministratorHoldsNoWorkRoleAndAWorkerNoAdministratorRole()
    {
        await using var app = await AuditKit.StartAsync();
        var cadreAsAuditor = await AuditKit.Cli(app, null, "user", "grant", "cadre", "--role", "Auditor", "--org", "城关街道");
        Assert.Equal(1, cadreAsAuditor.Exit);
        Assert.Contains("三员分立：该账号担任包片干部，不能再担任审计管理员。管理员账号不做业务工作", cadreAsAuditor.Err);
        var adminAsStreet = await AuditKit.Cli(app, null, "user", "grant", "sysadmin", "--role", "StreetOfficer", "--org", "城关街道");
        Assert.Equal(1, adminAsStreet.Exit);
        Assert.Contains("三员分立：该账号是系统管理员，不能再担任街道干部", adminAsStreet.Err);
        Assert.NotNull(Accounts.SeparationProblem([Roles.SecurityAdmin], Roles.GridCadre));
        Assert.NotNull(Accounts.SeparationProblem([Roles.HotlineOperator], Roles.SystemAdmin));
        Assert.DoesNotContain(await AuditKit.RowsAsync(app), r => r.Action == AuditActions.RoleChange);
    }

    [Fact]
    public async Task ARoleIsHeldOverTheKindOfUnitItsWorkCovers()
    {
        await using var app = await AuditKit.StartAsync();
        var cadreOverCommunity = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "wugang", "--role", "GridCadre", "--org", "城关街道/幸福里社区");
        Assert.Equal(1, cadreOverCommunity.Exit);
        Assert.Contains("包片干部的管辖范围应是网格（居民组），幸福里社区不是网格（居民组）", cadreOverCommunity.Err);
        var leadOverGrid = await AuditKit.Cli(app, null, "user", "grant", "lead", "--role", "CommunityLead", "--org", "CGJD-XFL-01");
        Assert.Contains("社区书记/主任的管辖范围应是社区", leadOverGrid.Err);

        // A cadre looks after one or two grids.
        var second = await AuditKit.Cli(app, null, "user", "grant", "cadre", "--role", "GridCadre", "--org", "CGJD-XFL-04");
        Assert.True(second.Exit == 0, second.Err);
        var third = await AuditKit.Cli(app, null, "user", "grant", "cadre", "--role", "GridCadre", "--org", "CGJD-XFL-05");
        Assert.Equal(1, third.Exit);
        Assert.Contains("包片干部最多管辖2个网格", third.Err);
        Assert.Equal("授予账号 cadre 包片干部，管辖 第四居民组（CGJD-XFL-04）",
            (await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.RoleChange)).Detail);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task DisablingAnAccountEndsItsSessionAtOnce(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync("/api/v1/me")).StatusCode);

        var disabled = await AuditKit.Cli(app, null, "user", "disable", "cadre");
        Assert.True(disabled.Exit == 0, disabled.Err);
        var page = await cadre.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cadre.GetAsync("/api/v1/me")).StatusCode);
        var again = await LinliApp.LoginAsync(app.Client(), "cadre", AuditKit.Account(Roles.GridCadre).Password);
        Assert.Contains("用户名或密码不正确", await again.Content.ReadAsStringAsync());
        Assert.Contains("已经是停用状态", (await AuditKit.Cli(app, null, "user", "disable", "cadre")).Err);

        var enabled = await AuditKit.Cli(app, null, "user", "enable", "cadre");
        Assert.True(enabled.Exit == 0, enabled.Err);
        await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);

        var actions = (await AuditKit.RowsAsync(app)).Select(r => (r.Action, r.ActorName, r.Detail)).ToList();
        Assert.Contains((AuditActions.UserDisable, "cli", "停用账号 cadre（王秀兰）"), actions);
        Assert.Contains((AuditActions.LoginFailed, "cadre", "账号已停用"), actions);
        Assert.Contains((AuditActions.UserEnable, "cli", "启用账号 cadre（王秀兰）"), actions);
    }

    [Fact]
    public async Task LosingARoleEndsTheSessionAtOnce()
    {
        await using var app = await AuditKit.StartAsync();
        var lead = await AuditKit.LoggedInClientAsync(app, Roles.CommunityLead);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync("/api/v1/overview")).StatusCode);
        var revoked = await AuditKit.Cli(app, null, "user", "revoke", "lead", "--role", "CommunityLead");
        Assert.True(revoked.Exit == 0, revoked.Err);
        Assert.Equal(HttpStatusCode.Unauthorized, (await lead.GetAsync("/api/v1/overview")).StatusCode);
        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.RoleChange);
        Assert.Equal("撤销账号 lead 的社区书记/主任", row.Detail);
        Assert.NotNull(row.OrgUnitId);
    }

    [Fact]
    public async Task TheListShowsEveryAccountWithItsRolesAndState()
    {
        await using var app = await AuditKit.StartAsync();
        await AuditKit.Cli(app, null, "user", "disable", "street");
        var list = await AuditKit.Cli(app, null, "user", "list");
        Assert.Equal(0, list.Exit);
        Assert.Contains("共 9 个账号", list.Out);
        Assert.Matches(@"cadre\s+王秀兰\t正常\t包片干部@第三居民组\[CGJD-XFL-03\]", list.Out);
        Assert.Matches(@"street\s+陈志刚\t已停用\t街道干部@城关街道", list.Out);
        Assert.Equal("列出全部 9 个账号", (await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.UserList)).Detail);
    }
}
