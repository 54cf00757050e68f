using System.Collections.Concurrent;

namespace Linli.Features.Activities;

/// <summary>
/// The door's check-in and the volunteer's own link are open to anyone: four digits are guessed in minutes without a
/// brake. Each address may fail <see cref="MaxFailures"/> times in <see cref="Window"/>; after that it is told to ask staff.
/// </summary>
public sealed class CheckInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    readonly ConcurrentDictionary<string, (DateTimeOffset Since, int Count)> failures = new();

    public bool Blocked(string who) =>
        failures.TryGetValue(who, out var f) && clock.GetUtcNow() - f.Since < Window && f.Count >= MaxFailures;

    public void Failed(string who)
    {
        var now = clock.GetUtcNow();
        failures.AddOrUpdate(who, (now, 1), (_, f) => now - f.Since >= Window ? (now, 1) : (f.Since, f.Count + 1));
        if (failures.Count > 10_000)
            foreach (var (key, value) in failures)
                if (now - value.Since >= Window) failures.TryRemove(key, out _);
    }
}
