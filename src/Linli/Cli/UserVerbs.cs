using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Cli;

/// <summary>
/// `linli user add|disable|enable|grant|revoke|list`: accounts from the command line, with the same
/// password rules as the web pages. Every change is written to the audit log with the actor "cli".
/// </summary>
static class UserVerbs
{
    public const string Usage = """
        linli user add NAME --role ROLE --org ORGUNIT [--display-name 姓名]   密码从标准输入读取一行
          linli user disable NAME | enable NAME
          linli user grant NAME --role ROLE --org ORGUNIT | revoke NAME --role ROLE [--org ORGUNIT]
          linli user list
        """;

    public static async Task<int> RunAsync(LinliOptions options, CommandLine cl, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var (action, name) = (cl.Words.ElementAtOrDefault(0), cl.Words.ElementAtOrDefault(1));
        if (action is null || (action != "list" && name is null) || action is not ("add" or "disable" or "enable" or "grant" or "revoke" or "list"))
        {
            await errors.WriteLineAsync("用法：" + Usage);
            return 2;
        }
        await using var scope = await CliScope.OpenAsync(options, errors, ct);
        if (scope is null) return 1;
        var accounts = scope.Get<Accounts>();
        switch (action)
        {
            case "list":
                Print(await accounts.ListAsync(ct), output);
                return 0;
            case "disable":
                return await Report(await accounts.DisableAsync(name!, ct), $"已停用账号 {name}：不能再登录，已登录的会话在下一次请求时结束，访问令牌也已失效。", output, errors);
            case "enable":
                return await Report(await accounts.EnableAsync(name!, ct), $"已启用账号 {name}。", output, errors);
        }

        var role = cl.Value("--role") is { } r ? Accounts.RoleNamed(r) : null;
        if (role is null)
        {
            await errors.WriteLineAsync(cl.Value("--role") is { } unknown
                ? $"没有角色“{unknown}”。可用的角色：{string.Join("、", Roles.All.Select(x => $"{x}（{Roles.DisplayName(x)}）"))}。"
                : $"请用 --role 指定角色，如 --role GridCadre。可用的角色：{string.Join("、", Roles.All)}。");
            return 2;
        }
        OrgUnit? unit = null;
        if (cl.Value("--org") is { } reference)
        {
            unit = await OrgUnitTree.ResolveAsync(scope.Get<LinliDb>(), reference, ct);
            if (unit is null)
            {
                await errors.WriteLineAsync($"找不到组织单元“{reference}”。可以写它的代码，或从街道开始的名称路径，如 城关街道/幸福里社区/第三居民组；运行 linli orgunit list 查看。");
                return 1;
            }
        }
        else if (action != "revoke")
        {
            await errors.WriteLineAsync("请用 --org 指定管辖范围（组织单元的代码或名称路径）。运行 linli orgunit list 查看。");
            return 2;
        }

        if (action == "grant")
            return await Report(await accounts.GrantAsync(name!, role, unit!, ct), $"已授予账号 {name} {Roles.DisplayName(role)}，管辖 {unit!.Name}。", output, errors);
        if (action == "revoke")
            return await Report(await accounts.RevokeAsync(name!, role, unit, ct), $"已撤销账号 {name} 的{Roles.DisplayName(role)}；它已登录的会话在下一次请求时结束。", output, errors);

        var password = ReadPassword(errors);
        if (string.IsNullOrEmpty(password))
        {
            await errors.WriteLineAsync("没有从标准输入读到密码。用法：echo '密码' | linli user add NAME --role ROLE --org ORGUNIT（或直接运行，按提示输入）。");
            return 2;
        }
        var added = await accounts.AddAsync(name!, cl.Value("--display-name"), role, unit!, password, ct);
        return await Report(added, $"已新增账号 {name}（{added.User?.DisplayName}），{Roles.DisplayName(role)}，管辖 {unit!.Name}。", output, errors);
    }

    static async Task<int> Report(Accounts.Result result, string done, TextWriter output, TextWriter errors)
    {
        if (result.Ok)
        {
            await output.WriteLineAsync(done);
            return 0;
        }
        foreach (var e in result.Errors) await errors.WriteLineAsync(e);
        return 1;
    }

    static void Print(IReadOnlyList<Accounts.Listed> list, TextWriter output)
    {
        output.WriteLine($"共 {list.Count} 个账号：");
        foreach (var a in list)
        {
            var state = a.IsDisabled ? "已停用" : a.IsLockedOut ? "已锁定" : "正常";
            var roles = a.Roles.Count == 0 ? "（无角色）" : string.Join("；", a.Roles.Select(r => $"{Roles.DisplayName(r.Role)}@{r.OrgUnitName}[{r.OrgUnitCode}]"));
            output.WriteLine($"  {a.UserName,-16}\t{a.DisplayName}\t{state}\t{roles}");
        }
    }

    static readonly AsyncLocal<TextReader?> input = new();

    /// <summary>Where the password is read from instead of the console (tests).</summary>
    internal static void ReadInputFrom(TextReader reader) => input.Value = reader;

    /// <summary>One line from standard input; typed at a terminal, it is not echoed.</summary>
    static string? ReadPassword(TextWriter errors)
    {
        if (input.Value is { } reader) return reader.ReadLine();
        if (Console.IsInputRedirected) return Console.In.ReadLine();
        errors.Write("请输入新账号的密码（至少10位，含字母和数字；输入时不显示）：");
        var typed = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        errors.WriteLine();
        return typed.ToString();
    }
}

/// <summary>
/// The server's own services (same password rules, same audit log) for a verb that runs once and
/// ends: the database must exist and be up to date.
/// </summary>
sealed class CliScope : IAsyncDisposable
{
    readonly WebApplication app;
    readonly AsyncServiceScope scope;

    CliScope(WebApplication app)
    {
        this.app = app;
        scope = app.Services.CreateAsyncScope();
    }

    public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public static async Task<CliScope?> OpenAsync(LinliOptions options, TextWriter errors, CancellationToken ct)
    {
        var target = DatabaseTarget.From(options);
        if (!target.IsPostgres && !File.Exists(Path.Combine(options.DataDir, "linli.db")))
        {
            await errors.WriteLineAsync($"{target.Describe()} 不存在。请检查 --data 目录，或先运行 linli serve 完成初始设置。");
            return null;
        }
        var pending = await Migrator.PendingAsync(target, ct);
        if (pending.Count > 0)
        {
            await errors.WriteLineAsync($"{target.Describe()} 还有 {pending.Count} 个迁移未应用。请先运行 linli migrate。");
            return null;
        }
        return new CliScope(LinliServer.Build(options));
    }

    public async ValueTask DisposeAsync()
    {
        await app.Services.GetRequiredService<AuditAnchors>().AnchorIfWrittenAsync(CancellationToken.None);
        await scope.DisposeAsync();
        await app.DisposeAsync();
    }
}
