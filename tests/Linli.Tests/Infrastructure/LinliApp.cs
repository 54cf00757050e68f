using System.Net;
using System.Text.RegularExpressions;
using Linli.Data;
using Linli.Features.Demo;
using Linli.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Linli.Tests.Infrastructure;

/// <summary>
/// The real Linli server on a free loopback port, over a fresh database, reached by real HTTP.
/// <see cref="StartAsync"/> gives an empty database (the set-up page); <see cref="StartWithDemoAsync"/> the demo street.
/// </summary>
public sealed partial class LinliApp : IAsyncDisposable
{
    public TestDatabase Database { get; }
    public WebApplication Web { get; }
    public Uri BaseAddress { get; }
    public DemoCommunity.Result? Demo { get; private set; }
    /// <summary>Every line this server logged, unmasked, as the code wrote it.</summary>
    public KeptLog Log { get; private init; } = new();
    readonly bool ownsDatabase;

    LinliApp(TestDatabase database, WebApplication web, Uri baseAddress, bool ownsDatabase)
    {
        Database = database;
        Web = web;
        BaseAddress = baseAddress;
        this.ownsDatabase = ownsDatabase;
    }

    public static async Task<LinliApp> StartAsync(string engine = TestDatabase.Sqlite) =>
        await StartOnAsync(await TestDatabase.CreateMigratedAsync(engine), demo: false, ownsDatabase: true);

    /// <summary>The demo street on a copy of the run's demo template (<see cref="TestDatabase.CreateWithDemoAsync"/>): a copy, not a generation.</summary>
    public static async Task<LinliApp> StartWithDemoAsync(string engine = TestDatabase.Sqlite) =>
        await StartOnAsync(await TestDatabase.CreateWithDemoAsync(engine), demo: true, ownsDatabase: true);

    /// <summary>Another server over a database that already exists (two servers, one PostgreSQL).</summary>
    /// <param name="configure">A last say over the server's builder, after the log (e.g. another clock).</param>
    public static async Task<LinliApp> StartOnAsync(TestDatabase database, bool demo, bool ownsDatabase, LinliOptions? options = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        await Migrator.ApplyAsync(database.Target, default);
        var result = database.Demo;
        if (demo && result is null)
        {
            await using var db = database.Target.CreateContext();
            result = await DemoCommunity.CreateAsync(db, FieldCipher.OpenOrCreate(database.DataDir), seed: 7, default);
        }
        var log = new KeptLog();
        var web = LinliServer.Build(options ?? database.Options, configure: b =>
        {
            b.Logging.AddProvider(log);
            configure?.Invoke(b);
        });
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LinliApp(database, web, new Uri(address), ownsDatabase) { Demo = result, Log = log };
    }

    public DemoCommunity.Account Account(string role) => Demo!.Accounts.First(a => a.Role == role);

    /// <summary>The id of the org unit with code <paramref name="code"/> (CGJD-XFL …), read from this server's database.</summary>
    public async Task<long> UnitIdAsync(string code)
    {
        await using var db = Database.Target.CreateContext();
        return await db.OrgUnits.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
    }

    /// <summary>An HTTP client with its own cookie jar that does not follow redirects, so tests see them.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = BaseAddress,
        };

    public async Task<HttpClient> LoggedInClientAsync(string role)
    {
        var account = Account(role);
        var client = Client();
        var response = await LoginAsync(client, account.UserName, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await PassSecondFactorAsync(client, account.UserName, response);
        return client;
    }

    /// <summary>The authenticator keys of accounts the tests enrolled, by user name.</summary>
    public Dictionary<string, string> AuthenticatorKeys { get; } = [];

    /// <summary>
    /// Administrators work only with a second factor: after the password, enrol (first time) or enter the
    /// code (later), computing it as a phone would. Accounts without the requirement pass straight through.
    /// </summary>
    public async Task PassSecondFactorAsync(HttpClient client, string userName, HttpResponseMessage login)
    {
        if ((login.Headers.Location?.OriginalString ?? "").StartsWith("/Account/LoginWith2fa", StringComparison.Ordinal))
        {
            var page = await client.GetStringAsync("/Account/LoginWith2fa");
            var verified = await client.PostAsync("/Account/LoginWith2fa", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = Totp.Code(AuthenticatorKeys[userName]), ["__RequestVerificationToken"] = TokenInput().Match(page).Groups[1].Value,
            }));
            Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
            return;
        }
        var home = await client.GetAsync("/");
        var where = home.Headers.Location?.OriginalString ?? "";
        if (where.StartsWith("/Account/Totp", StringComparison.Ordinal))
        {
            var page = await client.GetStringAsync("/Account/Totp");
            var key = TotpKey().Match(page).Groups[1].Value;
            AuthenticatorKeys[userName] = key;
            var token = TokenInput().Match(page).Groups[1].Value;
            var enrolled = await client.PostAsync("/Account/Totp", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = Totp.Code(key), ["__RequestVerificationToken"] = token,
            }));
            Assert.True(enrolled.Headers.Location?.OriginalString == "/", $"enrolment answered {enrolled.StatusCode} {enrolled.Headers.Location}");
        }
    }

    [GeneratedRegex("data-key=\"([A-Z2-7]+)\"")]
    private static partial Regex TotpKey();

    /// <summary>Fills and posts the login form as a browser would, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return TokenInput().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no antiforgery token on {page}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    /// <summary>
    /// Stops the server, and then checks what it left behind: no log line and no audit row of any test may
    /// hold an unmasked ID or mobile number. A test whose server wrote one fails here.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Web.StopAsync();
        await Web.DisposeAsync();
        var leaks = Log.Lines.Where(l => KeptLog.UnmaskedNumber().IsMatch(l)).ToList();
        if (ownsDatabase)
        {
            await using (var db = Database.Target.CreateContext())
                leaks.AddRange((await db.AuditEntries.AsNoTracking().Select(e => (e.Detail ?? "") + " " + (e.ActorName ?? "")).ToListAsync())
                    .Where(d => KeptLog.UnmaskedNumber().IsMatch(d)));
            await Database.DisposeAsync();
        }
        if (leaks.Count > 0)
            throw new InvalidOperationException("an unmasked ID or phone number was logged or audited:\n" + string.Join("\n", leaks.Take(5)));
    }
}
