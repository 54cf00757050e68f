using Linli.Data;
using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// On SQLite a large roster commits in batches, so that people saving beside it get their turn between batches (issue 10),
/// and is still all or nothing: a lost race, a failure or a crash between batches leaves the registry as it was.
/// </summary>
public class BatchedImportTests
{
    /// <summary>Runs <paramref name="action"/> once, when the import tells it has written at least <paramref name="after"/> residents.</summary>
    sealed class Between(int after, Func<Task> action) : IProgress<int>
    {
        public bool Ran { get; private set; }
        public void Report(int written)
        {
            if (Ran || written < after) return;
            Ran = true;
            action().GetAwaiter().GetResult();
        }
    }

    static async Task<List<string>> SnapshotAsync(ImportWorld world)
    {
        await using var db = world.Db();
        return await SnapshotAsync(db);
    }

    /// <summary>Every row an import writes, and the grids' stored counts, as text.</summary>
    static async Task<List<string>> SnapshotAsync(LinliDb db)
    {
        var rows = new List<string>();
        rows.AddRange(await db.Residents.OrderBy(r => r.Id).Select(r => $"r{r.Id}|{r.Name}|{r.HouseholdId}").ToListAsync());
        rows.AddRange(await db.Households.OrderBy(h => h.Id).Select(h => $"h{h.Id}|{h.Number}|{h.HeadId}").ToListAsync());
        rows.AddRange(await db.Buildings.OrderBy(b => b.Id).Select(b => $"b{b.Id}|{b.Name}").ToListAsync());
        rows.AddRange(await db.Dwellings.OrderBy(d => d.Id).Select(d => $"d{d.Id}").ToListAsync());
        rows.Add($"tags {await db.ResidentTags.CountAsync()}, keys {await db.ResidentSearchKeys.CountAsync()}");
        rows.AddRange((await GridCountsTests.StoredRowsAsync(db)).Select(x => x.ToString()!));
        return rows;
    }

    [Fact]
    public async Task SomeoneElseWritesBetweenTheBatchesAndTheRosterStillGoesInWhole()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var file = CleanRoster.Xlsx(CleanRoster.People(900));
        Resident? other = null;
        // Outside a batch nobody holds the write lock: a save from another connection goes through at once
        // (within one transaction it would wait for the import, which waits for it, until SQLite gives up).
        var between = new Between(300, async () => other = await world.AddResidentAsync("孙在旁", "110101199001011237", world.Grid(5)));
        var report = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(Progress: between, BatchRows: 200));
        Assert.True(between.Ran);
        Assert.Equal(900, report.Imported);
        Assert.NotNull(other);
        Assert.Equal(901, (await world.CountsAsync()).Residents);
        await using var check = world.Db();
        Assert.Equal(await GridCountsTests.LiveRowsAsync(check), await GridCountsTests.StoredRowsAsync(check));
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.Detail!.Contains("导入名册") && a.Detail.Contains("900 人")));
        Assert.Empty(Directory.GetFiles(ImportJournal.FolderOf(check)!));

        // The import kept SQLite's automatic checkpoints off on its own connection and its page cache large; every pooled
        // connection has them as before.
        var open = new List<LinliDb>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var db = world.Db();
                open.Add(db);
                await db.Database.OpenConnectionAsync();
                await using var pragma = db.Database.GetDbConnection().CreateCommand();
                pragma.CommandText = "PRAGMA wal_autocheckpoint";
                Assert.Equal(1000L, (long)(await pragma.ExecuteScalarAsync())!);
                // and SQLite's default page cache (2,000 KiB), not the import's 32 MB
                pragma.CommandText = "PRAGMA cache_size";
                Assert.Equal(-2000L, (long)(await pragma.ExecuteScalarAsync())!);
            }
        }
        finally
        {
            foreach (var db in open) await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task ANumberRegisteredBetweenTheBatchesUndoesTheWholeImport()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        await world.ImportAsync(CleanRoster.Xlsx(CleanRoster.People(12, firstNumber: 5_000)), world.Grid(2));
        var before = await SnapshotAsync(world);
        var people = CleanRoster.People(700);
        var late = people[650];
        var between = new Between(200, () => world.AddResidentAsync(late.Name, late.Id, world.Grid(4)));
        var report = await world.ImportAsync(CleanRoster.Xlsx(people), world.Grid(1), new RosterImport.Options(Progress: between, BatchRows: 200));

        Assert.True(between.Ran);
        Assert.True(report.NumberTaken);
        Assert.Equal(0, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal((651 + report.HeaderRow, "公民身份号码"), (error.Row, error.Column));
        // Everything the earlier batches wrote is gone; only the person registered meanwhile (and their household) is new.
        var after = await SnapshotAsync(world);
        await using var db = world.Db();
        var added = await db.Residents.SingleAsync(r => r.Name == late.Name);
        Assert.Equal(before.Count(r => r.StartsWith('r')) + 1, after.Count(r => r.StartsWith('r')));
        Assert.Equal(before.Where(r => r.StartsWith('r')), after.Where(r => r.StartsWith('r') && r != $"r{added.Id}|{added.Name}|{added.HouseholdId}"));
        Assert.Equal(before.Where(r => r.StartsWith('b') || r.StartsWith('d')), after.Where(r => r.StartsWith('b') || r.StartsWith('d')));
        Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
        Assert.Empty(Directory.GetFiles(ImportJournal.FolderOf(db)!));
    }

    /// <summary>
    /// A batched import does not ask for its ID numbers a second time after checking them (the unique index guards them
    /// through every batch): a number someone registers after the check is refused at its batch, and nothing stays.
    /// </summary>
    [Fact]
    public async Task ANumberRegisteredAfterTheCheckOfABatchedRosterUndoesTheWholeImport()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        var before = await SnapshotAsync(world);
        var people = CleanRoster.People(500);
        var late = people[420];
        var report = await world.ImportAsync(CleanRoster.Xlsx(people), world.Grid(1), new RosterImport.Options(BatchRows: 200,
            Checked: async _ => await world.AddResidentAsync(late.Name, late.Id, world.Grid(4))));

        Assert.True(report.NumberTaken);
        Assert.Equal(0, report.Imported);
        var error = Assert.Single(report.Errors);
        Assert.Equal((421 + report.HeaderRow, "公民身份号码"), (error.Row, error.Column));
        var after = await SnapshotAsync(world);
        Assert.Equal(before.Count(r => r.StartsWith('r')) + 1, after.Count(r => r.StartsWith('r')));
        await using var db = world.Db();
        Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
    }

    /// <summary>
    /// A crash between two batches: the database as it is on disk then (copied with VACUUM INTO), with the journal beside
    /// it, is started as a server or the command line would start it — and the import's rows are gone.
    /// </summary>
    [Fact]
    public async Task AnImportCutOffBetweenBatchesIsTakenOutAtTheNextStart()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        await world.ImportAsync(CleanRoster.Xlsx(CleanRoster.People(25, firstNumber: 8_000)), world.Grid(3));
        var before = await SnapshotAsync(world);
        var crashed = Directory.CreateTempSubdirectory("linli-crash-").FullName;
        try
        {
            string? journalCopy = null;
            var between = new Between(400, async () =>
            {
                await using var db = world.Db();
                var folder = ImportJournal.FolderOf(db)!;
                var vacuum = "VACUUM INTO '" + Path.Combine(crashed, "linli.db") + "'";
                await db.Database.ExecuteSqlRawAsync(vacuum);
                var journal = Assert.Single(Directory.GetFiles(folder));
                Directory.CreateDirectory(Path.Combine(crashed, "imports-unfinished"));
                journalCopy = Path.Combine(crashed, "imports-unfinished", Path.GetFileName(journal));
                // The running import holds its journal exclusively (an advisory lock .NET takes and honours); cp does not ask.
                using var cp = System.Diagnostics.Process.Start("cp", [journal, journalCopy])!;
                await cp.WaitForExitAsync();
                Assert.Equal(0, cp.ExitCode);
            });
            Assert.Equal(1000, (await world.ImportAsync(CleanRoster.Xlsx(CleanRoster.People(1000)), world.Grid(1), new RosterImport.Options(Progress: between, BatchRows: 200))).Imported);

            var target = DatabaseTarget.From(new LinliOptions { DataDir = crashed, Urls = "http://127.0.0.1:0" });
            await using (var cut = target.CreateContext())
                Assert.True(await cut.Residents.CountAsync() >= 25 + 400, "the copy holds the batches committed before the crash");
            await Migrator.ApplyAsync(target, default);
            await using (var started = target.CreateContext())
            {
                Assert.Equal(25, await started.Residents.CountAsync());
                Assert.Equal(await GridCountsTests.LiveRowsAsync(started), await GridCountsTests.StoredRowsAsync(started));
                Assert.Equal(before, await SnapshotAsync(started));
            }
            Assert.False(File.Exists(journalCopy));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(crashed, recursive: true);
        }
    }

    /// <summary>A journal another process holds open belongs to an import still running: a start leaves it alone.</summary>
    [Fact]
    public async Task AJournalStillHeldIsLeftAlone()
    {
        await using var world = await ImportWorld.CreateAsync(TestDatabase.Sqlite);
        await using var db = world.Db();
        using var journal = ImportJournal.Start(db)!;
        journal.Append(new ImportBatch([], [], [], [123_456], [], []));
        await Migrator.ApplyAsync(world.Database.Target, default);
        Assert.Single(Directory.GetFiles(ImportJournal.FolderOf(db)!));
        journal.Finish();
        Assert.Empty(Directory.GetFiles(ImportJournal.FolderOf(db)!));
    }
}
