using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// What the registry derives from residents, kept current on every save of any context: the search keys of the
/// residents a save adds or changes (<see cref="ResidentSearchKey.Sync"/>), the resident's fields copied onto their
/// labels (<see cref="ResidentTagCopies.Sync"/>), and the numbers of the grids it
/// touches (<see cref="GridCounts"/>), recounted in the save's transaction — the caller's when there is one,
/// else one this hook opens and commits — so the counts never show a state the registry did not have.
/// Registered on every context by <see cref="Data.DatabaseTarget.Apply"/>; the bulk loaders, which bypass
/// SaveChanges, write keys and recount themselves.
/// </summary>
public sealed class RegistrySaveHook : Data.TransactionalSaveHook<IReadOnlyCollection<long>>
{
    public static readonly RegistrySaveHook Instance = new();

    RegistrySaveHook() { }

    /// <summary>The search keys and label copies brought up to date; the grids whose numbers the save changes.</summary>
    protected override IReadOnlyCollection<long>? Touched(DbContext db)
    {
        ResidentSearchKey.Sync(db);
        ResidentTagCopies.Sync(db);
        return GridCounts.Touched(db) is { Count: > 0 } grids ? grids : null;
    }

    protected override async Task AfterAsync(DbContext db, IReadOnlyCollection<long> grids, bool sync, CancellationToken ct)
    {
        if (sync) GridCounts.Recount((Data.LinliDb)db, grids);
        else await GridCounts.RecountAsync((Data.LinliDb)db, grids, ct);
    }
}
