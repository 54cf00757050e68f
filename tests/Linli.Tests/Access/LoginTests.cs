using System.Net;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Access;

public class LoginTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task AWrongPasswordIsRefusedAndGivesNoSession()
    {
        var client = demo.App.Client();
        var response = await LinliApp.LoginAsync(client, demo.App.Account(Roles.GridCadre).UserName, "wrong-password-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/Login", home.Headers.Location?.PathAndQuery ?? home.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnUnknownUserGetsTheSameAnswerAsAWrongPassword()
    {
        var response = await LinliApp.LoginAsync(demo.App.Client(), "nobody-here", "wrong-password-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ALoginWithoutTheAntiforgeryTokenIsRejected()
    {
        var account = demo.App.Account(Roles.GridCadre);
        var response = await demo.App.Client().PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = account.UserName, ["Input.Password"] = account.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheCadreSeesTheirGridsRealNumbersOnTheHomePage()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var html = await client.GetStringAsync("/");
        var expected = await demo.CountsForGridAsync("第三居民组");
        Assert.True(expected.Residents > 1000, $"the demo grid should hold over a thousand residents, has {expected.Residents}");
        Assert.Contains($"data-stat=\"residents\">{expected.Residents:N0}<", html);
        Assert.Contains($"data-stat=\"households\">{expected.Households:N0}<", html);
        Assert.Contains("data-stat=\"grids\">1<", html);
        Assert.Contains("王秀兰", html);
        // Chinese is served as text, not as &#x...; entities.
        Assert.DoesNotContain("&#x", html);
    }

    [Fact]
    public async Task TheStreetOfficerSeesEveryCommunityAndTheAdministratorSeesNoResidents()
    {
        var street = await demo.App.LoggedInClientAsync(Roles.StreetOfficer);
        var html = await street.GetStringAsync("/");
        foreach (var c in new[] { "幸福里社区", "和平社区", "光明社区" }) Assert.Contains(c, html);
        Assert.Contains($"data-stat=\"residents\">{demo.App.Demo!.Residents:N0}<", html);

        var admin = await demo.App.LoggedInClientAsync(Roles.SystemAdmin);
        var adminHome = await admin.GetStringAsync("/");
        Assert.DoesNotContain("data-stat=\"residents\"", adminHome);
        Assert.Contains("你的角色无权查看居民信息", adminHome);
    }

    [Fact]
    public async Task LoggingOutEndsTheSession()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var token = await LinliApp.AntiforgeryTokenAsync(client, "/");
        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
