using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Linli.Tests.Infrastructure;

/// <summary>
/// Keeps every log line a test server writes, before the console formatter masks anything, so that
/// <see cref="LinliApp"/> can check on disposal that no code logged an ID or mobile number at all.
/// </summary>
public sealed partial class KeptLog : ILoggerProvider
{
    readonly ConcurrentQueue<string> lines = new();
    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
    public void Dispose() { }

    /// <summary>18-character and 15-digit ID numbers and 11-digit mobile numbers, unmasked.</summary>
    [GeneratedRegex(@"(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9})(?![0-9])")]
    public static partial Regex UnmaskedNumber();

    sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
