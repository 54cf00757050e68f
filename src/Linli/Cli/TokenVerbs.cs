using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Cli;

/// <summary>`linli token create|revoke|list`: personal access tokens for the API.</summary>
static class TokenVerbs
{
    public static VerbCommand Command()
    {
        var owner = Args.Word("NAME", "账号的用户名");
        var expires = Args.Int("--expires", "DAYS", $"有效天数（默认 {AccessTokens.DefaultDays} 天）", text => $"--expires 应是天数，如 --expires 30，而不是“{text}”。");
        var create = new VerbCommand("create", "为账号创建访问令牌（只显示一次；担任管理员的账号不能有令牌）") { owner, expires };
        create.Run = run => CreateAsync(run, run.Value(owner)!, run.Value(expires) ?? AccessTokens.DefaultDays);

        var id = Args.Number("ID", "访问令牌的编号（linli token list 中的第一列）",
            text => $"请给出访问令牌的编号（数字），而不是“{text}”。运行 linli token list 查看编号。");
        var revoke = new VerbCommand("revoke", "吊销访问令牌：立即失效") { id };
        revoke.Run = run => RevokeAsync(run, run.Value(id)!.Value);

        var ofUser = Args.Word("NAME", "只列出这个账号的令牌", optional: true);
        var list = new VerbCommand("list", "列出访问令牌：编号、前缀、账号、状态、有效期、最近使用") { ofUser };
        list.Run = async run =>
        {
            if (!await run.DatabaseReadyAsync()) return 1;
            await ListAsync(run.Get<LinliDb>(), run.Get<TimeProvider>().GetUtcNow().UtcDateTime, run.Value(ofUser), run.Output, run.Ct);
            return 0;
        };
        return new VerbCommand("token", "访问令牌：为账号创建（只显示一次，默认90天有效；担任管理员的账号不能有令牌）、吊销、列出；用于 /api/v1 接口的 Authorization: Bearer")
        {
            create, revoke, list,
        };
    }

    static async Task<int> CreateAsync(VerbRun run, string owner, int days)
    {
        var (output, errors) = (run.Output, run.Errors);
        if (!await run.DatabaseReadyAsync()) return 1;
        var (created, error) = await run.Get<AccessTokens>().CreateAsync(owner, days, run.Ct);
        if (created is null)
        {
            await errors.WriteLineAsync(error);
            return 1;
        }
        await output.WriteLineAsync($"已为账号 {created.OwnerName} 创建访问令牌（编号 {created.Token.Id}，有效期至 {created.Token.ExpiresUtc:yyyy-MM-dd}）。");
        await output.WriteLineAsync("令牌只显示这一次，数据库里只存它的哈希。请现在复制保存：");
        await output.WriteLineAsync(created.Secret);
        await output.WriteLineAsync($"用法：在请求头中加 Authorization: Bearer {created.Token.Prefix}…（仅用于 /api/v1 接口，权限与该账号相同）。吊销：linli token revoke {created.Token.Id}");
        return 0;
    }

    static async Task<int> RevokeAsync(VerbRun run, long id)
    {
        if (!await run.DatabaseReadyAsync()) return 1;
        var (ok, message) = await run.Get<AccessTokens>().RevokeAsync(id, run.Ct);
        await (ok ? run.Output : run.Errors).WriteLineAsync(message);
        return ok ? 0 : 1;
    }

    static async Task ListAsync(LinliDb db, DateTime now, string? userName, TextWriter output, CancellationToken ct)
    {
        var normalized = userName?.Trim().ToUpperInvariant();
        var rows = await db.AccessTokens.AsNoTracking()
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.UserName, u.NormalizedUserName })
            .Where(x => normalized == null || x.NormalizedUserName == normalized)
            .OrderBy(x => x.Token.Id).ToListAsync(ct);
        output.WriteLine($"共 {rows.Count} 个访问令牌：");
        foreach (var r in rows)
        {
            var t = r.Token;
            var state = t.RevokedUtc is not null ? "已吊销" : t.ExpiresUtc <= now ? "已过期" : "有效";
            output.WriteLine($"  {t.Id,5}  {t.Prefix}…  {r.UserName,-12}  {state}  创建 {t.CreatedUtc:yyyy-MM-dd}  到期 {t.ExpiresUtc:yyyy-MM-dd}  最近使用 {(t.LastUsedUtc is { } u ? u.ToString("yyyy-MM-dd HH:mm") : "从未")}");
        }
    }
}
