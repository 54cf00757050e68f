using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Cli;

/// <summary>`linli token create|revoke|list`: personal access tokens for the API.</summary>
static class TokenVerbs
{
    public const string Usage = "linli token create NAME [--expires DAYS] | linli token revoke ID | linli token list [NAME]";

    public static async Task<int> RunAsync(LinliOptions options, CommandLine cl, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var (action, argument) = (cl.Words.ElementAtOrDefault(0), cl.Words.ElementAtOrDefault(1));
        if (action is not ("create" or "revoke" or "list") || (action != "list" && argument is null))
        {
            await errors.WriteLineAsync("用法：" + Usage);
            return 2;
        }
        await using var scope = await CliScope.OpenAsync(options, errors, ct);
        if (scope is null) return 1;
        var tokens = scope.Get<AccessTokens>();
        switch (action)
        {
            case "create":
            {
                var days = AccessTokens.DefaultDays;
                if (cl.Value("--expires") is { } text && !int.TryParse(text, out days))
                {
                    await errors.WriteLineAsync($"--expires 应是天数，如 --expires 30，而不是“{text}”。");
                    return 2;
                }
                var (created, error) = await tokens.CreateAsync(argument!, days, ct);
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
            case "revoke":
            {
                if (!long.TryParse(argument, out var id))
                {
                    await errors.WriteLineAsync($"请给出访问令牌的编号（数字），而不是“{argument}”。运行 linli token list 查看编号。");
                    return 2;
                }
                var (ok, message) = await tokens.RevokeAsync(id, ct);
                await (ok ? output : errors).WriteLineAsync(message);
                return ok ? 0 : 1;
            }
            default:
                await ListAsync(scope.Get<LinliDb>(), scope.Get<TimeProvider>().GetUtcNow().UtcDateTime, argument, output, ct);
                return 0;
        }
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
