using System.Security.Cryptography;
using System.Text;
using Linli.Data;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Access;

/// <summary>
/// A personal access token (访问令牌) for scripts and integrations: the API acts as its owner, with
/// the owner's roles and area. Only its SHA-256 hash is kept; the token itself is shown once.
/// Accounts that hold an administrator role get none: a token would bypass their required second factor.
/// </summary>
public sealed class AccessToken
{
    public long Id { get; set; }
    public required long UserId { get; set; }
    /// <summary>The first characters of the token ("linli_Ab3dE9"), so a person can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>Hex SHA-256 of the whole token.</summary>
    public required string Hash { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? ExpiresUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    /// <summary>Updated at most once a minute.</summary>
    public DateTime? LastUsedUtc { get; set; }
}

sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> b)
    {
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasIndex(t => t.UserId);
        b.HasOne<LinliUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Creating, revoking and recognising access tokens.</summary>
public sealed class AccessTokens(LinliDb db, AuditLog audit, TimeProvider clock)
{
    public const string TokenPrefix = "linli_";
    public const int DefaultDays = 90, MaxDays = 3650;
    const int ShownPrefixLength = 12;

    public sealed record Created(AccessToken Token, string Secret, string OwnerName);

    /// <summary>A new token for the named account; null with a reason when it cannot have one.</summary>
    public async Task<(Created? Token, string? Error)> CreateAsync(string userName, int days, CancellationToken ct)
    {
        if (days is < 1 or > MaxDays) return (null, $"有效期应为 1 到 {MaxDays} 天。");
        var normalized = userName.Trim().ToUpperInvariant();
        var owner = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        if (owner is null) return (null, $"找不到账号“{userName}”。");
        if (owner.IsDisabled) return (null, $"账号“{owner.UserName}”已停用，不能创建访问令牌。");
        string[] administrators = [.. Roles.Administrators];
        if (await db.RoleAssignments.Where(a => a.UserId == owner.Id && administrators.Contains(a.Role)).Select(a => a.Role).FirstOrDefaultAsync(ct) is { } admin)
            return (null, $"账号“{owner.UserName}”是{Roles.DisplayName(admin)}，不能创建访问令牌：管理员只在浏览器中登录工作，每次都要输入两步验证码，令牌会绕过它。需要脚本访问接口时，请为不担任管理员的账号创建令牌。");
        var secret = TokenPrefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new AccessToken
        {
            UserId = owner.Id, Prefix = secret[..ShownPrefixLength], Hash = HashOf(secret),
            CreatedUtc = now, ExpiresUtc = now.AddDays(days),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.TokenCreate, AuditTarget.Token(token.Id), null,
            $"为账号 {owner.UserName} 创建访问令牌 {token.Prefix}…，有效期至 {token.ExpiresUtc:yyyy-MM-dd}", ct: ct);
        await tx.CommitAsync(ct);
        return (new Created(token, secret, owner.UserName!), null);
    }

    /// <summary>Revokes a token by its id; a message for the person either way.</summary>
    public async Task<(bool Ok, string Message)> RevokeAsync(long id, CancellationToken ct)
    {
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (token is null) return (false, $"找不到编号为 {id} 的访问令牌。运行 linli token list 查看。");
        if (token.RevokedUtc is not null) return (false, $"访问令牌 {id}（{token.Prefix}…）已于 {token.RevokedUtc:yyyy-MM-dd HH:mm} 吊销。");
        var owner = await db.Users.Where(u => u.Id == token.UserId).Select(u => u.UserName).FirstAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        token.RevokedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.TokenRevoke, AuditTarget.Token(token.Id), null, $"吊销账号 {owner} 的访问令牌 {token.Prefix}…", ct: ct);
        await tx.CommitAsync(ct);
        return (true, $"已吊销访问令牌 {id}（{token.Prefix}…，属于 {owner}）。使用它的请求从现在起会被拒绝。");
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
