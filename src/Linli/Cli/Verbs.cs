using Linli.Data;
using Linli.Features.Demo;
using Linli.Web;

namespace Linli.Cli;

/// <summary>The verbs of the `linli` executable.</summary>
public static class Verbs
{
    public static readonly IReadOnlyList<VerbSpec> All =
    [
        new("serve", "linli [serve] [--demo] [--urls URL] [--data DIR] [--db CONN]", "启动网页服务（默认命令）；--demo 在空数据库中先生成演示数据", ["--seed"], ["--demo"]),
        new("migrate", "linli migrate [--data DIR] [--db CONN]", "把数据库升级到当前版本（PostgreSQL 需要先运行它）", [], []),
        new("demo", "linli demo [--seed N] [--data DIR] [--db CONN]", "在空数据库中生成演示街道、社区、居民和每个角色的演示账号", ["--seed"], []),
        new("doctor", "linli doctor [--data DIR] [--db CONN]", "检查配置、数据库、密钥和磁盘，用平实的话说明问题", [], []),
        new("orgunit", "linli orgunit list [ORGUNIT]", "列出组织单元（街道/社区/网格）及其代码；ORGUNIT 可写代码或“城关街道/幸福里社区”", [], []),
        new("user", "linli user add NAME --role ROLE --org ORGUNIT [--display-name 姓名] | disable NAME | enable NAME | grant NAME --role ROLE --org ORGUNIT | revoke NAME --role ROLE [--org ORGUNIT] | list", "管理账号：新增（密码从标准输入读取一行）、停用、启用、授予或撤销角色、列出；每次操作都记入审计日志", ["--role", "--org", "--display-name"], []),
        new("token", "linli token create NAME [--expires DAYS] | revoke ID | list [NAME]", "访问令牌：为账号创建（只显示一次，默认90天有效；担任管理员的账号不能有令牌）、吊销、列出；用于 /api/v1 接口的 Authorization: Bearer", ["--expires"], []),
        new("audit", AuditVerbs.Usage, "逐行核对审计日志的哈希链，再核对保存在数据库之外的锚点（默认 数据目录/audit/anchors.log，--anchors 指向保存在别处的副本），"
            + "看末尾的行有没有被整批删除、整条链有没有被重写。退出码：0 完好；1 哈希链断裂，或禁止修改审计日志的触发器不见了；"
            + "2 用法有误或 --anchors 指定的文件不存在；3 锚点对不上（锚定的行不见了或哈希不同，或锚点行的校验码不对）", ["--anchors"], []),
        new("import", ImportExportVerbs.ImportUsage, "从 xlsx 或 csv 名册导入居民、户和房屋：先检查每一行，有错误时不导入任何数据（--skip-invalid 只导入没有错误的行）；--dry-run 只检查、不写入（结果中的 imported 是正式导入时会导入的行数）；--json 输出机器可读的结果；有错误而没有导入任何数据时退出码为 1", ["--into"], ["--dry-run", "--skip-invalid", "--json"]),
        new("export", ImportExportVerbs.ExportUsage, "把网格或社区的在册居民导出为 xlsx 名册（与导入的格式相同；身份证号和电话已脱敏）；含完整号码或敏感标签的名册须先经第二人审批（网页“导出审批”），再用 --unmasked --approval 申请编号 导出一次", ["--from", "--out", "--approval"], ["--unmasked"]),
        new("backup", BackupVerbs.BackupUsage, BackupVerbs.BackupSummary, ["--out"], ["--keys-only"]),
        new("restore", BackupVerbs.RestoreUsage, BackupVerbs.RestoreSummary, [], ["--verify-only"]),
        new("calendar", CalendarVerbs.Usage, "工作日历：导入国务院公布的某年节假日安排（holiday-cn 格式的 JSON：{year, papers, days:[{name, date, isOffDay}]}），或查看某年的放假、补班和来源；未公布的年份按周末和固定日期节日暂定", [], []),
        new("help", "linli help [VERB]", "显示帮助", [], []),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        var cl = CommandLine.Parse(args, v => All.FirstOrDefault(s => s.Name == v), out var error);
        if (error is not null)
        {
            await errors.WriteLineAsync(error);
            return 2;
        }
        if (cl.Has("--help")) return Help(output, cl.Verb);
        var options = cl.ToOptions();
        try
        {
            return cl.Verb switch
            {
                "serve" => await ServeAsync(options, output, errors, ct),
                "migrate" => await MigrateAsync(options, output, ct),
                "demo" => await DemoAsync(options, output, errors, ct),
                "doctor" => await Doctor.RunAsync(options, output, ct),
                "orgunit" => await OrgUnitVerb.RunAsync(options, cl.Words, output, errors, ct),
                "user" => await UserVerbs.RunAsync(options, cl, output, errors, ct),
                "token" => await TokenVerbs.RunAsync(options, cl, output, errors, ct),
                "audit" => await AuditVerbs.RunAsync(options, cl, output, errors, ct),
                "import" => await ImportExportVerbs.ImportAsync(options, cl, output, errors, ct),
                "export" => await ImportExportVerbs.ExportAsync(options, cl, output, errors, ct),
                "backup" => await BackupVerbs.BackupAsync(options, cl.Value("--out"), cl.Has("--keys-only"), BackupVerbs.Input, output, errors, ct),
                "restore" => await BackupVerbs.RestoreAsync(options, cl.Words.FirstOrDefault(), cl.Has("--verify-only"), BackupVerbs.Input, output, errors, ct),
                "calendar" when cl.Words is ["import", var file] =>
                    await ImportExportVerbs.WithAnchorAsync(options, audit => CalendarVerbs.ImportAsync(options, audit, file, output, errors, ct), ct),
                "calendar" when cl.Words is ["show", var year] => await CalendarVerbs.ShowAsync(options, year, output, errors, ct),
                "calendar" => await UsageErrorAsync(errors, CalendarVerbs.Usage),
                _ => Help(output, cl.Words.FirstOrDefault()),
            };
        }
        catch (Exception e) when (DatabaseErrors.Explain(e, DatabaseTarget.From(options)) is { } plain)
        {
            await errors.WriteLineAsync(plain);
            return 1;
        }
    }

    static async Task<int> UsageErrorAsync(TextWriter errors, string usage)
    {
        await errors.WriteLineAsync($"用法：{usage}");
        return 2;
    }

    static int Help(TextWriter output, string? verb)
    {
        var spec = All.FirstOrDefault(s => s.Name == verb);
        if (spec is not null)
        {
            output.WriteLine($"用法：{spec.Usage}\n{spec.Summary}");
            return 0;
        }
        output.WriteLine("linli —— 邻里，社区居委会工作台\n");
        foreach (var s in All) output.WriteLine($"  {s.Usage}\n      {s.Summary}");
        output.WriteLine("\n通用选项：--data DIR 数据目录（默认 ./data，SQLite 文件和密钥在此）；--db CONN PostgreSQL 连接串（也可用环境变量 LINLI_DB）；--urls 监听地址（默认 http://127.0.0.1:5080）");
        return 0;
    }

    static async Task<int> MigrateAsync(LinliOptions options, TextWriter output, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        var applied = await Migrator.ApplyAsync(target, ct);
        output.WriteLine(applied.Count == 0
            ? $"{target.Describe()} 已是最新版本，无需升级。"
            : $"{target.Describe()} 已升级，应用了 {applied.Count} 个迁移：{string.Join("、", applied)}");
        return 0;
    }

    static async Task<int> DemoAsync(LinliOptions options, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        await Migrator.ApplyAsync(target, ct);
        await using var db = target.CreateContext();
        if (!await DemoCommunity.IsEmptyAsync(db, ct))
        {
            await errors.WriteLineAsync($"{target.Describe()} 中已有数据，演示数据只能生成到空数据库里。换一个 --data 目录再试。");
            return 1;
        }
        var result = await DemoCommunity.CreateAsync(db, FieldCipher.OpenOrCreate(options.DataDir), options.DemoSeed, ct);
        DemoCommunity.Print(result, output);
        await DemoCommunity.SaveAccountsAsync(result, options.DataDir, ct);
        return 0;
    }

    static async Task<int> ServeAsync(LinliOptions options, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        if (target.IsPostgres)
        {
            var pending = await Migrator.PendingAsync(target, ct);
            if (pending.Count > 0)
            {
                await errors.WriteLineAsync($"{target.Describe()} 还有 {pending.Count} 个迁移未应用。请先运行：linli migrate --db \"…\"");
                return 1;
            }
        }
        else await Migrator.ApplyAsync(target, ct);

        if (options.Demo)
        {
            await using var db = target.CreateContext();
            if (await DemoCommunity.IsEmptyAsync(db, ct))
            {
                var result = await DemoCommunity.CreateAsync(db, FieldCipher.OpenOrCreate(options.DataDir), options.DemoSeed, ct);
                DemoCommunity.Print(result, output);
                await DemoCommunity.SaveAccountsAsync(result, options.DataDir, ct);
            }
            else output.WriteLine($"数据库中已有数据，未重新生成演示数据。演示账号见 {DemoCommunity.AccountsFile(options.DataDir)}");
        }

        var app = LinliServer.Build(options);
        output.WriteLine($"邻里 Linli 正在运行：{options.Urls}（数据：{target.Describe()}）。按 Ctrl+C 停止。");
        await app.RunAsync(ct);
        return 0;
    }
}
