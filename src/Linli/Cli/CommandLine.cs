using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace Linli.Cli;

/// <summary>A verb (or a verb's sub-verb such as `user add`): its options, its arguments, and what it does.</summary>
sealed class VerbCommand(string name, string description) : Command(name, description)
{
    /// <summary>What the verb does; null for a verb that only groups sub-verbs (`user`, `token` …).</summary>
    public Func<VerbRun, Task<int>>? Run { get; set; }

    /// <summary>False for `help`: it needs neither the data directory nor the database.</summary>
    public bool NeedsHost { get; init; } = true;

    /// <summary>Options common to every verb that this verb's usage line still names (`serve` names --urls).</summary>
    public Option[] AlsoShows { get; init; } = [];
}

/// <summary>Typed options and arguments, each with its help text and the sentence said when its value is not right.</summary>
static class Args
{
    static readonly ConditionalWeakTable<Symbol, string> whenMissing = new();

    /// <summary>The sentence said when a required option is left out (else: “缺少选项 …”).</summary>
    public static string? WhenMissing(Symbol symbol) => whenMissing.TryGetValue(symbol, out var s) ? s : null;

    public static Option<string> Text(string name, string valueName, string description, bool required = false, string? whenLeftOut = null)
    {
        var option = new Option<string>(name) { HelpName = valueName, Description = description, Required = required };
        if (whenLeftOut is not null) whenMissing.Add(option, whenLeftOut);
        return option;
    }

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>An option whose value is parsed by <paramref name="parse"/>: null means “not acceptable”, said by <paramref name="refusal"/>.</summary>
    public static Option<T> Parsed<T>(string name, string valueName, string description, Func<string, T?> parse, Func<string, string> refusal,
        bool required = false, string? whenLeftOut = null)
    {
        var option = new Option<T>(name)
        {
            HelpName = valueName,
            Description = description,
            Required = required,
            CustomParser = r => Convert(r, parse, refusal),
        };
        if (whenLeftOut is not null) whenMissing.Add(option, whenLeftOut);
        return option;
    }

    public static Option<int?> Int(string name, string valueName, string description, Func<string, string> refusal) =>
        Parsed<int?>(name, valueName, description, s => int.TryParse(s, out var n) ? n : null, refusal);

    public static Option<long?> Long(string name, string valueName, string description, Func<string, string> refusal) =>
        Parsed<long?>(name, valueName, description, s => long.TryParse(s, out var n) ? n : null, refusal);

    public static Argument<string> Word(string name, string description, bool optional = false) => new(name)
    {
        Description = description,
        Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
    };

    public static Argument<long?> Number(string name, string description, Func<string, string> refusal) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = r => Convert<long?>(r, s => long.TryParse(s, out var n) ? n : null, refusal),
    };

    static T? Convert<T>(ArgumentResult r, Func<string, T?> parse, Func<string, string> refusal)
    {
        if (r.Tokens.Count == 0) return default;
        var text = r.Tokens[^1].Value;
        if (parse(text) is { } value) return value;
        r.AddError(refusal(text));
        return default;
    }
}

/// <summary>
/// Parse errors in one Chinese sentence, with the usage of the verb they concern: an unknown verb or option,
/// an option without its value, a required option or argument left out, a value that is not what it should be.
/// </summary>
static class ParseErrors
{
    public static string Sentence(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var verb = Usage.PathOf(command);
        if (parse.UnmatchedTokens.Count > 0 && parse.UnmatchedTokens[0] is var token)
        {
            if (token.StartsWith('-')) return $"命令 {verb} 没有选项 {token}。运行 linli help {Usage.TopVerbOf(command)} 查看用法。";
            if (command is RootCommand) return $"不认识的命令“{token}”。运行 linli help 查看可用命令。";
            if (command.Subcommands.Count > 0)
                return $"linli {verb} 后面应是 {string.Join("、", command.Subcommands.Select(c => c.Name))} 之一，而不是“{token}”。";
            return $"命令 {verb} 多出了“{token}”。";
        }
        foreach (var error in parse.Errors)
        {
            switch (error.SymbolResult)
            {
                case OptionResult { IdentifierToken: not null, Tokens.Count: 0 } given when given.Option.Arity.MinimumNumberOfValues > 0:
                    return $"选项 {given.IdentifierToken.Value} 后面需要一个值。";
                case OptionResult { IdentifierToken: null } left:
                    return Args.WhenMissing(left.Option) ?? $"缺少选项 {left.Option.Name} {left.Option.HelpName}。";
                case ArgumentResult { Tokens.Count: 0 } argument:
                    return Args.WhenMissing(argument.Argument) ?? $"缺少 {argument.Argument.Name}。";
                case CommandResult c when c.Command.Subcommands.Count > 0 && c.Command.Action is null && c.Command is not RootCommand:
                    return $"请在 linli {Usage.PathOf(c.Command)} 后面写出要做什么：{string.Join("、", c.Command.Subcommands.Select(s => s.Name))}。";
            }
        }
        // What is left are the sentences of Args.Parsed (ours) or System.CommandLine's own, in Chinese (see Verbs.Parse).
        return parse.Errors.Count > 0 ? parse.Errors[0].Message : "命令行无法识别。";
    }
}
