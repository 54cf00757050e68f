using System.Threading.RateLimiting;
using Linli.Web;

namespace Linli.Features.Access;

/// <summary>
/// Refused access tokens, counted per client address. The first <see cref="Limit"/> refusals within
/// <see cref="Window"/> are each written to the audit log; the next one writes a single row that says the
/// limit was hit, and from then on that address's bearer requests answer 429 without a look-up or an audit
/// row, until it has sent none for a whole window (a <see cref="RefusalBursts">burst</see>). So a script stuck
/// on a bad token, or someone guessing, writes a bounded number of rows however long it runs. Per server: a
/// second server counts its own.
/// </summary>
public sealed class BadTokenThrottle(TimeProvider clock) : IDisposable
{
    public const int Limit = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public enum Verdict
    {
        /// <summary>Under the limit: audit this refusal as usual and answer 401.</summary>
        Audit,
        /// <summary>This refusal hit the limit: write the one summary row and answer 429.</summary>
        LimitReached,
    }

    readonly PartitionedRateLimiter<string> refusals = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Limit, Window = Window, QueueLimit = 0,
        }));
    readonly RefusalBursts bursts = new(Window, clock);

    /// <summary>
    /// Whether bearer requests from <paramref name="address"/> are answered 429 now. Asking counts as activity:
    /// an address that keeps sending while blocked stays blocked.
    /// </summary>
    public bool IsBlocked(string address) => bursts.IsOngoing(address);

    /// <summary>Counts one refused token from <paramref name="address"/>.</summary>
    public Verdict Refused(string address)
    {
        using var lease = refusals.AttemptAcquire(address);
        if (lease.IsAcquired) return Verdict.Audit;
        bursts.Refused(address);
        return Verdict.LimitReached;
    }

    public void Dispose() => refusals.Dispose();
}
