using System.Net;
using System.Net.Http.Headers;

namespace Linli.Bench;

/// <summary>
/// One measured piece of work: what Linli's server is asked (over HTTP, as a real user with a real scope),
/// and the same answer from the bare database. Each is run with warm-up, then timed request by request.
/// </summary>
/// <remarks><paramref name="Settle"/>: before the timed requests, warm the server until it has settled
/// (<see cref="Timing.SettleAsync"/>) instead of a fixed number of warm-up requests.</remarks>
sealed record Scenario(string Key, string Title, double? BudgetMs, Func<int, Task> App, Func<int, Task> Raw, int Iterations, int Warmup, bool Settle = false);

sealed record ScenarioResult(string Key, string Title, double? BudgetMs, Percentiles App, Percentiles Raw)
{
    /// <summary>App p50 over raw p50: how much the whole server (HTTP, auth, scope, EF, rendering) adds.</summary>
    public double Ratio => App.P50 / Raw.P50;
    public bool? WithinBudget => BudgetMs is { } b ? App.P95 <= b : null;
}

/// <summary>The HTTP clients the scenarios use: bearer tokens for the API, a cookie session for the pages.</summary>
sealed class Clients(HttpClient street, HttpClient lead, HttpClient importer, HttpClient streetPages, HttpClient cadrePages)
{
    public HttpClient Street { get; } = street;
    public HttpClient Lead { get; } = lead;
    public HttpClient Importer { get; } = importer;
    public HttpClient StreetPages { get; } = streetPages;
    /// <summary>The pages as the cadre of the first community's first two grids sees them.</summary>
    public HttpClient CadrePages { get; } = cadrePages;

    public static HttpClient Api(Uri baseAddress, string token)
    {
        var c = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    /// <summary>Logs in through the login form, as a browser does; the session cookie then rides on every request.</summary>
    public static async Task<HttpClient> PagesAsync(Uri baseAddress, string userName, string password, CancellationToken ct)
    {
        var c = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var html = await c.GetStringAsync("/Account/Login", ct);
        var marker = "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"";
        var at = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var token = html[at..html.IndexOf('"', at)];
        var login = await c.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }), ct);
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"login of {userName} answered {(int)login.StatusCode}");
        return c;
    }

    /// <summary>GET that must answer 200; the body is read to the end, as a client would.</summary>
    public static async Task<int> GetAsync(HttpClient client, string url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        return body.Length;
    }
}
