using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

/// <summary>
/// Two people editing one resident at once never overwrite each other unseen: over real HTTP, pairs of writers read
/// the same version and write at the same moment; each write either lands (and is then what the record shows) or
/// is refused with 412. On the page the second writer is told "此记录已被他人修改" with both values.
/// </summary>
public class ConcurrentEditTests
{
    enum Kind { SameFieldPatch, OtherFieldPatch, PutAgainstPatch, PutAgainstPut }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task FiveHundredPairsOfConcurrentWritersLoseNoUpdate(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        List<long> residents;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
            residents = await db.Residents.Where(r => r.GridId == third.Id && r.Status == ResidentStatus.Active).OrderBy(r => r.Id).Take(20).Select(r => r.Id).ToListAsync();
        }
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        const int Pairs = 500, Workers = 5;
        var lost = new List<string>();
        var landed = 0;
        var refused = 0;

        async Task WorkerAsync(int worker)
        {
            for (var p = worker; p < Pairs; p += Workers)
            {
                // Each worker owns its residents, so that only the pair's two writers meet on a record.
                var id = residents[(p / Workers) % 4 * Workers + worker];
                var kind = (Kind)(p % 4);
                var (bodyA, etagA) = await EditsKeepDataTests.GetAsync(cadre, id);
                var (bodyB, etagB) = await EditsKeepDataTests.GetAsync(lead, id);
                var fieldB = kind == Kind.SameFieldPatch ? "notes" : "education";
                var valueA = $"甲{p}";
                var valueB = kind == Kind.SameFieldPatch ? $"乙{p}" : $"乙{p % 1000}";
                Task<HttpResponseMessage> WriteA()
                {
                    if (kind is Kind.PutAgainstPatch or Kind.PutAgainstPut)
                    {
                        bodyA["notes"] = valueA;
                        return EditsKeepDataTests.SendAsync(cadre, HttpMethod.Put, id, bodyA, etagA);
                    }
                    return EditsKeepDataTests.SendAsync(cadre, HttpMethod.Patch, id, new JsonObject { ["notes"] = valueA }, etagA);
                }
                Task<HttpResponseMessage> WriteB()
                {
                    if (kind == Kind.PutAgainstPut)
                    {
                        bodyB[fieldB] = valueB;
                        return EditsKeepDataTests.SendAsync(lead, HttpMethod.Put, id, bodyB, etagB);
                    }
                    return EditsKeepDataTests.SendAsync(lead, HttpMethod.Patch, id, new JsonObject { [fieldB] = valueB }, etagB);
                }
                var answers = await Task.WhenAll(Task.Run(WriteA), Task.Run(WriteB));
                var (after, _) = await EditsKeepDataTests.GetAsync(cadre, id);
                var statuses = answers.Select(r => (int)r.StatusCode).ToArray();
                var okA = statuses[0] == 200;
                var okB = statuses[1] == 200;
                var problem = statuses.Any(s => s is not (200 or 412)) ? $"statuses {statuses[0]}, {statuses[1]}"
                    : okA && okB ? "both writes were accepted"
                    : !okA && !okB ? "both writes were refused"
                    : okA && after["notes"]?.GetValue<string>() != valueA ? "A's write is not visible"
                    : okB && after[fieldB]?.GetValue<string>() != valueB ? "B's write is not visible"
                    : okA && kind != Kind.SameFieldPatch && after[fieldB]?.GetValue<string>() == valueB ? "B's refused write landed"
                    : okB && kind != Kind.SameFieldPatch && after["notes"]?.GetValue<string>() == valueA ? "A's refused write landed"
                    : null;
                lock (lost)
                {
                    if (problem is not null) lost.Add($"pair {p} ({kind}, resident {id}): {problem}");
                    landed += statuses.Count(s => s == 200);
                    refused += statuses.Count(s => s == 412);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(w))));
        Assert.True(lost.Count == 0, $"{lost.Count} of {Pairs} pairs lost an update:\n" + string.Join("\n", lost.Take(20)));
        Assert.Equal(Pairs, landed);
        Assert.Equal(Pairs, refused);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheSecondEditorOnThePageSeesBothValuesAndReappliesWithoutUndoingTheFirst(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var a = await EditsKeepDataTests.ArrangeAsync(app, skip: 7);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var url = $"/Registry/Resident/{a.Id}/Edit";
        var first = PageForm.Fields(await cadre.GetStringAsync(url), "edit-form");
        var second = PageForm.Fields(await lead.GetStringAsync(url), "edit-form");
        static void Set(List<KeyValuePair<string, string>> form, string name, string value) =>
            form[form.FindIndex(f => f.Key == name)] = new(name, value);

        Set(first, "Input.Notes", "包片干部写的备注");
        Set(first, "Input.Phone", "13900007777");
        Assert.Equal(HttpStatusCode.Redirect, (await cadre.PostAsync(url, new FormUrlEncodedContent(first))).StatusCode);

        Set(second, "Input.Education", "本科");
        Set(second, "Input.Notes", "书记写的备注");
        var stale = await lead.PostAsync(url, new FormUrlEncodedContent(second));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var raw = await stale.Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("此记录已被他人修改", html);
        Assert.Contains("包片干部写的备注", html); // theirs
        Assert.Contains("书记写的备注", html);     // yours, beside it
        var stored = await EditsKeepDataTests.StoredAsync(app, a.Id);
        Assert.Equal("包片干部写的备注", stored.Columns["Notes"]);
        Assert.Equal("高中", stored.Columns["Education"]);

        // Saving the form as it came back: the lead's two changes apply, the cadre's new phone stays.
        var again = PageForm.Fields(raw, "edit-form");
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostAsync(url, new FormUrlEncodedContent(again))).StatusCode);
        var final = await EditsKeepDataTests.StoredAsync(app, a.Id);
        Assert.Equal("书记写的备注", final.Columns["Notes"]);
        Assert.Equal("本科", final.Columns["Education"]);
        Assert.Equal("139****7777", final.Columns["PhoneMasked"]);
        Assert.Equal(stored.Columns["PhoneCipher"], final.Columns["PhoneCipher"]);

        // A form without its version is never saved blindly either.
        var versionless = PageForm.Fields(await cadre.GetStringAsync(url), "edit-form").Where(f => f.Key != "Input.Version").ToList();
        Assert.Equal(HttpStatusCode.Conflict, (await cadre.PostAsync(url, new FormUrlEncodedContent(versionless))).StatusCode);
    }

    [Fact]
    public async Task TheApiAsksForIfMatchAndRefusesAStaleOne()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var a = await EditsKeepDataTests.ArrangeAsync(app);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var (body, etag) = await EditsKeepDataTests.GetAsync(cadre, a.Id);
        Assert.Equal($"\"{body["version"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture)}\"", etag.Tag);

        var without = await EditsKeepDataTests.SendAsync(cadre, HttpMethod.Patch, a.Id, new JsonObject { ["notes"] = "x" }, null);
        Assert.Equal(428, (int)without.StatusCode);
        Assert.Contains("If-Match", await without.Content.ReadAsStringAsync());
        var ok = await EditsKeepDataTests.SendAsync(cadre, HttpMethod.Patch, a.Id, new JsonObject { ["notes"] = "第一次" }, etag);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag.Tag, ok.Headers.ETag!.Tag);
        var stale = await EditsKeepDataTests.SendAsync(cadre, HttpMethod.Put, a.Id, body, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("此记录已被他人修改", await stale.Content.ReadAsStringAsync());
        Assert.Equal("第一次", (await EditsKeepDataTests.StoredAsync(app, a.Id)).Columns["Notes"]);
    }
}
