using System.CommandLine;
using Linli.Data;
using Linli.Features.Audit;
using Linli.Web;

namespace Linli.Cli;

/// <summary>
/// The one host of every verb, built once from the common options (--data, --db or LINLI_DB, --urls): the
/// server's own services, so that a verb gets its LinliDb, FieldCipher, TimeProvider, audit log, accounts and
/// health checks from the same composition the web server uses. `serve` runs this very host. Nothing is
/// opened until a verb asks for it, so a mistyped --data creates nothing.
/// </summary>
sealed class CliHost : IAsyncDisposable
{
    AsyncServiceScope? scope;

    CliHost(LinliOptions options, WebApplication app)
    {
        Options = options;
        App = app;
        Target = app.Services.GetRequiredService<DatabaseTarget>();
    }

    public LinliOptions Options { get; }
    public DatabaseTarget Target { get; }
    public WebApplication App { get; }

    public static CliHost Build(LinliOptions options, bool serving) =>
        // A verb that runs and ends speaks through its output: logs (with their stack traces) would only clutter
        // a script's standard output, e.g. `import --json`.
        new(options, LinliServer.Build(options, configure: serving ? null : b => b.Logging.ClearProviders()));

    /// <summary>A service of the verb's scope (one scope per run, like a web request).</summary>
    public T Get<T>() where T : notnull
    {
        scope ??= App.Services.CreateAsyncScope();
        return scope.Value.ServiceProvider.GetRequiredService<T>();
    }

    /// <summary>A verb that writes audit rows anchors the chain's head as it ends.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.Services.GetRequiredService<AuditAnchors>().AnchorIfWrittenAsync(CancellationToken.None);
        }
        finally
        {
            if (scope is { } s) await s.DisposeAsync();
            await App.DisposeAsync();
        }
    }
}

/// <summary>One run of a verb: its parsed command line, the host's services, where to write.</summary>
sealed class VerbRun(ParseResult parse, RootCommand root, CliHost? host, TextWriter output, TextWriter errors, CancellationToken ct)
{
    public ParseResult Parse => parse;
    public RootCommand Root => root;
    public CliHost Host => host ?? throw new InvalidOperationException("This verb was declared without a host (NeedsHost = false).");
    public LinliOptions Options => Host.Options;
    public DatabaseTarget Target => Host.Target;
    public TextWriter Output => output;
    public TextWriter Errors => errors;
    public CancellationToken Ct => ct;

    public T Get<T>() where T : notnull => Host.Get<T>();
    public T? Value<T>(Option<T> option) => parse.GetValue(option);
    public T? Value<T>(Argument<T> argument) => parse.GetValue(argument);
    public bool Has(Option<bool> flag) => parse.GetValue(flag);

    /// <summary>
    /// For verbs that work on an existing database: it must exist (a mistyped --data must not create an empty
    /// one) and be up to date. Says what to do when not.
    /// </summary>
    public async Task<bool> DatabaseReadyAsync()
    {
        if (!Target.IsPostgres && !File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Target.ConnectionString).DataSource))
        {
            await errors.WriteLineAsync($"{Target.Describe()} 不存在。请检查 --data 目录，或先运行 linli migrate（或 linli serve）完成初始设置。");
            return false;
        }
        var pending = await Migrator.PendingAsync(Target, ct);
        if (pending.Count > 0)
        {
            await errors.WriteLineAsync($"{Target.Describe()} 还有 {pending.Count} 个迁移未应用。请先运行 linli migrate。");
            return false;
        }
        return true;
    }
}
