using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>户: the people living together at a dwelling.</summary>
public sealed class Household
{
    public long Id { get; set; }
    public required long GridId { get; set; }
    public long? DwellingId { get; set; }
    /// <summary>户号 as the office writes it; unique inside a community.</summary>
    public required string Number { get; set; }
    public long? HeadId { get; set; }
    /// <summary>The concurrency token: one more on every change (<see cref="Data.RowVersions"/>).</summary>
    public int Version { get; set; }
}

sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.GridId, x.Number });
        b.HasIndex(x => x.DwellingId);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Dwelling>().WithMany().HasForeignKey(x => x.DwellingId).OnDelete(DeleteBehavior.Restrict);
    }
}
