using System.CommandLine;
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
    public static VerbCommand Command()
    {
        var user = new VerbCommand("user", "管理账号：新增（密码从标准输入读取一行）、停用、启用、授予或撤销角色、列出；每次操作都记入审计日志");
        user.Subcommands.Add(Add());
        user.Subcommands.Add(Named("disable", "停用账号：不能再登录，已登录的会话在下一次请求时结束，访问令牌失效",
            (run, name) => run.Get<Accounts>().DisableAsync(name, run.Ct), name => $"已停用账号 {name}：不能再登录，已登录的会话在下一次请求时结束，访问令牌也已失效。"));
        user.Subcommands.Add(Named("enable", "启用停用的账号", (run, name) => run.Get<Accounts>().EnableAsync(name, run.Ct), name => $"已启用账号 {name}。"));
        user.Subcommands.Add(Grant());
        user.Subcommands.Add(Revoke());
        var list = new VerbCommand("list", "列出全部账号及其状态和角色") { Run = ListAsync };
        user.Subcommands.Add(list);
        return user;
    }

    static Argument<string> NameArgument() => Args.Word("NAME", "账号的用户名");

    static Option<string> RoleOption() => Args.Parsed("--role", "ROLE", "角色的代码（GridCadre）或名称（包片干部）", Accounts.RoleNamed,
        unknown => $"没有角色“{unknown}”。可用的角色：{string.Join("、", Roles.All.Select(x => $"{x}（{Roles.DisplayName(x)}）"))}。",
        required: true, whenLeftOut: $"请用 --role 指定角色，如 --role GridCadre。可用的角色：{string.Join("、", Roles.All)}。");

    static Option<string> OrgOption(bool required) => Args.Text("--org", "ORGUNIT", "管辖范围：组织单元的代码或名称路径（运行 linli orgunit list 查看）",
        required, "请用 --org 指定管辖范围（组织单元的代码或名称路径）。运行 linli orgunit list 查看。");

    static VerbCommand Named(string verb, string description, Func<VerbRun, string, Task<Accounts.Result>> act, Func<string, string> done)
    {
        var name = NameArgument();
        var command = new VerbCommand(verb, description) { name };
        command.Run = async run =>
        {
            if (!await run.DatabaseReadyAsync()) return 1;
            var n = run.Value(name)!;
            return await Report(await act(run, n), done(n), run.Output, run.Errors);
        };
        return command;
    }

    static VerbCommand Add()
    {
        var (name, role, org) = (NameArgument(), RoleOption(), OrgOption(required: true));
        var displayName = Args.Text("--display-name", "姓名", "显示的姓名（不写则用用户名）");
        var command = new VerbCommand("add", "新增账号，并授予一个角色；密码从标准输入读取一行（在终端上输入时不显示）") { name, role, org, displayName };
        command.Run = async run =>
        {
            if (!await run.DatabaseReadyAsync()) return 1;
            var (n, r) = (run.Value(name)!, run.Value(role)!);
            if (await UnitAsync(run, run.Value(org)) is not { } unit) return 1;
            var password = ReadPassword(run.Errors);
            if (string.IsNullOrEmpty(password))
            {
                await run.Errors.WriteLineAsync("没有从标准输入读到密码。用法：echo '密码' | linli user add NAME --role ROLE --org ORGUNIT（或直接运行，按提示输入）。");
                return 2;
            }
            var added = await run.Get<Accounts>().AddAsync(n, run.Value(displayName), r, unit, password, run.Ct);
            return await Report(added, $"已新增账号 {n}（{added.User?.DisplayName}），{Roles.DisplayName(r)}，管辖 {unit.Name}。", run.Output, run.Errors);
        };
        return command;
    }

    static VerbCommand Grant()
    {
        var (name, role, org) = (NameArgument(), RoleOption(), OrgOption(required: true));
        var command = new VerbCommand("grant", "授予账号一个角色，管辖一个组织单元") { name, role, org };
        command.Run = async run =>
        {
            if (!await run.DatabaseReadyAsync()) return 1;
            var (n, r) = (run.Value(name)!, run.Value(role)!);
            if (await UnitAsync(run, run.Value(org)) is not { } unit) return 1;
            return await Report(await run.Get<Accounts>().GrantAsync(n, r, unit, run.Ct), $"已授予账号 {n} {Roles.DisplayName(r)}，管辖 {unit.Name}。", run.Output, run.Errors);
        };
        return command;
    }

    static VerbCommand Revoke()
    {
        var (name, role, org) = (NameArgument(), RoleOption(), OrgOption(required: false));
        var command = new VerbCommand("revoke", "撤销账号的角色（不写 --org 则撤销它在各处的这个角色）；已登录的会话在下一次请求时结束") { name, role, org };
        command.Run = async run =>
        {
            if (!await run.DatabaseReadyAsync()) return 1;
            var (n, r) = (run.Value(name)!, run.Value(role)!);
            OrgUnit? unit = null;
            if (run.Value(org) is { } reference && (unit = await UnitAsync(run, reference)) is null) return 1;
            return await Report(await run.Get<Accounts>().RevokeAsync(n, r, unit, run.Ct), $"已撤销账号 {n} 的{Roles.DisplayName(r)}；它已登录的会话在下一次请求时结束。", run.Output, run.Errors);
        };
        return command;
    }

    static async Task<int> ListAsync(VerbRun run)
    {
        if (!await run.DatabaseReadyAsync()) return 1;
        Print(await run.Get<Accounts>().ListAsync(run.Ct), run.Output);
        return 0;
    }

    static async Task<OrgUnit?> UnitAsync(VerbRun run, string? reference)
    {
        var unit = await OrgUnitTree.ResolveAsync(run.Get<LinliDb>(), reference!, run.Ct);
        if (unit is null)
            await run.Errors.WriteLineAsync($"找不到组织单元“{reference}”。可以写它的代码，或从街道开始的名称路径，如 城关街道/幸福里社区/第三居民组；运行 linli orgunit list 查看。");
        return unit;
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
