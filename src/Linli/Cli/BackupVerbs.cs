using System.Globalization;
using Linli.Data;
using Linli.Data.Backup;
using Linli.Features.Calendar;

namespace Linli.Cli;

/// <summary>
/// `linli backup` and `linli restore`: the database, its keys and the audit anchors in one file sealed under a
/// passphrase the office chooses, and back into an empty data directory, checked before it is called done.
/// The work is in Data/Backup; this file reads the passphrase and says what happened.
/// </summary>
public static class BackupVerbs
{
    public const string RestoreUsage = "linli restore FILE [--data DIR] [--db CONN] [--verify-only] | linli restore --verify-only [--data DIR] [--db CONN]";

    public const string BackupSummary = "备份：SQLite 数据库（服务运行时也可以做）、字段加密密钥、审计锚点密钥和锚点，打包成一个用口令加密的文件"
        + "（默认 linli-backup-日期-时间.lnbk）。口令从标准输入读一行，或从环境变量 LINLI_BACKUP_PASSPHRASE 读取，至少 12 个字；"
        + "PostgreSQL 的数据库请用 pg_dump 备份，这里只打包密钥和锚点（--keys-only 在 SQLite 上也只打包它们）";
    public const string RestoreSummary = "恢复：把备份文件解开到一个空的数据目录，核对审计日志的哈希链和锚点、字段加密密钥、表的行数和数据库结构，都无误才放进去；"
        + "--db 时先用 pg_restore 恢复数据库，这里恢复密钥和锚点并核对；--verify-only 只核对、不写入（不给 FILE 时核对现有的数据目录和数据库）。"
        + "退出码：0 完好；1 口令不对、文件损坏、目录不空或核对不通过；2 用法有误";

    static readonly AsyncLocal<TextReader?> input = new();

    /// <summary>Where the passphrase is read from instead of the console (tests).</summary>
    internal static void ReadInputFrom(TextReader reader) => input.Value = reader;

    /// <summary>Standard input, or what a test gave <see cref="ReadInputFrom"/>.</summary>
    public static TextReader Input => input.Value ?? Console.In;

    /// <summary>
    /// Declared without the host: a restore goes into an empty directory, where building the server's services
    /// could leave key files behind, and a backup reads the files as they are.
    /// </summary>
    internal static VerbCommand BackupCommand()
    {
        var outPath = Args.Text("--out", "FILE", "备份文件写到哪里（文件名，或一个目录）；默认当前目录下 linli-backup-日期-时间.lnbk");
        var keysOnly = Args.Flag("--keys-only", "只备份密钥和审计锚点（PostgreSQL 的数据库用 pg_dump 备份）");
        var command = new VerbCommand("backup", BackupSummary) { NeedsHost = false, Options = { outPath, keysOnly } };
        command.Run = run => BackupAsync(Verbs.OptionsOf(run.Parse, serving: false), run.Value(outPath), run.Has(keysOnly), Input, run.Output, run.Errors, run.Ct);
        return command;
    }

    internal static VerbCommand RestoreCommand()
    {
        var file = Args.Word("FILE", "备份文件（.lnbk）", optional: true);
        var verifyOnly = Args.Flag("--verify-only", "只核对、不写入；不给 FILE 时核对现有的数据目录和数据库");
        var command = new VerbCommand("restore", RestoreSummary) { NeedsHost = false, Options = { verifyOnly } };
        command.Arguments.Add(file);
        command.Run = run => RestoreAsync(Verbs.OptionsOf(run.Parse, serving: false), run.Value(file), run.Has(verifyOnly), Input, run.Output, run.Errors, run.Ct);
        return command;
    }

    public static async Task<int> BackupAsync(LinliOptions options, string? outFile, bool keysOnly, TextReader input, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        if (!target.IsPostgres && !keysOnly && !File.Exists(BackupArchive.SqliteFile(target)))
        {
            await errors.WriteLineAsync($"{target.Describe()} 不存在，没有可备份的数据。请检查 --data 目录。");
            return 1;
        }
        var outPath = Path.GetFullPath(outFile ?? ".");
        if (outFile is null || Directory.Exists(outPath)) outPath = Path.Combine(outPath, BackupArchive.DefaultFileName(DateTime.Now));
        if (File.Exists(outPath))
        {
            await errors.WriteLineAsync($"文件 {outPath} 已经存在，备份不会覆盖它。请换一个 --out 文件名。");
            return 1;
        }
        if (!Directory.Exists(Path.GetDirectoryName(outPath)))
        {
            await errors.WriteLineAsync($"目录 {Path.GetDirectoryName(outPath)} 不存在。");
            return 1;
        }

        var (passphrase, problem) = ReadPassphrase(input, errors, choosing: true);
        if (passphrase is null)
        {
            await errors.WriteLineAsync(problem);
            return 2;
        }
        if (BackupPassphrase.Weakness(passphrase) is { } weak)
        {
            await errors.WriteLineAsync(weak);
            return 1;
        }

        if (target.IsPostgres)
            await output.WriteLineAsync("PostgreSQL 的数据库本身请用 pg_dump 备份（见 docs/OPERATIONS.md），例如：pg_dump -Fc -f linli.dump \"连接串\"。"
                + "这里先把字段加密密钥、审计锚点密钥和锚点打包加密——请在做完这一步之后再运行 pg_dump。");
        try
        {
            var created = await BackupArchive.CreateAsync(options, outPath, passphrase, keysOnly, ct: ct);
            var f = created.Manifest.Facts;
            await output.WriteLineAsync(created.Manifest.HasDatabase
                ? $"备份完成：{created.Path}（{Size(created.Bytes)}）。"
                : $"密钥和审计锚点已备份：{created.Path}（{Size(created.Bytes)}），其中没有数据库。");
            await output.WriteLineAsync($"备份时：居民 {f.Residents} 人，户 {f.Households} 户，审计日志 {f.AuditRows} 行，末行 {f.HeadText}。");
            await output.WriteLineAsync("请把备份文件复制到这台机器以外的地方（连同 audit/anchors.log 的副本），口令另外保管：没有口令，备份打不开；口令和文件放在一起，就等于没有加密。");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"备份没有完成，没有留下备份文件：{e.Message}（磁盘满了，或没有写入 {Path.GetDirectoryName(outPath)} 的权限？）");
            return 1;
        }
    }

    public static async Task<int> RestoreAsync(LinliOptions options, string? file, bool verifyOnly, TextReader input, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (file is null)
        {
            if (verifyOnly) return await VerifyInPlaceAsync(options, output, errors, ct);
            await errors.WriteLineAsync("用法：" + RestoreUsage);
            return 2;
        }
        if (!File.Exists(file))
        {
            await errors.WriteLineAsync($"找不到备份文件 {file}。");
            return 1;
        }
        var (passphrase, problem) = ReadPassphrase(input, errors, choosing: false);
        if (passphrase is null)
        {
            await errors.WriteLineAsync(problem);
            return 2;
        }
        var dataDir = Path.GetFullPath(options.DataDir);
        BackupRestore.Result result;
        try
        {
            result = await BackupRestore.RestoreAsync(file, passphrase, options, verifyOnly, ct);
        }
        catch (Exception e) when (e is RestoreRefusedException or SealedFileException)
        {
            await errors.WriteLineAsync(e.Message);
            if (!verifyOnly) await errors.WriteLineAsync($"没有恢复任何文件，{dataDir} 保持原样。");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"恢复没有完成：{e.Message}（磁盘满了，或没有写入 {dataDir} 的权限？）已解开的文件已删除。");
            return 1;
        }

        var m = result.Manifest;
        await output.WriteLineAsync($"备份文件：{file}，{Local(m.CreatedUtc)} 在 {m.Host} 上做的（{(m.HasDatabase ? "SQLite 数据库和密钥" : "密钥和审计锚点")}）。");
        await Report(result.Check, output, errors);
        if (!result.Check.Passed)
        {
            await errors.WriteLineAsync(verifyOnly ? "核对没有通过。" : $"核对没有通过，没有恢复任何文件，{dataDir} 保持原样。");
            return 1;
        }
        if (verifyOnly) await output.WriteLineAsync("核对无误（只核对，没有写入任何文件）。");
        else if (DatabaseTarget.From(options).IsPostgres)
            await output.WriteLineAsync($"核对无误：密钥和锚点已放入 {dataDir}。把 keys/ 复制到每台服务器的数据目录，再用 linli serve --db … --data {dataDir} 启动。");
        else await output.WriteLineAsync($"已恢复到 {dataDir}，核对无误。用 linli serve --data {dataDir} 启动；linli audit verify --data {dataDir} 可再核对一次。");
        return 0;
    }

    static async Task<int> VerifyInPlaceAsync(LinliOptions options, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        if (!target.IsPostgres && !File.Exists(BackupArchive.SqliteFile(target)))
        {
            await errors.WriteLineAsync($"{target.Describe()} 不存在。请检查 --data 目录。");
            return 1;
        }
        RestoreCheck check;
        await using (var db = target.CreateContext())
            check = await RestoreCheck.RunAsync(db, Path.GetFullPath(options.DataDir), null, ct);
        await output.WriteLineAsync($"核对 {target.Describe()}，密钥和锚点在 {Path.GetFullPath(options.DataDir)}：");
        await Report(check, output, errors);
        if (!check.Passed) await errors.WriteLineAsync("核对没有通过。");
        else await output.WriteLineAsync("核对无误。");
        return check.Passed ? 0 : 1;
    }

    static async Task Report(RestoreCheck check, TextWriter output, TextWriter errors)
    {
        foreach (var note in check.Notes) await output.WriteLineAsync("  正常  " + note);
        foreach (var failure in check.Failures) await errors.WriteLineAsync("  错误  " + failure);
        if (check.Facts is { } f)
        {
            await output.WriteLineAsync($"居民 {f.Residents} 人，户 {f.Households} 户，审计日志 {f.AuditRows} 行。");
            await output.WriteLineAsync($"审计日志的末行：{f.HeadText}");
        }
    }

    /// <summary>
    /// LINLI_BACKUP_PASSPHRASE, else one line of standard input; typed at a terminal it is not echoed, and a
    /// passphrase being chosen is asked twice. Never a command-line argument: those show in the process list.
    /// </summary>
    static (string? Passphrase, string? Problem) ReadPassphrase(TextReader input, TextWriter errors, bool choosing)
    {
        if (Environment.GetEnvironmentVariable(BackupPassphrase.EnvironmentVariable) is { Length: > 0 } fromEnvironment) return (fromEnvironment, null);
        const string missing = "没有读到口令。请从标准输入给一行口令（如 linli backup < 口令文件），或设置环境变量 LINLI_BACKUP_PASSPHRASE；口令不能写在命令行上。";
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
            return input.ReadLine() is { Length: > 0 } line ? (line, null) : (null, missing);
        var first = ReadHidden(errors, choosing ? "请设定备份口令（至少 12 个字，输入时不显示）：" : "请输入备份口令（输入时不显示）：");
        if (first.Length == 0) return (null, missing);
        if (choosing && ReadHidden(errors, "请再输入一遍：") != first) return (null, "两次输入的口令不一样，没有备份。");
        return (first, null);
    }

    static string ReadHidden(TextWriter errors, string prompt)
    {
        errors.Write(prompt);
        var typed = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        errors.WriteLine();
        return typed.ToString();
    }

    static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " KB";

    static string Local(DateTime utc) =>
        TimeZoneInfo.Local.LocalOf(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
