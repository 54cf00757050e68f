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
    public const string ImportUsage = "linli import residents FILE --into ORGUNIT [--dry-run] [--skip-invalid] [--json]";
    public const string ExportUsage = "linli export residents --from ORGUNIT --out FILE [--unmasked --approval ID]";

    const string HowToGetApproval = "请先在网页“人口房屋 → 导出审批”（/Registry/Exports）或通过接口 POST /api/v1/exports/requests 提出申请并写明理由，"
        + "由另一位有审批权限的人（社区书记/主任或街道干部）批准后，在 24 小时内运行：linli export residents --from ORGUNIT --out FILE --unmasked --approval 申请编号。每次批准只能导出一次。";

    public static Task<int> ImportAsync(LinliOptions options, CommandLine cl, TextWriter output, TextWriter errors, CancellationToken ct) =>
        WithAnchorAsync(options, audit => ImportAsync(options, cl, audit, output, errors, ct), ct);

    public static Task<int> ExportAsync(LinliOptions options, CommandLine cl, TextWriter output, TextWriter errors, CancellationToken ct) =>
        WithAnchorAsync(options, audit => ExportAsync(options, cl, audit, output, errors, ct), ct);

    /// <summary>Runs a verb with the audit log as the command line writes it (the actor is "cli"), and anchors the chain's head after it.</summary>
    static async Task<int> WithAnchorAsync(LinliOptions options, Func<AuditLog, Task<int>> verb, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        using var anchors = new AuditAnchors(options, target, TimeProvider.System, NullLogger<AuditAnchors>.Instance);
        try
        {
            return await verb(new AuditLog(target, new HttpContextAccessor(), TimeProvider.System, anchors));
        }
        finally
        {
            await anchors.AnchorIfWrittenAsync(ct);
        }
    }

    static async Task<int> ImportAsync(LinliOptions options, CommandLine cl, AuditLog audit, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (cl.Words.Count != 2 || cl.Words[0] != "residents" || cl.Value("--into") is not { } into)
        {
            await errors.WriteLineAsync($"用法：{ImportUsage}");
            return 2;
        }
        var path = cl.Words[1];
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
        var target = DatabaseTarget.From(options);
        if (await MissingDatabaseAsync(target, errors)) return 1;
        await using var db = target.CreateContext();
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
        var import = new RosterImport(db, FieldCipher.OpenOrCreate(options.DataDir), TimeProvider.System, audit);
        ImportReport report;
        try
        {
            report = await import.RunAsync(content, Path.GetFileName(path), unit,
                new RosterImport.Options(DryRun: cl.Has("--dry-run"), SkipInvalid: cl.Has("--skip-invalid")), ct);
        }
        catch (Exception e) when (Web.Problems.IsBusy(e))
        {
            // The transaction was never committed: nothing of this file is in the database.
            await errors.WriteLineAsync($"数据库 {target.Describe()} 一直被另一个程序占用（例如服务器上正在进行的导入），等了 30 秒仍未释放。没有导入任何数据；请稍后再运行。");
            return 1;
        }
        if (cl.Has("--json")) await output.WriteLineAsync(report.ToJson());
        else report.WriteText(output);
        return report.ExitCode;
    }

    static async Task<int> ExportAsync(LinliOptions options, CommandLine cl, AuditLog audit, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (cl.Words is not ["residents"] || cl.Value("--from") is not { } from || cl.Value("--out") is not { } outPath)
        {
            await errors.WriteLineAsync($"用法：{ExportUsage}");
            return 2;
        }
        long? approval = null;
        if (cl.Value("--approval") is { } approvalText)
        {
            if (!long.TryParse(approvalText, out var id))
            {
                await errors.WriteLineAsync($"--approval 应是导出申请的编号（数字），而不是“{approvalText}”。");
                return 2;
            }
            approval = id;
        }
        else if (cl.Has("--unmasked"))
        {
            await errors.WriteLineAsync("不能直接导出未脱敏的名册：批量导出完整身份证号和电话号码须经第二人审批。" + HowToGetApproval + "不需要完整号码时，去掉 --unmasked 即可导出脱敏名册。");
            return 2;
        }
        var target = DatabaseTarget.From(options);
        if (await MissingDatabaseAsync(target, errors)) return 1;
        await using var db = target.CreateContext();
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
        if (approval is { } approvalId) return await ExportApprovedAsync(options, db, audit, unit, approvalId, cl.Has("--unmasked"), full, output, errors, ct);
        var export = new RosterExport(db, FieldCipher.OpenOrCreate(options.DataDir), TimeProvider.System);
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
    static async Task<int> ExportApprovedAsync(LinliOptions options, LinliDb db, AuditLog audit, OrgUnit unit, long id, bool unmasked, string full,
        TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var request = await db.ExportRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is not null && request.Unmasked != unmasked)
        {
            await errors.WriteLineAsync(request.Unmasked
                ? $"导出申请 #{id} 批准的是含完整身份证号和电话的名册：请加上 --unmasked，以示你知道导出的是完整号码。"
                : $"导出申请 #{id} 只批准了导出敏感标签，不含完整号码：请去掉 --unmasked。");
            return 2;
        }
        var approvals = new ExportApprovals(db, FieldCipher.OpenOrCreate(options.DataDir), audit, TimeProvider.System);
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

    static async Task<bool> MissingDatabaseAsync(DatabaseTarget target, TextWriter errors)
    {
        if (target.IsPostgres) return false;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
        if (File.Exists(file)) return false;
        await errors.WriteLineAsync($"数据库 {target.Describe()} 不存在。请先运行 linli migrate（或 linli serve），并建立社区和网格。");
        return true;
    }
}
