using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Access;

/// <summary>A person who works in Linli: a cadre, a lead, an administrator.</summary>
public sealed class LinliUser : IdentityUser<long>
{
    /// <summary>The person's name as colleagues know it (姓名), shown in the top bar and in records.</summary>
    public string DisplayName { get; set; } = "";
    public bool IsDisabled { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>A role held over one OrgUnit and everything below it: a cadre over a grid, a lead over a community.</summary>
public sealed class RoleAssignment
{
    public long Id { get; set; }
    public required long UserId { get; set; }
    public required string Role { get; set; }
    public required long OrgUnitId { get; set; }
}

sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> b)
    {
        b.Property(x => x.Role).HasMaxLength(32);
        b.HasIndex(x => new { x.UserId, x.Role, x.OrgUnitId }).IsUnique();
        b.HasOne<LinliUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class LinliUserConfiguration : IEntityTypeConfiguration<LinliUser>
{
    public void Configure(EntityTypeBuilder<LinliUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(64);
    }
}
