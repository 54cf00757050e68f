using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

/// <summary>
/// An edit changes what it means to change and nothing else, on every channel (the edit page, PUT, PATCH): each
/// editable field is edited alone and every other stored column — the encrypted numbers included — stays byte for
/// byte, the labels stay, and the history gets only the rows of that field.
/// </summary>
public partial class EditsKeepDataTests
{
    internal sealed record Arranged(long Id, long Household, long Grid, long TagA, long TagB, string TagBName, long Sensitive);

    internal static async Task<Arranged> ArrangeAsync(LinliApp app, int skip = 5)
    {
        await using var db = app.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
        var r = await db.Residents.Where(x => x.GridId == third.Id && x.PhoneCipher != null && x.NationalIdCipher != null
                && x.RelationToHead != RelationToHead.Self && x.Status == ResidentStatus.Active && x.HouseholdId != null)
            .OrderBy(x => x.Id).Skip(skip).FirstAsync();
        r.Education = "高中";
        r.PoliticalStatus = "群众";
        r.MaritalStatus = "已婚";
        r.Notes = "第一行\n第二行";
        r.Ethnicity = "汉族";
        var visible = await db.Tags.Where(t => !t.IsSensitive).OrderBy(t => t.Id).Take(2).ToListAsync();
        var sensitive = await db.Tags.Where(t => t.IsSensitive).OrderBy(t => t.Id).FirstAsync();
        db.ResidentTags.RemoveRange(db.ResidentTags.Where(rt => rt.ResidentId == r.Id));
        db.ResidentTags.Add(new ResidentTag { ResidentId = r.Id, TagId = visible[0].Id, GridId = r.GridId });
        db.ResidentTags.Add(new ResidentTag { ResidentId = r.Id, TagId = sensitive.Id, GridId = r.GridId });
        await db.SaveChangesAsync();
        return new Arranged(r.Id, r.HouseholdId!.Value, third.Id, visible[0].Id, visible[1].Id, visible[1].Name, sensitive.Id);
    }

    /// <summary>Every stored column of the resident as text (byte arrays in hex), and all its labels.</summary>
    internal sealed record Stored(Dictionary<string, string> Columns, List<long> Tags, long LastChange)
    {
        public int Version => int.Parse(Columns[nameof(Resident.Version)], CultureInfo.InvariantCulture);
    }

    internal static async Task<Stored> StoredAsync(LinliApp app, long id)
    {
        await using var db = app.Database.Target.CreateContext();
        var r = await db.Residents.AsNoTracking().SingleAsync(x => x.Id == id);
        var columns = typeof(Resident).GetProperties().ToDictionary(p => p.Name, p => p.GetValue(r) switch
        {
            null => "(null)",
            byte[] b => Convert.ToHexString(b),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        });
        var tags = await db.ResidentTags.Where(t => t.ResidentId == id).Select(t => t.TagId).OrderBy(t => t).ToListAsync();
        var last = await db.ResidentChanges.Where(c => c.ResidentId == id).Select(c => (long?)c.Id).MaxAsync() ?? 0;
        return new Stored(columns, tags, last);
    }

    static async Task<List<string>> ChangedFieldsSinceAsync(LinliApp app, long id, long after)
    {
        await using var db = app.Database.Target.CreateContext();
        return await db.ResidentChanges.Where(c => c.ResidentId == id && c.Id > after).Select(c => c.Field).ToListAsync();
    }

    /// <summary>One editable field: its JSON name, its form name, its history label, the columns it may change, and a new value.</summary>
    sealed record FieldEdit(string Json, string Input, string[] Labels, string[] Columns, Func<Dictionary<string, string>, int, Arranged, string> NewValue);

    static readonly FieldEdit[] Edits =
    [
        new("name", "Input.Name", ["姓名"], ["Name"], (_, n, _) => $"改名{n}号"),
        new("nationalId", "Input.NationalId", ["公民身份号码", "性别", "出生日期"], ["NationalIdCipher", "NationalIdHash", "NationalIdMasked", "Gender", "BirthDate"],
            (_, n, _) => IdNumber(n)),
        new("gender", "Input.Gender", ["性别"], ["Gender"], (c, _, _) => c["Gender"] == "Male" ? "Female" : "Male"),
        new("birthDate", "Input.BirthDate", ["出生日期"], ["BirthDate"],
            (c, n, _) => new DateOnly(1950, 1, 1).AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("phone", "Input.Phone", ["联系电话"], ["PhoneCipher", "PhoneHash", "PhoneMasked"], (_, n, _) => $"1390000{n:0000}"),
        new("ethnicity", "Input.Ethnicity", ["民族"], ["Ethnicity"], (c, _, _) => c["Ethnicity"] == "回族" ? "汉族" : "回族"),
        // The page chooses a GB/T 4761 code (Input.RelationCode: 20 子, 80 其他); the API names the category.
        new("relationToHead", "Input.RelationToHead", ["与户主关系"], ["RelationToHead", "RelationCode"], (c, _, _) => c["RelationToHead"] == "Child" ? "Other" : "Child"),
        new("residenceKind", "Input.ResidenceKind", ["居住类型"], ["ResidenceKind"], (c, _, _) => c["ResidenceKind"] == "Registered" ? "Resident" : "Registered"),
        new("education", "Input.Education", ["文化程度"], ["Education"], (_, n, _) => $"大专{n}"),
        new("politicalStatus", "Input.PoliticalStatus", ["政治面貌"], ["PoliticalStatus"], (_, n, _) => $"群众{n}"),
        new("maritalStatus", "Input.MaritalStatus", ["婚姻状况"], ["MaritalStatus"], (_, n, _) => $"未婚{n}"),
        new("notes", "Input.Notes", ["备注"], ["Notes"], (_, n, _) => $"第{n}次修改\n第二行"),
        new("tags", "Input.TagIds", ["人员标签"], [], (_, _, a) => a.TagBName),
    ];

    static string IdNumber(int n)
    {
        var first17 = $"11010119800101{n:000}";
        return first17 + NationalId.CheckDigit(first17);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnEditOfOneFieldLeavesEveryOtherFieldByteIdenticalOnThePagePutAndPatch(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var a = await ArrangeAsync(app);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var n = 0;
        foreach (var channel in new[] { "page", "PUT", "PATCH" })
            foreach (var edit in Edits)
            {
                n++;
                var before = await StoredAsync(app, a.Id);
                var value = edit.NewValue(before.Columns, n, a);
                var answer = channel switch
                {
                    "page" => await EditOnThePageAsync(cadre, a, edit, value),
                    "PUT" => await PutAsync(cadre, a, edit, value),
                    _ => await PatchAsync(cadre, a, edit, value),
                };
                var what = $"{channel} {edit.Json}";
                Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{what}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                var after = await StoredAsync(app, a.Id);
                var changed = before.Columns.Keys.Where(k => before.Columns[k] != after.Columns[k] && k != nameof(Resident.Version)).ToList();
                Assert.True(changed.All(edit.Columns.Contains), $"{what} also changed {string.Join(", ", changed.Except(edit.Columns))}");
                Assert.Equal(before.Version + 1, after.Version);
                var history = await ChangedFieldsSinceAsync(app, a.Id, before.LastChange);
                Assert.Contains(edit.Labels[0], history);
                Assert.True(history.All(edit.Labels.Contains), $"{what} wrote history rows for {string.Join(", ", history)}");
                if (edit.Json == "tags")
                    Assert.Equal([a.TagB], before.Tags.Except(after.Tags).Union(after.Tags.Except(before.Tags)).ToList());
                else
                {
                    Assert.NotEmpty(changed);
                    Assert.Equal(before.Tags, after.Tags);
                }
                Assert.Contains(a.Sensitive, after.Tags);
            }

        // Sending back exactly what was shown changes nothing, on every channel: no column, no version, no history row.
        var still = await StoredAsync(app, a.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await EditOnThePageAsync(cadre, a, null, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(cadre, a, null, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(cadre, a, null, null)).StatusCode);
        var unchanged = await StoredAsync(app, a.Id);
        Assert.Equal(still.Columns, unchanged.Columns);
        Assert.Equal(still.LastChange, unchanged.LastChange);
    }

    // ------------------------------------------------------------------ the three channels

    static async Task<HttpResponseMessage> EditOnThePageAsync(HttpClient client, Arranged a, FieldEdit? edit, string? value)
    {
        var url = $"/Registry/Resident/{a.Id}/Edit";
        var fields = PageForm.Fields(await client.GetStringAsync(url), "edit-form");
        if (edit is not null)
        {
            if (edit.Json == "tags")
            {
                var ticked = fields.Any(f => f.Key == edit.Input && f.Value == a.TagB.ToString(CultureInfo.InvariantCulture));
                fields.RemoveAll(f => f.Key == edit.Input && f.Value == a.TagB.ToString(CultureInfo.InvariantCulture));
                if (!ticked) fields.Add(new(edit.Input, a.TagB.ToString(CultureInfo.InvariantCulture)));
            }
            else if (edit.Json == "relationToHead")
            {
                var i = fields.FindIndex(f => f.Key == "Input.RelationCode");
                Assert.True(i >= 0, "the page has no field Input.RelationCode");
                fields[i] = new("Input.RelationCode", value == "Child" ? "20" : "80");
            }
            else
            {
                var i = fields.FindIndex(f => f.Key == edit.Input);
                Assert.True(i >= 0, $"the page has no field {edit.Input}");
                fields[i] = new(edit.Input, value!.ReplaceLineEndings("\r\n"));
            }
        }
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    internal static async Task<(JsonObject Body, EntityTagHeaderValue ETag)> GetAsync(HttpClient client, long id)
    {
        var response = await client.GetAsync($"/api/v1/residents/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response.Headers.ETag!);
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, long id, JsonNode body, EntityTagHeaderValue? etag, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, $"/api/v1/residents/{id}") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType) };
        if (etag is not null) request.Headers.IfMatch.Add(etag);
        return await client.SendAsync(request);
    }

    static JsonNode? ValueFor(FieldEdit edit, string value, JsonObject current)
    {
        if (edit.Json != "tags") return JsonValue.Create(value);
        var tags = current["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        if (!tags.Remove(value)) tags.Add(value);
        return new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
    }

    static async Task<HttpResponseMessage> PutAsync(HttpClient client, Arranged a, FieldEdit? edit, string? value)
    {
        var (body, etag) = await GetAsync(client, a.Id);
        if (edit is not null) body[edit.Json] = ValueFor(edit, value!, body);
        return await SendAsync(client, HttpMethod.Put, a.Id, body, etag);
    }

    static async Task<HttpResponseMessage> PatchAsync(HttpClient client, Arranged a, FieldEdit? edit, string? value)
    {
        var (current, etag) = await GetAsync(client, a.Id);
        var patch = new JsonObject();
        if (edit is not null) patch[edit.Json] = ValueFor(edit, value!, current);
        return await SendAsync(client, HttpMethod.Patch, a.Id, patch, etag, "application/merge-patch+json");
    }
}

/// <summary>The fields a browser would post from a form of the page: inputs, checked boxes, selected options, textareas.</summary>
static partial class PageForm
{
    public static List<KeyValuePair<string, string>> Fields(string html, string formClass)
    {
        var form = Regex.Match(html, $"<form[^>]*class=\"[^\"]*{formClass}[^\"]*\"[^>]*>(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, $"no form .{formClass} on the page");
        var body = form.Groups[1].Value;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match m in Regex.Matches(body, @"<input\b([^>]*)>"))
        {
            var attrs = Attributes(m.Groups[1].Value);
            if (!attrs.TryGetValue("name", out var name)) continue;
            var type = attrs.GetValueOrDefault("type", "text");
            if (type is "checkbox" or "radio" && !attrs.ContainsKey("checked")) continue;
            if (type is "submit" or "button") continue;
            fields.Add(new(name, attrs.GetValueOrDefault("value", "")));
        }
        foreach (Match m in Regex.Matches(body, @"<select\b([^>]*)>(.*?)</select>", RegexOptions.Singleline))
        {
            var options = Regex.Matches(m.Groups[2].Value, @"<option\b([^>]*)>").Select(o => Attributes(o.Groups[1].Value)).ToList();
            var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
            fields.Add(new(Attributes(m.Groups[1].Value)["name"], chosen?.GetValueOrDefault("value", "") ?? ""));
        }
        foreach (Match m in Regex.Matches(body, @"<textarea\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline))
        {
            var text = WebUtility.HtmlDecode(m.Groups[2].Value);
            if (text.StartsWith("\r\n", StringComparison.Ordinal)) text = text[2..];
            else if (text.StartsWith('\n')) text = text[1..];
            fields.Add(new(Attributes(m.Groups[1].Value)["name"], text.ReplaceLineEndings("\r\n")));
        }
        return fields;
    }

    static Dictionary<string, string> Attributes(string s) =>
        AttributeRegex().Matches(s).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));

    [GeneratedRegex("([\\w.-]+)(?:=\"([^\"]*)\")?")]
    private static partial Regex AttributeRegex();
}
