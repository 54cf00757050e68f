using System.Net;
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
    public async Task AnOffSiteReturnUrlIsIgnored()
    {
        var response = await demo.App.Client().GetAsync("/culture?c=en&returnUrl=//evil.example/");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
