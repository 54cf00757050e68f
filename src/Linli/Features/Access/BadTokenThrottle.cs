using System.Collections.Concurrent;

namespace Linli.Features.Access;

/// <summary>
/// Refused access tokens, counted per client address. The first <see cref="Limit"/> refusals within
/// <see cref="Window"/> are each written to the audit log; the next one writes a single row that says the
/// limit was hit, and from then on that address's bearer requests answer 429 without a look-up or an audit
/// row, until it has sent none for a whole window. So a script stuck on a bad token, or someone guessing,
/// writes a bounded number of rows however long it runs. Per server: a second server counts its own.
/// </summary>
public sealed class BadTokenThrottle(TimeProvider clock)
{
    public const int Limit = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    const int SweepAbove = 10_000;

    public enum Verdict
    {
        /// <summary>Under the limit: audit this refusal as usual and answer 401.</summary>
        Audit,
        /// <summary>This refusal hit the limit: write the one summary row and answer 429.</summary>
        LimitReached,
    }

    sealed class Entry
    {
        public DateTime WindowStart;
        public DateTime LastSeen;
        public int Failures;
        public bool Blocked;
    }

    readonly ConcurrentDictionary<string, Entry> entries = new();

    /// <summary>
    /// Whether bearer requests from <paramref name="address"/> are answered 429 now. Asking counts as activity:
    /// an address that keeps sending while blocked stays blocked.
    /// </summary>
    public bool IsBlocked(string address)
    {
        if (!entries.TryGetValue(address, out var e)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        lock (e)
        {
            if (!e.Blocked) return false;
            if (now - e.LastSeen >= Window)
            {
                (e.Blocked, e.Failures, e.WindowStart) = (false, 0, now);
                return false;
            }
            e.LastSeen = now;
            return true;
        }
    }

    /// <summary>Counts one refused token from <paramref name="address"/>.</summary>
    public Verdict Refused(string address)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (entries.Count > SweepAbove) Sweep(now);
        var e = entries.GetOrAdd(address, _ => new Entry { WindowStart = now, LastSeen = now });
        lock (e)
        {
            if (now - e.WindowStart >= Window && !e.Blocked) (e.WindowStart, e.Failures) = (now, 0);
            e.LastSeen = now;
            e.Failures++;
            if (e.Failures <= Limit) return Verdict.Audit;
            e.Blocked = true;
            return Verdict.LimitReached;
        }
    }

    void Sweep(DateTime now)
    {
        foreach (var (address, e) in entries)
            if (now - e.LastSeen >= Window) entries.TryRemove(address, out _);
    }
}
