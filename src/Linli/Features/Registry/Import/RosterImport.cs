using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry.Import;

/// <summary>
/// Imports a roster into a grid, or into a community whose rows name their grids. Reads and checks every
/// row first; then, unless it is a dry run or errors block it, writes buildings, dwellings, households,
/// residents and tags in one transaction — on SQLite a large roster in batches that are taken out again if the import
/// does not finish (<see cref="ImportJournal"/>): every importable row, or nothing. Used by the import page and
/// by `linli import residents`.
/// </summary>
public sealed class RosterImport(LinliDb db, FieldCipher cipher, TimeProvider clock, AuditLog audit, ILogger<RosterImport>? log = null,
    IEnumerable<IResidentsWrittenInBulk>? modules = null)
{
    /// <param name="Progress">Told the number of residents written after each batch; cancelling the token then rolls everything back.</param>
    /// <param name="Limits">How big the file may be once unpacked (<see cref="RosterLimits.Default"/> when null).</param>
    /// <param name="Columns">The user's choice for columns the import does not recognise: map to a known column, or ignore.</param>
    /// <param name="Checked">Awaited once every row is read and checked, before the write lock is taken (the rows are then written).</param>
    /// <param name="Updates">Fields of registered residents to update from their rows (ticked on the page), made as <paramref name="Area"/>'s user.</param>
    /// <param name="UpdateExisting">Every registered resident a row names by its ID number, in <paramref name="Area"/>, takes the row's differing fields (the API's updateExisting).</param>
    /// <param name="BatchRows">On SQLite, an import of more residents than this commits in batches of about this many (<see cref="ImportJournal"/>); null: <see cref="SqliteBatchRows"/>.</param>
    public sealed record Options(bool DryRun = false, bool SkipInvalid = false, IProgress<int>? Progress = null, RosterLimits? Limits = null,
        ColumnChoices? Columns = null, Func<CancellationToken, Task>? Checked = null,
        IReadOnlyList<ImportUpdate>? Updates = null, Access.UserArea? Area = null, bool NewBuildingsAsWritten = false, bool UpdateExisting = false,
        int? BatchRows = null);

    /// <summary>
    /// Residents per batch of a large import on SQLite: someone saving beside the import waits for one batch, not the whole
    /// roster. A batch's writing took 0.1-0.5 s on the loaded 2-core test machine (docs/PERFORMANCE.md, session 12; not yet
    /// measured quiet), where the whole 10,400-row roster in one transaction held the lock 2.9-6.1 s.
    /// </summary>
    public const int SqliteBatchRows = 1000;

    const int ResidentBatch = 2000;

    /// <summary>SQLite's page cache for a batched import's connection, in KiB (the pragma's negative form); 2 MB otherwise.</summary>
    const long ImportCacheKiB = -32768;
    const int QueryChunk = 500;

    /// <summary>One sheet to import: its header, and the grid it goes to when the sheet's name says so (one sheet per 居民组).</summary>
    sealed record Piece(RosterSheet Sheet, RosterHeader Header, OrgUnit? Grid);

    public async Task<ImportReport> RunAsync(byte[] file, string fileName, OrgUnit target, Options options, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var targetPath = await OrgUnitTree.PathOfNamesAsync(db, target, ct);
        ImportReport NewReport() => new() { FileName = fileName, Target = targetPath, DryRun = options.DryRun, SkipInvalid = options.SkipInvalid };
        var report = NewReport();
        if (target.Kind == OrgUnitKind.Street)
        {
            report.Errors.Add(new ImportProblem(0, "", "请导入到一个社区或网格，不能直接导入到街道。"));
            return report;
        }
        List<Piece> pieces;
        try
        {
            var sheets = RosterFile.Read(file, options.Limits);
            var found = sheets.Select(s => (Sheet: s, Header: RosterHeader.Find(s, options.Columns))).Where(x => x.Header is not null).ToList();
            if (found.Count == 0)
            {
                report.Errors.Add(new ImportProblem(0, "", "找不到表头：需要有一行同时写着“姓名”和其他列名（如“公民身份号码”“性别”“与户主关系”）。"));
                return report;
            }
            pieces = found.Count == 1 ? [new Piece(found[0].Sheet, found[0].Header!, null)] : await SheetsPerGridAsync(found!, target, report, ct);
            if (pieces.Count == 0) return report;
        }
        catch (RosterFileException e)
        {
            report.Errors.Add(new ImportProblem(0, "", e.Message));
            return report;
        }
        void Describe(ImportReport r)
        {
            r.SheetName = pieces[0].Sheet.Name;
            r.HeaderRow = pieces[0].Header.RowNumber;
            r.Sheets.AddRange(pieces.Select(p => new ImportSheet(p.Sheet.Name, p.Header.RowNumber, p.Header.Rows, p.Grid?.Name)));
        }
        Describe(report);
        var read = Stopwatch.GetElapsedTime(started);

        // Every row is read, checked and planned before the write lock is taken: on SQLite one writer holds the
        // file at a time, and everyone else's saves wait for it (issue 10), so the lock is held only for the writing.
        var reads = new PlanReads();
        var plan = await PlanAsync(pieces, target, report, reads, options.NewBuildingsAsWritten, ct);
        report.Sort();
        var planned = Stopwatch.GetElapsedTime(started);
        var updates = options.Area is not null ? options.Updates ?? [] : [];
        var updateAll = options.Area is not null && options.UpdateExisting;
        // Nothing to write: no new resident, no ticked update, and no registered resident the roster would update.
        bool NothingToWrite() => report.Importable == 0 && updates.Count == 0 && !(updateAll && report.Differences.Count > 0);
        if (options.DryRun || report.Blocked || NothingToWrite()) return report;
        var ready = Prepare(plan);
        var prepared = Stopwatch.GetElapsedTime(started);
        if (options.Checked is { } told) await told(ct);

        // A plan that no longer holds (someone registered one of these people, took a 户号, added a building in between)
        // is made again, as it would have been; false when there is then nothing to write.
        var replanned = false;
        async Task<bool> ReplanIfChangedAsync(bool exceptGuarded = false)
        {
            if (await reads.UnchangedAsync(ct, exceptGuarded)) return true;
            replanned = true;
            report = NewReport();
            Describe(report);
            plan = await PlanAsync(pieces, target, report, new PlanReads(), options.NewBuildingsAsWritten, ct);
            report.Sort();
            if (report.Blocked || NothingToWrite()) return false;
            ready = Prepare(plan);
            return true;
        }

        var batchRows = options.BatchRows ?? SqliteBatchRows;
        if (ready.Residents.Count > batchRows && ImportJournal.Start(db) is { } journal)
        {
            // SQLite, a large roster: checked again without the lock, then committed in batches that let others write
            // between them; the unique ID index still refuses a number someone registers meanwhile (then all is undone).
            using (journal)
            {
                var locked = Stopwatch.GetTimestamp();
                // The ID numbers are not asked again here (10,400 look-ups, 0.1-0.15 s at 1,000,000 residents): the batches
                // run for longer than this check covers, and through all of it the unique index refuses a number someone
                // registers, and everything is taken out again (NumberTakenAsync).
                if (!await ReplanIfChangedAsync(exceptGuarded: true)) { journal.Finish(); return report; }
                var phases = new WritePhases(locked);
                phases.Step("再核对");
                ImportReport outcome;
                // Each batch's commit would otherwise copy the write-ahead log back into the file (SQLite's automatic
                // checkpoint at 1,000 pages): about 100 ms per batch, most of it pages of the search keys' index written
                // again and again. The command line's import leaves that to one checkpoint at its end; the server's
                // connections never checkpoint, its SqliteCheckpoints does, beside the batches.
                await db.Database.OpenConnectionAsync(ct);
                var automatic = await PragmaAsync("wal_autocheckpoint", null, ct);
                // A batch changes pages all over the residents' and the search keys' indexes (random hashes, names): some
                // 6,000-8,000 pages. In SQLite's default cache of 2 MB (~500 pages) they spill to the log and are read back
                // mid-batch; in sqlite3 a batch of 1,000 residents took 0.44 s with it, 0.18-0.31 s with 64 MB. 32 MB holds a batch
                // once the search keys are in grid order (ResidentSearchKey), and keeps the server within its memory. The cache
                // is given back when the import ends.
                var cache = await PragmaAsync("cache_size", null, ct);
                try
                {
                    if (automatic > 0) await PragmaAsync("wal_autocheckpoint", 0, ct);
                    await PragmaAsync("cache_size", ImportCacheKiB, ct);
                    var batches = await WriteInBatchesAsync(plan, ready, options, batchRows, journal, phases, ct);
                    outcome = batches is null ? await NumberTakenAsync(ready, report, ct)
                        : await FinishAsync(batches, journal, fileName, target, options, updates, updateAll, report, phases, ct);
                }
                finally
                {
                    try
                    {
                        await PragmaAsync("cache_size", cache, CancellationToken.None);
                        if (automatic > 0)
                        {
                            await PragmaAsync("wal_autocheckpoint", automatic, CancellationToken.None);
                            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)", CancellationToken.None);
                            phases.Step("写回数据库文件");
                        }
                    }
                    catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                    {
                        // The connection goes back to the pool with its pragmas: one that kept checkpoints off is dropped
                        // instead (the import's own error, if any, is the one that matters and is thrown on).
                        Microsoft.Data.Sqlite.SqliteConnection.ClearPool((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection());
                    }
                    await db.Database.CloseConnectionAsync();
                }
                log?.LogInformation("导入名册 {Rows} 行：读文件 {Read} ms，核对 {Check} ms（{Plan}，加密与检索键 {Prepare} ms），分批写入 {Written} ms{Again}（{Phases}）",
                    outcome.Imported, (int)read.TotalMilliseconds, (int)(planned - read).TotalMilliseconds, planSteps, (int)(prepared - planned).TotalMilliseconds,
                    (int)Stopwatch.GetElapsedTime(locked).TotalMilliseconds, replanned ? "（其间名册涉及的数据有变，已重新核对）" : "", phases);
                return outcome;
            }
        }

        // Under the lock, the plan holds only if the database still answers every question the plan asked the same way.
        // On PostgreSQL an advisory lock makes imports take turns, so two imports of one roster cannot both pass the
        // duplicate check. Leaving without CommitAsync (an error, a cancellation, a crash) rolls everything back.
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var locked = Stopwatch.GetTimestamp();
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7461001)", ct);
            if (!await ReplanIfChangedAsync()) return report;
            var phases = new WritePhases(locked);
            phases.Step("再核对");
            try
            {
                await WriteAsync(plan, ready, options, 0, true, phases, ct);
            }
            catch (Exception e) when (DatabaseErrors.IsNationalIdTaken(e))
            {
                // A page or the API registered one of these numbers after the check under the lock (they do not take the
                // import's turn): the database's unique index refused it. Nothing of the import stays.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return await NumberTakenAsync(ready, report, ct);
            }
            if (await UpdateAndAuditAsync(fileName, target, options, updates, updateAll, report, phases, ct) is false) return report;
            await tx.CommitAsync(ct);
            phases.Step("提交");
            // Where an import's time goes (docs/PERFORMANCE.md): before the lock, reading and checking; under it, only the writing.
            log?.LogInformation("导入名册 {Rows} 行：读文件 {Read} ms，核对 {Check} ms（{Plan}，加密与检索键 {Prepare} ms），持有写锁 {Locked} ms{Again}（{Phases}）",
                report.Imported, (int)read.TotalMilliseconds, (int)(planned - read).TotalMilliseconds, planSteps, (int)(prepared - planned).TotalMilliseconds,
                (int)Stopwatch.GetElapsedTime(locked).TotalMilliseconds, replanned ? "（其间名册涉及的数据有变，已在锁内重新核对）" : "", phases);
            return report;
        }
    }

    /// <summary>
    /// A numeric SQLite pragma of the open connection, set to <paramref name="value"/> when given; the value in force is
    /// returned (setting <c>cache_size</c> returns nothing, so it is read again). Used with <c>wal_autocheckpoint</c> (pages
    /// of log after which a commit checkpoints; 0 = never) and <c>cache_size</c> (negative: KiB; positive: pages).
    /// </summary>
    async Task<long> PragmaAsync(string pragma, long? value, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        if (value is { } v)
        {
            command.CommandText = $"PRAGMA {pragma}={v}";
            await command.ExecuteNonQueryAsync(ct);
        }
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The registered residents the roster updates (all of them, or the ticked fields), and the audit row, in the current
    /// transaction. False when a ticked update is refused (a record changed since the preview): the report then says so
    /// and counts nothing, and the caller must not commit.
    /// </summary>
    async Task<bool> UpdateAndAuditAsync(string fileName, OrgUnit target, Options options, IReadOnlyList<ImportUpdate> updates, bool updateAll,
        ImportReport report, WritePhases phases, CancellationToken ct)
    {
        if (updateAll)
        {
            await ImportUpdates.ApplyAllAsync(db, cipher, options.Area!, clock, report, ct);
            phases.Step("按名册更新", report.UpdatedResidents, "人");
        }
        else if (updates.Count > 0 && await ImportUpdates.ApplyAsync(db, new ResidentEditor(db, cipher, audit, clock), options.Area!, updates, report, ct) is { } refused)
        {
            db.ChangeTracker.Clear();
            report.Errors.Add(refused);
            report.UpdateRefused = true;
            report.Imported = report.HouseholdsCreated = report.BuildingsCreated = report.DwellingsCreated = report.UpdatedFields = report.UpdatedResidents = 0;
            return false;
        }
        var updated = report.UpdatedResidents > 0 ? $"；按名册更新已登记居民 {report.UpdatedResidents} 人、{report.UpdatedFields} 项" : "";
        await audit.WriteAsync(db, AuditActions.Write, new AuditTarget(AuditTargets.OrgUnit, target.Id), target.Id,
            $"导入名册“{fileName}”到{report.Target}：{report.Imported} 人{updated}", ct: ct);
        phases.Step("审计");
        return true;
    }

    /// <summary>
    /// The batches of a large import on SQLite: whole households at a time, about <paramref name="batchRows"/> residents each,
    /// each batch its own short transaction, recorded in <paramref name="journal"/> before it commits. Null when a batch
    /// lost the race for an ID number (everything written is then taken out again). Any other failure or a cancellation
    /// takes everything out again and is thrown on.
    /// </summary>
    async Task<(ImportBatch Written, List<GridCount> Counted)?> WriteInBatchesAsync(Plan plan, Prepared ready, Options options, int batchRows,
        ImportJournal journal, WritePhases phases, CancellationToken ct)
    {
        var written = ImportBatch.Empty();
        var counted = new List<GridCount>();
        try
        {
            var members = ready.Residents.ToLookup(x => x.Plan);
            var newHouseholds = ready.NewHouseholds.ToDictionary(x => x.Plan);
            var part = new List<PlannedHousehold>();
            var done = 0;
            var first = true;
            async Task WriteOneAsync()
            {
                var batch = new Prepared
                {
                    NewHouseholds = part.Where(newHouseholds.ContainsKey).Select(p => newHouseholds[p]).ToList(),
                    Residents = part.SelectMany(p => members[p]).ToList(),
                };
                ct.ThrowIfCancellationRequested();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var (wrote, counts) = await WriteAsync(plan, batch, options, done, first, phases, ct, part);
                journal.Append(wrote);
                phases.Step("记入日志");
                await tx.CommitAsync(CancellationToken.None);
                phases.Step("提交");
                written.Add(wrote);
                counted.AddRange(counts);
                done += batch.Residents.Count;
                first = false;
                part.Clear();
                options.Progress?.Report(done);
            }
            var inPart = 0;
            foreach (var household in plan.Households)
            {
                part.Add(household);
                inPart += household.Members.Count;
                if (inPart < batchRows) continue;
                await WriteOneAsync();
                inPart = 0;
            }
            if (part.Count > 0 || first) await WriteOneAsync();
            phases.Step("写完", done, "人");
            return (written, counted);
        }
        catch (Exception e)
        {
            db.ChangeTracker.Clear();
            await written.UndoAsync(db, counted, CancellationToken.None);
            journal.Finish();
            if (DatabaseErrors.IsNationalIdTaken(e)) return null;
            throw;
        }
    }

    /// <summary>The last step of a batched import: the updates of registered residents and the audit row, or everything taken out again.</summary>
    async Task<ImportReport> FinishAsync((ImportBatch Written, List<GridCount> Counted)? batches, ImportJournal journal, string fileName, OrgUnit target,
        Options options, IReadOnlyList<ImportUpdate> updates, bool updateAll, ImportReport report, WritePhases phases, CancellationToken ct)
    {
        var (written, counted) = batches!.Value;
        var committed = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await UpdateAndAuditAsync(fileName, target, options, updates, updateAll, report, phases, ct))
            {
                await tx.CommitAsync(CancellationToken.None);
                committed = true;
                phases.Step("审计后提交");
            }
        }
        finally
        {
            if (!committed)
            {
                db.ChangeTracker.Clear();
                await written.UndoAsync(db, counted, CancellationToken.None);
            }
            journal.Finish();
        }
        return report;
    }

    /// <summary>
    /// The import lost a race for an ID number: the report names the first row whose number is now registered (as the
    /// registry says it of a known number, naming nobody), and says that nothing was imported.
    /// </summary>
    async Task<ImportReport> NumberTakenAsync(Prepared ready, ImportReport report, CancellationToken ct)
    {
        var rows = ready.Residents.Where(x => x.Row.NationalIdHash is not null).Select(x => x.Row).ToList();
        RosterRow? taken = null;
        foreach (var chunk in rows.Chunk(QueryChunk))
        {
            var hashes = chunk.Select(r => r.NationalIdHash!).ToList();
            var found = (await db.Residents.AsNoTracking().Where(x => hashes.Contains(x.NationalIdHash!)).Select(x => x.NationalIdHash!).ToListAsync(ct))
                .Select(Convert.ToHexString).ToHashSet();
            taken = chunk.FirstOrDefault(r => found.Contains(Convert.ToHexString(r.NationalIdHash!)));
            if (taken is not null) break;
        }
        report.NumberTaken = true;
        report.Imported = report.HouseholdsCreated = report.BuildingsCreated = report.DwellingsCreated = report.UpdatedFields = report.UpdatedResidents = 0;
        report.Errors.Add(new ImportProblem(taken?.Number ?? 0, "公民身份号码",
            taken is null ? "导入时有身份证号刚被他人登记：该身份证号已登记，请联系社区核实。没有导入任何数据，请重新导入。"
                : Web.UiText.Shared["第 {0} 行的身份证号在导入时刚被他人登记：该身份证号已登记，请联系社区核实。没有导入任何数据，请重新导入。", taken.Number], taken?.Sheet));
        return report;
    }

    /// <summary>
    /// The questions a plan asked the database, each with a fingerprint of its answer (the rows as text, sorted, so the order
    /// they come in does not matter), to be asked again under the write lock: the same answers mean the plan still holds.
    /// </summary>
    sealed class PlanReads
    {
        readonly List<(Func<CancellationToken, Task<string>> Ask, string Answer, bool Guarded)> asked = [];

        /// <summary>
        /// Runs <paramref name="query"/> and keeps it; <paramref name="text"/> says a row in full when its ToString does not.
        /// <paramref name="guarded"/>: a unique index guards what this answer is for (an ID number registered since is refused
        /// by the insert itself), so <see cref="UnchangedAsync"/> may leave it out.
        /// </summary>
        public async Task<List<T>> ListAsync<T>(Func<CancellationToken, Task<List<T>>> query, CancellationToken ct, Func<T, string>? text = null, bool guarded = false)
        {
            var rows = await query(ct);
            string Fingerprint(List<T> list)
            {
                var lines = list.Select(x => text is null ? x?.ToString() ?? "" : text(x)).ToList();
                lines.Sort(StringComparer.Ordinal);
                return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
            }
            asked.Add((async c => Fingerprint(await query(c)), Fingerprint(rows), guarded));
            return rows;
        }

        /// <summary>Whether every question is answered as before; <paramref name="exceptGuarded"/> leaves out those a unique index guards.</summary>
        public async Task<bool> UnchangedAsync(CancellationToken ct, bool exceptGuarded = false)
        {
            foreach (var (ask, answer, guarded) in asked)
                if (!(exceptGuarded && guarded) && await ask(ct) != answer) return false;
            return true;
        }
    }

    sealed class PlannedHousehold
    {
        public required long GridId { get; init; }
        public string? Number { get; set; }
        public long? ExistingId { get; init; }
        public bool NeedsHead { get; init; }
        public AddressParser.Place? Place { get; init; }
        public required RosterRow? Head { get; init; }
        public required List<RosterRow> Members { get; init; }
    }

    sealed class Plan
    {
        public List<PlannedHousehold> Households { get; } = [];
        public List<(long GridId, string Name)> NewBuildings { get; } = [];
        public Dictionary<(long GridId, string Name), long> Buildings { get; } = [];
        public Dictionary<(long BuildingId, string Unit, string Room), long> Dwellings { get; } = [];
        public List<(long GridId, string Building, string Unit, string Room)> NewDwellings { get; } = [];
        public Dictionary<long, string> GridCodes { get; } = [];
    }

    const int PreviewRows = 10;

    /// <summary>A row in the words it will be stored with: the code tables' words, the household it joins, numbers masked.</summary>
    static ImportPreviewRow PreviewOf(RosterRow r, PlannedHousehold h, Dictionary<long, string> gridNames) => new(r.Number, r.Sheet,
    [
        ("网格", gridNames.GetValueOrDefault(r.GridId ?? 0)),
        ("姓名", r.Name),
        ("性别", r.Gender is { } g ? RegistryText.Of(g) : null),
        ("出生日期", r.BirthDate?.ToString("yyyy-MM-dd")),
        ("证件号码", r.NationalId is { } id ? (r.IdDocument is { } k ? $"{IdDocuments.NameOf(k)} {IdDocuments.Mask(id)}" : NationalId.Mask(id)) : r.MaskedNationalId),
        ("与户主关系", (h.Head == r ? "户主" : null) ?? (r.RelationCode is { } c ? CodeTables.Relation.ByCode(c)!.Word : r.Relation is { } rel ? RegistryText.Of(rel) : null)),
        ("户号", h.Number ?? (h.ExistingId is not null ? "（已有的户）" : null)),
        ("住址", h.Place?.ToString() ?? r.Address),
        ("联系电话", r.Phone is { } p ? PhoneNumber.Mask(p) : r.MaskedPhone),
        ("民族", r.Ethnicity),
        ("文化程度", r.Education),
        ("政治面貌", r.PoliticalStatus),
    ]);

    /// <summary>
    /// A workbook with one sheet per 居民组: each sheet goes to the grid its name names. Into a community, every sheet must
    /// name one of its grids (or carry a 网格 column); into a grid, every sheet must be that grid's. Otherwise nothing is
    /// read, and every sheet is named with what it was taken for.
    /// </summary>
    async Task<List<Piece>> SheetsPerGridAsync(List<(RosterSheet Sheet, RosterHeader Header)> found, OrgUnit target, ImportReport report, CancellationToken ct)
    {
        var community = target.Kind == OrgUnitKind.Grid ? target.ParentId : target.Id;
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == community && o.Kind == OrgUnitKind.Grid).ToListAsync(ct);
        OrgUnit? Named(string sheet)
        {
            var s = RosterValues.Compact(sheet);
            return grids.Where(g => s.Contains(RosterValues.Compact(g.Name), StringComparison.Ordinal) || s == RosterValues.Compact(g.Code))
                .OrderByDescending(g => g.Name.Length).FirstOrDefault();
        }
        var pieces = found.Select(f => new Piece(f.Sheet, f.Header, Named(f.Sheet.Name))).ToList();
        var ok = target.Kind == OrgUnitKind.Community
            ? pieces.All(p => p.Grid is not null || p.Header.Has(RosterColumn.Grid))
            : pieces.All(p => p.Grid?.Id == target.Id);
        if (ok) return pieces;
        var each = string.Join("；", pieces.Select(p => Web.UiText.Shared["工作表“{0}”", p.Sheet.Name] + (p.Grid is { } g ? Web.UiText.Shared["对应{0}", g.Name] : Web.UiText.Shared["看不出是哪个网格"])));
        report.Errors.Add(new ImportProblem(0, "", target.Kind == OrgUnitKind.Community
            ? Web.UiText.Shared["文件有 {0} 个写着居民的工作表：{1}。请把每个工作表命名为所属网格（居民组）的名称，或在表中加一列“网格”，再导入；没有导入任何数据。", pieces.Count, each]
            : Web.UiText.Shared["文件有 {0} 个写着居民的工作表：{1}。导入到{2}时，文件里只能有这个网格的工作表；要一次导入各居民组的工作表，请导入到社区（每个工作表按名称导入对应网格）。没有导入任何数据。", pieces.Count, each, target.Name]));
        return [];
    }

    WritePhases planSteps = new();

    async Task<Plan> PlanAsync(List<Piece> pieces, OrgUnit target, ImportReport report, PlanReads reads, bool newBuildingsAsWritten, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var community = target.Kind == OrgUnitKind.Grid ? target.ParentId : target.Id;
        var communityGrids = await reads.ListAsync(c => db.OrgUnits.AsNoTracking().Where(o => o.ParentId == community && o.Kind == OrgUnitKind.Grid).ToListAsync(c), ct,
            g => $"{g.Id}|{g.Code}|{g.Name}");
        var grids = target.Kind == OrgUnitKind.Grid ? [target] : communityGrids;
        if (target.Kind == OrgUnitKind.Grid && communityGrids.All(g => g.Id != target.Id)) communityGrids.Add(target);
        var tags = await reads.ListAsync(c => db.Tags.AsNoTracking().ToListAsync(c), ct, t => $"{t.Id}|{t.Name}");

        var gridsByName = new Dictionary<string, OrgUnit>();
        foreach (var g in communityGrids)
        {
            gridsByName.TryAdd(RosterValues.Compact(g.Name), g);
            gridsByName.TryAdd(RosterValues.Compact(g.Code), g);
        }
        var many = pieces.Count > 1;
        var rows = new List<RosterRow>();
        foreach (var piece in pieces)
        {
            var header = piece.Header;
            var sheetName = many ? piece.Sheet.Name : null;
            if (target.Kind == OrgUnitKind.Community && piece.Grid is null && !header.Has(RosterColumn.Grid))
                report.Errors.Add(new ImportProblem(header.RowNumber, "网格",
                    "导入到社区时，每行要写明所属网格：文件需要一列“网格”（或“居民组”“所属网格”“片区”）。也可以选择一个网格，把全部行导入到该网格。", sheetName));
            if (!header.Has(RosterColumn.Relation))
                report.Warnings.Add(new ImportProblem(header.RowNumber, "与户主关系", "文件没有“与户主关系”列：每户第一人记为户主，其余的人记为“其他”。", sheetName));
            if (!header.Has(RosterColumn.HouseholdNumber) && !header.Has(RosterColumn.Address) && !header.Has(RosterColumn.HeadName))
                report.Warnings.Add(new ImportProblem(header.RowNumber, "户号", "文件没有“户号”列，也没有“现住址”或“户主姓名”列：每人单独成户。", sheetName));

            var pieceGrid = piece.Grid ?? (target.Kind == OrgUnitKind.Grid ? target : null);
            var context = new RosterRow.Context
            {
                Header = header, Report = report, Cipher = cipher, Sheet = sheetName,
                Today = clock.Today(),
                TagsByName = tags.ToDictionary(t => t.Name),
                TargetGridId = pieceGrid?.Id,
                Grids = pieceGrid is null ? gridsByName.Where(g => grids.Contains(g.Value)).ToDictionary() : null,
                AllGrids = gridsByName,
                TargetName = pieceGrid?.Name ?? target.Name,
            };
            var sheet = piece.Sheet;
            var sheetRows = new List<RosterRow>();
            for (var i = header.RowIndex + 1; i < sheet.Rows.Count; i++)
            {
                var kind = RosterRow.KindOf(sheet.Rows[i], header);
                if (kind == RosterRow.Kind.End) break;
                if (kind == RosterRow.Kind.Skip) continue;
                sheetRows.Add(RosterRow.Parse(sheet.Rows[i], context));
            }
            if (sheetRows.Count == 0)
                report.Errors.Add(new ImportProblem(header.RowNumber, "",
                    Web.UiText.Shared["表头下面没有数据行：找到了表头（第 {0} 行），但下面没有写着居民的行。请把居民填在表头下面，或检查是否选错了文件或工作表。", header.RowNumber], sheetName));
            ReportColumns(sheet, header, sheetRows, report, sheetName);
            RosterRow.CarryDown(sheetRows, header);
            WarnOnceAboutMasked(sheetRows, header, report);
            rows.AddRange(sheetRows);
        }
        report.Rows = rows.Count;
        planSteps = new WritePhases(started);
        planSteps.Step("逐行解析");

        await FindDuplicatesAsync(rows, grids.Select(g => g.Id).ToList(), communityGrids.Select(g => g.Id).ToHashSet(), report, reads, ct);
        planSteps.Step("查重");
        await ImportUpdates.FindAsync(db, cipher, rows, report, ct);
        planSteps.Step("比对差异");
        var plan = new Plan();
        foreach (var g in communityGrids) plan.GridCodes[g.Id] = g.Code;
        await PlanHouseholdsAsync(rows, communityGrids, plan, report, reads, ct);
        planSteps.Step("分户");
        await PlanPlacesAsync(plan, report, reads, newBuildingsAsWritten, ct);
        planSteps.Step("房屋");

        report.Importable = rows.Count(r => r.IsImportable);
        report.GridIds.AddRange(plan.Households.Select(h => h.GridId).Distinct());
        var gridNames = communityGrids.ToDictionary(g => g.Id, g => g.Name);
        foreach (var h in plan.Households)
            foreach (var r in h.Members)
            {
                if (report.Preview.Count >= PreviewRows) break;
                report.Preview.Add(PreviewOf(r, h, gridNames));
            }
        report.Preview.Sort((a, b) => a.Row.CompareTo(b.Row));
        report.Imported = report.Blocked ? 0 : report.Importable;
        if (report.Blocked)
        {
            report.HouseholdsCreated = report.BuildingsCreated = report.DwellingsCreated = 0;
        }
        return plan;
    }

    /// <summary>
    /// Every column of the header into the report, read or not, with its first values (numbers masked). A column that is
    /// not read but holds what looks like ID numbers or mobiles blocks the import until it is mapped or ignored: such a
    /// column is never dropped without a word.
    /// </summary>
    static void ReportColumns(RosterSheet sheet, RosterHeader header, List<RosterRow> rows, ImportReport report, string? sheetName)
    {
        var sample = rows.Take(50).Select(r => sheet.Rows.First(x => x.Number == r.Number)).ToList();
        foreach (var c in header.All)
        {
            var values = sample.Select(r => RosterValues.NumberTextOf(r[c.Index])).Where(v => v is not null).Select(v => v!).ToList();
            var ids = values.Count(v => RosterValues.LooksLikeId(v));
            var mobiles = values.Count(v => RosterValues.LooksLikeMobile(v));
            var looks = values.Count == 0 ? null : ids * 2 >= values.Count ? "身份证号" : mobiles * 2 >= values.Count ? "手机号" : null;
            var first = values.Take(3).Select(v => Privacy.Masking.Redact(TextElements.Cut(v, 20, "…"))).ToList();
            report.Columns.Add(new ImportColumn(sheetName, c.Letter, c.Written, c.Column is { } k && k != RosterColumn.Sequence ? RosterColumns.UsualName(k) : null,
                c.Ignored, first, looks));
            if (c.Column is not null || c.Ignored || values.Count == 0) continue;
            if (looks is not null)
                report.Errors.Add(new ImportProblem(header.RowNumber, c.Written,
                    Web.UiText.Shared["第 {0} 列“{1}”没有对应的名册列，但它的值像{2}（如 {3}），不能不声不响地丢掉：请在页面上为这一列选择对应的列或选择“不导入”；", c.Letter, c.Written, Web.UiText.Shared[looks], first[0]]
                    + Web.UiText.Shared["命令行可加 --map-column \"{0}={1}\" 或 --ignore-column \"{0}\"。", c.Written, (looks == "手机号" ? "联系电话" : "公民身份号码")], sheetName));
            else
                report.Warnings.Add(new ImportProblem(header.RowNumber, c.Written,
                    Web.UiText.Shared["第 {0} 列“{1}”没有对应的名册列，不会导入（前几个值：{2}）；如需导入，请选择对应的列。", c.Letter, c.Written, string.Join("、", first)], sheetName));
        }
    }

    static void WarnOnceAboutMasked(List<RosterRow> rows, RosterHeader header, ImportReport report)
    {
        var ids = rows.Where(r => r.MaskedNationalId is not null).ToList();
        if (ids.Count > 0)
            report.Warnings.Add(new ImportProblem(ids[0].Number, header.NameOf(RosterColumn.NationalId),
                Web.UiText.Shared["本列有 {0} 行是脱敏的身份证号（含*），只保存脱敏形式：这些居民不能按身份证号查找，只按姓名、出生日期和脱敏号码查重。", ids.Count]));
        var phones = rows.Where(r => r.MaskedPhone is not null).ToList();
        if (phones.Count > 0)
            report.Warnings.Add(new ImportProblem(phones[0].Number, header.NameOf(RosterColumn.Phone),
                Web.UiText.Shared["本列有 {0} 行是脱敏的电话号码（含*），只保存脱敏形式，不能按电话号码查找。", phones.Count]));
    }

    /// <summary>
    /// The same ID twice in the file, or an ID already in the registry (by its keyed hash). A masked number counts
    /// together with the name and birth date; a person without any number, by name and birth date inside the same grid.
    /// </summary>
    async Task FindDuplicatesAsync(List<RosterRow> rows, IReadOnlyList<long> gridIds, HashSet<long> communityGridIds, ImportReport report, PlanReads reads, CancellationToken ct)
    {
        var first = new Dictionary<string, int>();
        foreach (var r in rows)
        {
            var key = r.NationalIdHash is { } h ? Convert.ToHexString(h)
                : r.MaskedNationalId is { } m && r.Name is not null ? $"{m}|{r.Name}|{r.BirthDate:yyyy-MM-dd}"
                : WithoutNumber(r) ? $"{r.GridId}|{r.Name}|{r.BirthDate:yyyy-MM-dd}"
                : null;
            if (key is null) continue;
            if (first.TryGetValue(key, out var earlier))
            {
                r.IsDuplicate = r.IsDuplicateInFile = true;
                report.Duplicates.Add(ImportDuplicate.OfRow(r.Number, earlier));
            }
            else first[key] = r.Number;
        }

        var byHash = rows.Where(r => r.NationalIdHash is not null && !r.IsDuplicate).ToDictionary(r => Convert.ToHexString(r.NationalIdHash!));
        foreach (var chunk in byHash.Values.Select(r => r.NationalIdHash!).Chunk(QueryChunk))
        {
            // The whole registry is searched (nobody is registered twice), but only a match inside the community
            // imported into (where the importer holds the import) is named: one elsewhere is said to exist, no more.
            var found = await reads.ListAsync(c => db.Residents.AsNoTracking().Where(x => chunk.Contains(x.NationalIdHash!))
                .Select(x => new { x.Id, x.NationalIdHash, x.HouseholdId, x.GridId, x.Name, x.NationalIdMasked }).ToListAsync(c), ct,
                x => $"{x.Id}|{Convert.ToHexString(x.NationalIdHash!)}|{x.HouseholdId}|{x.GridId}|{x.Name}|{x.NationalIdMasked}", guarded: true);
            foreach (var f in found.OrderBy(f => f.Id))
            {
                var r = byHash[Convert.ToHexString(f.NationalIdHash!)];
                if (r.IsDuplicate) continue;
                r.IsDuplicate = true;
                var inside = communityGridIds.Contains(f.GridId);
                if (inside)
                {
                    r.ExistingHouseholdId = f.HouseholdId;
                    r.ExistingResidentId = f.Id;
                    report.Known[f.Id] = (f.Name, f.NationalIdMasked);
                }
                report.Duplicates.Add(inside ? ImportDuplicate.OfResident(r.Number, f.Id) : ImportDuplicate.OutsideTheUnit(r.Number));
            }
        }

        var masked = rows.Where(r => r.MaskedNationalId is not null && r.Name is not null && !r.IsDuplicate).ToList();
        foreach (var chunk in masked.Select(r => r.MaskedNationalId!).Distinct().Chunk(QueryChunk))
        {
            var found = await reads.ListAsync(c => db.Residents.AsNoTracking().Where(x => chunk.Contains(x.NationalIdMasked!))
                .Select(x => new { x.Id, x.NationalIdMasked, x.Name, x.BirthDate, x.HouseholdId, x.GridId }).ToListAsync(c), ct);
            foreach (var r in masked.Where(r => chunk.Contains(r.MaskedNationalId!)))
            {
                if (found.Where(f => f.NationalIdMasked == r.MaskedNationalId && f.Name == r.Name && f.BirthDate == r.BirthDate).OrderBy(f => f.Id).FirstOrDefault() is not { } f) continue;
                r.IsDuplicate = true;
                var inside = communityGridIds.Contains(f.GridId);
                if (inside)
                {
                    r.ExistingHouseholdId = f.HouseholdId;
                    r.ExistingResidentId = f.Id;
                    report.Known[f.Id] = (f.Name, f.NationalIdMasked);
                }
                report.Duplicates.Add(inside ? ImportDuplicate.OfResident(r.Number, f.Id) : ImportDuplicate.OutsideTheUnit(r.Number));
            }
        }

        var unnumbered = rows.Where(r => WithoutNumber(r) && !r.IsDuplicate).ToList();
        foreach (var chunk in unnumbered.Select(r => r.Name!).Distinct().Chunk(QueryChunk))
        {
            var found = await reads.ListAsync(c => db.Residents.AsNoTracking().Where(x => gridIds.Contains(x.GridId) && chunk.Contains(x.Name))
                .Select(x => new { x.Id, x.GridId, x.Name, x.BirthDate, x.HouseholdId, x.NationalIdMasked }).ToListAsync(c), ct);
            foreach (var r in unnumbered.Where(r => chunk.Contains(r.Name!)))
            {
                if (found.Where(f => f.GridId == r.GridId && f.Name == r.Name && f.BirthDate == r.BirthDate).OrderBy(f => f.Id).FirstOrDefault() is not { } f) continue;
                r.IsDuplicate = true;
                r.ExistingHouseholdId = f.HouseholdId;
                r.ExistingResidentId = f.Id;
                report.Known[f.Id] = (f.Name, f.NationalIdMasked);
                report.Duplicates.Add(ImportDuplicate.OfResident(r.Number, f.Id));
            }
        }
    }

    static bool WithoutNumber(RosterRow r) =>
        r.NationalIdHash is null && r.MaskedNationalId is null && !r.HasError && r.Name is not null && r.BirthDate is not null && r.GridId is not null;

    /// <summary>
    /// Households by 户号 (or by address when there is none); an existing household with that 户号, or of a member
    /// already in the registry, takes the new members. One head per household.
    /// </summary>
    async Task PlanHouseholdsAsync(List<RosterRow> rows, List<OrgUnit> communityGrids, Plan plan, ImportReport report, PlanReads reads, CancellationToken ct)
    {
        void Error(RosterRow r, RosterColumn c, string message)
        {
            r.HasError = true;
            report.Errors.Add(new ImportProblem(r.Number, r.Header.NameOf(c), message, r.Sheet));
        }
        void Warn(RosterRow r, RosterColumn c, string message) => report.Warnings.Add(new ImportProblem(r.Number, r.Header.NameOf(c), message, r.Sheet));

        var gridIds = communityGrids.Select(g => g.Id).ToList();
        var gridNames = communityGrids.ToDictionary(g => g.Id, g => g.Name);
        var numbers = rows.Where(r => r.HouseholdNumber is not null).Select(r => r.HouseholdNumber!).Distinct().ToList();
        var existingByNumber = new Dictionary<string, (long Id, long GridId, long? HeadId)>();
        foreach (var chunk in numbers.Chunk(QueryChunk))
            foreach (var h in await reads.ListAsync(c => db.Households.AsNoTracking().Where(h => gridIds.Contains(h.GridId) && chunk.Contains(h.Number))
                         .Select(h => new { h.Id, h.GridId, h.Number, h.HeadId }).ToListAsync(c), ct))
                existingByNumber.TryAdd(h.Number, (h.Id, h.GridId, h.HeadId));
        var memberHouseholdIds = rows.Where(r => r.ExistingHouseholdId is not null).Select(r => r.ExistingHouseholdId!.Value).Distinct().ToList();
        var existingById = new Dictionary<long, (long Id, long GridId, long? HeadId)>();
        foreach (var chunk in memberHouseholdIds.Chunk(QueryChunk))
            foreach (var h in await reads.ListAsync(c => db.Households.AsNoTracking().Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.GridId, h.HeadId }).ToListAsync(c), ct))
                existingById[h.Id] = (h.Id, h.GridId, h.HeadId);

        var numberGrid = new Dictionary<string, long>();
        foreach (var group in rows.Where(r => r.GridId is not null && !r.IsDuplicateInFile).GroupBy(r => (r.GridId!.Value, Key(r))))
        {
            var gridId = group.Key.Item1;
            var number = group.First().HouseholdNumber;
            var members = group.Where(r => !r.IsDuplicate).ToList();
            if (members.Count == 0) continue;
            var header = members[0].Header;
            var hasKeyColumns = header.Has(RosterColumn.HouseholdNumber) || header.Has(RosterColumn.Address);
            if (hasKeyColumns && number is null && members[0].Address is null && members[0].HeadName is null)
                Warn(members[0], header.Has(RosterColumn.Address) ? RosterColumn.Address : RosterColumn.HouseholdNumber, "没有户号和住址，单独成户");

            (long Id, long GridId, long? HeadId)? existing = null;
            if (number is not null)
            {
                if (numberGrid.TryGetValue(number, out var otherGrid) && otherGrid != gridId)
                {
                    foreach (var m in members) Error(m, RosterColumn.HouseholdNumber, Web.UiText.Shared["户号 {0} 在本文件中也用于{1}；同一社区内户号不能重复", number, gridNames.GetValueOrDefault(otherGrid)]);
                    continue;
                }
                numberGrid[number] = gridId;
                if (existingByNumber.TryGetValue(number, out var known))
                {
                    if (known.GridId != gridId)
                    {
                        foreach (var m in members) Error(m, RosterColumn.HouseholdNumber, Web.UiText.Shared["户号 {0} 在系统中属于{1}，与本行的网格不同", number, gridNames.GetValueOrDefault(known.GridId)]);
                        continue;
                    }
                    existing = known;
                }
            }
            if (existing is null)
                foreach (var id in group.Where(r => r.IsDuplicate && r.ExistingHouseholdId is not null).Select(r => r.ExistingHouseholdId!.Value))
                    if (existingById.TryGetValue(id, out var h) && h.GridId == gridId) { existing = h; break; }

            var selves = members.Where(m => m.Relation == RelationToHead.Self).ToList();
            if (existing?.HeadId is { } existingHead)
                foreach (var s in selves) Error(s, RosterColumn.Relation, "这一户在系统中已有户主，本行不能再是户主");
            else
                foreach (var s in selves.Skip(1)) Error(s, RosterColumn.Relation, Web.UiText.Shared["同一户已有户主（第 {0} 行）", selves[0].Number]);

            var importable = members.Where(m => m.IsImportable).ToList();
            if (importable.Count == 0) continue;
            var head = importable.FirstOrDefault(m => m.Relation == RelationToHead.Self)
                // 户主姓名 on every row: the head is the row whose own name it is, when that row says nothing else.
                ?? importable.FirstOrDefault(m => m.Relation is null && m.HeadName is not null && m.HeadName == m.Name);
            if (head is not null && head.Relation is null) head.Relation = RelationToHead.Self;
            var needsHead = existing is null || existing.Value.HeadId is null;
            if (head is null && needsHead)
            {
                head = importable[0];
                var said = head.Relation is { } rel && rel != RelationToHead.Self ? Web.UiText.Shared["（本行写的是“{0}”）", Web.UiText.Shared[head.RelationCode is { } code ? CodeTables.Relation.ByCode(code)!.Word : RegistryText.Of(rel)]] : "";
                if (!header.Has(RosterColumn.Relation) || (members.Count == 1 && head.Relation is null)) { }
                else if (selves.FirstOrDefault(s => s.HasError) is { } erred)
                    Warn(head, RosterColumn.Relation, Web.UiText.Shared["户主（第 {0} 行）有错误，不能导入；本户暂以本行为户主{1}，请核对", erred.Number, said]);
                else Warn(head, RosterColumn.Relation, Web.UiText.Shared["本户没有与户主关系为“本人”或“户主”的人，以本行为户主{0}，请核对后在户页面更换户主", said]);
                head.Relation ??= RelationToHead.Self;
            }
            foreach (var m in importable.Where(m => m.Relation is null))
            {
                if (header.Has(RosterColumn.Relation)) Warn(m, RosterColumn.Relation, "与户主关系为空，按“其他”记录");
                m.Relation = RelationToHead.Other;
            }

            AddressParser.Place? place = null;
            if (existing is null && (head ?? importable[0]) is var first && (first.Address is not null ? first : importable.FirstOrDefault(m => m.Address is not null)) is { } withAddress)
            {
                place = AddressParser.Parse(withAddress.Address);
                if (place is null)
                    Warn(withAddress, RosterColumn.Address, Web.UiText.Shared["住址“{0}”分不出楼栋、单元和房号（如 3号楼2单元301），本户暂不关联房屋，住址未保存", withAddress.Address]);
            }
            plan.Households.Add(new PlannedHousehold
            {
                GridId = gridId, Number = existing is null ? number : null, ExistingId = existing?.Id,
                NeedsHead = needsHead, Place = place, Head = needsHead ? head : null, Members = importable,
            });
        }
        await NumberNewHouseholdsAsync(plan, reads, ct);
        report.HouseholdsCreated = plan.Households.Count(h => h.ExistingId is null);
    }

    /// <summary>
    /// Which household a row belongs to: its 户号; else the head's name it repeats (with the address, so two heads of
    /// one name stay apart); else its address; else a household of its own. Rows of different sheets never share one
    /// unless they share a 户号.
    /// </summary>
    static string Key(RosterRow r) =>
        r.HouseholdNumber is { } n ? "N:" + n
        : (r.HeadName ?? (r.Header.Has(RosterColumn.HeadName) && r.Relation == RelationToHead.Self ? r.Name : null)) is { } head
            ? $"P:{r.Sheet}|{head}|{(r.Address is { } pa ? RosterValues.Compact(pa) : "")}"
        : r.Address is { } a ? "A:" + RosterValues.Compact(a)
        : $"R:{r.Sheet}|{r.Number}";

    /// <summary>Households grouped by address get a 户号 of their own: the grid's code and a free sequence number.</summary>
    async Task NumberNewHouseholdsAsync(Plan plan, PlanReads reads, CancellationToken ct)
    {
        foreach (var inGrid in plan.Households.Where(h => h.ExistingId is null && h.Number is null).GroupBy(h => h.GridId))
        {
            var code = plan.GridCodes.GetValueOrDefault(inGrid.Key, "H");
            var prefix = code.Length <= 26 ? code + "-" : $"H{inGrid.Key}-";
            var grid = inGrid.Key;
            var taken = (await reads.ListAsync(c => db.Households.AsNoTracking().Where(h => h.GridId == grid && h.Number.StartsWith(prefix)).Select(h => h.Number).ToListAsync(c), ct)).ToHashSet();
            taken.UnionWith(plan.Households.Where(h => h.Number is not null).Select(h => h.Number!));
            var next = 1;
            foreach (var h in inGrid)
            {
                string candidate;
                do candidate = $"{prefix}{next++:0000}"; while (taken.Contains(candidate));
                h.Number = candidate;
            }
        }
    }

    /// <summary>
    /// Which buildings and dwellings exist already in the grids, and which the import will create. A building number is
    /// unique in its community: a new one that differs from an existing one of the community only in how it is written
    /// (60幢 / 60号楼 / 六十号楼) is the existing one, with a warning naming the row and both spellings, unless the user
    /// chose to create it as written (<paramref name="newBuildingsAsWritten"/>).
    /// </summary>
    async Task PlanPlacesAsync(Plan plan, ImportReport report, PlanReads reads, bool newBuildingsAsWritten, CancellationToken ct)
    {
        var withPlace = plan.Households.Where(h => h.Place is not null).ToList();
        if (withPlace.Count == 0) return;
        var gridIds = plan.GridCodes.Keys.Union(withPlace.Select(h => h.GridId)).ToList();
        var buildings = await reads.ListAsync(c => db.Buildings.AsNoTracking().Where(b => gridIds.Contains(b.GridId)).Select(b => new { b.Id, b.GridId, b.Name }).ToListAsync(c), ct);
        foreach (var b in buildings) plan.Buildings[(b.GridId, b.Name)] = b.Id;
        var byKey = buildings.GroupBy(b => AddressParser.KeyOf(b.Name)).ToDictionary(g => g.Key, g => g.ToList());
        var warned = new HashSet<(long, string)>();
        foreach (var h in withPlace)
        {
            var p = h.Place!;
            if (newBuildingsAsWritten || plan.Buildings.ContainsKey((h.GridId, p.Building))) continue;
            if (!byKey.TryGetValue(AddressParser.KeyOf(p.Building), out var same)) continue;
            var other = same.Where(b => b.Name != p.Building).OrderBy(b => b.GridId == h.GridId ? 0 : 1).ThenBy(b => b.Id).FirstOrDefault();
            if (other is null) continue;
            plan.Buildings[(h.GridId, p.Building)] = other.Id;
            if (!warned.Add((h.GridId, p.Building))) continue;
            var row = h.Head ?? h.Members[0];
            report.Warnings.Add(new ImportProblem(row.Number, "楼栋",
                Web.UiText.Shared["住址中的楼栋“{0}”与本社区已有的“{1}”只是写法不同，按已有的“{1}”导入；如确是另一栋楼，请勾选“按名册的写法新建楼栋”后再导入。", p.Building, other.Name], row.Sheet));
        }
        var ids = withPlace.Select(h => plan.Buildings.GetValueOrDefault((h.GridId, h.Place!.Building))).Where(id => id != 0).Distinct().ToList();
        foreach (var chunk in ids.Chunk(QueryChunk))
            foreach (var d in await reads.ListAsync(c => db.Dwellings.AsNoTracking().Where(d => chunk.Contains(d.BuildingId)).Select(d => new { d.Id, d.BuildingId, d.Unit, d.Room }).ToListAsync(c), ct))
                plan.Dwellings[(d.BuildingId, d.Unit, d.Room)] = d.Id;

        var newBuildings = new HashSet<(long, string)>();
        var newDwellings = new HashSet<(long, string, string, string)>();
        foreach (var h in withPlace)
        {
            var p = h.Place!;
            if (plan.Buildings.TryGetValue((h.GridId, p.Building), out var buildingId))
            {
                if (!plan.Dwellings.ContainsKey((buildingId, p.Unit, p.Room))) newDwellings.Add((h.GridId, p.Building, p.Unit, p.Room));
            }
            else
            {
                newBuildings.Add((h.GridId, p.Building));
                newDwellings.Add((h.GridId, p.Building, p.Unit, p.Room));
            }
        }
        plan.NewBuildings.AddRange(newBuildings);
        plan.NewDwellings.AddRange(newDwellings);
        report.BuildingsCreated = newBuildings.Count;
        report.DwellingsCreated = newDwellings.Count;
    }

    /// <summary>
    /// How long each step of the writing took, for the log line that says where an import's time went: each step's name and milliseconds in order; a step the batches repeat is
    /// summed into one entry with its count and its longest turn ("提交 ×11 共 380 ms（最长 52 ms）").
    /// </summary>
    sealed class WritePhases(long? from = null)
    {
        readonly List<(string Name, TimeSpan Took, int? Rows, string Unit)> steps = [];
        long last = from ?? Stopwatch.GetTimestamp();

        /// <param name="name">The step, without numbers (so that the batches' turns sum up).</param>
        /// <param name="rows">How many rows the step wrote, if worth saying; summed over the turns.</param>
        /// <param name="unit">The rows' measure word (条, 人).</param>
        public void Step(string name, int? rows = null, string unit = "条")
        {
            var now = Stopwatch.GetTimestamp();
            steps.Add((name, Stopwatch.GetElapsedTime(last, now), rows, unit));
            last = now;
        }

        public override string ToString() => string.Join("，", steps.GroupBy(s => s.Name).Select(g =>
        {
            var rows = g.Any(s => s.Rows is not null) ? $" {g.Sum(s => s.Rows ?? 0)} {g.First().Unit}" : "";
            var total = (int)g.Sum(s => s.Took.TotalMilliseconds);
            return g.Count() == 1 ? $"{g.Key}{rows} {total} ms"
                : $"{g.Key}{rows} ×{g.Count()} 共 {total} ms（最长 {(int)g.Max(s => s.Took.TotalMilliseconds)} ms）";
        }));
    }

    /// <summary>
    /// Everything of the write that needs no answer from the database, made before the write lock is taken: the new
    /// households, the residents with their numbers encrypted, their search keys and labels. Under the lock only the
    /// ids are filled in and the rows written.
    /// </summary>
    sealed class Prepared
    {
        public required List<(PlannedHousehold Plan, Household Household)> NewHouseholds { get; init; }
        public required List<(PlannedHousehold Plan, RosterRow Row, Resident Resident, string[] Keys)> Residents { get; init; }
    }

    Prepared Prepare(Plan plan)
    {
        var newHouseholds = plan.Households.Where(p => p.ExistingId is null)
            .Select(p => (p, new Household { GridId = p.GridId, Number = p.Number! })).ToList();
        var members = plan.Households.SelectMany(p => p.Members.Select(r => (Plan: p, Row: r))).ToArray();
        // Encryption, hashes and search keys are most of this and need nothing shared: both cores of a small office PC
        // take their half (10,400 rows: 0.15-0.18 s on one).
        var residents = new (PlannedHousehold, RosterRow, Resident, string[])[members.Length];
        Parallel.For(0, members.Length, i =>
        {
            var (p, r) = members[i];
            var resident = ToResident(r);
            residents[i] = (p, r, resident, ResidentSearchKey.KeysOf(resident.Name, resident.PhoneMasked).ToArray());
        });
        return new Prepared { NewHouseholds = newHouseholds, Residents = [.. residents] };
    }

    /// <summary>
    /// The writing, under the write lock: buildings, then dwellings (each needs the ids of the one before), when
    /// <paramref name="places"/> (the first or only batch); the residents' ids are taken first, so that a new household is
    /// written with its head and needs no second UPDATE. <paramref name="households"/>: the planned households this batch
    /// writes (null: all); <paramref name="writtenBefore"/>: residents earlier batches wrote, for the progress told.
    /// Returns the ids written and the numbers added to the grids' counts.
    /// </summary>
    async Task<(ImportBatch Written, List<GridCount> Counted)> WriteAsync(Plan plan, Prepared ready, Options options, int writtenBefore, bool places,
        WritePhases phases, CancellationToken ct, IReadOnlyCollection<PlannedHousehold>? households = null)
    {
        var written = ImportBatch.Empty();
        if (places)
        {
            var buildings = plan.NewBuildings.Select((b, i) => new Building { GridId = b.GridId, Name = b.Name, SortOrder = 10_000 + i }).ToList();
            await BulkWriter.InsertAsync(db, buildings, ct);
            foreach (var b in buildings) plan.Buildings[(b.GridId, b.Name)] = b.Id;

            var dwellings = plan.NewDwellings.Select(d => new Dwelling { GridId = d.GridId, BuildingId = plan.Buildings[(d.GridId, d.Building)], Unit = d.Unit, Room = d.Room }).ToList();
            await BulkWriter.InsertAsync(db, dwellings, ct);
            foreach (var d in dwellings) plan.Dwellings[(d.BuildingId, d.Unit, d.Room)] = d.Id;
            written.Buildings.AddRange(buildings.Select(b => b.Id));
            written.Dwellings.AddRange(dwellings.Select(d => d.Id));
            phases.Step("楼栋房屋");
        }

        var ids = await BulkWriter.ReserveKeysAsync<Resident>(db, ready.Residents.Count, ct);
        var residentOf = new Dictionary<RosterRow, Resident>(ready.Residents.Count);
        for (var i = 0; i < ready.Residents.Count; i++)
        {
            var (_, row, resident, _) = ready.Residents[i];
            resident.Id = ids[i];
            residentOf[row] = resident;
        }
        foreach (var (p, h) in ready.NewHouseholds)
        {
            h.DwellingId = p.Place is { } place ? plan.Dwellings[(plan.Buildings[(p.GridId, place.Building)], place.Unit, place.Room)] : null;
            h.HeadId = p.Head is { } head ? residentOf[head].Id : null;
        }
        await BulkWriter.InsertAsync(db, ready.NewHouseholds.Select(x => x.Household).ToList(), ct);
        var householdOf = ready.NewHouseholds.ToDictionary(x => x.Plan, x => x.Household.Id);
        phases.Step("户");

        foreach (var (p, _, resident, _) in ready.Residents) resident.HouseholdId = p.ExistingId ?? householdOf[p];
        var count = ready.Residents.Count;
        // One transaction: told as it goes, and a cancellation stops it there. A batch is told once it has committed.
        await BulkWriter.InsertAsync(db, ready.Residents.Select(x => x.Resident).ToList(), ct, households is not null ? null : n =>
        {
            if (n % ResidentBatch != 0 && n != count) return;
            options.Progress?.Report(writtenBefore + n);
            ct.ThrowIfCancellationRequested();
        }, keysGiven: true);
        phases.Step("居民");

        // A household already in the registry without a head gets one from the roster.
        var heads = (households ?? plan.Households).Where(p => p.ExistingId is not null && p.NeedsHead && p.Head is not null)
            .Select(p => (p.ExistingId!.Value, (object?)residentOf[p.Head!].Id)).ToList();
        if (heads.Count > 0) await BulkWriter.UpdateAsync<Household>(db, nameof(Household.HeadId), heads, ct);
        var tags = ready.Residents.SelectMany(x => x.Row.TagIds.Select(t => ResidentTag.Of(x.Resident, t))).ToList();
        await BulkWriter.InsertAsync(db, tags, ct);
        phases.Step("户主与标签");

        // In the order of the key's index: each new key lands beside the one before, not on a random page of the index.
        var keys = ready.Residents.SelectMany(x => x.Keys.Select(k => new ResidentSearchKey { Key = k, GridId = x.Resident.GridId, ResidentId = x.Resident.Id }))
            .OrderBy(k => k.GridId).ThenBy(k => k.Key, StringComparer.Ordinal).ThenBy(k => k.ResidentId).ToList();
        await BulkWriter.InsertAsync(db, keys, ct);
        phases.Step("检索键", keys.Count);
        // The save hooks never see these inserts: the modules that keep aggregates over labels are told here, in the
        // import's transaction (only labelled people can have a visit rhythm).
        var labelled = tags.Select(t => t.ResidentId).Distinct().ToList();
        foreach (var module in modules ?? []) await module.WrittenAsync(db, labelled, ct);
        phases.Step("其他模块");
        // The dashboards' numbers: what this import adds, added to each grid's rows (the bulk writes bypass SaveChanges).
        var counted = GridCounts.Of(ready.NewHouseholds.Select(x => x.Household), ready.Residents.Select(x => x.Resident), tags);
        await GridCounts.AddAsync(db, counted, ct);
        phases.Step("户数统计");

        written.Households.AddRange(ready.NewHouseholds.Select(x => x.Household.Id));
        written.Residents.AddRange(ids);
        written.Heads.AddRange(heads.Select(h => h.Item1));
        written.Grids.AddRange(counted.Select(c => c.GridId).Concat(ready.Residents.Select(x => x.Resident.GridId)).Distinct());
        return (written, counted);
    }

    Resident ToResident(RosterRow r) => new()
    {
        GridId = r.GridId!.Value, RelationToHead = r.Relation ?? RelationToHead.Other, RelationCode = r.RelationCode,
        IdDocument = r.IdDocument,
        Name = r.Name!, Gender = r.Gender!.Value, BirthDate = r.BirthDate, Ethnicity = r.Ethnicity,
        NationalIdCipher = r.NationalId is { } id ? cipher.Encrypt(id) : null,
        NationalIdHash = r.NationalIdHash,
        NationalIdMasked = r.NationalId is { } shown ? (r.IdDocument is null ? NationalId.Mask(shown) : IdDocuments.Mask(shown)) : r.MaskedNationalId,
        PhoneCipher = r.Phone is { } phone ? cipher.Encrypt(phone) : null,
        PhoneHash = r.Phone is { } p ? cipher.Hash(p) : null,
        PhoneMasked = r.Phone is { } m ? PhoneNumber.Mask(m) : r.MaskedPhone,
        ResidenceKind = r.ResidenceKind, Status = ResidentStatus.Active,
        Education = r.Education, PoliticalStatus = r.PoliticalStatus, MaritalStatus = r.MaritalStatus, Notes = r.Notes,
    };
}
