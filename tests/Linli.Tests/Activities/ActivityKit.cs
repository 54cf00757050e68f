using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Activities;

/// <summary>What the activity tests do again and again, through the real API.</summary>
static class ActivityKit
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public static async Task<long> PlanAsync(HttpClient lead, string title, int? capacity, DateOnly? date = null, string kind = "讲座")
    {
        var response = await lead.PostAsJsonAsync("/api/v1/activities", new
        {
            title, kind, audience = "全体居民", date = date ?? Today, starts = "09:00", ends = "11:00", place = "社区活动室", capacity, organiser = "李建华",
            content = "健康知识讲座",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> SignUpAsync(HttpClient client, long activityId, long residentId, bool? asVolunteer = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/activities/{activityId}/signups", new { residentId, asVolunteer });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> DetailAsync(HttpClient client, long activityId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/activities/{activityId}");

    public static string StateOf(JsonElement detail, long signupId) =>
        detail.GetProperty("people").EnumerateArray().First(p => p.GetProperty("signupId").GetInt64() == signupId).GetProperty("state").GetString()!;

    public static async Task<long> RegisterVolunteerAsync(HttpClient lead, long? residentId, bool consent, string? name = null, string? skills = null)
    {
        var response = await lead.PostAsJsonAsync("/api/v1/volunteers", new { residentId, name, consentToShare = consent, skills, availability = "周末上午" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> VolunteerAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/volunteers/{id}");

    public static Task<HttpResponseMessage> EnterHoursAsync(HttpClient lead, long volunteerId, decimal hours, string content = "陪同独居老人就医", DateOnly? date = null) =>
        lead.PostAsJsonAsync($"/api/v1/volunteers/{volunteerId}/hours", new { date = date ?? Today.AddDays(-1), hours, content, servedCount = 1, satisfaction = 5 });

    public static async Task<string> ErrorOf(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    public static ResidentBuilder Person(string name) => new ResidentBuilder().InGrid("第三居民组").Named(name);
}
