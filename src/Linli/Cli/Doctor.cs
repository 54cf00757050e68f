using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Cli;

/// <summary>`linli doctor`: checks what Linli needs and says, for each, that it is fine or what to do.</summary>
public static class Doctor
{
    public static async Task<int> RunAsync(LinliOptions options, TextWriter output, CancellationToken ct)
    {
        var failures = 0;
        void Ok(string s) => output.WriteLine("  正常  " + s);
        void Warn(string s) => output.WriteLine("  注意  " + s);
        void Fail(string s) { output.WriteLine("  错误  " + s); failures++; }

        output.WriteLine("邻里 Linli 自检");
        var dataDir = Path.GetFullPath(options.DataDir);
        var target = DatabaseTarget.From(options);

        // Configuration
        if (Directory.Exists(dataDir)) Ok($"数据目录 {dataDir} 存在。");
        else Warn($"数据目录 {dataDir} 还不存在；首次运行 linli serve 时会创建它。");
        Ok($"数据库配置：{target.Describe()}。");

        // Database
        if (!target.IsPostgres && !File.Exists(Path.Combine(dataDir, "linli.db")))
            Warn("SQLite 数据库文件还不存在；首次运行 linli serve 或 linli migrate 时会创建它。");
        else
        {
            try
            {
                await using var db = target.CreateContext();
                await db.Database.OpenConnectionAsync(ct);
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                if (pending.Count == 0)
                {
                    Ok($"数据库可以打开，结构是最新版本；有 {await db.Users.CountAsync(ct)} 个账号，{await db.OrgUnits.CountAsync(ct)} 个组织单元。");
                    var keys = await db.DataProtectionKeys.CountAsync(ct);
                    if (keys > 0) Ok($"登录会话密钥保存在数据库中（{keys} 个），多台服务器可共用。");
                    else Warn("数据库中还没有登录会话密钥；服务首次启动时会生成。");
                }
                else Fail($"数据库可以打开，但还有 {pending.Count} 个迁移未应用。请运行 linli migrate。");
            }
            catch (Exception e) when (DatabaseErrors.Explain(e, target) is { } plain)
            {
                Fail(plain);
            }
        }

        // Keys
        var keyPath = FieldCipher.KeyPath(dataDir);
        if (!File.Exists(keyPath))
            Warn($"字段加密密钥 {keyPath} 还不存在；首次写入身份证号时会生成。生成后请与数据库一起备份，丢失它就无法读出身份证号和电话。");
        else
        {
            try
            {
                FieldCipher.Open(keyPath);
                var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(keyPath);
                if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
                    Fail($"字段加密密钥 {keyPath} 可被其他用户读取。请运行 chmod 600 {keyPath}。");
                else Ok($"字段加密密钥 {keyPath} 完好，仅所有者可读。");
            }
            catch (InvalidDataException e) { Fail(e.Message); }
        }

        // Disk
        var probe = Directory.Exists(dataDir) ? dataDir : Directory.GetCurrentDirectory();
        var drive = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(probe))!);
        var freeGb = drive.AvailableFreeSpace / 1024.0 / 1024 / 1024;
        if (freeGb < 1) Fail($"磁盘 {drive.Name} 只剩 {freeGb:F2} GB 可用空间；低于 1 GB 时数据库可能写入失败。");
        else if (freeGb < 5) Warn($"磁盘 {drive.Name} 剩余 {freeGb:F1} GB，建议清理或扩容。");
        else Ok($"磁盘 {drive.Name} 剩余 {freeGb:F0} GB。");

        output.WriteLine(failures == 0 ? "自检通过。" : $"发现 {failures} 个问题，请按上面的提示处理。");
        return failures == 0 ? 0 : 1;
    }
}
