using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Registry.Import;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Linli.Tests.Registry.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Data;

/// <summary>
/// A long write (a big import) does not break everyone else: while it holds the database, the API's writes either
/// go through or are answered 503 with Retry-After, in Chinese — never 500 — and requests with an access token never
/// fail for the write of the token's last-used time, which is made in the background.
/// </summary>
public partial class LongWriteTests
{
    static async Task<(LinliApp App, HttpClient Token, long HouseholdId)> StartAsync(string engine, int writeWaitSeconds)
    {
        var database = await TestDatabase.CreateAsync(engine);
        await AuditKit.SeedAsync(database);
        database.Options.WriteWaitSeconds = writeWaitSeconds;
        var app = await LinliApp.StartOnAsync(database, demo: false, ownsDatabase: true, database.Options);
        var created = await AuditKit.Cli(app, null, "token", "create", "lead");
        Assert.True(created.Exit == 0, created.Err);
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret().Match(created.Out).Value);
        var imported = await client.PostAsync("/api/v1/imports", HostileUploadTests.Form(CleanRoster.Xlsx(CleanRoster.People(5, firstNumber: 900)), "CGJD-XFL-01"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        await using var db = app.Database.Target.CreateContext();
        return (app, client, await db.Households.Select(h => h.Id).FirstAsync());
    }

    static object NewResident(long householdId, int n) => new
    {
        householdId,
        resident = new { name = $"王{(char)('一' + n)}", gender = "Male", birthDate = "1980-01-01", relationToHead = "Other", residenceKind = "Resident" },
    };

    [Fact]
    public async Task WhileTheWriteLockIsHeldWritesAre503WithRetryAfterAndTokenReadsGoOn()
    {
        var (app, client, household) = await StartAsync(TestDatabase.Sqlite, writeWaitSeconds: 1);
        await using var _ = app;
        // The token's last use was long ago, so this request is the kind that used to write (and fail with 500).
        await using (var db = app.Database.Target.CreateContext())
            await db.AccessTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedUtc, DateTime.UtcNow.AddHours(-1)));
        // Someone else holds SQLite's write lock, as a long import does.
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection(app.Database.Target.ConnectionString);
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var writes = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => client.PostAsJsonAsync("/api/v1/residents", NewResident(household, n))));
        var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync("/api/v1/me")));
        Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var w in writes)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, w.StatusCode);
            Assert.NotNull(w.Headers.RetryAfter?.Delta);
            var problem = await w.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("暂时不能完成这项操作", problem.GetProperty("title").GetString());
            Assert.Contains("数据库正忙", problem.GetProperty("detail").GetString());
        }
        // The background writer could not write either; it keeps the note and does not fail anyone.
        await app.Web.Services.GetRequiredService<TokenUses>().FlushAsync(default);

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/residents", NewResident(household, 9))).StatusCode);
        await app.Web.Services.GetRequiredService<TokenUses>().FlushAsync(default);
        await using (var db = app.Database.Target.CreateContext())
            Assert.True((await db.AccessTokens.SingleAsync()).LastUsedUtc > DateTime.UtcNow.AddMinutes(-5));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ALargeImportBesideApiWritesNeverMakesThemFail(string engine)
    {
        var (app, client, household) = await StartAsync(engine, writeWaitSeconds: 10);
        await using var _ = app;
        var roster = CleanRoster.Xlsx(CleanRoster.People(12_000, firstNumber: 100_000));
        await using var db = app.Database.Target.CreateContext();
        var grid = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-XFL-02");
        var import = new RosterImport(db, Linli.Data.FieldCipher.OpenOrCreate(app.Database.DataDir), TimeProvider.System,
            new Linli.Features.Audit.AuditLog(app.Database.Target, new Microsoft.AspNetCore.Http.HttpContextAccessor(), TimeProvider.System));
        var running = import.RunAsync(roster, "大名册.xlsx", grid, new RosterImport.Options(), default);

        var answers = new List<HttpResponseMessage>();
        var n = 0;
        while (!running.IsCompleted || answers.Count < 3)
        {
            answers.Add(await client.PostAsJsonAsync("/api/v1/residents", NewResident(household, n++ % 20)));
            answers.Add(await client.GetAsync("/api/v1/me"));
        }
        var report = await running;
        Assert.True(report.Imported > 10_000 && report.Imported == report.Importable, $"imported {report.Imported} of {report.Importable}");
        Assert.DoesNotContain(answers, a => (int)a.StatusCode >= 500 && a.StatusCode != HttpStatusCode.ServiceUnavailable);
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable), a => Assert.NotNull(a.Headers.RetryAfter));
        Assert.All(answers.Where(a => a.RequestMessage!.Method == HttpMethod.Get), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
    }

    [GeneratedRegex("^linli_[A-Za-z0-9_-]+$", RegexOptions.Multiline)]
    private static partial Regex Secret();
}
