namespace Linli.Cli;

/// <summary>
/// A parsed command line: one verb, its positional words, and its options. Options common to every
/// verb (--data, --db, --urls) may stand anywhere; LINLI_DB and LINLI_DATA fill what is not given.
/// </summary>
public sealed class CommandLine
{
    public string Verb { get; private init; } = "serve";
    public List<string> Words { get; } = [];
    public Dictionary<string, string> Values { get; } = [];
    public HashSet<string> Flags { get; } = [];

    static readonly string[] CommonValues = ["--data", "--db", "--urls"];

    public bool Has(string flag) => Flags.Contains(flag);
    public string? Value(string option) => Values.GetValueOrDefault(option);

    /// <summary>Parses args for the verb's own options; an unknown option is an error in plain words.</summary>
    public static CommandLine Parse(string[] args, Func<string, VerbSpec?> specOf, out string? error)
    {
        error = null;
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var spec = specOf(verb);
        var cl = new CommandLine { Verb = verb };
        if (spec is null)
        {
            error = $"不认识的命令“{verb}”。运行 linli help 查看可用命令。";
            return cl;
        }
        for (var i = verb == args.ElementAtOrDefault(0) ? 1 : 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                cl.Words.Add(a);
                continue;
            }
            var (name, inline) = a.IndexOf('=') is var eq and > 0 ? (a[..eq], a[(eq + 1)..]) : (a, null);
            if (CommonValues.Contains(name) || spec.Values.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
                if (value is null) { error = $"选项 {name} 后面需要一个值。"; return cl; }
                cl.Values[name] = value;
            }
            else if (spec.Flags.Contains(name) || name == "--help") cl.Flags.Add(name);
            else { error = $"命令 {verb} 没有选项 {name}。运行 linli help {verb} 查看用法。"; return cl; }
        }
        return cl;
    }

    public LinliOptions ToOptions()
    {
        var o = new LinliOptions
        {
            DataDir = Value("--data") ?? Environment.GetEnvironmentVariable("LINLI_DATA") ?? "./data",
            Db = Value("--db") ?? Environment.GetEnvironmentVariable("LINLI_DB"),
            Urls = Value("--urls") ?? Environment.GetEnvironmentVariable("LINLI_URLS") ?? LinliOptions.DefaultUrls,
            Demo = Has("--demo"),
        };
        if (Value("--seed") is { } seed && int.TryParse(seed, out var s)) o.DemoSeed = s;
        return o;
    }
}

/// <summary>What a verb accepts, and its line in `linli help`.</summary>
public sealed record VerbSpec(string Name, string Usage, string Summary, string[] Values, string[] Flags);
