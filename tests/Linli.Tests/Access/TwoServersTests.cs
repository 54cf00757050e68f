using System.Net;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Access;

public class TwoServersTests
{
    /// <summary>
    /// Two `linli serve` processes behind one reverse proxy: a user logs in on one and carries on with the
    /// other, forms included, because session keys live in the database and not in either server.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AUserLoggedInOnOneServerCarriesOnWithTheOther(string engine)
    {
        await using var first = await LinliApp.StartWithDemoAsync(engine);
        // The second server shares the database and the field key file, nothing else: not the process, not the memory.
        var secondDir = Directory.CreateTempSubdirectory("linli-second-").FullName;
        Directory.CreateDirectory(Path.Combine(secondDir, "keys"));
        File.Copy(Linli.Data.FieldCipher.KeyPath(first.Database.DataDir), Linli.Data.FieldCipher.KeyPath(secondDir));
        var options = first.Database.OptionsForAnotherServer(secondDir);
        if (engine == TestDatabase.Sqlite) options.DataDir = first.Database.DataDir;
        await using var second = await LinliApp.StartOnAsync(first.Database, demo: false, ownsDatabase: false, options);
        Assert.NotEqual(first.BaseAddress, second.BaseAddress);

        var cookies = new CookieContainer();
        var onFirst = first.Client(cookies);
        var account = first.Account(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(onFirst, account.UserName, account.Password)).StatusCode);

        // Cookies are per host, not per port: the same jar serves both servers on 127.0.0.1.
        var onSecond = second.Client(cookies);
        var home = await onSecond.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(account.DisplayName, await home.Content.ReadAsStringAsync());
        var me = await onSecond.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        // A form rendered by the first server is accepted by the second.
        var token = await LinliApp.AntiforgeryTokenAsync(onFirst, "/");
        var logout = await onSecond.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await onFirst.GetAsync("/")).StatusCode);

        await using var db = first.Database.Target.CreateContext();
        Assert.True(await db.DataProtectionKeys.AnyAsync(), "session keys are kept in the database");
        try { Directory.Delete(secondDir, true); } catch (IOException) { }
    }
}
