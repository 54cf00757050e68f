using System.Net;
using Linli.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Access;

public class AnonymousAccessTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    /// <summary>The only routes a person who is not logged in may reach. Everything else is denied by default.</summary>
    static readonly Dictionary<string, HttpStatusCode> Open = new()
    {
        ["/healthz"] = HttpStatusCode.OK,
        ["/readyz"] = HttpStatusCode.OK,
        ["/openapi/v1.json"] = HttpStatusCode.OK,
        ["/culture?c=en"] = HttpStatusCode.Redirect,
        ["/Account/Login"] = HttpStatusCode.OK,
        ["/Account/LoginWith2fa"] = HttpStatusCode.Redirect, // back to the login page: no password was given
        ["/Setup"] = HttpStatusCode.NotFound,   // set-up is done on the demo database
        ["/Error"] = HttpStatusCode.NotFound,
        // "Status of my case" by reference + phone suffix, for residents (rate-limited; state and dates only): asked without them, 400.
        ["/api/v1/cases/status"] = HttpStatusCode.BadRequest,
        // 公示: the public notice board of a community and its printed A4 sheet.
        ["/Notices/CGJD-XFL"] = HttpStatusCode.OK,
        ["/Notices/CGJD-XFL/Print"] = HttpStatusCode.OK,
        // 活动签到: the door's check-in page a resident opens on a phone (door code + own code, throttled).
        ["/CheckIn"] = HttpStatusCode.OK,
        // A volunteer's own page, reached by the secret link only: an unknown link is not found.
        ["/Volunteers/Self/1"] = HttpStatusCode.NotFound,
        // 亮诺: a branch's promises where the branch chose to publish them; without a branch, not found.
        ["/Party/Public"] = HttpStatusCode.NotFound,
    };

    /// <summary>Anonymous writes: the door check-in and a volunteer proposing hours by the secret link. A form post without their JSON body is refused (400, 401 or 415), never 2xx; the matrix test sends them whole.</summary>
    static readonly HashSet<string> OpenWrites = ["POST /api/v1/activities/check-in", "POST /api/v1/volunteers/self/1/hours"];

    /// <summary>Anonymous pages whose form posts need the page's token: refused (400) or not found (404) without it.</summary>
    static readonly HashSet<string> OpenForms = ["/Account/Login", "/Account/LoginWith2fa", "/Setup", "/Error", "/Notices/CGJD-XFL", "/Notices/CGJD-XFL/Print",
        "/CheckIn", "/Volunteers/Self/1", "/Party/Public"];

    /// <summary>The route as the matrix names it, with its parameters filled in.</summary>
    static string Concrete(RouteEndpoint e)
    {
        var path = AuthorizationMatrixTests.Template(e.RoutePattern)
            .Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("{id}", "1", StringComparison.Ordinal)
            .Replace("{code}", "CGJD-XFL", StringComparison.Ordinal).Replace("{token}", "1", StringComparison.Ordinal);
        return path == "/culture" ? "/culture?c=en" : path;
    }

    [Fact]
    public async Task EveryPageAndEndpointWithoutLoginRedirectsToLoginOrAnswers401()
    {
        var endpoints = demo.App.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 10, "the app should map pages and endpoints");
        var checkedRoutes = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = Concrete(endpoint);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods.Where(m => m is "GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET") request.Content = new FormUrlEncodedContent([]);
                var response = await demo.App.Client().SendAsync(request);
                var label = $"{method} {path}";
                checkedRoutes.Add(label);
                if (Open.TryGetValue(path, out var expected) && method == "GET")
                {
                    Assert.True(expected == response.StatusCode, $"{label}: expected {expected}, got {response.StatusCode}");
                    continue;
                }
                if (OpenWrites.Contains(label))
                    Assert.True((int)response.StatusCode is 400 or 401 or 415, $"{label}: an anonymous write without its body must be refused, got {response.StatusCode}");
                else if (path.StartsWith("/api/", StringComparison.Ordinal))
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{label}: expected 401, got {response.StatusCode}");
                else if (OpenForms.Contains(path))
                    Assert.True((int)response.StatusCode is 400 or 404, $"{label}: a form post without its token must be refused, got {response.StatusCode}");
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{label}: expected a redirect to the login page, got {response.StatusCode}");
                    Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
                }
            }
        }
        Assert.Contains("GET /api/v1/me", checkedRoutes);
        Assert.Contains("GET /", checkedRoutes);
    }

    [Fact]
    public async Task ALoginPostWithoutTokenChangesNothingAndTheApiAnswersProblemDetails()
    {
        var response = await demo.App.Client().GetAsync("/api/v1/overview");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var client = await demo.App.LoggedInClientAsync(Linli.Features.Access.Roles.GridCadre);
        var missing = await client.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SecurityHeadersAndCookieFlagsAreSet()
    {
        var client = demo.App.Client();
        var response = await client.GetAsync("/Account/Login");
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        var account = demo.App.Account(Linli.Features.Access.Roles.GridCadre);
        var login = await LinliApp.LoginAsync(client, account.UserName, account.Password);
        var auth = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("linli.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }
}
