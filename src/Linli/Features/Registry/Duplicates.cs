using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Likely duplicate people in the user's area (疑似重复): the same ID number, the same name and birth date, or the same
/// name and phone; and merging one record into another.
/// <para>
/// A merge keeps everything. The record merged away is not deleted: it stays as a pointer (status
/// <see cref="ResidentStatus.Merged"/>, <see cref="Resident.MergedIntoId"/> naming the record kept), so that the audit
/// rows that name it (the log cannot be edited) and any other module's rows that point at it still find a person. Its
/// history rows are re-pointed to the kept record, where people will look for them; one new row on each record says
/// what was merged into what; its labels join the kept record's; the kept record takes an ID number, phone or birth date
/// it lacked. One transaction, one audit row.
/// </para>
/// </summary>
public sealed class Duplicates(LinliDb db, AuditLog audit, TimeProvider clock, IEnumerable<IRegistryMerges> modules, UiText say)
{
    public enum Reason { SameNationalId, SameNameAndBirthDate, SameNameAndPhone }

    public static string Of(Reason r) => r switch
    {
        Reason.SameNationalId => "身份证号相同",
        Reason.SameNameAndBirthDate => "姓名和出生日期相同",
        _ => "姓名和电话相同",
    };

    public sealed record Person(long Id, string Name, Gender Gender, DateOnly? BirthDate, string? NationalId, string? Phone, long? HouseholdId, string Grid, ResidentStatus Status, int Version);
    public sealed record Group(Reason Reason, IReadOnlyList<Person> People);

    const int MaxGroups = 200;

    /// <summary>The groups in the user's area (where the user may write), at most <see cref="MaxGroups"/> of each kind.</summary>
    public async Task<IReadOnlyList<Group>> FindAsync(UserArea area, CancellationToken ct)
    {
        var people = db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).Where(r => r.Status != ResidentStatus.Merged);
        var byId = await people.Where(r => r.NationalIdHash != null).GroupBy(r => r.NationalIdHash).Where(g => g.Count() > 1)
            .Select(g => g.Key).Take(MaxGroups).ToListAsync(ct);
        var byBirth = await people.Where(r => r.BirthDate != null).GroupBy(r => new { r.Name, r.BirthDate }).Where(g => g.Count() > 1)
            .Select(g => g.Key).Take(MaxGroups).ToListAsync(ct);
        var byPhone = await people.Where(r => r.PhoneHash != null).GroupBy(r => new { r.Name, r.PhoneHash }).Where(g => g.Count() > 1)
            .Select(g => g.Key).Take(MaxGroups).ToListAsync(ct);

        var groups = new List<(Reason Reason, List<Resident> People)>();
        foreach (var hash in byId)
            groups.Add((Reason.SameNationalId, await people.Where(r => r.NationalIdHash == hash).OrderBy(r => r.Id).ToListAsync(ct)));
        foreach (var k in byBirth)
            groups.Add((Reason.SameNameAndBirthDate, await people.Where(r => r.Name == k.Name && r.BirthDate == k.BirthDate).OrderBy(r => r.Id).ToListAsync(ct)));
        foreach (var k in byPhone)
            groups.Add((Reason.SameNameAndPhone, await people.Where(r => r.Name == k.Name && r.PhoneHash == k.PhoneHash).OrderBy(r => r.Id).ToListAsync(ct)));
        // The same people found by two rules are one group, named by the strongest rule.
        var seen = new HashSet<string>();
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Grid).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var result = new List<Group>();
        foreach (var (reason, members) in groups)
        {
            if (!seen.Add(string.Join(",", members.Select(m => m.Id)))) continue;
            result.Add(new Group(reason, members.Select(r => new Person(r.Id, r.Name, r.Gender, r.BirthDate, r.NationalIdMasked, r.PhoneMasked,
                r.HouseholdId, grids.GetValueOrDefault(r.GridId, ""), r.Status, r.Version)).ToList()));
        }
        return result;
    }

    public sealed record Result(bool Found, string? Error = null, bool Stale = false)
    {
        public bool Ok => Found && Error is null && !Stale;
    }

    /// <summary>Merges <paramref name="mergeId"/> into <paramref name="keepId"/>; each only from the version the user saw, when given.</summary>
    public async Task<Result> MergeAsync(UserArea area, long keepId, int? keepVersion, long mergeId, int? mergeVersion, CancellationToken ct)
    {
        var both = await db.Residents.InScopeOf(area, Permissions.Registry.Write).Where(r => r.Id == keepId || r.Id == mergeId).ToListAsync(ct);
        var keep = both.FirstOrDefault(r => r.Id == keepId);
        var gone = both.FirstOrDefault(r => r.Id == mergeId);
        if (gone is null) return new Result(false);
        if (keep is null) return new Result(true, "没有找到要保留的记录（须在您的管辖范围内）。");
        if (keep.Id == gone.Id) return new Result(true, "请选择另一条记录。");
        if (keepVersion is { } kv && keep.Version != kv || mergeVersion is { } mv && gone.Version != mv) return new Result(true, Stale: true);
        if (keep.Status == ResidentStatus.Merged || gone.Status == ResidentStatus.Merged) return new Result(true, "已合并过的记录不能再合并。");
        if (keep.Name != gone.Name && (keep.NationalIdHash is null || gone.NationalIdHash is null || !keep.NationalIdHash.AsSpan().SequenceEqual(gone.NationalIdHash)))
            return new Result(true, "两条记录的姓名不同、身份证号也不一致，不能合并。");
        var headOf = gone.HouseholdId is { } gh ? await db.Households.FirstOrDefaultAsync(h => h.Id == gh && h.HeadId == gone.Id, ct) : null;
        if (headOf is not null && keep.HouseholdId != headOf.Id
            && await db.Residents.AnyAsync(r => r.HouseholdId == headOf.Id && r.Id != gone.Id && r.Status == ResidentStatus.Active, ct))
            return new Result(true, say["{0}（编号 {1}）是另一户的户主：请先在那一户变更户主，再合并。", gone.Name, gone.Id]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var taken = new List<string>();
        if (keep.NationalIdHash is null && gone.NationalIdHash is not null)
        {
            (keep.NationalIdCipher, keep.NationalIdHash, keep.NationalIdMasked) = (gone.NationalIdCipher, gone.NationalIdHash, gone.NationalIdMasked);
            taken.Add($"公民身份号码 {gone.NationalIdMasked}");
        }
        if (keep.PhoneHash is null && gone.PhoneHash is not null)
        {
            (keep.PhoneCipher, keep.PhoneHash, keep.PhoneMasked) = (gone.PhoneCipher, gone.PhoneHash, gone.PhoneMasked);
            taken.Add($"联系电话 {gone.PhoneMasked}");
        }
        if (keep.BirthDate is null && gone.BirthDate is not null)
        {
            keep.BirthDate = gone.BirthDate;
            taken.Add($"出生日期 {gone.BirthDate:yyyy-MM-dd}");
        }
        // The merged record's numbers stay only on the kept one: a look-up by ID or phone finds one person.
        (gone.NationalIdCipher, gone.NationalIdHash, gone.PhoneCipher, gone.PhoneHash) = (null, null, null, null);
        var tags = await db.ResidentTags.Where(rt => rt.ResidentId == gone.Id || rt.ResidentId == keep.Id).ToListAsync(ct);
        foreach (var t in tags.Where(t => t.ResidentId == gone.Id))
        {
            db.ResidentTags.Remove(t);
            if (tags.All(k => k.ResidentId != keep.Id || k.TagId != t.TagId))
                db.ResidentTags.Add(new ResidentTag { ResidentId = keep.Id, TagId = t.TagId, GridId = keep.GridId, AddedAtUtc = t.AddedAtUtc });  // a merge is no new trigger
        }
        if (headOf is not null) headOf.HeadId = keep.HouseholdId == headOf.Id ? keep.Id : null;
        gone.Status = ResidentStatus.Merged;
        gone.MergedIntoId = keep.Id;
        Data.RowVersions.Touch(db.Entry(keep));
        await db.SaveChangesAsync(ct);
        // The work modules' rows (visits, cases) follow to the record kept, in this transaction.
        foreach (var module in modules) await module.ResidentMergedAsync(db, gone.Id, keep.Id, ct);
        // Its history moves to the record kept; the row written next stays on the pointer.
        var moved = await db.ResidentChanges.Where(c => c.ResidentId == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ResidentId, keep.Id), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var detail = $"居民编号 {gone.Id}（{gone.Name}）并入居民编号 {keep.Id}（{keep.Name}）";
        db.ResidentChanges.Add(Row(keep, "合并重复记录", $"{detail}；转来变更记录 {moved} 条{(taken.Count > 0 ? "；补入" + string.Join("、", taken) : "")}", now, area));
        db.ResidentChanges.Add(Row(gone, "合并重复记录", $"已并入居民编号 {keep.Id}（{keep.Name}），变更记录见该居民", now, area));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, AuditTarget.Resident(keep.Id), keep.GridId, $"合并重复居民：{detail}", ct: ct);
        await tx.CommitAsync(ct);
        return new Result(true);
    }

    /// <summary>What a parked record's history says: its number is kept on the record named, the lowest of the group.</summary>
    public const string ParkedNote = "与居民编号 {0} 的身份证号相同，号码保留在该记录上；请在“疑似重复”核实后合并";

    /// <summary>
    /// SQL that parks the ID numbers two or more records share, before the unique index on the number is made (migration
    /// NationalIdUnique): the lowest Id of each group keeps the number; every other record of the group loses its hash,
    /// cipher and masked form (as a record merged away does), gets one history row saying which record holds the number
    /// now (the masked number as the old value, written by “系统”), and moves to its next version. Nothing is deleted: the
    /// duplicates page still finds them by name and birth date, where they can be merged.
    /// </summary>
    public static string ParkSharedNumbersSql(bool postgres)
    {
        var now = postgres ? "now()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
        var no = postgres ? "false" : "0";
        var note = ParkedNote.Split("{0}");
        return $"""
            INSERT INTO "ResidentChanges" ("ResidentId", "GridId", "HouseholdId", "AtUtc", "UserId", "UserName", "Field", "OldValue", "NewValue", "IsSensitive")
            SELECT r."Id", r."GridId", r."HouseholdId", {now}, NULL, '系统', '公民身份号码', r."NationalIdMasked",
                   '{note[0]}' || CAST(k."KeptId" AS TEXT) || '{note[1]}', {no}
            FROM "Residents" r
            JOIN (SELECT "NationalIdHash" AS "Hash", MIN("Id") AS "KeptId" FROM "Residents"
                  WHERE "NationalIdHash" IS NOT NULL GROUP BY "NationalIdHash" HAVING COUNT(*) > 1) k
              ON r."NationalIdHash" = k."Hash" AND r."Id" <> k."KeptId";
            UPDATE "Residents" SET "NationalIdHash" = NULL, "NationalIdCipher" = NULL, "NationalIdMasked" = NULL, "Version" = "Version" + 1
            WHERE "NationalIdHash" IS NOT NULL
              AND EXISTS (SELECT 1 FROM "Residents" k WHERE k."NationalIdHash" = "Residents"."NationalIdHash" AND k."Id" < "Residents"."Id");
            """;
    }

    static ResidentChange Row(Resident r, string field, string value, DateTime now, UserArea area) => new()
    {
        ResidentId = r.Id, GridId = r.GridId, HouseholdId = r.HouseholdId, AtUtc = now, UserId = area.UserId, UserName = area.UserName,
        Field = field, NewValue = TextElements.Cut(value, 500, "…"),
    };
}
