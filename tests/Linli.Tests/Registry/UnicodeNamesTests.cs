using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Linli.Cli;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

/// <summary>
/// Names with characters outside the BMP — CJK Extension B to G (𠮷, 𡈽 are real surnames and given-name
/// characters) and emoji — are saved on every channel, on both engines, stored exactly as sent, keyed without a
/// broken half (no U+FFFD in the search keys), and found by search.
/// </summary>
public partial class UnicodeNamesTests
{
    // Extension B 𠮷 U+20BB7, 𡈽 U+2123D, 𠀀 U+20000; C 𪜀 U+2A700; D 𫝀 U+2B740; E 𫠠 U+2B820; F 𬺰 U+2CEB0; G 𰀀 U+30000.
    const string ExtB = "\U00020BB7", ExtB2 = "\U0002123D", ExtB3 = "\U00020000", ExtC = "\U0002A700", ExtD = "\U0002B740",
        ExtE = "\U0002B820", ExtF = "\U0002CEB0", ExtG = "\U00030000", Emoji = "\U0001F600", Family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";

    static string Id(int n)
    {
        var first17 = $"11010219900101{n:000}";
        return first17 + NationalId.CheckDigit(first17);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task NamesOutsideTheBmpAreSavedOnEveryChannelAndFound(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var a = await EditsKeepDataTests.ArrangeAsync(app);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var saved = new List<(string Channel, string Name, long Id)>();

        // API POST
        var created = await cadre.PostAsJsonAsync("/api/v1/residents", new { householdId = a.Household, resident = new { name = ExtB + "野家", gender = "Male", relationToHead = "Other", residenceKind = "Resident" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var postedId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        saved.Add(("API POST", ExtB + "野家", postedId));

        // API PATCH and PUT
        var (_, etag) = await EditsKeepDataTests.GetAsync(cadre, postedId);
        var patched = await EditsKeepDataTests.SendAsync(cadre, HttpMethod.Patch, postedId, new JsonObject { ["name"] = ExtB2 + "明" + Emoji }, etag);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        saved[^1] = ("API PATCH", ExtB2 + "明" + Emoji, postedId);
        var (body, etag2) = await EditsKeepDataTests.GetAsync(cadre, a.Id);
        body["name"] = ExtC + ExtD + "华";
        Assert.Equal(HttpStatusCode.OK, (await EditsKeepDataTests.SendAsync(cadre, HttpMethod.Put, a.Id, body, etag2)).StatusCode);
        saved.Add(("API PUT", ExtC + ExtD + "华", a.Id));

        // The page: add a member, then edit a name.
        var add = $"/Registry/Household/{a.Household}/AddMember";
        var addForm = PageForm.Fields(await cadre.GetStringAsync(add), "edit-form");
        Set(addForm, "Input.Name", ExtE + "小" + Emoji);
        Set(addForm, "Input.Gender", "Female");
        var added = await cadre.PostAsync(add, new FormUrlEncodedContent(addForm));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var addedId = long.Parse(Regex.Match(added.Headers.Location!.OriginalString, @"\d+$").Value, CultureInfo.InvariantCulture);
        saved.Add(("page add", ExtE + "小" + Emoji, addedId));
        var edit = $"/Registry/Resident/{addedId}/Edit";
        var editForm = PageForm.Fields(await cadre.GetStringAsync(edit), "edit-form");
        Set(editForm, "Input.Name", ExtF + Family);
        Assert.Equal(HttpStatusCode.Redirect, (await cadre.PostAsync(edit, new FormUrlEncodedContent(editForm))).StatusCode);
        saved[^1] = ("page edit", ExtF + Family, addedId);

        // Imports: the API, the command line, the page's preview and confirm.
        string Csv(int first, params string[] names) =>
            "姓名,公民身份号码,与户主关系,户号\n" + string.Concat(names.Select((n, i) => $"{n},{Id(first + i)},{(i == 0 ? "本人" : "子女")},UNI-{first}\n"));
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(10, ExtG + "玲", "王" + ExtB3)));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "名册.csv");
            form.Add(new StringContent("CGJD-XFL-03"), "into");
            var imported = await lead.PostAsync("/api/v1/imports", form);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            Assert.Equal(2, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        }
        var path = Path.Combine(app.Database.DataDir, "名册-扩展字.csv");
        await File.WriteAllTextAsync(path, Csv(20, ExtB + "田" + ExtC, "李" + Emoji));
        string[] common = app.Database.Options.Db is { } conn ? ["--data", app.Database.DataDir, "--db", conn] : ["--data", app.Database.DataDir];
        var output = new StringWriter();
        var cliExit = await Verbs.RunAsync(["import", "residents", path, "--into", "CGJD-XFL-03", "--json", .. common], output, new StringWriter());
        Assert.True(cliExit == 0, output.ToString());
        Assert.Equal(2, JsonDocument.Parse(output.ToString()).RootElement.GetProperty("imported").GetInt32());

        var token = await LinliApp.AntiforgeryTokenAsync(lead, "/Registry/Import");
        using (var upload = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(a.Grid.ToString(CultureInfo.InvariantCulture)), "Input.UnitId" } })
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(30, ExtB2 + "芳", "赵" + ExtD + ExtE)));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            upload.Add(file, "Input.File", "名册.csv");
            var preview = await lead.PostAsync("/Registry/Import?handler=Preview", upload);
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var html = await preview.Content.ReadAsStringAsync();
            string Hidden(string name) => WebUtility.HtmlDecode(Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value);
            var confirm = await lead.PostAsync("/Registry/Import?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Hidden("__RequestVerificationToken"), ["Confirm.Upload"] = Hidden("Confirm.Upload"),
                ["Confirm.UnitId"] = Hidden("Confirm.UnitId"), ["Confirm.FileName"] = Hidden("Confirm.FileName"),
            }));
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        await using var db = app.Database.Target.CreateContext();
        foreach (var name in new[] { ExtG + "玲", "王" + ExtB3, ExtB + "田" + ExtC, "李" + Emoji, ExtB2 + "芳", "赵" + ExtD + ExtE })
        {
            var id = await db.Residents.Where(r => r.Name == name).Select(r => (long?)r.Id).FirstOrDefaultAsync();
            Assert.True(id is not null, $"the import did not store {name} as sent");
            saved.Add(("import", name, id!.Value));
        }

        foreach (var (channel, name, id) in saved)
        {
            Assert.Equal(name, await db.Residents.Where(r => r.Id == id).Select(r => r.Name).SingleAsync());
            var keys = await db.ResidentSearchKeys.Where(k => k.ResidentId == id).Select(k => k.Key).ToListAsync();
            Assert.DoesNotContain(keys, k => k.Contains('\uFFFD', StringComparison.Ordinal) || k.Any(char.IsSurrogate) && !IsWellFormed(k));
            Assert.True(await FindsAsync(cadre, name, id), $"{channel}: searching the full name {name} does not find it");
            var first = TextElements.Of(name)[0];
            Assert.True(await FindsAsync(cadre, first, id) || first.Length > ResidentSearchKey.MaxKeyLength, $"{channel}: searching {first} does not find {name}");
            var rare = TextElements.Of(name).First(e => char.IsSurrogate(e[0]));
            Assert.True(await FindsAsync(cadre, rare, id), $"{channel}: searching {rare} does not find {name}");
        }
    }

    static bool IsWellFormed(string s) => !TextElements.HasControlOrBroken(s);

    static void Set(List<KeyValuePair<string, string>> form, string name, string value)
    {
        var i = form.FindIndex(f => f.Key == name);
        Assert.True(i >= 0, $"no field {name}");
        form[i] = new(name, value);
    }

    static async Task<bool> FindsAsync(HttpClient client, string q, long id)
    {
        var found = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?limit=200&q={Uri.EscapeDataString(q)}");
        return found.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public void KeysInitialsAndCutsWorkInWholeCharacters()
    {
        var keys = ResidentSearchKey.KeysOf(ExtB + "野家", null).ToList();
        Assert.Contains(ExtB, keys);
        Assert.Contains(ExtB + "野", keys);
        Assert.All(keys, k => Assert.True(IsWellFormed(k), $"broken key {k}"));
        Assert.Equal("yj", Pinyin.Initials(ExtB + "野家").Split(' ')[0]);
        Assert.Equal("张", TextElements.Cut("张" + ExtB, 2));
        Assert.Single(TextElements.Of(Family));
        Assert.Equal(64, TextElements.CodePoints(string.Concat(Enumerable.Repeat(ExtB, 64))));
        Assert.Null(TextElements.Name(string.Concat(Enumerable.Repeat(ExtB, 64))).Error);
        Assert.NotNull(TextElements.Name(string.Concat(Enumerable.Repeat(ExtB, 65))).Error);
    }
}
