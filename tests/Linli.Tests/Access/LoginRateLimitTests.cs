using System.Net;
using Linli.Features.Access;
using Linli.Features.Account;
using Linli.Features.Audit;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Access;

/// <summary>Password guessing meets the login rate limit: per client address, per user name, one audit row per burst.</summary>
public class LoginRateLimitTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AFloodFromOneAddressGets429AndOneAuditRowWhileAnotherAddressStillLogsIn(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var guesser = app.ClientFrom("127.0.0.3");
        var token = await LinliApp.AntiforgeryTokenAsync(guesser, "/Account/Login");
        var answers = new List<HttpResponseMessage>();
        // A different made-up name each time: only the address limit can stop it.
        for (var i = 0; i < LoginRateLimit.PerAddress + 12; i++) answers.Add(await PostLoginAsync(guesser, token, $"guess{i}", "wrong-password-1"));

        Assert.All(answers.Take(LoginRateLimit.PerAddress), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers.Skip(LoginRateLimit.PerAddress), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        var refused = answers[^1];
        var wait = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(wait, 1, 60);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请求过于频繁", page);
        Assert.Contains($"data-retry-after=\"{wait}\"", page);

        // Someone else, at another address, logs in at once.
        var colleague = app.ClientFrom("127.0.0.4");
        var login = await LinliApp.LoginAsync(colleague, "cadre", "linli-test-2026");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);

        var rows = await AuditKit.RowsAsync(app);
        Assert.Equal(LoginRateLimit.PerAddress, rows.Count(r => r.Action == AuditActions.LoginFailed));
        var summary = Assert.Single(rows, r => r.Action == AuditActions.RateLimited);
        Assert.Contains("127.0.0.3", summary.Detail);
        Assert.Contains($"超过 {LoginRateLimit.PerAddress} 次", summary.Detail);
        Assert.Contains("429", summary.Detail);
        Assert.Equal("127.0.0.3", summary.ClientIp);
    }

    [Fact]
    public async Task GuessesAtOneAccountFromManyAddressesLockItThenGet429()
    {
        await using var app = await AuditKit.StartAsync();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < LoginRateLimit.PerAccount + 4; i++)
        {
            var client = app.ClientFrom($"127.0.1.{i + 1}");
            answers.Add(await PostLoginAsync(client, await LinliApp.AntiforgeryTokenAsync(client, "/Account/Login"), i % 2 == 0 ? "lead" : "LEAD", "wrong-password-1"));
        }
        Assert.All(answers.Take(LoginRateLimit.PerAccount), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Contains("账号已暂时锁定", await answers[LoginRateLimit.PerAccount - 1].Content.ReadAsStringAsync());
        Assert.All(answers.Skip(LoginRateLimit.PerAccount), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));

        var rows = await AuditKit.RowsAsync(app);
        Assert.Single(rows, r => r.Action == AuditActions.Lockout);
        var summary = Assert.Single(rows, r => r.Action == AuditActions.RateLimited);
        Assert.StartsWith("用户名 ", summary.Detail);
        Assert.Contains($"超过 {LoginRateLimit.PerAccount} 次", summary.Detail);
        // Another account is not held back by it.
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(app.ClientFrom("127.0.1.200"), "cadre", "linli-test-2026")).StatusCode);
    }

    [Fact]
    public async Task TheLockoutAfterFiveWrongPasswordsStillComesFirst()
    {
        await using var app = await AuditKit.StartAsync();
        var client = app.Client();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await LinliApp.LoginAsync(client, "social", "wrong-password-1")).StatusCode);
        var right = await LinliApp.LoginAsync(client, "social", "linli-test-2026");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("账号已暂时锁定", await right.Content.ReadAsStringAsync());
        var rows = await AuditKit.RowsAsync(app);
        Assert.Single(rows, r => r.Action == AuditActions.Lockout);
        Assert.DoesNotContain(rows, r => r.Action == AuditActions.RateLimited);
    }

    static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string token, string userName, string password) =>
        client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }));
}
