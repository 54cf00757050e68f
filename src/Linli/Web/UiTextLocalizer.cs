using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace Linli.Web;

/// <summary>
/// The JSON tables behind ASP.NET Core's localization: every <see cref="IStringLocalizer"/> the framework asks for,
/// whatever type or resource it names, is <see cref="UiText"/>, keyed by the Simplified Chinese text. So the
/// messages of validation attributes (<c>[Required(ErrorMessage = "请填写姓名")]</c>), the field names they quote,
/// ModelState errors written in code, and ProblemDetails of the API speak the user's language like the pages do.
/// </summary>
sealed class UiTextLocalizerFactory(UiText text) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => text;
    public IStringLocalizer Create(string baseName, string location) => text;
}

/// <summary>
/// Errors a page adds in code (<c>ModelState.AddModelError("", "用户名或密码不正确。")</c>, or a use case's reasons
/// passed on) are written in Simplified Chinese; before the page is rendered each one is looked up in the tables.
/// A message composed with values (a name, a number) has no entry and stays as it is.
/// </summary>
sealed class TranslateModelErrors(UiText text) : IAsyncAlwaysRunResultFilter
{
    public Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (CultureInfo.CurrentUICulture.Name != UiText.Default && context.ModelState.ErrorCount > 0)
            foreach (var (_, entry) in context.ModelState)
            {
                if (entry.Errors.Count == 0) continue;
                var translated = entry.Errors.Select(e => e.Exception is null ? new ModelError(text[e.ErrorMessage]) : e).ToList();
                entry.Errors.Clear();
                foreach (var e in translated) entry.Errors.Add(e);
            }
        return next();
    }
}

public static class UiTextLocalization
{
    /// <summary>IStringLocalizer over the JSON tables, for validation messages, ModelState errors and ProblemDetails.</summary>
    public static IServiceCollection AddUiTextLocalization(this IServiceCollection services)
    {
        services.AddSingleton<UiText>();
        services.AddSingleton<IStringLocalizerFactory, UiTextLocalizerFactory>();
        services.AddSingleton<IStringLocalizer>(sp => sp.GetRequiredService<UiText>());
        services.AddSingleton(typeof(IStringLocalizer<>), typeof(UiTextLocalizer<>));
        services.AddOptions<MvcOptions>().Configure<UiText>((o, text) =>
        {
            o.Filters.Add<TranslateModelErrors>();
            ModelBindingMessages.Apply(o.ModelBindingMessageProvider, text);
        });
        // ProblemDetails are translated by Problems.AddLinliProblems (titles, details and validation messages).
        return services;
    }
}

/// <summary>The typed localizer, for code that asks for one by its class: the same tables.</summary>
sealed class UiTextLocalizer<T>(UiText text) : IStringLocalizer<T>
{
    public LocalizedString this[string name] => ((IStringLocalizer)text)[name];
    public LocalizedString this[string name, params object[] arguments] => ((IStringLocalizer)text)[name, arguments];
    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => ((IStringLocalizer)text).GetAllStrings(includeParentCultures);
}

/// <summary>
/// What model binding says about a value it cannot read (a letter in a number field…): in Chinese, and then in the
/// user's language, instead of the framework's English ("The value 'x' is not valid for y.").
/// </summary>
static class ModelBindingMessages
{
    public const string AttemptedValueIsInvalid = "{1}的值“{0}”无效。";
    public const string ValueIsInvalid = "“{0}”无效。";
    public const string ValueMustBeANumber = "{0}应为数字。";
    public const string NumberIsInvalid = "应为数字。";
    public const string Missing = "请填写{0}。";
    public const string FieldValueIsInvalid = "{0}的值无效。";
    public const string Required = "缺少必填的值。";
    public const string BodyRequired = "缺少请求内容。";

    public static IEnumerable<string> All => [AttemptedValueIsInvalid, ValueIsInvalid, ValueMustBeANumber, NumberIsInvalid, Missing, FieldValueIsInvalid, Required, BodyRequired];

    public static void Apply(DefaultModelBindingMessageProvider p, UiText text)
    {
        string F(string template, params object?[] args) => string.Format(CultureInfo.CurrentCulture, text[template], args);
        p.SetAttemptedValueIsInvalidAccessor((value, field) => F(AttemptedValueIsInvalid, value, field));
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => F(ValueIsInvalid, value));
        p.SetUnknownValueIsInvalidAccessor(field => F(FieldValueIsInvalid, field));
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => F(Required));
        p.SetValueIsInvalidAccessor(value => F(ValueIsInvalid, value));
        p.SetValueMustBeANumberAccessor(field => F(ValueMustBeANumber, field));
        p.SetNonPropertyValueMustBeANumberAccessor(() => F(NumberIsInvalid));
        p.SetValueMustNotBeNullAccessor(value => F(ValueIsInvalid, value));
        p.SetMissingBindRequiredValueAccessor(field => F(Missing, field));
        p.SetMissingKeyOrValueAccessor(() => F(Required));
        p.SetMissingRequestBodyRequiredValueAccessor(() => F(BodyRequired));
    }
}
