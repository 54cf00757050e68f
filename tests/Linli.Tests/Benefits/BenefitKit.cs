using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Benefits;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Benefits;

/// <summary>What the benefit tests share: finding a household of the demo to apply for, and taking steps through the API.</summary>
static class BenefitKit
{
    /// <summary>Households of 幸福里社区's <paramref name="grid"/> with a head and two or more current members, none with a benefit yet.</summary>
    public static async Task<List<(long Household, long Head, string HeadName)>> HouseholdsAsync(LinliApp app, string grid, int count)
    {
        await using var db = app.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var g = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == grid);
        var taken = db.Set<BenefitApplication>().Select(a => a.HouseholdId);
        var rows = await db.Households.Where(h => h.GridId == g.Id && h.HeadId != null && !taken.Contains(h.Id)
                && db.Residents.Count(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active) >= 2)
            .OrderBy(h => h.Id).Take(count)
            .Select(h => new { h.Id, Head = h.HeadId!.Value, Name = db.Residents.Where(r => r.Id == h.HeadId).Select(r => r.Name).First() }).ToListAsync();
        Assert.Equal(count, rows.Count);
        return rows.Select(r => (r.Id, r.Head, r.Name)).ToList();
    }

    public static async Task<JsonElement> OpenAsync(HttpClient client, string kind, long household)
    {
        var response = await client.PostAsJsonAsync("/api/v1/benefits", new
        {
            kind, householdId = household, reason = "户主患病失去劳动能力，配偶打零工，收入不足以维持基本生活。", monthlyIncome = 800m, assets = 3000m,
            documents = BenefitKind.Find(kind)!.Documents.Take(2).ToArray(),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> StepAsync(HttpClient client, long id, object step)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/benefits/{id}/steps", step);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The notice's week has passed: its dates moved back, as the clock would have moved them.</summary>
    public static async Task LetNoticeExpireAsync(LinliApp app, long applicationId)
    {
        await using var db = app.Database.Target.CreateContext();
        await db.Set<BenefitNotice>().Where(n => n.ApplicationId == applicationId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.FromDay, n => n.FromDay.AddDays(-8)).SetProperty(n => n.RemoveOn, n => n.RemoveOn.AddDays(-8)));
    }

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public static LinliDb Db(LinliApp app) => app.Database.Target.CreateContext();
}
