using System.Text.RegularExpressions;
using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// What one search box understands: a full ID number (exact, through the keyed hash), a full mobile
/// number (exact), the last digits of a phone (four of them through the search keys), an address fragment like "3号楼2单元301", pinyin initials
/// ("zsf" for 张三丰), or part of a name. Names and initials go through the search keys
/// (<see cref="ResidentSearchKey"/>), one index range inside the user's grids. Always inside the grids where the user
/// holds <c>permission</c>: registry.read for the search page and the API, registry.caller-view for the hotline.
/// </summary>
public sealed partial class ResidentSearch(LinliDb db, FieldCipher cipher)
{
    /// <param name="manyFrom">Set for a query that lists many rows over a street or district (the resident list): more
    /// grids than this, and the scope takes the shape PostgreSQL plans well for many grids (<see cref="Scope.InScopeOfMany"/>).</param>
    public IQueryable<Resident> Query(UserArea area, string permission, string text, int? manyFrom = null)
    {
        var grids = area.GridsWhere(permission);
        var q = Text.ToHalfWidth(text).Trim();
        var residents = manyFrom is { } from ? db.Residents.AsNoTracking().InScopeOfMany(area, permission, db, from) : db.Residents.AsNoTracking().InScopeOf(area, permission);
        if (q.Length == 0) return residents;

        if ((q.Length is 15 or 18) && NationalId.TryNormalize(q, out var id, out _))
        {
            var hash = cipher.Hash(id);
            return residents.Where(r => r.NationalIdHash == hash);
        }
        var digits = PhoneNumber.Normalize(q);
        if (digits is not null && digits.Length == q.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).TrimStart('+').Length)
        {
            if (digits.Length == 11)
            {
                var hash = cipher.Hash(digits);
                return residents.Where(r => r.PhoneHash == hash);
            }
            // The usual "尾号" query, four digits, is one index range of the search keys; fewer digits are
            // rare enough to keep the scan (LIKE '%78' cannot use an index).
            if (digits.Length == 4)
                return ByKey(grids, ResidentSearchKey.PhoneMark + digits);
            if (digits.Length < 4)
                return residents.Where(r => r.PhoneMasked != null && r.PhoneMasked.EndsWith(digits));
        }
        if (Address().Match(q) is { Success: true } m)
        {
            var building = m.Groups["b"].Value;
            var unit = m.Groups["u"].Success ? m.Groups["u"].Value + "单元" : null;
            var room = m.Groups["r"].Success ? m.Groups["r"].Value : null;
            var dwellings = db.Dwellings.InScopeOf(area, permission)
                .Join(db.Buildings.Where(b => b.Name == building + "号楼"), d => d.BuildingId, b => b.Id, (d, b) => d)
                .Where(d => (unit == null || d.Unit == unit) && (room == null || d.Room == room));
            return residents.Where(r => db.Households.Any(h => h.Id == r.HouseholdId && dwellings.Any(d => d.Id == h.DwellingId)));
        }
        if (Pinyin.LooksLikeInitials(q))
            return ByKey(grids, ResidentSearchKey.InitialsMark + q.ToLowerInvariant()[..Math.Min(q.Length, 6)]);
        // Keys are text elements (ResidentSearchKey.KeysOf): 𠮷 is one, not two halves of a surrogate pair.
        var elements = TextElements.Of(q);
        if (elements.All(e => e[0] > 0x2E80))
        {
            var key = elements.Count <= 2 ? q : elements[0] + elements[1];
            if (key.Length <= ResidentSearchKey.MaxKeyLength)
            {
                if (elements.Count <= 2) return ByKey(grids, key);
                var fragment = q;
                return ByKey(grids, key).Where(r => r.Name.Contains(fragment));
            }
        }
        return residents.Where(r => r.Name.Contains(q));
    }

    // The residents of the key's entries in my grids, shaped so that "the first 50 by id" stops after about 50 look-ups.
    // SQLite: "Id IN (…)", which it collects into a sorted temporary index; a join sorted every match first (18 ms
    // instead of 4 for a common given name over a district). PostgreSQL: a join with the distinct ids, which it sorts
    // (a few ms for 7,000 ids) and walks in order; "Id IN (…)" looked up every match's resident before sorting them —
    // for 铭泽 over a district of 1,000,000 (6,998 matches) 33 ms warm against 5.5 ms (EXPLAIN ANALYZE).
    IQueryable<Resident> ByKey(IReadOnlyList<long> grids, string key)
    {
        var ids = db.ResidentSearchKeys.Where(k => k.Key == key && EF.Parameter(grids).Contains(k.GridId)).Select(k => k.ResidentId);
        return db.Database.IsNpgsql()
            ? ids.Distinct().Join(db.Residents.AsNoTracking(), id => id, r => r.Id, (_, r) => r)
            : db.Residents.AsNoTracking().Where(r => ids.Contains(r.Id));
    }

    [GeneratedRegex(@"^(?<b>\d+)\s*(号楼|栋|幢)\s*(?:(?<u>\d+)\s*单元)?\s*(?:(?<r>\d+)\s*室?)?$")]
    private static partial Regex Address();
}
