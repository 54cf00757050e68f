using System.Globalization;

namespace Linli.Web;

/// <summary>
/// A message composed in one place and shown in another — a row of an import report, an exception a page
/// catches — kept as its Simplified Chinese format and its arguments, so that it is put into the reader's
/// language where it is shown: <c>new Say(format, row, new Say(reason))</c>, shown as
/// <c>text[message]</c> or <c>message.In(say)</c> (<see cref="UiText"/>). An argument that is itself a <see cref="Say"/> is put into
/// the same language. <see cref="ToString"/> is the Simplified Chinese text (the command line, logs, records).
/// Where a message is made and shown in one place, use the localizer at once: <c>say["账号“{0}”已存在。", name]</c>.
/// </summary>
public sealed record Say(string Format, params object?[] Args)
{
    /// <summary>The message in the current UI language.</summary>
    public string In(UiText say) => say[Format, Args];

    /// <summary>Simplified Chinese, whatever the thread's UI language.</summary>
    public override string ToString() =>
        Args.Length == 0 ? Format : string.Format(CultureInfo.CurrentCulture, Format, [.. Args.Select(a => a is Say s ? s.ToString() : a ?? "")]);
}
