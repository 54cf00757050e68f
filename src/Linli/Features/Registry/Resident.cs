using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

public enum Gender { Male, Female }
/// <summary>户籍 / 常住 / 流动.</summary>
public enum ResidenceKind { Registered, Resident, Migrant }
/// <summary>在册 / 迁出 / 死亡; 已合并: a duplicate record merged into another (<see cref="Resident.MergedIntoId"/>).</summary>
public enum ResidentStatus { Active, MovedOut, Deceased, Merged }
/// <summary>与户主关系.</summary>
public enum RelationToHead { Self, Spouse, Child, Parent, Grandchild, Sibling, Other }

/// <summary>
/// 居民: one person in the registry. The national ID and phone are never stored in plain text:
/// a cipher (see <see cref="Linli.Data.FieldCipher"/>), a keyed hash for exact look-up, and the masked form.
/// </summary>
public sealed class Resident
{
    public long Id { get; set; }
    public required long GridId { get; set; }
    public long? HouseholdId { get; set; }
    public RelationToHead RelationToHead { get; set; } = RelationToHead.Self;
    /// <summary>The GB/T 4761 code of the relation (22 长子, 38 儿媳 …; <see cref="CodeTables.Relation"/>); null when only the category is known.</summary>
    public string? RelationCode { get; set; }
    public required string Name { get; set; }
    public required Gender Gender { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Ethnicity { get; set; }
    public byte[]? NationalIdCipher { get; set; }
    public byte[]? NationalIdHash { get; set; }
    public string? NationalIdMasked { get; set; }
    /// <summary>
    /// Null for the mainland 居民身份证; otherwise the document the National* fields hold instead (护照, 港澳/台湾通行证,
    /// 外国人永久居留身份证), kept encrypted, hashed and masked the same way (<see cref="IdDocuments"/>).
    /// </summary>
    public IdDocumentKind? IdDocument { get; set; }
    public byte[]? PhoneCipher { get; set; }
    public byte[]? PhoneHash { get; set; }
    public string? PhoneMasked { get; set; }
    public ResidenceKind ResidenceKind { get; set; } = ResidenceKind.Registered;
    public ResidentStatus Status { get; set; } = ResidentStatus.Active;
    public string? Education { get; set; }
    public string? PoliticalStatus { get; set; }
    public string? MaritalStatus { get; set; }
    public string? Notes { get; set; }
    /// <summary>A duplicate merged away (status <see cref="ResidentStatus.Merged"/>): the record that was kept. Its history moved there.</summary>
    public long? MergedIntoId { get; set; }
    /// <summary>The concurrency token: one more on every change (<see cref="Data.RowVersions"/>), the API's ETag.</summary>
    public int Version { get; set; }
}

sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    /// <summary>The unique index's filter: double quotes name a column in SQLite and PostgreSQL alike.</summary>
    public const string NationalIdHashFilter = "\"NationalIdHash\" IS NOT NULL";

    public void Configure(EntityTypeBuilder<Resident> b)
    {
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Gender).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.RelationToHead).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ResidenceKind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Ethnicity).HasMaxLength(16);
        b.Property(x => x.RelationCode).HasMaxLength(2);
        b.Property(x => x.IdDocument).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.NationalIdMasked).HasMaxLength(18);
        b.Property(x => x.PhoneMasked).HasMaxLength(16);
        b.Property(x => x.Education).HasMaxLength(16);
        b.Property(x => x.PoliticalStatus).HasMaxLength(16);
        b.Property(x => x.MaritalStatus).HasMaxLength(16);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.GridId, x.Status });
        b.HasIndex(x => x.HouseholdId);
        // One ID number is one resident, even when two writers register it at once (an import and a page): the
        // database refuses the second (Data/DatabaseErrors.IsNationalIdTaken). Records without a number are many.
        b.HasIndex(x => x.NationalIdHash).IsUnique().HasFilter(NationalIdHashFilter);
        b.HasIndex(x => x.PhoneHash);
        b.HasIndex(x => x.Name);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}
