using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Access;

public partial class AccessTokenTests
{
    static async Task<(string Secret, long Id)> CreateAsync(LinliApp app, string userName, params string[] more)
    {
        var created = await AuditKit.Cli(app, null, ["token", "create", userName, .. more]);
        Assert.True(created.Exit == 0, created.Err);
        var secret = Secret().Match(created.Out).Value;
        var id = long.Parse(Regex.Match(created.Out, "编号 ([0-9]+)").Groups[1].Value);
        return (secret, id);
    }

    static HttpClient WithToken(LinliApp app, string secret)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ATokenActsAsItsOwnerOnTheApiAndIsKeptOnlyAsAHash(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var (secret, id) = await CreateAsync(app, "cadre", "--expires", "30");
        Assert.Matches("^linli_[A-Za-z0-9_-]{43}$", secret);

        var client = WithToken(app, secret);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("cadre", me.GetProperty("userName").GetString());
        Assert.Equal("第三居民组", me.GetProperty("roles")[0].GetProperty("orgUnitName").GetString());
        // The owner's scope: the cadre's own grid only.
        var units = await client.GetFromJsonAsync<JsonElement>("/api/v1/orgunits");
        Assert.Equal(["第三居民组"], units.EnumerateArray().Select(u => u.GetProperty("name").GetString()));

        await FlushTokenUsesAsync(app);
        await using var db = app.Database.Target.CreateContext();
        var token = await db.AccessTokens.SingleAsync(t => t.Id == id);
        Assert.Equal(secret[..12], token.Prefix);
        Assert.Equal(AccessTokens.HashOf(secret), token.Hash);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(token));
        Assert.NotNull(token.LastUsedUtc);
        Assert.InRange((token.ExpiresUtc!.Value - token.CreatedUtc).TotalDays, 29.99, 30.01);
        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.TokenCreate);
        Assert.Equal(("cli", AuditTargets.Token, id), (row.ActorName, row.TargetKind, row.TargetId!.Value));
        Assert.StartsWith($"为账号 cadre 创建访问令牌 {token.Prefix}…", row.Detail);
        Assert.DoesNotContain(secret, row.Detail);

        var list = await AuditKit.Cli(app, null, "token", "list");
        Assert.Contains($"{token.Prefix}…  cadre", list.Out);
        Assert.DoesNotContain(secret, list.Out);
    }

    /// <summary>The last-use times are written in the background (TokenUses); this writes what is noted now.</summary>
    static Task FlushTokenUsesAsync(LinliApp app) => app.Web.Services.GetRequiredService<TokenUses>().FlushAsync(default);

    [Fact]
    public async Task LastUseIsWrittenAtMostOnceAMinute()
    {
        await using var app = await AuditKit.StartAsync();
        var (secret, id) = await CreateAsync(app, "lead");
        var client = WithToken(app, secret);
        await client.GetAsync("/api/v1/me");
        await FlushTokenUsesAsync(app);
        await using var db = app.Database.Target.CreateContext();
        var first = (await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == id)).LastUsedUtc;
        Assert.NotNull(first);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/overview")).StatusCode);
        await FlushTokenUsesAsync(app);
        Assert.Equal(first, (await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == id)).LastUsedUtc);

        var earlier = DateTime.UtcNow.AddMinutes(-5);
        await db.AccessTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedUtc, earlier));
        await client.GetAsync("/api/v1/me");
        await FlushTokenUsesAsync(app);
        Assert.True((await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == id)).LastUsedUtc > earlier.AddMinutes(4));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task RevokedExpiredUnknownAndDisabledOwnersTokensAnswer401(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        var (revoked, revokedId) = await CreateAsync(app, "cadre");
        var (expired, expiredId) = await CreateAsync(app, "lead");
        var (orphaned, _) = await CreateAsync(app, "street");
        var (good, _) = await CreateAsync(app, "social");

        var revoke = await AuditKit.Cli(app, null, "token", "revoke", revokedId.ToString());
        Assert.True(revoke.Exit == 0, revoke.Err);
        Assert.Contains("已吊销访问令牌", revoke.Out);
        Assert.Contains("已于", (await AuditKit.Cli(app, null, "token", "revoke", revokedId.ToString())).Err);
        await using (var db = app.Database.Target.CreateContext())
            await db.AccessTokens.Where(t => t.Id == expiredId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresUtc, DateTime.UtcNow.AddMinutes(-1)));
        await AuditKit.Cli(app, null, "user", "disable", "street");

        foreach (var (secret, reason) in new[]
        {
            (revoked, "访问令牌已吊销"), (expired, "访问令牌已过期"), (orphaned, "令牌所属账号已停用"),
            ("linli_" + new string('A', 43), "未知的访问令牌"), ("not-a-linli-token", "访问令牌格式不对"),
        })
        {
            var response = await WithToken(app, secret).GetAsync("/api/v1/me");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{reason}: {response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains((await AuditKit.RowsAsync(app)), r => r.Action == AuditActions.LoginFailed && r.Detail!.StartsWith(reason, StringComparison.Ordinal));
        }
        // One row per refused request, however many times the request is authenticated inside.
        Assert.Equal(5, (await AuditKit.RowsAsync(app)).Count(r => r.Action == AuditActions.LoginFailed));
        Assert.Equal(HttpStatusCode.OK, (await WithToken(app, good).GetAsync("/api/v1/me")).StatusCode);
        var revokedRow = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.TokenRevoke);
        Assert.Equal(revokedId, revokedRow.TargetId);

        Assert.Contains("找不到编号为 999 的访问令牌", (await AuditKit.Cli(app, null, "token", "revoke", "999")).Err);
        Assert.Contains("已停用，不能创建访问令牌", (await AuditKit.Cli(app, null, "token", "create", "street")).Err);
        Assert.Contains("有效期应为 1 到 3650 天", (await AuditKit.Cli(app, null, "token", "create", "cadre", "--expires", "0")).Err);
    }

    [Fact]
    public async Task ATokenOpensNoPageAndItsOwnersRefusalsStillApply()
    {
        await using var app = await AuditKit.StartAsync();
        var (secret, _) = await CreateAsync(app, "hotline");
        var client = WithToken(app, secret);
        foreach (var page in new[] { "/", "/Registry" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
        }
        // On the API the token is the hotline operator, who exports no rosters: 403, on record.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/exports/residents?from=CGJD-XFL")).StatusCode);
        var denied = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.Denied);
        Assert.Equal("hotline", denied.ActorName);

        // A cookie still works on the API when no token is sent.
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        Assert.Equal(HttpStatusCode.OK, (await cadre.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AdministratorsHoldNoTokensAndOnesTheyHoldAreRefused(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        foreach (var admin in new[] { "sysadmin", "secadmin", "auditor" })
        {
            var refused = await AuditKit.Cli(app, null, "token", "create", admin);
            Assert.Equal(1, refused.Exit);
            Assert.Contains("不能创建访问令牌", refused.Err);
            Assert.Contains("管理员", refused.Err);
        }
        // A token made before the rule, or before its owner became an administrator, opens nothing.
        var secret = AccessTokens.TokenPrefix + new string('B', 43);
        await using (var db = app.Database.Target.CreateContext())
        {
            var auditor = await db.Users.SingleAsync(u => u.UserName == "auditor");
            db.AccessTokens.Add(new AccessToken { UserId = auditor.Id, Prefix = secret[..12], Hash = AccessTokens.HashOf(secret), CreatedUtc = DateTime.UtcNow, ExpiresUtc = DateTime.UtcNow.AddDays(1) });
            await db.SaveChangesAsync();
            Assert.Empty(await db.AccessTokens.Where(t => t.UserId != auditor.Id).ToListAsync());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(app, secret).GetAsync("/api/v1/me")).StatusCode);
        var row = await AuditKit.SingleRowAsync(app, r => r.Action == AuditActions.LoginFailed);
        Assert.Equal("auditor", row.ActorName);
        Assert.StartsWith("令牌所属账号是管理员", row.Detail);
    }

    [Fact]
    public async Task AFloodOfBadTokensIsAnswered429AndWritesABoundedNumberOfRows()
    {
        await using var app = await AuditKit.StartAsync();
        var (good, _) = await CreateAsync(app, "lead");
        var bad = WithToken(app, AccessTokens.TokenPrefix + new string('C', 43));
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < BadTokenThrottle.Limit + 15; i++) answers.Add((await bad.GetAsync("/api/v1/me")).StatusCode);
        Assert.All(answers.Take(BadTokenThrottle.Limit), a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        Assert.All(answers.Skip(BadTokenThrottle.Limit), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        var last = await bad.GetAsync("/api/v1/me");
        Assert.Equal("60", last.Headers.GetValues("Retry-After").Single());
        // While the address is held back, even a good token from it waits; a cookie is not affected.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await WithToken(app, good).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await AuditKit.LoggedInClientAsync(app, Roles.GridCadre)).GetAsync("/api/v1/me")).StatusCode);

        var rows = await AuditKit.RowsAsync(app);
        Assert.Equal(BadTokenThrottle.Limit, rows.Count(r => r.Action == AuditActions.LoginFailed));
        var summary = Assert.Single(rows, r => r.Action == AuditActions.RateLimited);
        Assert.Contains("超过 10 次", summary.Detail);
        Assert.Contains("429", summary.Detail);
    }

    [GeneratedRegex("^linli_[A-Za-z0-9_-]+$", RegexOptions.Multiline)]
    private static partial Regex Secret();
}
