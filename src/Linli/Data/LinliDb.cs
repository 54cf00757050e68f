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
    public DbSet<HouseholdChange> HouseholdChanges => Set<HouseholdChange>();
    public DbSet<ResidentSearchKey> ResidentSearchKeys => Set<ResidentSearchKey>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<AccessStamp> AccessStamps => Set<AccessStamp>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<ExportRequest> ExportRequests => Set<ExportRequest>();

    public DbSet<GridCount> GridCounts => Set<GridCount>();
    public DbSet<Features.Calendar.CalendarYear> CalendarYears => Set<Features.Calendar.CalendarYear>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LinliDb).Assembly, t => t.Namespace?.StartsWith("Linli.Features", StringComparison.Ordinal) == true);
    }
}

public sealed class SqliteLinliDb(DbContextOptions<SqliteLinliDb> options) : LinliDb(options);

public sealed class PostgresLinliDb(DbContextOptions<PostgresLinliDb> options) : LinliDb(options);
