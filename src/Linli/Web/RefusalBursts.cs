using System.Collections.Concurrent;

namespace Linli.Web;

/// <summary>
/// Keys (a client address, an account name) that are being refused in a burst. A burst begins with its first
/// refusal and lasts until the key has been quiet for <see cref="Quiet"/>; a key that keeps knocking keeps its burst
/// going. What is refused over and over writes one audit row per burst, not one per refusal: the bad-token throttle
/// (<see cref="Features.Access.BadTokenThrottle"/>) and the login rate limit (<see cref="Features.Account.LoginRateLimit"/>)
/// both count with it. In memory and per server: a second server keeps its own.
/// </summary>
public sealed class RefusalBursts(TimeSpan quiet, TimeProvider clock)
{
    const int SweepAbove = 10_000;
    readonly ConcurrentDictionary<string, DateTime> lastSeen = new();

    public TimeSpan Quiet => quiet;

    /// <summary>Counts one refusal of <paramref name="key"/>; true when it begins a new burst (write the summary row then).</summary>
    public bool Refused(string key)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (lastSeen.Count > SweepAbove) Sweep(now);
        var began = false;
        lastSeen.AddOrUpdate(key, _ => { began = true; return now; }, (_, seen) =>
        {
            began = now - seen >= quiet;
            return now;
        });
        return began;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is inside a burst now. Asking counts as activity: a key that keeps sending while
    /// refused stays refused.
    /// </summary>
    public bool IsOngoing(string key)
    {
        if (!lastSeen.TryGetValue(key, out var seen)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        if (now - seen >= quiet)
        {
            lastSeen.TryRemove(KeyValuePair.Create(key, seen));
            return false;
        }
        lastSeen.TryUpdate(key, now, seen);
        return true;
    }

    void Sweep(DateTime now)
    {
        foreach (var (key, seen) in lastSeen)
            if (now - seen >= quiet) lastSeen.TryRemove(KeyValuePair.Create(key, seen));
    }
}
