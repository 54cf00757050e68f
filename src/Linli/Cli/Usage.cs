using System.CommandLine;
using System.CommandLine.Help;

namespace Linli.Cli;

/// <summary>
/// Usage lines and `linli help`, generated from the verbs' own options and arguments: the usage of a verb is
/// written once, where its options are declared.
/// </summary>
static class Usage
{
    public const string Title = "linli —— 邻里，社区居委会工作台";

    /// <summary>`user add` for the sub-verb add of user; `serve` for the root (which serves).</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault()) names.Insert(0, c.Name);
        return names.Count == 0 ? "serve" : string.Join(' ', names);
    }

    public static string TopVerbOf(Command command) => PathOf(command).Split(' ')[0];

    /// <summary>One line per thing the verb can do: `linli user add NAME --role ROLE --org ORGUNIT [--display-name 姓名]`.</summary>
    public static IEnumerable<string> LinesOf(Command command)
    {
        if (command.Subcommands.Count > 0 && command is not RootCommand)
        {
            foreach (var line in command.Subcommands.SelectMany(LinesOf)) yield return line;
            yield break;
        }
        var words = new List<string> { command is RootCommand || command.Name == "serve" ? "linli [serve]" : "linli " + PathOf(command) };
        foreach (var a in command.Arguments.Where(a => !a.Hidden))
            words.Add(a.Arity.MinimumNumberOfValues > 0 ? a.Name : a.Arity.MaximumNumberOfValues > 1 ? $"[{a.Name}…]" : $"[{a.Name}]");
        var options = OwnOptions(command).Concat((command as VerbCommand)?.AlsoShows ?? []).ToList();
        words.AddRange(options.Where(o => o.Required).Select(Shown));
        words.AddRange(options.Where(o => !o.Required).Select(o => $"[{Shown(o)}]"));
        yield return string.Join(' ', words);
    }

    /// <summary>What `linli help` prints: every verb with its usage and what it does, then the options common to all.</summary>
    public static void WriteOverview(RootCommand root, TextWriter output)
    {
        output.WriteLine(Title);
        output.WriteLine();
        foreach (var verb in root.Subcommands.OfType<VerbCommand>())
        {
            foreach (var line in LinesOf(verb)) output.WriteLine("  " + line);
            output.WriteLine("      " + verb.Description);
        }
        output.WriteLine();
        WriteCommon(root, output);
        output.WriteLine("\n运行 linli help 命令（如 linli help import）或 linli 命令 --help 查看一个命令的选项。");
    }

    /// <summary>What `linli help VERB` and `linli VERB --help` print.</summary>
    public static void WriteVerb(RootCommand root, Command verb, TextWriter output)
    {
        var lines = LinesOf(verb).ToList();
        output.WriteLine("用法：" + lines[0]);
        foreach (var line in lines.Skip(1)) output.WriteLine("      " + line);
        output.WriteLine(verb.Description);
        var rows = new List<(string Left, string Right)>();
        foreach (var c in verb.Subcommands.Count > 0 ? verb.Subcommands.Prepend(verb) : [verb])
        {
            if (c != verb) rows.Add(($"{c.Name}", c.Description ?? ""));
            rows.AddRange(c.Arguments.Where(a => !a.Hidden && !rows.Any(r => r.Left == a.Name)).Select(a => (a.Name, a.Description ?? "")));
            rows.AddRange(OwnOptions(c).Where(o => !rows.Any(r => r.Left == Shown(o))).Select(o => (Shown(o), o.Description ?? "")));
        }
        if (rows.Count > 0)
        {
            output.WriteLine();
            WriteRows(rows, output);
        }
        output.WriteLine();
        WriteCommon(root, output);
    }

    static void WriteCommon(RootCommand root, TextWriter output)
    {
        output.WriteLine("通用选项（每个命令都可用）：");
        WriteRows(root.Options.Where(o => o.Recursive && o is not VersionOption && !o.Hidden)
            .Select(o => (o is HelpOption ? "-h, --help" : Shown(o), o is HelpOption ? "显示帮助" : o.Description ?? "")).ToList(), output);
    }

    static void WriteRows(List<(string Left, string Right)> rows, TextWriter output)
    {
        var width = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, right) in rows) output.WriteLine($"  {left.PadRight(width)}{right}");
    }

    static IEnumerable<Option> OwnOptions(Command command) =>
        command.Options.Where(o => !o.Recursive && !o.Hidden && o is not HelpOption and not VersionOption);

    static string Shown(Option o) => o.Arity.MaximumNumberOfValues == 0 || o.ValueType == typeof(bool) ? o.Name : $"{o.Name} {o.HelpName}";
}
