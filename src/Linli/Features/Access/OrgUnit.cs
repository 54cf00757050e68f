using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Access;

public enum OrgUnitKind { Street, Community, Grid }

/// <summary>A node of the Street → Community → Grid tree. Every record that belongs to a place points at a grid.</summary>
public sealed class OrgUnit
{
    public long Id { get; set; }
    public long? ParentId { get; set; }
    public OrgUnit? Parent { get; set; }
    public required OrgUnitKind Kind { get; set; }
    /// <summary>Short stable code used on the command line and in files, e.g. "CG-XFL-03".</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Ids from the root down, "/1/4/12/": a subtree is one prefix comparison.</summary>
    public string Path { get; set; } = "/";
    public int SortOrder { get; set; }
}

sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> b)
    {
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.Code).HasMaxLength(32);
        b.Property(o => o.Name).HasMaxLength(64);
        b.Property(o => o.Path).HasMaxLength(256);
        b.HasIndex(o => o.Code).IsUnique();
        b.HasIndex(o => o.Path);
        b.HasIndex(o => new { o.ParentId, o.Name }).IsUnique();
        b.HasOne(o => o.Parent).WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
