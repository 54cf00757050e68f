using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

public class TagManagementTests
{
    [Fact]
    public async Task TheLeadDefinesASensitiveLabelThatACadreNeverSees()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var token = await LinliApp.AntiforgeryTokenAsync(lead, "/Registry/Tags");
        var saved = await lead.PostAsync("/Registry/Tags", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = "重点信访关注", ["Input.Category"] = "信访",
            ["Input.IsSensitive"] = "true", ["Input.VisitIntervalDays"] = "30",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("重点信访关注", await lead.GetStringAsync("/Registry/Tags"));
        var leadTags = await lead.GetFromJsonAsync<JsonElement>("/api/v1/tags");
        Assert.Contains(leadTags.EnumerateArray(), t => t.GetProperty("name").GetString() == "重点信访关注" && t.GetProperty("isSensitive").GetBoolean());

        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/Registry/Tags")).StatusCode);
        var cadreTags = await cadre.GetFromJsonAsync<JsonElement>("/api/v1/tags");
        Assert.DoesNotContain(cadreTags.EnumerateArray(), t => t.GetProperty("name").GetString() == "重点信访关注");

        // A second label of the same name is refused next to the field.
        var again = await lead.PostAsync("/Registry/Tags", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = "重点信访关注", ["Input.Category"] = "信访",
        }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("已有同名标签", await again.Content.ReadAsStringAsync());
        await using var db = app.Database.Target.CreateContext();
        Assert.Equal(1, await db.Tags.CountAsync(t => t.Name == "重点信访关注"));
        Assert.Contains(await db.AuditEntries.ToListAsync(), e => (e.Detail ?? "").Contains("新建标签“重点信访关注”（敏感）", StringComparison.Ordinal));
    }
}
