using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Keeps the resident's fields that <see cref="ResidentTag"/> copies (grid, birth date, household, status) equal to the
/// resident's, inside every save (<see cref="RegistrySaveHook"/>): a label added in the save takes them from its resident
/// (tracked, or read in one query), and a resident whose copied fields change carries them to all their labels. Writers
/// that bypass SaveChanges (the roster import, the bulk label, the demo) build their rows with <see cref="ResidentTag.Of"/>.
/// </summary>
public static class ResidentTagCopies
{
    sealed record Copy(long GridId, DateOnly? BirthDate, long? HouseholdId, ResidentStatus Status);

    static readonly string[] Copied = [nameof(Resident.GridId), nameof(Resident.BirthDate), nameof(Resident.HouseholdId), nameof(Resident.Status)];

    /// <summary>Brings the copies up to date in the change tracker, before the save writes them. Called with changes detected.</summary>
    public static void Sync(DbContext db)
    {
        var added = db.ChangeTracker.Entries<ResidentTag>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var changed = db.ChangeTracker.Entries<Resident>()
            .Where(e => e.State == EntityState.Modified && Copied.Any(p => e.Property(p).IsModified)).Select(e => e.Entity).ToList();
        if (added.Count == 0 && changed.Count == 0) return;

        // A resident added in this save is known by its key's current (possibly temporary) value, as its labels refer to it.
        var copies = new Dictionary<long, Copy>();
        foreach (var e in db.ChangeTracker.Entries<Resident>().Where(e => e.State is not (EntityState.Deleted or EntityState.Detached)))
            copies.TryAdd((long)e.Property(nameof(Resident.Id)).CurrentValue!, new Copy(e.Entity.GridId, e.Entity.BirthDate, e.Entity.HouseholdId, e.Entity.Status));
        var missing = added.Select(t => t.ResidentId).Where(id => !copies.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var r in db.Set<Resident>().AsNoTracking().Where(r => missing.Contains(r.Id))
                         .Select(r => new { r.Id, r.GridId, r.BirthDate, r.HouseholdId, r.Status }).ToList())
                copies[r.Id] = new Copy(r.GridId, r.BirthDate, r.HouseholdId, r.Status);

        var labels = added.ToList();
        if (changed.Count > 0)
        {
            var ids = changed.Select(r => r.Id).ToList();
            labels.AddRange(db.Set<ResidentTag>().Where(t => ids.Contains(t.ResidentId)).ToList());
        }
        foreach (var t in labels)
            if (copies.TryGetValue(t.ResidentId, out var c))
                (t.GridId, t.BirthDate, t.HouseholdId, t.Status) = (c.GridId, c.BirthDate, c.HouseholdId, c.Status);
        db.ChangeTracker.DetectChanges();
    }
}
