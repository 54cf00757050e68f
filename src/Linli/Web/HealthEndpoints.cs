using Linli.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Web;

static class HealthEndpoints
{
    /// <summary>
    /// /healthz: the process runs. /readyz: the health checks tagged “ready” (Health/) — the data directory takes
    /// a write, the database opens, is current and takes a write, the disk has room. “ready” (200) when none
    /// fails, with notes when one needs a look; 503 with a sentence per failing check otherwise.
    /// </summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", async (HealthCheckService health, CancellationToken ct) =>
            {
                var report = await health.CheckHealthAsync(r => r.Tags.Contains(LinliHealthChecks.Ready), ct);
                var notes = report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy)
                    .Select(e => (e.Status == HealthStatus.Degraded ? "注意：" : "错误：") + e.Description);
                var body = string.Join("\n", notes.Prepend(report.Status == HealthStatus.Unhealthy ? "not ready" : "ready"));
                return report.Status == HealthStatus.Unhealthy
                    ? Results.Text(body, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Text(body, "text/plain; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
    }
}
