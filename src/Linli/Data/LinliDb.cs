using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Features.Registry.Exports;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Linli.Data;

/// <summary>
/// The one database context. Each provider has a subclass (<see cref="SqliteLinliDb"/>,
/// <see cref="PostgresLinliDb"/>) only so that each keeps its own migration set; the model is this one.
/// </summary>
public abstract class LinliDb(DbContextOptions options) : IdentityUserContext<LinliUser, long>(options), IDataProtectionKeyContext
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<Dwelling> Dwellings => Set<Dwelling>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ResidentTag> ResidentTags => Set<ResidentTag>();
    public DbSet<CommunityVisitCycle> CommunityVisitCycles => Set<CommunityVisitCycle>();
    public DbSet<ResidentChange> ResidentChanges => Set<ResidentChange>();
    public DbSet<ResidentSearchKey> ResidentSearchKeys => Set<ResidentSearchKey>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<AccessStamp> AccessStamps => Set<AccessStamp>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<ExportRequest> ExportRequests => Set<ExportRequest>();

    public DbSet<GridCount> GridCounts => Set<GridCount>();

    /// <summary>
    /// Every save keeps the search keys of the residents it adds or changes current, and recounts the grids whose
    /// numbers it changes (<see cref="Features.Registry.GridCounts"/>) in the same transaction: the caller's when
    /// there is one, else one of its own, so the counts never show a state the registry did not have.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        ResidentSearchKey.Sync(this);
        var grids = Features.Registry.GridCounts.Touched(this);
        if (grids.Count == 0) return base.SaveChanges(acceptAllChangesOnSuccess);
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var written = base.SaveChanges(acceptAllChangesOnSuccess);
        Features.Registry.GridCounts.Recount(this, grids);
        own?.Commit();
        return written;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ResidentSearchKey.Sync(this);
        var grids = Features.Registry.GridCounts.Touched(this);
        if (grids.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await Features.Registry.GridCounts.RecountAsync(this, grids, cancellationToken);
        if (own is not null) await own.CommitAsync(cancellationToken);
        return written;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LinliDb).Assembly, t => t.Namespace?.StartsWith("Linli.Features", StringComparison.Ordinal) == true);
    }
}

public sealed class SqliteLinliDb(DbContextOptions<SqliteLinliDb> options) : LinliDb(options);

public sealed class PostgresLinliDb(DbContextOptions<PostgresLinliDb> options) : LinliDb(options);
