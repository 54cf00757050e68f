using System.Net;
using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Tests.Infrastructure;
using Linli.Web;

namespace Linli.Tests.Web;

public class LanguageTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Theory]
    [InlineData("zh-Hans", "登录", "用户名")]
    [InlineData("zh-Hant", "登錄", "用戶名")]
    [InlineData("en", "Sign in", "User name")]
    public async Task TheLoginPageSpeaksTheChosenLanguage(string culture, string title, string label)
    {
        var client = demo.App.Client();
        var choose = await client.GetAsync($"/culture?c={culture}&returnUrl=/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, choose.StatusCode);
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains($">{label}</label>", html);
    }

    [Fact]
    public async Task SimplifiedChineseIsTheDefault()
    {
        var html = await demo.App.Client().GetStringAsync("/Account/Login");
        Assert.Contains("<html lang=\"zh-Hans\">", html);
    }

    [Fact]
    public void EveryTextOnThePagesHasATranslation()
    {
        var text = new UiText();
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Linli"));
        var used = UiTextKeys.InPages(root).ToList();
        Assert.NotEmpty(used);
        foreach (var culture in new[] { "zh-Hant", "en" })
        {
            var missing = used.Except(text.Keys(culture)).ToList();
            Assert.True(missing.Count == 0, $"{culture} lacks: {string.Join(" | ", missing)}");
        }
    }

    [Fact]
    public void EveryMessageWrittenInCodeHasATranslation()
    {
        var text = new UiText();
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Linli"));
        var used = UiTextKeys.InCode(root).Concat(UiTextKeys.RefusalMessages(root)).Distinct().ToList();
        // The scan finds the kinds it looks for: a validation message, a ModelState error, a refusal, a ProblemDetails,
        // a use case's refusal after the field it names, a task's refusal.
        Assert.Contains("请输入用户名", used);
        Assert.Contains("请选择申请的户（在人口房屋中查找）。", used);
        Assert.Contains("只有街道可以下达任务。", used);
        Assert.Contains("用户名或密码不正确。", used);
        Assert.Contains("请指定管辖范围。", used);
        Assert.Contains("管理员账号须先启用两步验证（TOTP）。", used);
        foreach (var culture in new[] { "zh-Hant", "en" })
        {
            var missing = used.Except(text.Keys(culture)).ToList();
            Assert.True(missing.Count == 0, $"{culture} lacks: {string.Join(" | ", missing)}");
        }
    }

    [Fact]
    public void NoMessageAPersonReadsIsComposedInChinese()
    {
        // The check sees such lines: a refusal, a form's error, a ProblemDetails, a key itself interpolated; and not the
        // same messages written through the localizer, nor an audit row.
        const string sample = """
            if (taken) return Result.Fail($"账号“{userName}”已存在。");
            if (dup) errors[nameof(f.Name)] = $"本社区已有名为“{name}”的服务。";
            return TypedResults.Problem(title: "请求体太大", detail: $"请求体不能超过 {max} KB。");
            ModelState.AddModelError("", say[$"第 {row} 行有误"]);
            if (taken) return Result.Fail(say["账号“{0}”已存在。", userName]);
            await audit.WriteAsync(db, AuditActions.UserAdd, null, null, $"新增账号 {userName}", ct: ct);
            """;
        var caught = UiTextKeys.ComposedIn(sample).ToList();
        Assert.Equal(["1", "2", "3", "4"], caught.Select(c => c.Split(':')[0]));

        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Linli"));
        var composed = UiTextKeys.ComposedMessages(root).Concat(UiTextKeys.ComposedRefusals(root)).Distinct().ToList();
        Assert.True(composed.Count == 0, "composed in Chinese, so no other language can show them (write say[\"…{0}…\", x]):\n" + string.Join("\n", composed));
    }

    [Fact]
    public void TheScanSeesARefusalWhereverItsMessageSits()
    {
        const string sample = """
            if (f.HouseholdId is null) return Outcome.Fail(nameof(f.HouseholdId), "请选择申请的户。");
            catch (DbUpdateConcurrencyException) { return Outcome.Fail("", "这份申请刚被别人修改过。"); }
            if (title.Length > 100) return Refusals.Invalid<AssignedTask>("任务名称：请填写，不超过 100 字。");
            if (street is null) return new(null, TaskRefusal.Forbidden, "只有街道可以下达任务。");
            if (text is null) return (null, "请填写异议的内容。");
            if (note is null) return Outcome.Fail(nameof(f.Note), grievance ? "请填写处理意见。" : "请填写答复。");
            if (past) return Refusals.Invalid<AssignedTask>($"截止日期：{date:yyyy-MM-dd} 已经过去，{string.Join("、", names)}。");
            if (error is not null) return Invalid(error.Contains("签收", StringComparison.Ordinal) ? "signedBy" : "recipientId", error);
            await audit.WriteAsync(db, AuditActions.TaskWrite, null, null, "下达任务", ct: ct);
            return Refusals.NotFound<TaskView>();
            """;
        var found = UiTextKeys.RefusalsIn(sample).ToList();
        Assert.Equal(
            ["1 请选择申请的户。", "2 这份申请刚被别人修改过。", "3 任务名称：请填写，不超过 100 字。", "4 只有街道可以下达任务。",
             "5 请填写异议的内容。", "6 请填写处理意见。", "6 请填写答复。"],
            found.Where(f => !f.Composed).Select(f => $"{f.Line} {f.Text}"));
        Assert.Equal(["7"], found.Where(f => f.Composed).Select(f => f.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task AMessageComposedWithAValueSpeaksEnglishAndKeepsTheValue()
    {
        var client = await demo.App.ClientForAsync(Roles.CommunityLead);
        await client.GetAsync("/culture?c=en&returnUrl=/");
        var html = await client.GetStringAsync("/Registry/Residents?ageMin=abc&bornFrom=1990&bornTo=1980");
        Assert.Contains("Minimum age must be a whole number from 0 to 150; it is “abc”.", html);
        Assert.Contains("“Born in or before” (1980) cannot be earlier than “born in or after” (1990).", html);
        Assert.DoesNotContain("应为 0 到 150 之间的整数", html);
    }

    [Theory]
    [InlineData("en", "Please enter your user name", "Incorrect user name or password.")]
    [InlineData("zh-Hant", "請輸入用戶名", "用戶名或密碼不正確。")]
    public async Task ValidationMessagesAndErrorsWrittenInCodeSpeakTheChosenLanguage(string culture, string required, string wrong)
    {
        var client = demo.App.Client();
        await client.GetAsync($"/culture?c={culture}&returnUrl=/Account/Login");
        var empty = await LinliApp.LoginAsync(client, "", "");
        var html = await empty.Content.ReadAsStringAsync();
        Assert.Contains(required, html);
        Assert.DoesNotContain("请输入用户名", html);
        var refused = await (await LinliApp.LoginAsync(client, "nobody-here", "wrong-password-1")).Content.ReadAsStringAsync();
        Assert.Contains(wrong, refused);
        Assert.DoesNotContain("用户名或密码不正确", refused);
    }

    [Fact]
    public async Task AResidentFormWithoutANameSaysSoInEnglish()
    {
        var client = await demo.App.ClientForAsync(Roles.GridCadre);
        await client.GetAsync("/culture?c=en&returnUrl=/");
        var id = Regex.Match(await client.GetStringAsync("/Registry/Residents"), @"/Registry/Resident/(\d+)").Groups[1].Value;
        Assert.NotEmpty(id);
        var url = $"/Registry/Resident/{id}/Edit";
        var form = Linli.Tests.Registry.PageForm.Fields(await client.GetStringAsync(url), "edit-form");
        form[form.FindIndex(f => f.Key == "Input.Name")] = new("Input.Name", "");
        var page = WebUtility.HtmlDecode(await (await client.PostAsync(url, new FormUrlEncodedContent(form))).Content.ReadAsStringAsync());
        var nameError = Regex.Match(page, "data-valmsg-for=\"Input.Name\"[^>]*>([^<]+)<");
        Assert.True(nameError.Success, "no message next to the name");
        Assert.Equal("Please fill in the name", nameError.Groups[1].Value.Trim());
        Assert.DoesNotContain("请填写姓名", page);
    }

    [Fact]
    public async Task TheSectionsOtherModulesAddToAResidentPageSpeakEnglish()
    {
        var client = await demo.App.ClientForAsync(Roles.CommunityLead);
        await client.GetAsync("/culture?c=en&returnUrl=/");
        var id = Regex.Match(await client.GetStringAsync("/Registry/Residents"), @"/Registry/Resident/(\d+)").Groups[1].Value;
        Assert.NotEmpty(id);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/Resident/{id}"));
        Assert.Contains("<h3>Recent visits</h3>", page);
        foreach (var chinese in new[] { "最近走访", "还没有走访记录", "进行中的事件", "救助情况", "没有救助申请", "最近服务", "没有服务单", "社区活动与志愿服务", "今年参加社区活动", "走访 ·" })
            Assert.DoesNotContain(chinese, page);
    }

    [Theory]
    [InlineData("en", "", "Unsupported character set", "The character set “no-such-charset” named in the request's Content-Type is not recognised")]
    [InlineData(null, "?culture=en-GB", "Unsupported character set", "The character set “no-such-charset” named in the request's Content-Type is not recognised")]
    [InlineData(null, "", "不支持的字符集", "请求的 Content-Type 写的字符集“no-such-charset”无法识别")]
    public async Task AnUnknownCharsetIsRefusedInTheRequestersLanguage(string? chosen, string query, string title, string detail)
    {
        var client = demo.App.Client();
        if (chosen is not null) await client.GetAsync($"/culture?c={chosen}&returnUrl=/");
        var body = new StringContent("{}", System.Text.Encoding.UTF8);
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=no-such-charset");
        var answer = await client.PostAsync("/api/v1/residents" + query, body);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOffSiteReturnUrlIsIgnored()
    {
        var response = await demo.App.Client().GetAsync("/culture?c=en&returnUrl=//evil.example/");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
