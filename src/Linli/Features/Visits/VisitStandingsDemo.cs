using Linli.Features.Demo;

namespace Linli.Features.Visits;

/// <summary>Fills <see cref="VisitStanding"/> once every demo part has written its visits (they go in through <see cref="Data.BulkWriter"/>, past the save hook).</summary>
public sealed class VisitStandingsDemo : IDemoData
{
    public int Order => 1000;

    public Task FillAsync(DemoContext demo, CancellationToken ct) => VisitStandings.RebuildAllAsync(demo.Db, ct);
}
