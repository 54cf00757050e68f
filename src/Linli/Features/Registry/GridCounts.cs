using System.Globalization;
using Linli.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Registry;

/// <summary>What a <see cref="GridCount"/> row counts.</summary>
public enum GridMeasure
{
    /// <summary>户数: every household of the grid; <see cref="GridCount.Key"/> is 0.</summary>
    Households,
    /// <summary>在册居民 by year of birth; <see cref="GridCount.Key"/> is the year, 0 for residents without a birth date.</summary>
    BirthYear,
    /// <summary>在册居民 holding a label; <see cref="GridCount.Key"/> is the tag's id.</summary>
    Tag,
    /// <summary>
    /// 在册居民 by gender and year of birth, for the population pyramid: <see cref="GridCount.Key"/> is year × 10 + 1 for
    /// men, + 2 for women (the codes of GB/T 2261.1); the year is 0 for residents without a birth date.
    /// </summary>
    GenderBirthYear,
    /// <summary>在册居民 by residence kind (户籍 / 常住 / 流动); <see cref="GridCount.Key"/> is the <see cref="Registry.ResidenceKind"/> as a number.</summary>
    ResidenceKind,
}

/// <summary>
/// One number of one grid, kept current so that dashboards add up a few rows per grid instead of counting
/// residents: DESIGN.md gives the street's or district's dashboard 200 ms, and the raw GROUP BY over
/// 1,000,000 residents in 800 grids takes 0.4–1.6 s on this machine (tags × grid for 100 communities:
/// 1,511 ms on SQLite, 362 ms on PostgreSQL). Ages are kept by birth year, not birth date, so that the
/// numbers stay true without a nightly job: "60岁及以上" means born in or before this year − 60.
/// </summary>
public sealed class GridCount
{
    public required long GridId { get; set; }
    public required GridMeasure Measure { get; set; }
    public required long Key { get; set; }
    public required int Count { get; set; }
}

sealed class GridCountConfiguration : IEntityTypeConfiguration<GridCount>
{
    public void Configure(EntityTypeBuilder<GridCount> b)
    {
        b.HasKey(x => new { x.GridId, x.Measure, x.Key });
        b.Property(x => x.Measure).HasConversion<string>().HasMaxLength(16);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Keeps <see cref="GridCount"/> current by recounting whole grids — not by adding deltas, which drift
/// the first time a path forgets one. A grid holds about 1,300 residents, so its recount is a few
/// index-range GROUP BYs of a few milliseconds. <see cref="LinliDb"/> recounts the grids each save touches,
/// inside the save's transaction; the bulk loaders (roster import, demo), which bypass SaveChanges, call
/// <see cref="RecountAsync"/> before they commit — except the roster import, which only adds rows and adds what it wrote
/// (<see cref="Of"/>, <see cref="AddAsync"/>), held to a live count by the import tests.
/// </summary>
public static class GridCounts
{
    const int Chunk = 500;

    /// <summary>Deletes the grids' rows and counts them again from the registry, inside the current transaction.</summary>
    public static async Task RecountAsync(LinliDb db, IReadOnlyCollection<long> gridIds, CancellationToken ct)
    {
        foreach (var chunk in gridIds.Distinct().Order().Chunk(Chunk))
            await db.Database.ExecuteSqlRawAsync(Sql(db, chunk), ct);
    }

    /// <summary>The same, for the synchronous SaveChanges.</summary>
    public static void Recount(LinliDb db, IReadOnlyCollection<long> gridIds)
    {
        foreach (var chunk in gridIds.Distinct().Order().Chunk(Chunk))
            db.Database.ExecuteSqlRaw(Sql(db, chunk));
    }

    /// <summary>
    /// The numbers that rows about to be inserted add to their grids' counts, made the way <see cref="Sql"/> counts them
    /// (only 在册 residents; a missing birth date as year 0). For the roster import, which only adds rows: recounting its
    /// grids read every resident of them under the write lock, more each time a community grows (1.4 s of a 10,400-row
    /// import into a community of 100,000 on the loaded machine); adding what it wrote reads nothing. A test compares the
    /// result with a recount after every import kind.
    /// </summary>
    public static List<GridCount> Of(IEnumerable<Household> households, IEnumerable<Resident> residents, IEnumerable<ResidentTag> tags)
    {
        var counts = new Dictionary<(long GridId, GridMeasure Measure, long Key), int>();
        void Add(long grid, GridMeasure measure, long key) => counts[(grid, measure, key)] = counts.GetValueOrDefault((grid, measure, key)) + 1;
        foreach (var h in households) Add(h.GridId, GridMeasure.Households, 0);
        var active = new Dictionary<long, long>();
        foreach (var r in residents.Where(r => r.Status == ResidentStatus.Active))
        {
            active[r.Id] = r.GridId;
            var year = r.BirthDate?.Year ?? 0;
            Add(r.GridId, GridMeasure.BirthYear, year);
            Add(r.GridId, GridMeasure.GenderBirthYear, year * 10L + (r.Gender == Gender.Male ? 1 : 2));
            Add(r.GridId, GridMeasure.ResidenceKind, (long)r.ResidenceKind);
        }
        foreach (var t in tags)
            if (active.TryGetValue(t.ResidentId, out var grid)) Add(grid, GridMeasure.Tag, t.TagId);
        return counts.Select(c => new GridCount { GridId = c.Key.GridId, Measure = c.Key.Measure, Key = c.Key.Key, Count = c.Value }).ToList();
    }

    /// <summary>
    /// Adds <paramref name="deltas"/> to the grids' rows (a row not there yet is made), inside the current transaction, in
    /// a few statements. On PostgreSQL the grids are locked first, as for a recount, so that a recount beside it waits.
    /// </summary>
    public static async Task AddAsync(LinliDb db, IReadOnlyCollection<GridCount> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0) return;
        string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
        // Numbers and the measure's own names only, so they are written into the statements as they are.
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(LockGridsSql(deltas.Select(d => d.GridId)), ct);
        }
        foreach (var chunk in deltas.OrderBy(d => d.GridId).ThenBy(d => d.Measure).ThenBy(d => d.Key).Chunk(Chunk))
        {
            var upsert = "INSERT INTO \"GridCounts\" (\"GridId\", \"Measure\", \"Key\", \"Count\") VALUES "
                + string.Join(", ", chunk.Select(d => $"({Number(d.GridId)}, '{d.Measure}', {Number(d.Key)}, {Number(d.Count)})"))
                + " ON CONFLICT (\"GridId\", \"Measure\", \"Key\") DO UPDATE SET \"Count\" = \"GridCounts\".\"Count\" + excluded.\"Count\"";
            await db.Database.ExecuteSqlRawAsync(upsert, ct);
        }
    }

    /// <summary>Every grid at once: for `linli recount` and for a database whose counts are in doubt.</summary>
    public static async Task RecountAllAsync(LinliDb db, CancellationToken ct)
    {
        var grids = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Grid).Select(o => o.Id).ToListAsync(ct);
        await RecountAsync(db, grids, ct);
    }

    /// <summary>
    /// One batch: lock, delete, insert. On PostgreSQL the grids' OrgUnits rows are locked first, in id order, so
    /// two writers in one grid take turns and the second one's INSERT … SELECT (a new snapshot under READ
    /// COMMITTED) sees the first one's committed rows. FOR NO KEY UPDATE, not FOR UPDATE: every insert of a
    /// resident, household or tag already holds FOR KEY SHARE on its grid through the foreign key, and FOR
    /// UPDATE would wait for the other writer's share while that writer waits for ours — a deadlock.
    /// SQLite has one writer at a time, so it needs no lock.
    /// </summary>
    /// <summary>
    /// PostgreSQL: the statement that locks the grids' OrgUnits rows in id order (FOR NO KEY UPDATE, see below), for every
    /// writer that counts what is stored in a grid and must take turns with the others counting there. Grid ids only,
    /// written into the statement as numbers.
    /// </summary>
    public static string LockGridsSql(IEnumerable<long> gridIds) =>
        $"SELECT \"Id\" FROM \"OrgUnits\" WHERE \"Id\" IN ({string.Join(", ", gridIds.Distinct().Order().Select(id => id.ToString(CultureInfo.InvariantCulture)))}) ORDER BY \"Id\" FOR NO KEY UPDATE";

    static string Sql(LinliDb db, long[] gridIds)
    {
        var ids = string.Join(", ", gridIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var postgres = db.Database.IsNpgsql();
        var year = postgres ? "CAST(EXTRACT(YEAR FROM \"BirthDate\") AS bigint)" : "CAST(substr(\"BirthDate\", 1, 4) AS INTEGER)";
        var active = nameof(ResidentStatus.Active);
        var sql = postgres ? LockGridsSql(gridIds) + ";\n" : "";
        return sql + $"""
            DELETE FROM "GridCounts" WHERE "GridId" IN ({ids});
            INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
            SELECT "GridId", '{nameof(GridMeasure.Households)}', 0, COUNT(*) FROM "Households"
            WHERE "GridId" IN ({ids}) GROUP BY "GridId";
            INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
            SELECT "GridId", '{nameof(GridMeasure.BirthYear)}', COALESCE({year}, 0), COUNT(*) FROM "Residents"
            WHERE "GridId" IN ({ids}) AND "Status" = '{active}' GROUP BY "GridId", COALESCE({year}, 0);
            INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
            SELECT r."GridId", '{nameof(GridMeasure.Tag)}', t."TagId", COUNT(*) FROM "Residents" r JOIN "ResidentTags" t ON t."ResidentId" = r."Id"
            WHERE r."GridId" IN ({ids}) AND r."Status" = '{active}' GROUP BY r."GridId", t."TagId";
            {PyramidAndKindsSql(postgres, ids)}
            """;
    }

    /// <summary>
    /// The pyramid's and residence kinds' rows of the grids <paramref name="gridIds"/> (a list of ids, or a sub-query):
    /// also the SQL the migration that brought these measures ran once over every grid.
    /// </summary>
    public static string PyramidAndKindsSql(bool postgres, string gridIds)
    {
        var year = postgres ? "CAST(EXTRACT(YEAR FROM \"BirthDate\") AS bigint)" : "CAST(substr(\"BirthDate\", 1, 4) AS INTEGER)";
        var active = nameof(ResidentStatus.Active);
        var gender = $"CASE \"Gender\" WHEN '{nameof(Gender.Male)}' THEN 1 ELSE 2 END";
        var kind = $"CASE \"ResidenceKind\" WHEN '{nameof(Registry.ResidenceKind.Registered)}' THEN {(int)Registry.ResidenceKind.Registered} "
            + $"WHEN '{nameof(Registry.ResidenceKind.Resident)}' THEN {(int)Registry.ResidenceKind.Resident} ELSE {(int)Registry.ResidenceKind.Migrant} END";
        return $"""
            INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
            SELECT "GridId", '{nameof(GridMeasure.GenderBirthYear)}', COALESCE({year}, 0) * 10 + {gender}, COUNT(*) FROM "Residents"
            WHERE "GridId" IN ({gridIds}) AND "Status" = '{active}' GROUP BY "GridId", COALESCE({year}, 0) * 10 + {gender};
            INSERT INTO "GridCounts" ("GridId", "Measure", "Key", "Count")
            SELECT "GridId", '{nameof(GridMeasure.ResidenceKind)}', {kind}, COUNT(*) FROM "Residents"
            WHERE "GridId" IN ({gridIds}) AND "Status" = '{active}' GROUP BY "GridId", {kind};
            """;
    }

    /// <summary>
    /// The grids whose numbers a save changes: added or deleted residents, households and labels, and residents
    /// whose grid, status, birth date, gender or residence kind changes (both the old and the new grid when one moves).
    /// Called by <see cref="LinliDb"/> before the save, while the change tracker still knows the old values.
    /// </summary>
    public static HashSet<long> Touched(DbContext db)
    {
        var grids = new HashSet<long>();
        void Both<T>(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<T> e) where T : class
        {
            grids.Add((long)e.Property("GridId").OriginalValue!);
            grids.Add((long)e.Property("GridId").CurrentValue!);
        }
        foreach (var e in db.ChangeTracker.Entries<Resident>().ToList())
        {
            if (e.State is EntityState.Added or EntityState.Deleted) Both(e);
            else if (e.State == EntityState.Modified)
            {
                // A resident who moves has already taken their labels' grid along (ResidentTagCopies, called first).
                var moved = e.Property(r => r.GridId).IsModified && e.Property(r => r.GridId).OriginalValue != e.Entity.GridId;
                if (moved || e.Property(r => r.Status).IsModified || e.Property(r => r.BirthDate).IsModified
                    || e.Property(r => r.Gender).IsModified || e.Property(r => r.ResidenceKind).IsModified) Both(e);
            }
        }
        foreach (var e in db.ChangeTracker.Entries<Household>().ToList())
            if (e.State is EntityState.Added or EntityState.Deleted || (e.State == EntityState.Modified && e.Property(h => h.GridId).IsModified)) Both(e);
        foreach (var e in db.ChangeTracker.Entries<ResidentTag>().ToList())
            if (e.State is EntityState.Added or EntityState.Deleted || (e.State == EntityState.Modified && e.Property(t => t.GridId).IsModified)) Both(e);
        return grids;
    }
}
