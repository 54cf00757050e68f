using Linli.Data;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Infrastructure;

/// <summary>
/// One resident a test needs, said in the office's words: <c>new ResidentBuilder().InGrid("第三居民组").Aged(82).WithTag("独居老人")</c>.
/// What is not said is filled in plausibly; the ID number is valid and agrees with the age and sex, and it is
/// stored as the registry stores it (cipher, keyed hash, masked form). <see cref="LinliApp.SeedAsync"/> writes it.
/// </summary>
public sealed class ResidentBuilder
{
    static int sequence;

    string grid = "第三居民组";
    string? community;
    string name = "测试居民";
    Gender gender = Gender.Female;
    DateOnly birthDate = DemoCommunity.ReferenceDate.AddYears(-45).AddDays(-40);
    string? phone;
    ResidenceKind kind = ResidenceKind.Registered;
    ResidentStatus status = ResidentStatus.Active;
    readonly List<string> tags = [];

    /// <summary>A grid by name (within <paramref name="community"/> when grid names repeat, as 第一网格 does).</summary>
    public ResidentBuilder InGrid(string gridName, string? community = null)
    {
        grid = gridName;
        this.community = community;
        return this;
    }

    public ResidentBuilder Named(string fullName) { name = fullName; return this; }
    public ResidentBuilder Male() { gender = Gender.Male; return this; }
    public ResidentBuilder Female() { gender = Gender.Female; return this; }
    public ResidentBuilder Aged(int years) { birthDate = DateOnly.FromDateTime(DateTime.Today).AddYears(-years).AddDays(-40); return this; }
    public ResidentBuilder BornOn(DateOnly date) { birthDate = date; return this; }
    public ResidentBuilder WithPhone(string mobile) { phone = mobile; return this; }
    public ResidentBuilder Migrant() { kind = ResidenceKind.Migrant; return this; }
    public ResidentBuilder MovedOut() { status = ResidentStatus.MovedOut; return this; }
    /// <summary>A label by its name as the office says it (独居老人) or its code (ElderlyLivingAlone).</summary>
    public ResidentBuilder WithTag(string label) { tags.Add(label); return this; }

    /// <summary>Writes the resident, in a household of their own, through SaveChanges (so search keys and grid counts follow).</summary>
    internal async Task<Resident> SaveAsync(LinliDb db, FieldCipher cipher)
    {
        var grids = db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid && o.Name == grid);
        if (community is not null)
            grids = grids.Where(g => db.OrgUnits.Any(c => c.Id == g.ParentId && c.Name == community));
        var unit = await grids.ToListAsync() switch
        {
            [var only] => only,
            [] => throw new InvalidOperationException($"no grid {grid}"),
            _ => throw new InvalidOperationException($"{grid} is in more than one community: say which"),
        };
        // 110101 (Beijing) is a region the demo never uses, so a built number cannot meet a demo resident's.
        var n = Interlocked.Increment(ref sequence);
        var first17 = $"110101{birthDate:yyyyMMdd}{(n % 500) * 2 + (gender == Gender.Male ? 1 : 0):000}";
        var id = first17 + NationalId.CheckDigit(first17);

        var household = new Household { GridId = unit.Id, Number = $"T{n:000000}" };
        db.Households.Add(household);
        await db.SaveChangesAsync();
        var resident = new Resident
        {
            GridId = unit.Id, HouseholdId = household.Id, Name = name, Gender = gender, BirthDate = birthDate, Ethnicity = "汉族",
            NationalIdCipher = cipher.Encrypt(id), NationalIdHash = cipher.Hash(id), NationalIdMasked = NationalId.Mask(id),
            PhoneCipher = phone is null ? null : cipher.Encrypt(phone), PhoneHash = phone is null ? null : cipher.Hash(phone),
            PhoneMasked = phone is null ? null : PhoneNumber.Mask(phone), ResidenceKind = kind, Status = status,
        };
        db.Residents.Add(resident);
        await db.SaveChangesAsync();
        household.HeadId = resident.Id;
        foreach (var label in tags)
        {
            var tag = await db.Tags.SingleOrDefaultAsync(t => t.Name == label || t.Code == label) ?? throw new InvalidOperationException($"no label {label}");
            db.ResidentTags.Add(new ResidentTag { ResidentId = resident.Id, TagId = tag.Id, GridId = unit.Id });
        }
        await db.SaveChangesAsync();
        return resident;
    }
}

public sealed partial class LinliApp
{
    /// <summary>Writes what the builder describes into this server's database and returns it (with its id).</summary>
    public async Task<Resident> SeedAsync(ResidentBuilder builder)
    {
        await using var db = Database.Target.CreateContext();
        return await builder.SaveAsync(db, FieldCipher.OpenOrCreate(Database.DataDir));
    }
}
