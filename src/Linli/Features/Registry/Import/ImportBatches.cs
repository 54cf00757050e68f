using System.Text.Json;
using Linli.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry.Import;

/// <summary>
/// The rows one committed batch of a large import wrote (ids, by table), and the grids it counted in: what is taken out
/// again when the import does not finish. Buildings and dwellings come with the first batch only.
/// </summary>
public sealed record ImportBatch(List<long> Buildings, List<long> Dwellings, List<long> Households, List<long> Residents, List<long> Heads, List<long> Grids)
{
    public static ImportBatch Empty() => new([], [], [], [], [], []);

    public void Add(ImportBatch other)
    {
        Buildings.AddRange(other.Buildings);
        Dwellings.AddRange(other.Dwellings);
        Households.AddRange(other.Households);
        Residents.AddRange(other.Residents);
        Heads.AddRange(other.Heads);
        Grids.AddRange(other.Grids.Except(Grids).ToList());
    }

    /// <summary>
    /// Takes out, in one transaction, everything the batches wrote: the residents' search keys and labels (their visit
    /// standings go with them, by cascade), the residents, the households the import made (existing households it gave a
    /// head get their empty head back), the dwellings and buildings it made; then the dashboards' numbers of the grids are
    /// brought back (<paramref name="counted"/>, the numbers the batches added, taken off again; null: the grids recounted).
    /// Throws when a row is held by something written meanwhile (a visit recorded to an imported resident).
    /// </summary>
    public async Task UndoAsync(LinliDb db, IReadOnlyCollection<GridCount>? counted, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var chunk in Households.Concat(Heads).Chunk(Chunk))
            await db.Households.Where(h => EF.Parameter(chunk).Contains(h.Id)).ExecuteUpdateAsync(s => s.SetProperty(h => h.HeadId, (long?)null), ct);
        foreach (var chunk in Residents.Chunk(Chunk))
        {
            await db.ResidentSearchKeys.Where(k => EF.Parameter(chunk).Contains(k.ResidentId)).ExecuteDeleteAsync(ct);
            await db.ResidentTags.Where(t => EF.Parameter(chunk).Contains(t.ResidentId)).ExecuteDeleteAsync(ct);
            await db.Residents.Where(r => EF.Parameter(chunk).Contains(r.Id)).ExecuteDeleteAsync(ct);
        }
        foreach (var chunk in Households.Chunk(Chunk)) await db.Households.Where(h => EF.Parameter(chunk).Contains(h.Id)).ExecuteDeleteAsync(ct);
        foreach (var chunk in Dwellings.Chunk(Chunk)) await db.Dwellings.Where(d => EF.Parameter(chunk).Contains(d.Id)).ExecuteDeleteAsync(ct);
        foreach (var chunk in Buildings.Chunk(Chunk)) await db.Buildings.Where(b => EF.Parameter(chunk).Contains(b.Id)).ExecuteDeleteAsync(ct);
        if (counted is null) await GridCounts.RecountAsync(db, Grids, ct);
        else
        {
            await GridCounts.AddAsync(db, counted.Select(c => new GridCount { GridId = c.GridId, Measure = c.Measure, Key = c.Key, Count = -c.Count }).ToList(), ct);
            // A number taken back to nought is no row, as a recount leaves it.
            foreach (var chunk in Grids.Chunk(Chunk)) await db.GridCounts.Where(c => EF.Parameter(chunk).Contains(c.GridId) && c.Count == 0).ExecuteDeleteAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    const int Chunk = 2000;
}

/// <summary>
/// A large import on SQLite commits in batches, so that the people working beside it get their turn to write between
/// them (issue 10); until its last batch it is undone if it stops. This file beside the database lists what each batch
/// committed, written before the batch commits: if the process dies halfway, the next start
/// (<see cref="UnfinishedImports"/>) takes those rows out again, so an import is still all or nothing. The import holds
/// the file open exclusively while it runs; one that is open is never undone by someone else.
/// </summary>
public sealed class ImportJournal : IDisposable
{
    /// <summary>The folder beside the SQLite file: <c>imports-unfinished</c>.</summary>
    public static string? FolderOf(LinliDb db)
    {
        if (!db.Database.IsSqlite()) return null;
        var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:") return null;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".", "imports-unfinished");
    }

    readonly FileStream file;
    readonly string path;
    bool finished;

    ImportJournal(string path)
    {
        this.path = path;
        file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>A new journal for one import, or null where imports are not batched (PostgreSQL, an in-memory database).</summary>
    public static ImportJournal? Start(LinliDb db)
    {
        if (FolderOf(db) is not { } folder) return null;
        Directory.CreateDirectory(folder);
        return new ImportJournal(Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}.jsonl"));
    }

    /// <summary>Records <paramref name="batch"/> on disk (flushed through to the device) before its transaction commits.</summary>
    public void Append(ImportBatch batch)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(batch);
        file.Write(line);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
    }

    /// <summary>The import is committed whole, or undone: the journal is no longer needed.</summary>
    public void Finish()
    {
        finished = true;
        file.Dispose();
        File.Delete(path);
    }

    /// <summary>Closes the file; a journal not finished stays for the next start to undo.</summary>
    public void Dispose()
    {
        if (!finished) file.Dispose();
    }

    /// <summary>Every batch a journal file lists, as one; null when another process holds the file (its import still runs).</summary>
    internal static ImportBatch? ReadUnheld(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        using (stream)
        using (var reader = new StreamReader(stream))
        {
            var all = ImportBatch.Empty();
            while (reader.ReadLine() is { } line)
            {
                // A line cut off by the crash was never followed by its commit: nothing of it is in the database.
                if (line.Length == 0) continue;
                try
                {
                    if (JsonSerializer.Deserialize<ImportBatch>(line) is { } batch) all.Add(batch);
                }
                catch (JsonException)
                {
                }
            }
            return all;
        }
    }
}

/// <summary>
/// At every start (<see cref="IFillAfterMigration"/>, after migrating): an import that a crash or a kill cut off between
/// its batches is taken out again, from its journal (<see cref="ImportJournal"/>). Quick when there is none. An import
/// whose rows someone used meanwhile (a visit recorded to one of its people) cannot be taken out; its journal stays,
/// and the start goes on with a sentence on standard error.
/// </summary>
public sealed class UnfinishedImports : IFillAfterMigration
{
    public async Task FillAsync(LinliDb db, CancellationToken ct)
    {
        if (ImportJournal.FolderOf(db) is not { } folder || !Directory.Exists(folder)) return;
        foreach (var path in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            if (ImportJournal.ReadUnheld(path) is not { } batch) continue;
            try
            {
                await batch.UndoAsync(db, null, ct);
                File.Delete(path);
            }
            catch (Exception e) when (e is DbUpdateException or SqliteException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"上次中断的名册导入（{Path.GetFileName(path)}）未能撤回：{e.GetBaseException().Message}。导入的 {batch.Residents.Count} 人仍在名册中，请核对后手工处理。");
            }
        }
    }
}
