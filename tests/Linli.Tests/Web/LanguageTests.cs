using System.Net;
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
        var used = UiTextKeys.InCode(root).ToList();
        // The scan finds the kinds it looks for: a validation message, a ModelState error, a refusal, a ProblemDetails.
        Assert.Contains("请输入用户名", used);
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
        var composed = UiTextKeys.ComposedMessages(root).ToList();
        Assert.True(composed.Count == 0, "composed in Chinese, so no other language can show them (write say[\"…{0}…\", x]):\n" + string.Join("\n", composed));
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
    public async Task AnOffSiteReturnUrlIsIgnored()
    {
        var response = await demo.App.Client().GetAsync("/culture?c=en&returnUrl=//evil.example/");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
