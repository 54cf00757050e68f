using System.Globalization;

namespace Linli.Bench;

/// <summary>The results as the Markdown table docs/PERFORMANCE.md carries.</summary>
static class Report
{
    public static void PrintTable(IReadOnlyList<RunResult> runs, TextWriter o)
    {
        static string Ms(double v) => double.IsNaN(v) ? "–" : v >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F2", CultureInfo.InvariantCulture);
        foreach (var run in runs)
        {
            o.WriteLine();
            o.WriteLine($"### {run.Engine}, {run.Residents:N0} residents, {run.Households:N0} households, {run.HistoryRows:N0} history rows (generated in {run.GenerateSeconds:F0} s{(run.Reused ? ", reused" : "")})");
            o.WriteLine();
            o.WriteLine("| work | budget | app p50 | app p95 | app p99 | raw p50 | raw p95 | app/raw (p50) | n |");
            o.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var s in run.Scenarios)
            {
                var budget = s.BudgetMs is { } b ? $"p95 < {b:F0} ms {(s.WithinBudget == true ? "✓" : "✗")}" : "–";
                o.WriteLine($"| {s.Title} | {budget} | {Ms(s.App.P50)} | {Ms(s.App.P95)} | {Ms(s.App.P99)} | {Ms(s.Raw.P50)} | {Ms(s.Raw.P95)} | {s.Ratio.ToString("F1", CultureInfo.InvariantCulture)} | {s.App.Count} |");
            }
            foreach (var l in run.Load)
                o.WriteLine($"| load: {l.Clients} clients, {(l.ThinkMs > 0 ? $"{l.ThinkMs} ms mean pause" : "no pause (saturation)")}, {l.Seconds:F0} s | {(l.ThinkMs > 0 ? $"p99 < 300 ms, no errors {(l.P99 < 300 && l.Errors == 0 ? "✓" : "✗")}" : $"no errors {(l.Errors == 0 ? "✓" : "✗")}")} | {Ms(l.P50)} | {Ms(l.P95)} | {Ms(l.P99)} | | | {l.Throughput:F0} req/s, {l.Errors} errors | {l.Requests} |");
            o.WriteLine($"| server peak memory (VmHWM) | < 500 MB {(run.ServerPeakMemoryMb < 500 ? "✓" : "✗")} | {run.ServerPeakMemoryMb:F0} MB | | | | | | |");
            if (run.BesideImport is { Load: var side } beside)
                o.WriteLine($"| load beside a {beside.ImportRows:N0}-row import ({beside.ImportSeconds:F1} s): {side.Clients} clients, {side.ThinkMs} ms mean pause, {side.Seconds:F0} s | p99 < 300 ms, no errors {(side.P99 < 300 && side.Errors == 0 ? "✓" : "✗")} | {Ms(side.P50)} | {Ms(side.P95)} | {Ms(side.P99)} | | | {side.Throughput:F0} req/s, {side.Errors} errors | {side.Requests} |");
            if (run.Hostile is { } h)
                o.WriteLine($"| server peak memory across a hostile upload round ({h.Files.Count} uploads, 3 at once; {h.Files.Count(f => f.Status == 200 && !f.Answer.StartsWith('(')) } refused with a sentence) | < 500 MB {(h.PeakMemoryMb < 500 ? "✓" : "✗")} | {h.PeakMemoryMb:F0} MB | | | | | | |");
        }
    }
}
