using Linli.Data;

namespace Linli.Web;

static class HealthEndpoints
{
    /// <summary>/healthz: the process answers. /readyz: and it can reach its database.</summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", async (LinliDb db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct)
                    ? Results.Text("ready")
                    : Results.Problem("数据库无法连接", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous().ExcludeFromDescription();
    }
}
