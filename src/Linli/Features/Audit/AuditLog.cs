using System.Data;
using System.Security.Claims;
using Linli.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Linli.Features.Audit;

/// <summary>
/// Appends rows to the audit log. The actor is the logged-in user of the current request, the
/// command line when there is no request (<see cref="AuditActor.Cli"/>), or whoever is named.
/// Every append holds the log's lock from reading the last row to inserting the next, so the chain
/// stays whole with many servers on one database: a transaction-level advisory lock on PostgreSQL,
/// a write transaction (BEGIN IMMEDIATE) on SQLite, which no second connection can hold at once.
/// Each append tells <see cref="AuditAnchors"/> that the chain grew (a flag, no I/O); the anchors kept
/// outside the database are written on their own schedule.
/// </summary>
public sealed class AuditLog(DatabaseTarget target, IHttpContextAccessor http, TimeProvider clock, AuditAnchors? anchors = null)
{
    public const int DetailLength = 500;
    /// <summary>pg_advisory_xact_lock key of the audit log: "linliaud" in ASCII.</summary>
    public const long PostgresLockKey = 0x6C696E6C69617564;

    /// <summary>BEGIN IMMEDIATE on SQLite, after the request's write turn (Data/SqliteWriteGate) like every other transaction.</summary>
    static async Task<IDbContextTransaction> BeginImmediateAsync(LinliDb db, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await SqliteWriteGate.EnterAsync(connection, ct);
        return await db.Database.UseTransactionAsync(connection.BeginTransaction(deferred: false), ct) ?? throw new InvalidOperationException("no transaction");
    }

    /// <summary>Appends one row in its own transaction.</summary>
    public async Task WriteAsync(string action, AuditTarget? about = null, long? orgUnitId = null, AuditDetail? detail = null,
        AuditActor? actor = null, CancellationToken ct = default)
    {
        var entry = NewEntry(action, about, orgUnitId, detail, actor);
        await using var db = target.CreateContext();
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = target.IsPostgres
            ? await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct)
            // Explicitly IMMEDIATE: the write lock is taken before the last row is read, not on the insert.
            : await BeginImmediateAsync(db, ct);
        await AppendAsync(db, entry, ct);
        await tx.CommitAsync(ct);
        anchors?.RowWritten();
    }

    /// <summary>
    /// Appends one row inside the caller's open transaction on <paramref name="db"/>, so that the
    /// audited change and its audit row are committed together or not at all. The caller's
    /// pending changes are not saved by this call. On SQLite the caller's transaction already holds
    /// the write lock (EF Core begins SQLite transactions IMMEDIATE); on PostgreSQL the log's lock is
    /// taken here and held until the caller commits, so keep such transactions short, and at READ COMMITTED.
    /// </summary>
    public async Task WriteAsync(LinliDb db, string action, AuditTarget? about = null, long? orgUnitId = null, AuditDetail? detail = null,
        AuditActor? actor = null, CancellationToken ct = default)
    {
        var tx = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("AuditLog.WriteAsync(db, …) needs an open transaction on db; use the overload without db otherwise.");
        var entry = NewEntry(action, about, orgUnitId, detail, actor);
        await using var sibling = Sibling(db.Database.GetDbConnection());
        await sibling.Database.UseTransactionAsync(tx.GetDbTransaction(), ct);
        await AppendAsync(sibling, entry, ct);
        // Committed (or not) by the caller; the next anchor reads whatever head is committed by then.
        anchors?.RowWritten();
    }

    /// <summary>
    /// A refused request of the current user: the method and path are recorded with the reason.
    /// Pages that answer 404 for a record outside the user's area call this with the record.
    /// </summary>
    public Task DeniedAsync(AuditTarget? about = null, AuditDetail? reason = null, CancellationToken ct = default)
    {
        var request = http.HttpContext?.Request;
        // Decoded before masking, so that a number sent as %31%33… is masked like any other.
        var where = request is null ? "" : $"{request.Method} {request.Path.Value}{Uri.UnescapeDataString(request.QueryString.Value ?? "")}";
        var text = reason?.ToString() is { Length: > 0 } r ? $"{where}：{r}" : where;
        return WriteAsync(AuditActions.Denied, about, null, $"{text}", null, ct);
    }

    AuditEntry NewEntry(string action, AuditTarget? about, long? orgUnitId, AuditDetail? detail, AuditActor? actor)
    {
        var context = http.HttpContext;
        actor ??= context is null ? AuditActor.Cli : FromPrincipal(context.User);
        return new AuditEntry
        {
            TimeUtc = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime),
            ActorId = actor.Id,
            ActorName = actor.Name is null ? null : AuditDetail.Masked(actor.Name.Trim(), 64),
            Action = action,
            TargetKind = about?.Kind,
            TargetId = about?.Id,
            OrgUnitId = orgUnitId,
            Detail = detail?.ToString() is { Length: > 0 } d ? d : null,
            ClientIp = context?.Connection.RemoteIpAddress?.ToString(),
            PreviousHash = "",
            Hash = "",
        };
    }

    static AuditActor FromPrincipal(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? new AuditActor(id, user.FindFirstValue(ClaimTypes.Name))
            : AuditActor.Anonymous;

    /// <summary>Under the lock: read the last row, chain the new one to it, insert it.</summary>
    async Task AppendAsync(LinliDb db, AuditEntry entry, CancellationToken ct)
    {
        if (target.IsPostgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
        entry.Id = (last?.Id ?? 0) + 1;
        entry.PreviousHash = last?.Hash.Trim() ?? AuditChain.Genesis;
        entry.Hash = AuditChain.HashOf(entry);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A second context on the caller's connection, so that the caller's tracked changes stay the caller's.</summary>
    LinliDb Sibling(System.Data.Common.DbConnection connection) => target.IsPostgres
        ? new PostgresLinliDb(new DbContextOptionsBuilder<PostgresLinliDb>().UseNpgsql(connection).Options)
        : new SqliteLinliDb(new DbContextOptionsBuilder<SqliteLinliDb>().UseSqlite(connection).Options);
}
