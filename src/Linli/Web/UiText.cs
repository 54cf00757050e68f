using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Linli.Web;

/// <summary>
/// The UI's words. Pages are written in Simplified Chinese, the default; the text itself is the key,
/// and Resources/zh-Hant.json and Resources/en.json give the other languages. A missing entry shows
/// the Simplified Chinese text rather than nothing. The same tables serve ASP.NET Core's localization as its
/// <see cref="IStringLocalizer"/> (<see cref="UiTextLocalization"/>): validation messages, ModelState errors, ProblemDetails.
/// </summary>
public sealed class UiText : IStringLocalizer
{
    public const string Default = "zh-Hans";
    public static readonly string[] Cultures = [Default, "zh-Hant", "en"];
    public static readonly IReadOnlyDictionary<string, string> CultureNames = new Dictionary<string, string>
    {
        [Default] = "简体中文", ["zh-Hant"] = "繁體中文", ["en"] = "English",
    };

    readonly FrozenDictionary<string, FrozenDictionary<string, string>> tables;

    /// <summary>
    /// The same tables for static helpers that have no services (a query-string parser): they say
    /// <c>var say = UiText.Shared;</c> and then <c>say["…{0}…", x]</c> as services do.
    /// </summary>
    public static UiText Shared { get; } = new();

    public UiText()
    {
        var asm = typeof(UiText).Assembly;
        tables = Cultures.Skip(1).ToFrozenDictionary(c => c, c =>
        {
            using var s = asm.GetManifestResourceStream($"Linli.Resources.{c}.json")
                ?? throw new InvalidOperationException($"missing embedded resource Resources/{c}.json");
            return (JsonSerializer.Deserialize<Dictionary<string, string>>(s) ?? []).ToFrozenDictionary();
        });
    }

    public string this[string text] => Translate(text, CultureInfo.CurrentUICulture.Name);

    /// <summary>
    /// A message composed with values, in the current UI language: <c>say["账号“{0}”已存在。", userName]</c>. The format,
    /// in Simplified Chinese, is the key; the translations keep its placeholders.
    /// </summary>
    public string this[string format, params object?[] args] => args.Length == 0 ? this[format]
        : string.Format(CultureInfo.CurrentCulture, this[format], [.. args.Select(a => a is Say s ? s.In(this) : a)]);

    /// <summary>A message composed elsewhere (<see cref="Say"/>), in the current UI language.</summary>
    public string this[Say message] => message.In(this);

    public string Translate(string text, string culture) =>
        tables.TryGetValue(culture, out var table) && table.TryGetValue(text, out var t) ? t : text;

    LocalizedString IStringLocalizer.this[string name] => Localized(name, null);

    LocalizedString IStringLocalizer.this[string name, params object[] arguments] => Localized(name, arguments);

    IEnumerable<LocalizedString> IStringLocalizer.GetAllStrings(bool includeParentCultures) =>
        Keys(CultureInfo.CurrentUICulture.Name).Select(k => Localized(k, null));

    LocalizedString Localized(string name, object[]? arguments)
    {
        var culture = CultureInfo.CurrentUICulture.Name;
        var found = !tables.TryGetValue(culture, out var table) || table.ContainsKey(name);
        var text = Translate(name, culture);
        if (arguments is { Length: > 0 }) text = string.Format(CultureInfo.CurrentCulture, text, arguments);
        return new LocalizedString(name, text, resourceNotFound: !found);
    }

    /// <summary>The keys a language has, so a test can find untranslated text.</summary>
    public IEnumerable<string> Keys(string culture) => tables.TryGetValue(culture, out var t) ? t.Keys : [];
}

static class CultureEndpoint
{
    /// <summary>/culture?c=en&amp;returnUrl=/ remembers the chosen language for a year.</summary>
    public static void MapCultureEndpoint(this WebApplication app) =>
        app.MapGet("/culture", (string c, string? returnUrl, HttpContext ctx) =>
        {
            if (!UiText.Cultures.Contains(c)) return Results.BadRequest();
            ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            var back = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
            return Results.LocalRedirect(back);
        }).AllowAnonymous().ExcludeFromDescription();
}
