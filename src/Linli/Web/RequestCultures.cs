using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Linli.Web;

/// <summary>
/// The UI language a request asks for, chosen as the localization middleware chooses it (its providers in their order:
/// ?culture=, then the culture cookie; a region falls back to its language, en-GB to en), also for answers written before
/// that middleware has run or where its choice does not flow (an unknown charset, a body too large, the error handlers).
/// </summary>
public static class RequestCultures
{
    public static string UiCultureOf(HttpContext ctx)
    {
        if (ctx.Features.Get<IRequestCultureFeature>() is { } chosen) return chosen.RequestCulture.UICulture.Name;
        var options = ctx.RequestServices.GetService<IOptions<RequestLocalizationOptions>>()?.Value;
        foreach (var provider in options?.RequestCultureProviders ?? [])
        {
            var asked = provider.DetermineProviderCultureResult(ctx);
            // The query-string and cookie providers answer at once; one that would have to wait is passed over.
            if (!asked.IsCompletedSuccessfully || asked.Result is not { } result) continue;
            foreach (var name in result.UICultures)
                if (Supported(name.Value) is { } culture) return culture;
        }
        return UiText.Default;
    }

    /// <summary>The supported culture a name asks for, trying its parents (zh-Hant-TW, zh-Hant); else null.</summary>
    static string? Supported(string? name)
    {
        while (name is { Length: > 0 })
        {
            if (UiText.Cultures.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase)) is { } culture) return culture;
            var dash = name.LastIndexOf('-');
            name = dash > 0 ? name[..dash] : null;
        }
        return null;
    }
}
