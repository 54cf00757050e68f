using System.Net;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Access;

public class TwoFactorTests
{
    [Fact]
    public async Task AnAdministratorEnrolsAndFromThenOnNeedsTheCodeToLogIn()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var admin = app.Account(Roles.SecurityAdmin);

        // Before enrolling, every page leads to enrolment and the API refuses.
        var first = app.Client();
        await LinliApp.LoginAsync(first, admin.UserName, admin.Password);
        Assert.Equal("/Account/Totp", (await first.GetAsync("/")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await first.GetAsync("/api/v1/me")).StatusCode);
        var page = await first.GetStringAsync("/Account/Totp");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var wrong = await first.PostAsync("/Account/Totp", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "000000", ["__RequestVerificationToken"] = token }));
        Assert.Contains("验证码不正确", await wrong.Content.ReadAsStringAsync());
        await app.PassSecondFactorAsync(first, admin.UserName, new HttpResponseMessage(HttpStatusCode.Redirect));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/")).StatusCode);

        // The next login asks for the code; a wrong one is refused, the right one lets the administrator in.
        var second = app.Client();
        var login = await LinliApp.LoginAsync(second, admin.UserName, admin.Password);
        Assert.StartsWith("/Account/LoginWith2fa", login.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/")).StatusCode);
        var step = await second.GetStringAsync("/Account/LoginWith2fa");
        var stepToken = System.Text.RegularExpressions.Regex.Match(step, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var refused = await second.PostAsync("/Account/LoginWith2fa", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "123456" == Totp.Code(app.AuthenticatorKeys[admin.UserName]) ? "654321" : "123456", ["__RequestVerificationToken"] = stepToken }));
        Assert.Contains("验证码不正确", await refused.Content.ReadAsStringAsync());
        await app.PassSecondFactorAsync(second, admin.UserName, login);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/")).StatusCode);

        // A cadre is not asked for a second factor.
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync("/")).StatusCode);
    }
}
