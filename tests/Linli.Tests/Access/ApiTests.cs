using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Access;

public class ApiTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task MeTellsTheCadreTheirRoleAndGrid()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("cadre", me.GetProperty("userName").GetString());
        var role = me.GetProperty("roles").EnumerateArray().Single();
        Assert.Equal(Roles.GridCadre, role.GetProperty("role").GetString());
        Assert.Equal("第三居民组", role.GetProperty("orgUnitName").GetString());
    }

    [Fact]
    public async Task TheCadresOverviewAndOrgUnitsHoldOnlyTheirOwnGrid()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var overview = await client.GetFromJsonAsync<JsonElement>("/api/v1/overview");
        var expected = await demo.CountsForGridAsync("第三居民组");
        Assert.Equal(expected.Residents, overview.GetProperty("residents").GetInt32());
        Assert.Equal(expected.Households, overview.GetProperty("households").GetInt32());
        Assert.Equal(1, overview.GetProperty("grids").GetInt32());
        var units = await client.GetFromJsonAsync<JsonElement>("/api/v1/orgunits");
        Assert.Equal(["第三居民组"], units.EnumerateArray().Select(u => u.GetProperty("name").GetString() ?? "").ToArray());
        // Sensitive labels are absent, not zero.
        var tags = overview.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        Assert.Contains("ElderlyLivingAlone", tags);
        Assert.DoesNotContain("ReintegrationSupport", tags);
        Assert.DoesNotContain("DrugRehabilitation", tags);
    }

    [Fact]
    public async Task AnAuditorMayNotReadTheRegistryOverview()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.Auditor);
        var response = await client.GetAsync("/api/v1/overview");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApi()
    {
        var doc = await demo.App.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/me", paths);
        Assert.Contains("/api/v1/overview", paths);
        Assert.DoesNotContain("/healthz", paths);
    }

    [Fact]
    public async Task HealthAndReadinessAnswerWithoutLogin()
    {
        var client = demo.App.Client();
        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Equal("ready", await client.GetStringAsync("/readyz"));
    }
}
