using System.Net;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Admin;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Access;

/// <summary>我的账号: anyone sees their roles and areas, changes their password, and turns the optional second factor off.</summary>
public partial class MyAccountTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ChangingThePasswordKeepsThisSessionAndEndsTheOthers(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var here = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        var elsewhere = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        var page = await here.GetStringAsync("/Account/Manage");
        Assert.Contains("包片干部 <small>第三居民组</small>", page);
        Assert.Contains("href=\"/Account/Totp\"", page);
        Assert.Contains("href=\"/Account/Manage\"", page);

        var wrong = await ChangeAsync(here, "not-my-password-1", "fuxing2026ab");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("当前密码不正确。", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("密码至少需要10个字符", await (await ChangeAsync(here, AuditKit.Account(Roles.GridCadre).Password, "fuxing1")).Content.ReadAsStringAsync());
        Assert.Contains("这个密码太常见", await (await ChangeAsync(here, AuditKit.Account(Roles.GridCadre).Password, "Password123")).Content.ReadAsStringAsync());
        Assert.Contains("两次输入的新密码不一致", await (await ChangeAsync(here, AuditKit.Account(Roles.GridCadre).Password, "fuxing2026ab", "fuxing2026ac")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/")).StatusCode);

        var changed = await ChangeAsync(here, AuditKit.Account(Roles.GridCadre).Password, "fuxing2026ab");
        Assert.Equal("/Account/Manage", changed.Headers.Location?.OriginalString);
        Assert.Contains("密码已修改", await here.GetStringAsync("/Account/Manage"));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/")).StatusCode);
        var ended = await elsewhere.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.StartsWith("/Account/Login", ended.Headers.Location?.PathAndQuery ?? ended.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(app.Client(), "cadre", "fuxing2026ab")).StatusCode);

        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.PasswordChange);
        Assert.Equal(("cadre", AuditTargets.User), (row.ActorName, row.TargetKind));
        Assert.DoesNotContain("fuxing2026ab", string.Join("\n", (await AuditKit.RowsAsync(app)).Select(r => r.Detail)));
    }

    [Fact]
    public async Task AWorkerTurnsTheOptionalSecondFactorOffAndAnAdministratorCannot()
    {
        await using var app = await AuditKit.StartAsync();
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        var totp = await cadre.GetStringAsync("/Account/Totp");
        var key = Regex.Match(totp, "data-key=\"([A-Z2-7]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await UsersPagesTests.PostAsync(cadre, "/Account/Totp", new() { ["Code"] = Totp.Code(key) })).StatusCode);
        Assert.Contains("关闭两步验证", await cadre.GetStringAsync("/Account/Manage"));

        var wrong = await UsersPagesTests.PostAsync(cadre, "/Account/Manage?handler=TwoFactorOff", new() { ["TwoFactorOff.Current"] = "not-my-password-1" });
        Assert.Contains("密码不正确。", await wrong.Content.ReadAsStringAsync());
        var off = await UsersPagesTests.PostAsync(cadre, "/Account/Manage?handler=TwoFactorOff", new() { ["TwoFactorOff.Current"] = AuditKit.Account(Roles.GridCadre).Password });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync("/")).StatusCode);
        var login = await LinliApp.LoginAsync(app.Client(), "cadre", AuditKit.Account(Roles.GridCadre).Password);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        Assert.Contains(await AuditKit.RowsAsync(app), r => r.Action == AuditActions.Write && r.Detail == "关闭两步验证" && r.ActorName == "cadre");

        var admin = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);
        Assert.Contains("管理员账号必须使用两步验证，不能关闭", await admin.GetStringAsync("/Account/Manage"));
        var refused = await UsersPagesTests.PostAsync(admin, "/Account/Manage?handler=TwoFactorOff", new() { ["TwoFactorOff.Current"] = AuditKit.Account(Roles.Auditor).Password });
        Assert.Contains("管理员账号必须使用两步验证，不能关闭", await refused.Content.ReadAsStringAsync());
        Assert.Single(await AuditKit.RowsAsync(app), r => r.Detail == "关闭两步验证");
    }

    static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string password, string? confirm = null) =>
        UsersPagesTests.PostAsync(client, "/Account/Manage?handler=Password", new()
        {
            ["Password.Current"] = current, ["Password.New"] = password, ["Password.Confirm"] = confirm ?? password,
        });
}
