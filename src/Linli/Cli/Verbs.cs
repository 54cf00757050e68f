using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using Linli.Data;
using Linli.Features.Demo;
using Linli.Web;

namespace Linli.Cli;

/// <summary>
/// The verbs of the `linli` executable, on System.CommandLine. Exit status: 0 done; 1 the verb could not do it
/// (a sentence says why); 2 the command line is wrong (a sentence and the verb's usage); a verb may document
/// more (audit verify: 3); 70 an unexpected fault (said in a sentence, without a stack trace).
/// </summary>
public static class Verbs
{
    public const int Done = 0, Failed = 1, BadCommandLine = 2, Unexpected = 70;

    /// <summary>The options every verb takes, wherever they stand on the line.</summary>
    static readonly Option<string> DataOption = new("--data")
    {
        HelpName = "DIR", Recursive = true,
        Description = "数据目录（默认 ./data，也可用环境变量 LINLI_DATA）：SQLite 文件、密钥 keys/、审计锚点 audit/、演示账号",
    };
    static readonly Option<string> DbOption = new("--db")
    {
        HelpName = "CONN", Recursive = true,
        Description = "PostgreSQL 连接串（也可用环境变量 LINLI_DB）；不写则用数据目录中的 SQLite 文件",
    };
    static readonly Option<string> UrlsOption = new("--urls")
    {
        HelpName = "URL", Recursive = true,
        Description = $"网页服务的监听地址（默认 {LinliOptions.DefaultUrls}，也可用环境变量 LINLI_URLS）",
    };

    /// <summary>
    /// Every verb, in the order `linli help` lists them. A verb is one line here; its options, usage and help
    /// live in its own file.
    /// </summary>
    static RootCommand Tree()
    {
        var serve = ServeCommand();
        var root = new RootCommand(Usage.Title) { DataOption, DbOption, UrlsOption };
        foreach (var o in serve.Options) root.Options.Add(o);
        root.SetAction(_ => Done);   // `linli` alone serves: see RunAsync
        root.Options.Remove(root.Options.OfType<VersionOption>().Single());
        foreach (var verb in (IEnumerable<VerbCommand>)
        [
            serve,
            MigrateCommand(),
            DemoCommand(),
            Doctor.Command(),
            OrgUnitVerb.Command(),
            UserVerbs.Command(),
            TokenVerbs.Command(),
            AuditVerbs.Command(),
            ImportExportVerbs.ImportCommand(),
            ImportExportVerbs.ExportCommand(),
            BackupVerbs.BackupCommand(),
            BackupVerbs.RestoreCommand(),
            CalendarVerbs.Command(),
            RegistryVerbs.Command(),
            // ↑ New verbs register here, one line each (a VerbCommand whose Run takes a VerbRun; see OrgUnitVerb).
            HelpCommand(),
        ])
            root.Subcommands.Add(verb);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        var root = Tree();
        var parse = Parse(root, args);
        var command = parse.CommandResult.Command;
        var verb = command as VerbCommand ?? root.Subcommands.OfType<VerbCommand>().First(v => v.Name == "serve");
        if (parse.GetResult(root.Options.OfType<HelpOption>().Single()) is not null)
        {
            Usage.WriteVerb(root, TopVerb(command) ?? verb, output);
            return Done;
        }
        if (parse.Errors.Count > 0 || verb.Run is null)
        {
            await errors.WriteLineAsync(ParseErrors.Sentence(parse));
            var lines = Usage.LinesOf(command is RootCommand ? verb : command).ToList();
            await errors.WriteLineAsync("用法：" + string.Join("\n      ", lines));
            return BadCommandLine;
        }
        if (!verb.NeedsHost) return await verb.Run(new VerbRun(parse, root, null, output, errors, ct));
        // The command line speaks Simplified Chinese, whatever the machine's language: the services it shares with
        // the web put their messages through the localizer, which follows this (a web request sets its own).
        if (verb.Name != "serve") CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(UiText.Default);

        var options = OptionsOf(parse, serving: verb.Name == "serve");
        try
        {
            await using var host = CliHost.Build(options, serving: verb.Name == "serve");
            return await verb.Run(new VerbRun(parse, root, host, output, errors, ct));
        }
        catch (Exception e) when (DatabaseErrors.Explain(e, DatabaseTarget.From(options)) is { } plain)
        {
            // A read-only connection left in the pool would outlive the fault in whatever shares this process (the tests do).
            if (DatabaseErrors.Transient(e) is { } fault) DatabaseErrors.ForgetPooledConnections(fault);
            await errors.WriteLineAsync(plain);
            return Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never a stack trace: a sentence, and an exit status of its own so that scripts can tell it apart.
            var cause = e.GetBaseException();
            await errors.WriteLineAsync($"linli 出现意外错误，没有完成：{cause.Message}（{cause.GetType().Name}）。如果一再出现，请把这句话告诉系统管理员。");
            return Unexpected;
        }
    }

    /// <summary>System.CommandLine's own messages, for what ParseErrors does not word itself, in Chinese too.</summary>
    static ParseResult Parse(RootCommand root, string[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
        try
        {
            // No response files: `@名册.xlsx` is a file name, not a file of arguments.
            return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    static Command? TopVerb(Command command)
    {
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            if (c.Parents.OfType<RootCommand>().Any()) return c;
        return null;
    }

    /// <summary>The common options as given; for verbs declared without a host (backup, restore), which must not create anything.</summary>
    internal static LinliOptions OptionsOf(ParseResult parse, bool serving)
    {
        var o = new LinliOptions
        {
            DataDir = parse.GetValue(DataOption) ?? Environment.GetEnvironmentVariable("LINLI_DATA") ?? "./data",
            Db = parse.GetValue(DbOption) ?? Environment.GetEnvironmentVariable("LINLI_DB"),
            Urls = parse.GetValue(UrlsOption) ?? Environment.GetEnvironmentVariable("LINLI_URLS") ?? LinliOptions.DefaultUrls,
        };
        if (serving)
        {
            o.Demo = parse.GetValue<bool>("--demo");
            if (parse.GetValue<int?>("--seed") is { } seed) o.DemoSeed = seed;
        }
        return o;
    }

    static Option<int?> SeedOption() => Args.Int("--seed", "N", "演示数据的随机种子（整数）；同一个种子生成同样的人",
        text => $"--seed 应是一个整数，如 --seed 7，而不是“{text}”。");

    static VerbCommand ServeCommand()
    {
        var demo = Args.Flag("--demo", "数据库为空时先生成演示街道和每个角色的演示账号");
        var seed = SeedOption();
        return new VerbCommand("serve", "启动网页服务（默认命令）；--demo 在空数据库中先生成演示数据；SQLite 数据库会自动升级")
        {
            Options = { demo, seed },
            AlsoShows = [UrlsOption],
            Run = ServeAsync,
        };
    }

    static VerbCommand MigrateCommand() => new("migrate", "把数据库升级到当前版本（PostgreSQL 需要先运行它）") { Run = MigrateAsync };

    static VerbCommand DemoCommand()
    {
        var seed = SeedOption();
        var command = new VerbCommand("demo", "在空数据库中生成演示街道、社区、居民和每个角色的演示账号；同一个种子生成同样的人") { seed };
        command.Run = run => DemoAsync(run, run.Value(seed));
        return command;
    }

    static VerbCommand HelpCommand()
    {
        var words = new Argument<string[]>("VERB") { Description = "要查看的命令，如 import", Arity = ArgumentArity.ZeroOrMore };
        var command = new VerbCommand("help", "显示帮助：全部命令，或一个命令的用法和选项") { NeedsHost = false };
        command.Arguments.Add(words);
        command.Run = run =>
        {
            var asked = run.Value(words) ?? [];
            if (asked.Length == 0)
            {
                Usage.WriteOverview(run.Root, run.Output);
                return Task.FromResult(Done);
            }
            if (run.Root.Subcommands.FirstOrDefault(c => c.Name == asked[0]) is not { } verb)
            {
                run.Errors.WriteLine($"不认识的命令“{asked[0]}”。运行 linli help 查看可用命令。");
                return Task.FromResult(BadCommandLine);
            }
            Usage.WriteVerb(run.Root, verb, run.Output);
            return Task.FromResult(Done);
        };
        return command;
    }

    static async Task<int> MigrateAsync(VerbRun run)
    {
        var applied = await Migrator.ApplyAsync(run.Target, run.Ct);
        await run.Output.WriteLineAsync(applied.Count == 0
            ? $"{run.Target.Describe()} 已是最新版本，无需升级。"
            : $"{run.Target.Describe()} 已升级，应用了 {applied.Count} 个迁移：{string.Join("、", applied)}");
        return Done;
    }

    static async Task<int> DemoAsync(VerbRun run, int? seed)
    {
        await Migrator.ApplyAsync(run.Target, run.Ct);
        var db = run.Get<LinliDb>();
        if (!await DemoCommunity.IsEmptyAsync(db, run.Ct))
        {
            await run.Errors.WriteLineAsync($"{run.Target.Describe()} 中已有数据，演示数据只能生成到空数据库里。换一个 --data 目录再试。");
            return Failed;
        }
        var result = await DemoCommunity.CreateAsync(db, run.Get<FieldCipher>(), seed ?? run.Options.DemoSeed, run.Ct);
        DemoCommunity.Print(result, run.Output);
        await DemoCommunity.SaveAccountsAsync(result, run.Options.DataDir, run.Ct);
        return Done;
    }

    static async Task<int> ServeAsync(VerbRun run)
    {
        var (options, target) = (run.Options, run.Target);
        if (target.IsPostgres)
        {
            var pending = await Migrator.PendingAsync(target, run.Ct);
            if (pending.Count > 0)
            {
                await run.Errors.WriteLineAsync($"{target.Describe()} 还有 {pending.Count} 个迁移未应用。请先运行：linli migrate --db \"…\"");
                return Failed;
            }
        }
        else await Migrator.ApplyAsync(target, run.Ct);

        if (options.Demo)
        {
            var db = run.Get<LinliDb>();
            if (await DemoCommunity.IsEmptyAsync(db, run.Ct))
            {
                var result = await DemoCommunity.CreateAsync(db, run.Get<FieldCipher>(), options.DemoSeed, run.Ct);
                DemoCommunity.Print(result, run.Output);
                await DemoCommunity.SaveAccountsAsync(result, options.DataDir, run.Ct);
            }
            else await run.Output.WriteLineAsync($"数据库中已有数据，未重新生成演示数据。演示账号见 {DemoCommunity.AccountsFile(options.DataDir)}");
        }

        await run.Output.WriteLineAsync($"邻里 Linli 正在运行：{options.Urls}（数据：{target.Describe()}）。按 Ctrl+C 停止。");
        // Started and stopped here, and disposed with the host (RunAsync would dispose it under CliHost's feet).
        await run.Host.App.StartAsync(run.Ct);
        await run.Host.App.WaitForShutdownAsync(run.Ct);
        return Done;
    }
}
