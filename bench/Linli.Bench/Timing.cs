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

    /// <summary>
    /// Sends <paramref name="work"/> in batches of <paramref name="batch"/> until the server has settled: the batch median
    /// has not improved on the best one by more than 3 % for four batches in a row (or <paramref name="maxRequests"/> were
    /// sent). .NET runs new code as tier-0 JIT and promotes hot methods in the background (tiered compilation, with PGO an
    /// instrumented tier in between); a server that has run for a while answers from the promoted code, so this is the
    /// state the floors are measured in. Answers how many requests it took and the first and last batch medians (ms).
    /// </summary>
    public static async Task<(int Requests, double FirstMedian, double LastMedian)> SettleAsync(Func<int, Task> work, int batch = 500, int maxRequests = 30_000)
    {
        var sent = 0;
        double first = double.NaN, best = double.MaxValue, last = double.NaN;
        for (var flat = 0; flat < 4 && sent < maxRequests;)
        {
            var from = sent;
            last = (await MeasureAsync(0, batch, i => work(from + i))).P50;
            sent += batch;
            if (double.IsNaN(first)) first = last;
            if (last < best * 0.97) { best = last; flat = 0; }
            else flat++;
        }
        return (sent, first, last);
    }
}
