using Linli.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Linli.Web;

/// <summary>
/// One line per event, "2026-11-28 09:30:01 warn  Category: message", in local time. Anything that
/// looks like a national ID or a mobile number is masked before it is written, whatever logged it.
/// </summary>
sealed class LinliConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "linli";

    public override void Write<TState>(in LogEntry<TState> entry, Microsoft.Extensions.Logging.IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = entry.Formatter?.Invoke(entry.State, entry.Exception);
        if (message is null && entry.Exception is null) return;
        var level = entry.LogLevel switch
        {
            LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info",
            LogLevel.Warning => "warn", LogLevel.Error => "fail", LogLevel.Critical => "crit", _ => "    ",
        };
        var line = $"{DateTime.Now:yyyy-MM-dd HH:mm:ss} {level}  {entry.Category}: {message}";
        if (entry.Exception is not null) line += Environment.NewLine + entry.Exception;
        textWriter.WriteLine(Masking.Redact(line));
    }
}

static class LinliLogging
{
    public static ILoggingBuilder AddLinliConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.FormatterName = LinliConsoleFormatter.Name);
        logging.AddConsoleFormatter<LinliConsoleFormatter, ConsoleFormatterOptions>();
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Session keys are kept in the database on purpose (several servers share them); the
        // warning that they are stored unencrypted would otherwise greet every start.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        return logging;
    }
}
