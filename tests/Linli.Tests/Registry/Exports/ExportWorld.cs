using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Registry;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Linli.Tests.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Exports;

/// <summary>
/// The audit tests' small street with twelve residents in 第三居民组 (one labelled 安置帮教对象, sensitive, and one
/// 独居老人), a second lead of 幸福里社区 (lead2), and a lead of another community (far, over 和平社区).
/// </summary>
sealed class ExportWorld : IAsyncDisposable
{
    public const string Grid = "CGJD-XFL-03", Password = "linli-test-2026";
    public const string Sensitive = "安置帮教对象", Plain = "独居老人";

    public required LinliApp App { get; init; }
    public required IReadOnlyList<CleanRoster.Person> People { get; init; }

    public static async Task<ExportWorld> CreateAsync(string engine)
    {
        var app = await AuditKit.StartAsync(engine);
        var people = CleanRoster.People(12, firstNumber: 300);
        var roster = Path.Combine(app.Database.DataDir, "名册.xlsx");
        await File.WriteAllBytesAsync(roster, CleanRoster.Xlsx(people));
        var imported = await AuditKit.Cli(app, null, "import", "residents", roster, "--into", Grid);
        Assert.True(imported.Exit == 0, imported.Err + imported.Out);
        await using (var db = app.Database.Target.CreateContext())
        {
            var street = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD");
            await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, "和平社区", "CGJD-HP", 1, default);
            var sensitive = new Tag { Code = "AZBJ", Name = Sensitive, Category = "重点人员", IsSensitive = true };
            var plain = new Tag { Code = "DJLR", Name = Plain, Category = "老年人" };
            db.Tags.AddRange(sensitive, plain);
            await db.SaveChangesAsync();
            var residents = await db.Residents.OrderBy(r => r.Id).Take(2).ToListAsync();
            db.ResidentTags.Add(new ResidentTag { ResidentId = residents[0].Id, TagId = sensitive.Id, GridId = residents[0].GridId });
            db.ResidentTags.Add(new ResidentTag { ResidentId = residents[1].Id, TagId = plain.Id, GridId = residents[1].GridId });
            await db.SaveChangesAsync();
        }
        foreach (var (user, org) in new[] { ("lead2", "CGJD-XFL"), ("far", "CGJD-HP") })
        {
            var added = await AuditKit.Cli(app, Password + "\n", "user", "add", user, "--role", "CommunityLead", "--org", org);
            Assert.True(added.Exit == 0, added.Err);
        }
        return new ExportWorld { App = app, People = people };
    }

    public Task<HttpClient> As(string role) => AuditKit.LoggedInClientAsync(App, role);

    public async Task<HttpClient> AsUser(string userName)
    {
        var client = App.Client();
        var response = await LinliApp.LoginAsync(client, userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<long> RequestAsync(HttpClient client, bool unmasked, bool sensitiveLabels, string from = Grid)
    {
        var response = await client.PostAsJsonAsync("/api/v1/exports/requests", new { from, unmasked, sensitiveLabels, reason = "民政局核对低保名单" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> DecideAsync(HttpClient client, long id, bool approve, string? note = "同意") =>
        client.PostAsJsonAsync($"/api/v1/exports/requests/{id}/{(approve ? "approve" : "reject")}", new { note });

    /// <summary>Every cell of the roster, as text.</summary>
    public static List<string?> Cells(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .SelectMany(r => r.Values).Select(v => v?.ToString()).ToList();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
