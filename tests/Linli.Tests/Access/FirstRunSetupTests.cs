using System.Net;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Access;

public class FirstRunSetupTests
{
    static Dictionary<string, string> Form(string token, string password = "fuxing2026ab", string confirm = "fuxing2026ab") => new()
    {
        ["Input.StreetName"] = "东风街道",
        ["Input.CommunityName"] = "向阳社区",
        ["Input.GridNames"] = "第一网格\n第二网格\n",
        ["Input.UserName"] = "admin1",
        ["Input.DisplayName"] = "郑国华",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm,
        ["__RequestVerificationToken"] = token,
    };

    [Fact]
    public async Task BeforeSetupEveryPageLeadsToTheSetupPageAndNobodyCanLogIn()
    {
        await using var app = await LinliApp.StartAsync();
        var client = app.Client();
        foreach (var path in new[] { "/", "/Account/Login" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Setup", response.Headers.Location?.OriginalString);
        }
        var api = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task SetupCreatesTheStreetTheCommunityAndTheAdministratorOnce(string engine)
    {
        await using var app = await LinliApp.StartAsync(engine);
        var client = app.Client();
        var token = await LinliApp.AntiforgeryTokenAsync(client, "/Setup");
        var response = await client.PostAsync("/Setup", new FormUrlEncodedContent(Form(token)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);

        // The first administrator, like every administrator, enrols a second factor before anything else.
        var home = await client.GetAsync("/");
        Assert.Equal("/Account/Totp", home.Headers.Location?.OriginalString);
        await app.PassSecondFactorAsync(client, "admin1", home);
        var enrolled = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Contains("郑国华", await enrolled.Content.ReadAsStringAsync());

        await using (var db = app.Database.Target.CreateContext())
        {
            var units = await db.OrgUnits.OrderBy(o => o.Path).ToListAsync();
            Assert.Equal(["东风街道", "向阳社区", "第一网格", "第二网格"], units.Select(u => u.Name).Order().ToArray().OrderBy(n => units.First(u => u.Name == n).Kind).ToArray());
            Assert.Equal(OrgUnitKind.Grid, units.Single(u => u.Name == "第二网格").Kind);
            var admin = await db.Users.SingleAsync();
            Assert.Equal("admin1", admin.UserName);
            Assert.Equal(Roles.SystemAdmin, (await db.RoleAssignments.SingleAsync()).Role);
            // The office starts with the labels the work modules look for by code (低保户 for a granted 低保, …).
            Assert.Equal(Linli.Features.Demo.DemoTags.All.Select(t => t.Code).Order(), (await db.Tags.Select(t => t.Code).ToListAsync()).Order());
            Assert.True((await db.Tags.SingleAsync(t => t.Code == "MinimumLivingAllowance")).IsSensitive);
            var setupRow = await db.AuditEntries.SingleAsync(e => e.Action == Linli.Features.Audit.AuditActions.UserAdd);
            Assert.Equal(admin.Id, setupRow.TargetId);
            Assert.Contains("初始设置", setupRow.Detail);
        }

        // A second run is refused: the page is gone, and a replayed post changes nothing.
        var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/Setup")).StatusCode);
        var stranger = app.Client();
        var strangerToken = await LinliApp.AntiforgeryTokenAsync(stranger, "/Account/Login");
        var replay = await stranger.PostAsync("/Setup", new FormUrlEncodedContent(Form(strangerToken)));
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        await using (var db = app.Database.Target.CreateContext())
        {
            Assert.Equal(1, await db.Users.CountAsync());
            Assert.Equal(4, await db.OrgUnits.CountAsync());
        }
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedNextToTheFieldAndNothingIsCreated()
    {
        await using var app = await LinliApp.StartAsync();
        var client = app.Client();
        var token = await LinliApp.AntiforgeryTokenAsync(client, "/Setup");
        var response = await client.PostAsync("/Setup", new FormUrlEncodedContent(Form(token, "1234567890", "1234567890")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("密码必须同时包含字母和数字", html);
        await using var db = app.Database.Target.CreateContext();
        Assert.False(await db.Users.AnyAsync());
        Assert.False(await db.OrgUnits.AnyAsync());
        Assert.False(await db.Tags.AnyAsync());
    }
}
