using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Registry;

/// <summary>
/// Input is checked where it comes in, with a Chinese message that names the field: values outside an enumeration,
/// control characters, masked numbers, incomplete PUT bodies, unknown character sets. Nothing bad is stored.
/// </summary>
public class EditInputTests
{
    static async Task<string> ErrorOfAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        return messages[0].GetString()!;
    }

    [Fact]
    public async Task BadValuesAreRefusedAtTheEdgeAndNothingIsStored()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var a = await EditsKeepDataTests.ArrangeAsync(app);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var before = await EditsKeepDataTests.StoredAsync(app, a.Id);
        var (body, etag) = await EditsKeepDataTests.GetAsync(cadre, a.Id);
        Task<HttpResponseMessage> Patch(JsonObject patch) => EditsKeepDataTests.SendAsync(cadre, HttpMethod.Patch, a.Id, patch, etag);

        Assert.Contains("性别", await ErrorOfAsync(await Patch(new() { ["gender"] = 99 }), "gender"));
        Assert.Contains("与户主关系", await ErrorOfAsync(await Patch(new() { ["relationToHead"] = 12345 }), "relationToHead"));
        Assert.Contains("居住类型", await ErrorOfAsync(await Patch(new() { ["residenceKind"] = "Alien" }), "residenceKind"));
        Assert.Contains("请填写姓名", await ErrorOfAsync(await Patch(new() { ["name"] = "\0" }), "name"));
        Assert.Contains("控制字符", await ErrorOfAsync(await Patch(new() { ["name"] = "张\u001b三" }), "name"));
        Assert.Contains("控制字符", await ErrorOfAsync(await Patch(new() { ["name"] = "张\b三" }), "name"));
        Assert.Contains("不能为空", await ErrorOfAsync(await Patch(new() { ["name"] = null }), "name"));
        Assert.Contains("脱敏", await ErrorOfAsync(await Patch(new() { ["phone"] = "188****0000" }), "phone"));
        Assert.Contains("脱敏", await ErrorOfAsync(await Patch(new() { ["nationalId"] = "1101**********0000" }), "nationalId"));
        Assert.Contains("yyyy-MM-dd", await ErrorOfAsync(await Patch(new() { ["birthDate"] = "去年" }), "birthDate"));
        Assert.Contains("没有这一项", await ErrorOfAsync(await Patch(new() { ["phon"] = "13900001111" }), "phon"));
        Assert.Contains("没有这个人员标签", await ErrorOfAsync(await Patch(new() { ["tags"] = new JsonArray("不存在的标签") }), "tags"));

        // A PUT with only a name is refused, naming each missing field; nothing is cleared.
        using (var onlyName = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/residents/{a.Id}") { Content = JsonContent.Create(new { name = "只有姓名" }) })
        {
            onlyName.Headers.IfMatch.Add(etag);
            var refused = await cadre.SendAsync(onlyName);
            foreach (var field in new[] { "gender", "birthDate", "phone", "education", "politicalStatus", "maritalStatus", "tags", "relationToHead" })
                Assert.Contains("缺少", await ErrorOfAsync(refused, field));
        }
        var posted = await cadre.PostAsJsonAsync("/api/v1/residents", new { householdId = a.Household, resident = new { name = "新人", gender = 99 } });
        Assert.Contains("性别", await ErrorOfAsync(posted, "gender"));

        // An unknown character set is 415 with a sentence, on the API and on a page.
        var charset = new StringContent("{\"notes\":\"x\"}", Encoding.UTF8);
        charset.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=no-such-charset");
        using (var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/residents/{a.Id}") { Content = charset })
        {
            request.Headers.IfMatch.Add(etag);
            var answer = await cadre.SendAsync(request);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
            Assert.Contains("字符集", await answer.Content.ReadAsStringAsync());
        }
        var pageForm = new StringContent("Input.Name=x", Encoding.UTF8);
        pageForm.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=no-such-charset");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await cadre.PostAsync($"/Registry/Resident/{a.Id}/Edit", pageForm)).StatusCode);

        var after = await EditsKeepDataTests.StoredAsync(app, a.Id);
        Assert.Equal(before.Columns, after.Columns);
        Assert.Equal(before.LastChange, after.LastChange);

        // On the page: a gender of 99 and a name of nothing but a control character are named next to their fields.
        var url = $"/Registry/Resident/{a.Id}/Edit";
        var form = PageForm.Fields(await cadre.GetStringAsync(url), "edit-form");
        form[form.FindIndex(f => f.Key == "Input.Gender")] = new("Input.Gender", "99");
        var page = WebUtility.HtmlDecode(await (await cadre.PostAsync(url, new FormUrlEncodedContent(form))).Content.ReadAsStringAsync());
        var genderError = System.Text.RegularExpressions.Regex.Match(page, "data-valmsg-for=\"Input.Gender\"[^>]*>([^<]+)<");
        Assert.True(genderError.Success && genderError.Groups[1].Value.Contains("性别的值“99”无效", StringComparison.Ordinal), "no message next to 性别");
        form = PageForm.Fields(await cadre.GetStringAsync(url), "edit-form");
        form[form.FindIndex(f => f.Key == "Input.Name")] = new("Input.Name", "\u0007");
        page = WebUtility.HtmlDecode(await (await cadre.PostAsync(url, new FormUrlEncodedContent(form))).Content.ReadAsStringAsync());
        Assert.Contains("请填写姓名", page);
        Assert.Equal(before.Columns, (await EditsKeepDataTests.StoredAsync(app, a.Id)).Columns);

        // Control characters elsewhere are dropped, not stored.
        var cleaned = await Patch(new() { ["notes"] = "好\b的\u0000\n第二行", ["education"] = "高\u001b中专" });
        Assert.Equal(HttpStatusCode.OK, cleaned.StatusCode);
        var stored = await EditsKeepDataTests.StoredAsync(app, a.Id);
        Assert.Equal("好的\n第二行", stored.Columns["Notes"]);
        Assert.Equal("高中专", stored.Columns["Education"]);
    }
}
