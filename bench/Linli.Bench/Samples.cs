using Linli.Data;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Bench;

/// <summary>
/// What the measured requests ask for: real residents spread evenly over the district, read back from the
/// database (ID numbers decrypted with the data directory's key), so that every search has a true answer.
/// </summary>
sealed class Samples
{
    public sealed record Person(long Id, long GridId, long HouseholdId, string Fragment, string Initials, string NationalId, byte[] IdHash, string? PhoneSuffix);

    public required IReadOnlyList<Person> People { get; init; }
    public required IReadOnlyList<long> GridIds { get; init; }
    public required IReadOnlyList<(string Code, long Id, long[] GridIds)> Communities { get; init; }
    public required long StreetId { get; init; }

    public static async Task<Samples> LoadAsync(LinliDb db, FieldCipher cipher, int count, CancellationToken ct)
    {
        var street = await db.OrgUnits.AsNoTracking().SingleAsync(o => o.Code == DistrictGenerator.StreetCode, ct);
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(street.Path) && o.Kind != OrgUnitKind.Street).ToListAsync(ct);
        var grids = units.Where(u => u.Kind == OrgUnitKind.Grid).ToList();
        var communities = units.Where(u => u.Kind == OrgUnitKind.Community && u.Code.StartsWith(DistrictGenerator.StreetCode + "-C", StringComparison.Ordinal))
            .OrderBy(u => u.Code, StringComparer.Ordinal)
            .Select(c => (c.Code, c.Id, grids.Where(g => g.ParentId == c.Id).Select(g => g.Id).ToArray())).ToList();

        var total = await db.Residents.LongCountAsync(ct);
        var step = Math.Max(1, total / count);
        var rows = await db.Residents.AsNoTracking().Where(r => r.Id % step == 0 && r.HouseholdId != null && r.NationalIdCipher != null && r.Name.Length >= 3)
            .OrderBy(r => r.Id).Take(count)
            .Select(r => new { r.Id, r.GridId, r.HouseholdId, r.Name, r.NationalIdCipher, r.NationalIdHash, r.PhoneMasked })
            .ToListAsync(ct);
        var people = rows.Select(r => new Person(r.Id, r.GridId, r.HouseholdId!.Value, r.Name[^2..],
            Pinyin.Initials(r.Name).Split(' ')[0], cipher.Decrypt(r.NationalIdCipher!), r.NationalIdHash!, r.PhoneMasked?[^4..])).ToList();
        return new Samples
        {
            People = people, GridIds = grids.Where(g => communities.Any(c => c.Item3.Contains(g.Id))).Select(g => g.Id).ToList(),
            Communities = communities, StreetId = street.Id,
        };
    }
}
