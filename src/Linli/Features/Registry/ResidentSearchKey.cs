using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>
/// The search side table: for each resident a few short keys — each character and each two-character piece
/// of the name, the prefixes of its pinyin initials ("#z", "#zs", "#zsf"), and the last four digits of the phone
/// ("@5678") — with the grid beside them, so that a search is one index range inside the user's grids, flat at
/// any size (DESIGN.md: a bigram table serves the two-character given-name searches that trigram indexes do
/// not; a phone-suffix search by LIKE '%5678' reads every resident in scope, 52–78 ms at a million).
/// Kept current by <see cref="Sync"/> whenever residents are saved through EF; the bulk loaders, which
/// bypass SaveChanges, insert <see cref="For"/> themselves.
/// </summary>
public sealed class ResidentSearchKey
{
    public const char InitialsMark = '#';
    public const char PhoneMark = '@';

    public required string Key { get; set; }
    public required long GridId { get; set; }
    public long ResidentId { get; set; }
    public Resident? Resident { get; set; }

    /// <summary>The keys of one resident: of the name, and of the phone's last four digits when the masked form shows them.</summary>
    public static IEnumerable<string> KeysOf(string name, string? phoneMasked)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (PhoneKey(phoneMasked) is { } phone) keys.Add(phone);
        var n = name.Trim();
        if (n.Length == 0) return keys;
        // Text elements, not UTF-16 units: 𠮷 or an emoji is one key, never two halves that the database would
        // store as U+FFFD twice. A key longer than the column (a long emoji sequence) is left out: search then
        // finds the name by scanning instead (ResidentSearch).
        var elements = TextElements.Of(n);
        for (var i = 0; i < elements.Count; i++) AddKey(keys, elements[i]);
        for (var i = 0; i + 1 < elements.Count; i++) AddKey(keys, elements[i] + elements[i + 1]);
        foreach (var variant in Pinyin.Initials(n).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            for (var len = 2; len <= Math.Min(variant.Length, 6); len++) keys.Add(InitialsMark + variant[..len]);
        return keys;
    }

    /// <summary>The longest key the column holds.</summary>
    public const int MaxKeyLength = 8;

    static void AddKey(HashSet<string> keys, string key)
    {
        if (key.Length <= MaxKeyLength) keys.Add(key);
    }

    /// <summary>"@5678" for "138****5678": the digits the masked form already shows, so the key reveals nothing more.</summary>
    public static string? PhoneKey(string? phoneMasked) =>
        phoneMasked is { Length: >= 4 } m && m[^4..].All(char.IsAsciiDigit) ? PhoneMark + m[^4..] : null;

    /// <summary>The keys of residents that already have their ids, for the bulk loaders that bypass SaveChanges.</summary>
    public static List<ResidentSearchKey> For(IEnumerable<Resident> residents) =>
        residents.SelectMany(r => KeysOf(r.Name, r.PhoneMasked).Select(k => new ResidentSearchKey { Key = k, GridId = r.GridId, ResidentId = r.Id })).ToList();

    /// <summary>
    /// Adds the keys of residents being inserted and replaces those of residents whose name, phone or grid changed.
    /// Called by <see cref="Data.LinliDb"/> before every save.
    /// </summary>
    public static void Sync(DbContext db)
    {
        var entries = db.ChangeTracker.Entries<Resident>().ToList();
        foreach (var e in entries.Where(e => e.State == EntityState.Added)) Add(db, e.Entity);
        // The keys of every changed resident are read in one query per 500, not one per resident (a roster updating 1,000 phones).
        var changed = entries.Where(e => e.State == EntityState.Modified
                                         && (Changed(e, nameof(Resident.Name)) || Changed(e, nameof(Resident.PhoneMasked)) || Changed(e, nameof(Resident.GridId))))
            .Select(e => e.Entity).ToList();
        foreach (var chunk in changed.Chunk(500))
        {
            var ids = chunk.Select(r => r.Id).ToList();
            db.Set<ResidentSearchKey>().RemoveRange(db.Set<ResidentSearchKey>().Where(k => ids.Contains(k.ResidentId)).ToList());
        }
        foreach (var r in changed) Add(db, r);
    }

    static bool Changed(EntityEntry<Resident> e, string property) => e.Property(property).IsModified;

    static void Add(DbContext db, Resident r)
    {
        foreach (var key in KeysOf(r.Name, r.PhoneMasked))
            db.Set<ResidentSearchKey>().Add(new ResidentSearchKey { Key = key, GridId = r.GridId, ResidentId = r.Id, Resident = r.Id == 0 ? r : null });
    }
}

sealed class ResidentSearchKeyConfiguration : IEntityTypeConfiguration<ResidentSearchKey>
{
    public void Configure(EntityTypeBuilder<ResidentSearchKey> b)
    {
        // The grid first: a roster's people go into one community's few grids, so its new keys land on the few pages of
        // those grids, not on every page of the index (a key-first order had each batch of 1,000 residents touch most of
        // the index, ~7,000 pages at 1,000,000 residents, written to the log at every commit). A search asks one range per
        // grid of its scope: 800 for a whole district, 1-3 ms in sqlite3 at 100,000 residents.
        b.HasKey(k => new { k.GridId, k.Key, k.ResidentId });
        b.Property(k => k.Key).HasMaxLength(ResidentSearchKey.MaxKeyLength);
        b.HasIndex(k => k.ResidentId);
        b.HasOne(k => k.Resident).WithMany().HasForeignKey(k => k.ResidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
