using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Features.Registry.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Linli.Cli;

/// <summary>
/// `linli import residents FILE --into ORGUNIT [--dry-run] [--skip-invalid] [--json]` and
/// `linli export residents --from ORGUNIT --out FILE [--unmasked --approval ID]`: masked without more; unmasked or with
/// sensitive labels only by an approved, unused export request (导出审批) for that unit.
/// Exit status: 0 done, 1 nothing imported because of errors (or the file could not be read), 2 a usage error.
/// </summary>
static class ImportExportVerbs
{
    const string HowToGetApproval = "请先在网页“人口房屋 → 导出审批”（/Registry/Exports）或通过接口 POST /api/v1/exports/requests 提出申请并写明理由，"
        + "由另一位有审批权限的人（社区书记/主任或街道干部）批准后，在 24 小时内运行：linli export residents --from ORGUNIT --out FILE --unmasked --approval 申请编号。每次批准只能导出一次。";

    public static VerbCommand ImportCommand()
    {
        var file = Args.Word("FILE", "名册文件：xlsx 或 csv");
        var into = Args.Text("--into", "ORGUNIT", "导入到哪个社区或网格：代码或名称路径", required: true);
        var dryRun = Args.Flag("--dry-run", "只检查、不写入（结果中的 imported 是正式导入时会导入的行数）");
        var skipInvalid = Args.Flag("--skip-invalid", "只导入没有错误的行（默认：有错误时不导入任何数据）");
        var json = Args.Flag("--json", "输出机器可读的结果 {\"rows\",\"imported\",\"errors\",\"warnings\",\"duplicates\"}");
        var ignore = new System.CommandLine.Option<string[]>("--ignore-column")
        {
            HelpName = "NAME", Description = "不导入这一列（列名或列字母，如 --ignore-column 备用号码）；可写多次",
            AllowMultipleArgumentsPerToken = false,
        };
        var map = new System.CommandLine.Option<string[]>("--map-column")
        {
            HelpName = "NAME=FIELD", Description = "把没有认出的列当作某一列导入，如 --map-column \"证件号=公民身份号码\"；可写多次",
            AllowMultipleArgumentsPerToken = false,
        };
        var residents = new VerbCommand("residents", "导入居民名册") { file, into, dryRun, skipInvalid, json, ignore, map };
        residents.Run = async run =>
        {
            var choices = ColumnChoicesOf(run.Value(map) ?? [], run.Value(ignore) ?? [], out var bad);
            if (bad is not null)
            {
                await run.Errors.WriteLineAsync(bad);
                return 2;
            }
            return await ImportAsync(run, run.Value(file)!, run.Value(into)!,
                new RosterImport.Options(DryRun: run.Has(dryRun), SkipInvalid: run.Has(skipInvalid), Columns: choices), run.Has(json));
        };
        return new VerbCommand("import", "从 xlsx 或 csv 名册导入居民、户和房屋：先检查每一行，有错误时不导入任何数据（--skip-invalid 只导入没有错误的行）；"
            + "--dry-run 只检查、不写入；--json 输出机器可读的结果；有错误而没有导入任何数据时退出码为 1") { residents };
    }

    public static VerbCommand ExportCommand()
    {
        var from = Args.Text("--from", "ORGUNIT", "导出哪个社区或网格：代码或名称路径", required: true);
        var outPath = Args.Text("--out", "FILE", "写到哪个 xlsx 文件", required: true);
        var unmasked = Args.Flag("--unmasked", "含完整身份证号和电话（须有 --approval）");
        var approval = Args.Long("--approval", "ID", "已批准、未用过的导出申请的编号（网页“导出审批”）",
            text => $"--approval 应是导出申请的编号（数字），而不是“{text}”。");
        var residents = new VerbCommand("residents", "导出居民名册") { from, outPath, unmasked, approval };
        residents.Run = run => ExportAsync(run, run.Value(from)!, run.Value(outPath)!, run.Has(unmasked), run.Value(approval));
        return new VerbCommand("export", "把网格或社区的在册居民导出为 xlsx 名册（与导入的格式相同；身份证号和电话已脱敏）；含完整号码或敏感标签的名册须先经第二人审批（网页“导出审批”），"
            + "再用 --unmasked --approval 申请编号 导出一次") { residents };
    }

    /// <summary>--map-column "列名=公民身份号码" and --ignore-column 列名 as the import's column choices; a sentence when one cannot be read.</summary>
    static ColumnChoices ColumnChoicesOf(string[] maps, string[] ignores, out string? bad)
    {
        bad = null;
        var map = new Dictionary<string, RosterColumn>();
        foreach (var m in maps)
        {
            var eq = m.IndexOf('=', StringComparison.Ordinal);
            var field = eq > 0 ? RosterColumns.Parse(m[(eq + 1)..].Trim()) : null;
            if (field is null)
            {
                bad = $"--map-column 应写作 \"列名=名册列\"，如 --map-column \"证件号=公民身份号码\"；“{m}”看不懂（名册列可以是 姓名、公民身份号码、联系电话、与户主关系、户号、现住址 等）。";
                return ColumnChoices.None;
            }
            map[m[..eq].Trim()] = field.Value;
        }
        return new ColumnChoices(map, ignores.Select(i => i.Trim()).Where(i => i.Length > 0).ToHashSet());
    }

    static async Task<int> ImportAsync(VerbRun run, string path, string into, RosterImport.Options options, bool json)
    {
        var (output, errors, ct) = (run.Output, run.Errors, run.Ct);
        if (!File.Exists(path))
        {
            await errors.WriteLineAsync($"找不到文件“{path}”。");
            return 2;
        }
        var info = new FileInfo(path);
        if (info.Length > RosterFile.MaxBytes)
        {
            await errors.WriteLineAsync($"文件“{path}”超过 {RosterFile.MaxBytes / 1024 / 1024} MB，不像一份名册。请分成几个文件导入。");
            return 2;
        }
        if (!await run.DatabaseReadyAsync()) return 1;
        var db = run.Get<LinliDb>();
        var unit = await OrgUnitTree.ResolveAsync(db, into, ct);
        if (unit is null)
        {
            await errors.WriteLineAsync(UnitNotFound(into));
            return 2;
        }
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"无法读取文件“{path}”：{(e is UnauthorizedAccessException ? "没有读取权限" : "读取时出错")}。请检查文件后再试。没有导入任何数据。");
            return 1;
        }
        var import = run.Get<RosterImport>();
        ImportReport report;
        try
        {
            report = await import.RunAsync(content, Path.GetFileName(path), unit, options, ct);
        }
        catch (Exception e) when (DatabaseErrors.Transient(e) == DatabaseFault.Busy)
        {
            // The transaction was never committed: nothing of this file is in the database.
            await errors.WriteLineAsync($"数据库 {run.Target.Describe()} 一直被另一个程序占用（例如服务器上正在进行的导入），等了 30 秒仍未释放。没有导入任何数据；请稍后再运行。");
            return 1;
        }
        if (json) await output.WriteLineAsync(report.ToJson());
        else report.WriteText(output);
        return report.ExitCode;
    }

    static async Task<int> ExportAsync(VerbRun run, string from, string outPath, bool unmasked, long? approval)
    {
        var (output, errors, ct) = (run.Output, run.Errors, run.Ct);
        if (approval is null && unmasked)
        {
            await errors.WriteLineAsync("不能直接导出未脱敏的名册：批量导出完整身份证号和电话号码须经第二人审批。" + HowToGetApproval + "不需要完整号码时，去掉 --unmasked 即可导出脱敏名册。");
            return 2;
        }
        if (!await run.DatabaseReadyAsync()) return 1;
        var db = run.Get<LinliDb>();
        var unit = await OrgUnitTree.ResolveAsync(db, from, ct);
        if (unit is null)
        {
            await errors.WriteLineAsync(UnitNotFound(from));
            return 2;
        }
        var full = Path.GetFullPath(outPath);
        if (Path.GetDirectoryName(full) is { } dir && !Directory.Exists(dir))
        {
            await errors.WriteLineAsync($"目录“{dir}”不存在。");
            return 2;
        }
        if (approval is { } approvalId) return await ExportApprovedAsync(run, unit, approvalId, unmasked, full);
        var export = new RosterExport(db, run.Get<FieldCipher>(), run.Get<TimeProvider>());
        var audit = run.Get<AuditLog>();
        var temp = full + ".part";
        RosterExport.Result result;
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
            result = await export.WriteAsync(unit, file, reveal: false, ct);
        File.Move(temp, full, overwrite: true);
        await audit.WriteAsync(AuditActions.Export, new AuditTarget(AuditTargets.OrgUnit, unit.Id), unit.Id,
            $"导出脱敏名册 {Path.GetFileName(full)}：{result.Residents} 人，{result.Households} 户", ct: ct);
        await output.WriteLineAsync($"已导出 {await OrgUnitTree.PathOfNamesAsync(db, unit, ct)} 的 {result.Residents} 名居民（{result.Households} 户）到 {full}。身份证号和联系电话已脱敏，敏感标签未导出。");
        return 0;
    }

    /// <summary>The export a second person approved: used up by this one run, and audited by the approvals themselves.</summary>
    static async Task<int> ExportApprovedAsync(VerbRun run, OrgUnit unit, long id, bool unmasked, string full)
    {
        var (db, output, errors, ct) = (run.Get<LinliDb>(), run.Output, run.Errors, run.Ct);
        var request = await db.ExportRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is not null && request.Unmasked != unmasked)
        {
            await errors.WriteLineAsync(request.Unmasked
                ? $"导出申请 #{id} 批准的是含完整身份证号和电话的名册：请加上 --unmasked，以示你知道导出的是完整号码。"
                : $"导出申请 #{id} 只批准了导出敏感标签，不含完整号码：请去掉 --unmasked。");
            return 2;
        }
        var approvals = run.Get<ExportApprovals>();
        var (outcome, file) = await approvals.DownloadForCliAsync(id, unit, ct);
        if (file is null)
        {
            await errors.WriteLineAsync($"不能按导出申请 #{id} 导出：{outcome.Message}" + (outcome.Answer == ExportApprovals.Answer.NotFound ? HowToGetApproval : ""));
            return outcome.Answer == ExportApprovals.Answer.Invalid ? 2 : 1;
        }
        var temp = full + ".part";
        await File.WriteAllBytesAsync(temp, file.Content, ct);
        File.Move(temp, full, overwrite: true);
        await output.WriteLineAsync($"已按导出申请 #{id} 导出 {await OrgUnitTree.PathOfNamesAsync(db, unit, ct)} 的 {file.Residents} 名居民（{file.Households} 户）到 {full}。"
            + $"文件含{ExportApprovals.What(request!)}，请妥善保管，用完即删。这项批准已用过，不能再次导出。");
        return 0;
    }

    static string UnitNotFound(string reference) =>
        $"找不到组织单元“{reference}”。可以写它的代码，或从街道开始的名称路径，如 城关街道/幸福里社区/第三居民组；运行 linli orgunit list 查看。";
}
