using System.Collections.Concurrent;
using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>
/// When each access token was last used, written in the background, not by the request that used it: a request
/// only notes the time here, and every half minute the notes are written, one conditional UPDATE per token. So an
/// API request never waits for (or fails on) a write of its own — which, on SQLite during a long import, meant
/// waiting for the write lock and then answering 500. A write that fails stays noted for the next round.
/// </summary>
public sealed class TokenUses(IServiceScopeFactory scopes, ILogger<TokenUses> log, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    readonly ConcurrentDictionary<long, DateTime> pending = new();
    readonly SemaphoreSlim flushing = new(1, 1);

    public void Seen(long tokenId, DateTime utc) => pending.AddOrUpdate(tokenId, utc, (_, noted) => noted > utc ? noted : utc);

    /// <summary>Writes what was noted; what cannot be written now (a busy database) waits for the next round.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await flushing.WaitAsync(ct);
        try
        {
            if (pending.IsEmpty) return;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LinliDb>();
            foreach (var id in pending.Keys)
            {
                if (!pending.TryRemove(id, out var when)) continue;
                try
                {
                    await db.AccessTokens.Where(t => t.Id == id && (t.LastUsedUtc == null || t.LastUsedUtc < when))
                        .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedUtc, when), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Seen(id, when);
                    log.LogWarning("访问令牌的最近使用时间暂时写不进数据库（{Reason}），稍后再写", e.GetBaseException().Message);
                    return;
                }
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("停止时没能写入访问令牌的最近使用时间：{Reason}", e.GetBaseException().Message);
        }
    }
}
