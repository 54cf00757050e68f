using System.Net;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Admin;

/// <summary>用户与权限: the system administrator keeps the accounts, the security administrator their roles (三员分立).</summary>
public partial class UsersPagesTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheSystemAdministratorAddsAnAccountThatCanThenLogIn(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var admin = await AuditKit.LoggedInClientAsync(app, Roles.SystemAdmin);
        var list = await admin.GetStringAsync("/Admin/Users");
        Assert.Contains("data-user=\"cadre\"", list);
        Assert.Contains("新增账号", list);

        var weak = await PostAsync(admin, "/Admin/Users/New", Account("wugang", "吴刚", "wuye2026"));
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("密码至少需要10个字符", await weak.Content.ReadAsStringAsync());
        var mismatch = await PostAsync(admin, "/Admin/Users/New", Account("wugang", "吴刚", "wuye2026xq", confirm: "wuye2026xz"));
        Assert.Contains("两次输入的密码不一致", await mismatch.Content.ReadAsStringAsync());
        var taken = await PostAsync(admin, "/Admin/Users/New", Account("cadre", "王某", "wuye2026xq"));
        Assert.Contains("账号“cadre”已存在。", await taken.Content.ReadAsStringAsync());

        var added = await PostAsync(admin, "/Admin/Users/New", Account("wugang", "吴刚", "wuye2026xq"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var id = await IdOfAsync(app, "wugang");
        Assert.Equal($"/Admin/Users/{id}", added.Headers.Location?.OriginalString);
        Assert.Contains("已新增账号", await admin.GetStringAsync($"/Admin/Users/{id}"));

        var client = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(client, "wugang", "wuye2026xq")).StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("吴刚", await home.Content.ReadAsStringAsync());

        await using var db = app.Database.Target.CreateContext();
        Assert.False(await db.RoleAssignments.AnyAsync(a => a.UserId == id), "the system administrator grants no role");
        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.UserAdd);
        Assert.Equal(("sysadmin", AuditTargets.User, id, "新增账号 wugang（吴刚），尚无角色"), (row.ActorName, row.TargetKind, row.TargetId!.Value, row.Detail));
        Assert.Contains(await AuditKit.RowsAsync(app), r => r.Action == AuditActions.UserList && r.ActorName == "sysadmin");
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheSecurityAdministratorGrantsAGridAndRevokingEndsTheSessionAtOnce(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        Assert.DoesNotContain("第四居民组", Area(await cadre.GetStringAsync("/")));
        var security = await AuditKit.LoggedInClientAsync(app, Roles.SecurityAdmin);
        var id = await IdOfAsync(app, "cadre");
        var grid = await UnitIdAsync(app, "CGJD-XFL-04");

        var page = await security.GetStringAsync($"/Admin/Users/{id}/Roles");
        Assert.Contains("幸福里社区 / 第四居民组", page);
        var granted = await PostAsync(security, $"/Admin/Users/{id}/Roles?handler=Grant", new() { ["Grant.Role"] = Roles.GridCadre, ["Grant.UnitId"] = $"{grid}" });
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        // The cadre's own session, not logged in again, works over both grids at its next request.
        Assert.Contains("第四居民组", Area(await cadre.GetStringAsync("/")));

        var revoked = await PostAsync(security, $"/Admin/Users/{id}/Roles?handler=Revoke", new() { ["role"] = Roles.GridCadre, ["unitId"] = $"{grid}" });
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var after = await cadre.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString);

        var changes = (await AuditKit.RowsAsync(app)).Where(r => r.Action == AuditActions.RoleChange).Select(r => (r.ActorName, r.TargetId, r.OrgUnitId, r.Detail)).ToList();
        Assert.Equal(
            [("secadmin", id, grid, "授予账号 cadre 包片干部，管辖 第四居民组（CGJD-XFL-04）"), ("secadmin", id, grid, "撤销账号 cadre 的包片干部")],
            changes.Select(c => (c.ActorName, c.TargetId!.Value, c.OrgUnitId!.Value, c.Detail)).ToList());
    }

    [Fact]
    public async Task EachAdministratorIsRefusedTheOthersDuty()
    {
        await using var app = await AuditKit.StartAsync();
        var id = await IdOfAsync(app, "cadre");
        var system = await AuditKit.LoggedInClientAsync(app, Roles.SystemAdmin);
        var security = await AuditKit.LoggedInClientAsync(app, Roles.SecurityAdmin);

        var grant = await PostAsync(system, $"/Admin/Users/{id}/Roles?handler=Grant", new() { ["Grant.Role"] = Roles.GridCadre, ["Grant.UnitId"] = $"{await UnitIdAsync(app, "CGJD-XFL-04")}" });
        Assert.Equal(HttpStatusCode.Forbidden, grant.StatusCode);
        var create = await PostAsync(security, "/Admin/Users/New", Account("wugang", "吴刚", "wuye2026xq"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        var reset = await PostAsync(security, $"/Admin/Users/{id}?handler=Reset", []);
        Assert.Equal(HttpStatusCode.Forbidden, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await security.GetAsync($"/Admin/Users/{id}")).StatusCode);
        // Neither sees residents or the audit log.
        foreach (var client in new[] { system, security })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Audit")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Registry")).StatusCode);
        }

        await using var db = app.Database.Target.CreateContext();
        Assert.Equal(1, await db.RoleAssignments.CountAsync(a => a.UserId == id));
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "wugang"));
        var denied = (await AuditKit.RowsAsync(app)).Where(r => r.Action == AuditActions.Denied).Select(r => (r.ActorName, r.Detail)).ToList();
        Assert.Contains(("sysadmin", $"POST /Admin/Users/{id}/Roles?handler=Grant：缺少权限 {Permissions.System.GrantRoles}"), denied);
        Assert.Contains(("secadmin", $"POST /Admin/Users/New：缺少权限 {Permissions.System.Manage}"), denied);
    }

    [Fact]
    public async Task ThePageRefusesWhatTheCommandLineRefuses()
    {
        await using var app = await AuditKit.StartAsync();
        var security = await AuditKit.LoggedInClientAsync(app, Roles.SecurityAdmin);
        var cadre = await IdOfAsync(app, "cadre");
        var self = await IdOfAsync(app, "secadmin");
        var street = $"{await UnitIdAsync(app, "CGJD")}";

        var adminToWorker = await PostAsync(security, $"/Admin/Users/{cadre}/Roles?handler=Grant", new() { ["Grant.Role"] = Roles.Auditor, ["Grant.UnitId"] = street });
        Assert.Equal(HttpStatusCode.OK, adminToWorker.StatusCode);
        Assert.Contains("三员分立：该账号担任包片干部，不能再担任审计管理员", await adminToWorker.Content.ReadAsStringAsync());
        var workToAdmin = await PostAsync(security, $"/Admin/Users/{await IdOfAsync(app, "auditor")}/Roles?handler=Grant", new() { ["Grant.Role"] = Roles.StreetOfficer, ["Grant.UnitId"] = street });
        Assert.Contains("三员分立：该账号是审计管理员，不能再担任街道干部", await workToAdmin.Content.ReadAsStringAsync());
        var wrongKind = await PostAsync(security, $"/Admin/Users/{cadre}/Roles?handler=Grant", new() { ["Grant.Role"] = Roles.GridCadre, ["Grant.UnitId"] = $"{await UnitIdAsync(app, "CGJD-XFL")}" });
        Assert.Contains("包片干部的管辖范围应是网格（居民组），幸福里社区不是网格（居民组）", await wrongKind.Content.ReadAsStringAsync());
        var nothingChosen = await PostAsync(security, $"/Admin/Users/{cadre}/Roles?handler=Grant", new() { ["Grant.Role"] = "", ["Grant.UnitId"] = "" });
        Assert.Contains("请选择角色", await nothingChosen.Content.ReadAsStringAsync());

        // Nobody changes their own roles: the page offers no form, and a form posted anyway is refused.
        Assert.DoesNotContain("授予角色", await security.GetStringAsync($"/Admin/Users/{self}/Roles"));
        var own = await PostAsync(security, $"/Admin/Users/{self}/Roles?handler=Revoke", new() { ["role"] = Roles.SecurityAdmin, ["unitId"] = street });
        Assert.Contains("不能修改自己的角色", await own.Content.ReadAsStringAsync());

        await using var db = app.Database.Target.CreateContext();
        Assert.Equal(9, await db.RoleAssignments.CountAsync());
        Assert.DoesNotContain(await AuditKit.RowsAsync(app), r => r.Action == AuditActions.RoleChange);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheSystemAdministratorDisablesUnlocksAndResetsAPassword(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var admin = await AuditKit.LoggedInClientAsync(app, Roles.SystemAdmin);
        var id = await IdOfAsync(app, "cadre");
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);

        var disabled = await PostAsync(admin, $"/Admin/Users/{id}?handler=Disable", []);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await cadre.GetAsync("/")).StatusCode);
        Assert.Contains("已停用", await admin.GetStringAsync($"/Admin/Users/{id}"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/Admin/Users/{id}?handler=Enable", [])).StatusCode);

        // Five wrong passwords lock the account; the administrator lifts the lock before its time is up.
        for (var i = 0; i < 5; i++) await LinliApp.LoginAsync(app.Client(), "cadre", "wrong-password-1");
        Assert.Contains("已锁定", await admin.GetStringAsync($"/Admin/Users/{id}"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/Admin/Users/{id}?handler=Unlock", [])).StatusCode);
        cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);

        var reset = await PostAsync(admin, $"/Admin/Users/{id}?handler=Reset", []);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True(reset.Headers.CacheControl?.NoStore, "a password shown once is not kept by a cache");
        var password = NewPassword().Match(await reset.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.Matches("^(?=.*[a-z])(?=.*[0-9])[a-z0-9]{12}$", password);
        Assert.Equal(HttpStatusCode.Redirect, (await cadre.GetAsync("/")).StatusCode);
        Assert.Contains("用户名或密码不正确", await (await LinliApp.LoginAsync(app.Client(), "cadre", AuditKit.Account(Roles.GridCadre).Password)).Content.ReadAsStringAsync());
        var again = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(again, "cadre", password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/")).StatusCode);
        Assert.DoesNotContain(password, string.Join("\n", (await AuditKit.RowsAsync(app)).Select(r => r.Detail)));

        // Nobody disables themselves.
        var self = await IdOfAsync(app, "sysadmin");
        Assert.DoesNotContain("停用账号", await admin.GetStringAsync($"/Admin/Users/{self}"));
        var own = await PostAsync(admin, $"/Admin/Users/{self}?handler=Disable", []);
        Assert.Contains("不能停用或启用自己的账号", await own.Content.ReadAsStringAsync());

        var rows = (await AuditKit.RowsAsync(app)).Where(r => r.ActorName == "sysadmin" && r.TargetId == id).Select(r => (r.Action, r.Detail)).ToList();
        Assert.Equal(
        [
            (AuditActions.UserDisable, "停用账号 cadre（王秀兰）"),
            (AuditActions.UserEnable, "启用账号 cadre（王秀兰）"),
            (AuditActions.UserUnlock, "解除账号 cadre（王秀兰）的锁定"),
            (AuditActions.PasswordReset, "重置账号 cadre（王秀兰）的密码，已登录的会话随之结束"),
        ], rows);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheSecurityAdministratorResetsALostSecondFactor(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        // The auditor enrolled an authenticator at the first login, as administrators must, and is still logged in.
        var auditor = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);
        var lostKey = app.AuthenticatorKeys["auditor"];
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/Audit")).StatusCode);
        var id = await IdOfAsync(app, "auditor");
        var security = await AuditKit.LoggedInClientAsync(app, Roles.SecurityAdmin);
        Assert.Contains("重置两步验证", await security.GetStringAsync($"/Admin/Users/{id}/Roles"));

        var reset = await PostAsync(security, $"/Admin/Users/{id}/Roles?handler=ResetTwoFactor", []);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("已重置两步验证", await security.GetStringAsync($"/Admin/Users/{id}/Roles"));

        // The session opened with the lost phone is over.
        var old = await auditor.GetAsync("/Audit");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.StartsWith("/Account/Login", old.Headers.Location?.PathAndQuery ?? old.Headers.Location?.OriginalString);
        await using (var db = app.Database.Target.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == id);
            Assert.False(user.TwoFactorEnabled);
            Assert.NotEqual(lostKey, await db.UserTokens.Where(t => t.UserId == id && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleOrDefaultAsync());
        }

        // The password alone lets the auditor in, straight to enrolling a new authenticator, with a new key.
        var client = app.Client();
        var login = await LinliApp.LoginAsync(client, "auditor", AuditKit.Account(Roles.Auditor).Password);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var home = await client.GetAsync("/");
        Assert.Equal("/Account/Totp", home.Headers.Location?.OriginalString);
        await app.PassSecondFactorAsync(client, "auditor", login);
        Assert.NotEqual(lostKey, app.AuthenticatorKeys["auditor"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Audit")).StatusCode);

        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.TwoFactorReset);
        Assert.Equal(("secadmin", AuditTargets.User, id, "重置账号 auditor（周文博）的两步验证：原验证器作废，已登录的会话随之结束"),
            (row.ActorName, row.TargetKind, row.TargetId!.Value, row.Detail));
    }

    [Fact]
    public async Task OnlyTheSecurityAdministratorResetsASecondFactorAndNeverTheirOwn()
    {
        await using var app = await AuditKit.StartAsync();
        var system = await AuditKit.LoggedInClientAsync(app, Roles.SystemAdmin);
        var auditor = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);
        var security = await AuditKit.LoggedInClientAsync(app, Roles.SecurityAdmin);
        var (systemId, auditorId, self, cadre) = (await IdOfAsync(app, "sysadmin"), await IdOfAsync(app, "auditor"), await IdOfAsync(app, "secadmin"), await IdOfAsync(app, "cadre"));

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(system, $"/Admin/Users/{auditorId}/Roles?handler=ResetTwoFactor", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(auditor, $"/Admin/Users/{systemId}/Roles?handler=ResetTwoFactor", [])).StatusCode);
        // Nobody resets their own: no button on one's own page, and a form posted anyway is refused.
        Assert.DoesNotContain("重置两步验证", await security.GetStringAsync($"/Admin/Users/{self}/Roles"));
        var own = await PostAsync(security, $"/Admin/Users/{self}/Roles?handler=ResetTwoFactor", []);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("不能重置自己的两步验证，请由另一位安全管理员操作。", await own.Content.ReadAsStringAsync());
        // An account that never enrolled has nothing to reset.
        var none = await PostAsync(security, $"/Admin/Users/{cadre}/Roles?handler=ResetTwoFactor", []);
        Assert.Contains("账号“cadre”还没有绑定验证器，无需重置。", await none.Content.ReadAsStringAsync());

        await using var db = app.Database.Target.CreateContext();
        Assert.True(await db.Users.Where(u => u.Id == systemId || u.Id == auditorId || u.Id == self).AllAsync(u => u.TwoFactorEnabled));
        var rows = await AuditKit.RowsAsync(app);
        Assert.DoesNotContain(rows, r => r.Action == AuditActions.TwoFactorReset);
        var denied = rows.Where(r => r.Action == AuditActions.Denied).Select(r => (r.ActorName, r.Detail)).ToList();
        Assert.Contains(("sysadmin", $"POST /Admin/Users/{auditorId}/Roles?handler=ResetTwoFactor：缺少权限 {Permissions.System.GrantRoles}"), denied);
        Assert.Contains(("auditor", $"POST /Admin/Users/{systemId}/Roles?handler=ResetTwoFactor：缺少权限 {Permissions.System.GrantRoles}"), denied);
        // Both sessions still work: a refused reset ends nobody's session.
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/Audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await security.GetAsync($"/Admin/Users/{self}/Roles")).StatusCode);
    }

    [GeneratedRegex("data-password=\"([^\"]+)\"")]
    private static partial Regex NewPassword();

    /// <summary>The names of the units shown in the top bar: the area the session works over.</summary>
    static string Area(string html) => Regex.Match(html, "<div class=\"area\"[^>]*>([^<]*)</div>").Groups[1].Value;

    static Dictionary<string, string> Account(string userName, string name, string password, string? confirm = null) => new()
    {
        ["Input.UserName"] = userName, ["Input.DisplayName"] = name, ["Input.Password"] = password, ["Input.Confirm"] = confirm ?? password,
    };

    /// <summary>Posts a form as the browser would, with the session's antiforgery token.</summary>
    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await LinliApp.AntiforgeryTokenAsync(client, "/");
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    static async Task<long> IdOfAsync(LinliApp app, string userName)
    {
        await using var db = app.Database.Target.CreateContext();
        return (await db.Users.SingleAsync(u => u.UserName == userName)).Id;
    }

    static async Task<long> UnitIdAsync(LinliApp app, string code)
    {
        await using var db = app.Database.Target.CreateContext();
        return (await db.OrgUnits.SingleAsync(o => o.Code == code)).Id;
    }
}
