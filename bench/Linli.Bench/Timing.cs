using System.Diagnostics;

namespace Linli.Bench;

/// <summary>Percentiles of a set of durations, in milliseconds.</summary>
sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> ms)
    {
        if (ms.Count == 0) return new(0, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = ms.Order().ToArray();
        // Nearest rank: the smallest value with at least p of the samples at or below it.
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}

static class Timing
{
    /// <summary>Runs <paramref name="work"/> <paramref name="warmup"/> times untimed, then <paramref name="iterations"/> times timed, one after another.</summary>
    public static async Task<Percentiles> MeasureAsync(int warmup, int iterations, Func<int, Task> work)
    {
        for (var i = 0; i < warmup; i++) await work(i);
        var ms = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await work(warmup + i);
            ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return Percentiles.Of(ms);
    }
}
