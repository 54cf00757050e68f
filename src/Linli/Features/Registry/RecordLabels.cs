using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// A label set or ended by another module's record, not by a person's choice on a list: a granted 低保 sets 低保户 on the
/// applicant, its end removes it ("one fact entered once"). The calling module has already decided the user may change
/// that record (its own permission, in its own scope); the label follows the record. Runs inside the caller's
/// transaction on the caller's context: the resident's history row , the new version and the grid's
/// numbers (recounted by the save) are committed with the record, or not at all. The caller writes the audit row.
/// </summary>
public sealed class RecordLabels(LinliDb db, TimeProvider clock)
{
    /// <summary>Sets (<paramref name="on"/>) or removes the label with <paramref name="tagCode"/>. Returns the label's name when
    /// something changed, null when the label does not exist in this office or the resident already had it as asked.</summary>
    public async Task<string?> SetAsync(UserArea area, long residentId, string tagCode, bool on, CancellationToken ct)
    {
        var tag = await db.Tags.AsNoTracking().Where(t => t.Code == tagCode).Select(t => new { t.Id, t.Name, t.IsSensitive }).FirstOrDefaultAsync(ct);
        if (tag is null) return null;
        var resident = await db.Residents.AsNoTracking().Where(r => r.Id == residentId).Select(r => new { r.Id, r.GridId, r.HouseholdId }).FirstOrDefaultAsync(ct);
        if (resident is null) return null;
        var has = await db.ResidentTags.AnyAsync(rt => rt.ResidentId == residentId && rt.TagId == tag.Id, ct);
        if (has == on) return null;
        if (on) db.ResidentTags.Add(new ResidentTag { ResidentId = residentId, TagId = tag.Id, GridId = resident.GridId, AddedAtUtc = clock.GetUtcNow().UtcDateTime });
        else db.ResidentTags.RemoveRange(await db.ResidentTags.Where(rt => rt.ResidentId == residentId && rt.TagId == tag.Id).ToListAsync(ct));
        db.ResidentChanges.Add(new ResidentChange
        {
            ResidentId = residentId, GridId = resident.GridId, HouseholdId = resident.HouseholdId, AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = area.UserId, UserName = area.UserName, Field = "人员标签", OldValue = on ? null : tag.Name, NewValue = on ? tag.Name : null,
            IsSensitive = tag.IsSensitive,
        });
        await db.SaveChangesAsync(ct);
        await db.Residents.Where(r => r.Id == residentId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version + 1), ct);
        return tag.Name;
    }
}
