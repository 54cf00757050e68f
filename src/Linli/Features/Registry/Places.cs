using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>楼栋: a building inside a grid.</summary>
public sealed class Building
{
    public long Id { get; set; }
    public required long GridId { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>房屋: one address, building + unit + room.</summary>
public sealed class Dwelling
{
    public long Id { get; set; }
    public required long BuildingId { get; set; }
    public required long GridId { get; set; }
    public required string Unit { get; set; }
    public required string Room { get; set; }
}

/// <summary>How an address reads: "3号楼2单元301室", or "（无门牌）" for a household without a dwelling.</summary>
public static class Addresses
{
    public static async Task<string> OfDwellingAsync(Data.LinliDb db, long? dwellingId, CancellationToken ct)
    {
        var place = dwellingId is null ? null : await db.Dwellings.AsNoTracking().Where(d => d.Id == dwellingId)
            .Join(db.Buildings, d => d.BuildingId, b => b.Id, (d, b) => new { Building = b.Name, d.Unit, d.Room }).FirstOrDefaultAsync(ct);
        return RegistryText.Address(place?.Building, place?.Unit, place?.Room);
    }

    public static async Task<string> OfHouseholdAsync(Data.LinliDb db, long? householdId, CancellationToken ct) =>
        await OfDwellingAsync(db, householdId is null ? null : await db.Households.Where(h => h.Id == householdId).Select(h => h.DwellingId).FirstOrDefaultAsync(ct), ct);
}

sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> b)
    {
        b.Property(x => x.Name).HasMaxLength(64);
        b.HasIndex(x => new { x.GridId, x.Name }).IsUnique();
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class DwellingConfiguration : IEntityTypeConfiguration<Dwelling>
{
    public void Configure(EntityTypeBuilder<Dwelling> b)
    {
        b.Property(x => x.Unit).HasMaxLength(16);
        b.Property(x => x.Room).HasMaxLength(16);
        b.HasIndex(x => new { x.BuildingId, x.Unit, x.Room }).IsUnique();
        b.HasIndex(x => x.GridId);
        b.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
    }
}
