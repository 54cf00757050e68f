using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Infrastructure;

/// <summary>The test kit keeps its promises: demo copies are independent, minted sessions are real sessions, builders build.</summary>
public class TestKitTests
{
    static async Task<JsonElement> MeAsync(HttpClient client) => await client.GetFromJsonAsync<JsonElement>("/api/v1/me");

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TwoCopiesOfTheDemoAreTheSameStreetAndIndependentOfEachOther(string engine)
    {
        await using var a = await TestDatabase.CreateWithDemoAsync(engine);
        await using var b = await TestDatabase.CreateWithDemoAsync(engine);
        Assert.Equal(a.Demo!.Accounts.Select(x => x.Password), b.Demo!.Accounts.Select(x => x.Password));
        await using (var db = a.Target.CreateContext())
        {
            Assert.Equal(16_200, await db.Residents.CountAsync());
            // Changed, not deleted: the demo's visits and cases point at residents.
            Assert.Equal(100, await db.Residents.Where(r => r.Id <= 100).ExecuteUpdateAsync(s => s.SetProperty(r => r.Notes, "只改了副本甲")));
        }
        await using (var db = b.Target.CreateContext())
        {
            Assert.Equal(16_200, await db.Residents.CountAsync());
            Assert.Equal(0, await db.Residents.CountAsync(r => r.Notes == "只改了副本甲"));
        }
        Assert.Equal(await File.ReadAllBytesAsync(Linli.Data.FieldCipher.KeyPath(a.DataDir)), await File.ReadAllBytesAsync(Linli.Data.FieldCipher.KeyPath(b.DataDir)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Linli.Data.FieldCipher.KeyPath(b.DataDir)));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ClientForGivesASessionOfThatRoleOverThatUnitAndTheServerEndsItAsAnyOther(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);

        // The demo's own cadre of 第三居民组, and a new account for 第一居民组.
        var third = await MeAsync(await app.ClientForAsync(Roles.GridCadre, "第三居民组"));
        Assert.Equal("cadre", third.GetProperty("userName").GetString());
        var first = app.ClientFor(Roles.GridCadre, "第一居民组");
        var me = await MeAsync(first);
        var role = Assert.Single(me.GetProperty("roles").EnumerateArray());
        Assert.Equal((Roles.GridCadre, "第一居民组"), (role.GetProperty("role").GetString(), role.GetProperty("orgUnitName").GetString()));
        Assert.Equal(me.GetProperty("userName").GetString(), (await MeAsync(app.ClientFor(Roles.GridCadre, "CGJD-XFL-01"))).GetProperty("userName").GetString());

        // Pages and their antiforgery tokens work as after a login, and logging out ends the session as it ends any.
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/")).StatusCode);
        var token = await LinliApp.AntiforgeryTokenAsync(first, "/");
        var logout = await first.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/v1/me")).StatusCode);

        // A role over a unit of the wrong kind is refused, as the real grant would refuse it.
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.ClientForAsync(Roles.GridCadre, "幸福里社区"));
        // 第一网格 is in two communities: the kit asks which.
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.ClientForAsync(Roles.GridCadre, "第一网格"));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnAdministratorsSessionIsMintedOnlyWithAnEnrolledAuthenticatorThatTheRealFormThenAccepts(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var security = await app.ClientForAsync(Roles.SecurityAdmin);
        Assert.Equal(HttpStatusCode.OK, (await security.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await security.GetAsync("/Admin/Users")).StatusCode);
        await using (var db = app.Database.Target.CreateContext())
            Assert.True(await db.Users.Where(u => u.UserName == "secadmin").Select(u => u.TwoFactorEnabled).SingleAsync());

        // The enrolled key is the one the login form's second step asks for.
        var client = app.Client();
        var login = await LinliApp.LoginAsync(client, "secadmin", app.Account(Roles.SecurityAdmin).Password);
        Assert.StartsWith("/Account/LoginWith2fa", login.Headers.Location?.OriginalString);
        await app.PassSecondFactorAsync(client, "secadmin", login);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin/Users")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ABuiltResidentIsInTheRegistryWithAValidNumberAndTheirLabel(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var resident = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("测试老人").Male().Aged(82).WithTag("独居老人"));
        var cadre = await app.ClientForAsync(Roles.GridCadre, "第三居民组");
        var seen = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents/{resident.Id}");
        Assert.Equal("测试老人", seen.GetProperty("name").GetString());
        Assert.Contains("独居老人", seen.ToString());
        Assert.True(Linli.Features.Registry.NationalId.TryNormalize(
            Linli.Data.FieldCipher.OpenOrCreate(app.Database.DataDir).Decrypt(resident.NationalIdCipher!), out _, out var error), error);
        var other = app.ClientFor(Roles.GridCadre, "第一居民组");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/residents/{resident.Id}")).StatusCode);
    }
}
