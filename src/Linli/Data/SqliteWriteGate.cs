using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linli.Data;

/// <summary>
/// On SQLite, the server's writers wait their turn here, in the order they came, instead of inside SQLite's busy
/// handler. SQLite has one writer at a time; a writer that finds the lock taken sleeps its thread in the busy handler
/// and retries at intervals, in no order. Under the paced 200-client run a few sleeping writers held the thread pool
/// and every request stalled (p99 1.7 s for reads and writes alike, docs/PERFORMANCE.md), and more threads made it worse.
/// Here a writer awaits a per-file <see cref="SemaphoreSlim"/> (asynchronous waiters are served first come, first
/// served), so no thread sleeps while it waits, and it gives up after the connection's timeout with the same
/// "database is locked" SQLite would give (answered 503, Web/Problems).
/// <para>
/// A turn is taken when a transaction begins, or before a write statement (INSERT, UPDATE, DELETE, REPLACE) that runs
/// outside one, and given back when the transaction commits, rolls back or fails, when the statement has run (its
/// reader closed), or at the latest when the connection closes or the request ends. Only web requests take turns
/// (<see cref="ForRequest"/>): the command line, imports on their own connection and background work wait in SQLite as
/// before.
/// </para>
/// </summary>
public static class SqliteWriteGate
{
    static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    static readonly AsyncLocal<Turn?> Current = new();
    static readonly ConditionalWeakTable<DbConnection, Lease> Leases = new();

    /// <summary>One connection's hold on its file's gate; given back once, however many events report its end.</summary>
    internal sealed class Lease(Turn turn, SemaphoreSlim gate)
    {
        int released;
        public Turn Turn { get; } = turn;

        public void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }

    /// <summary>One request: the leases its connections hold, given back at the latest when it ends.</summary>
    public sealed class Turn : IDisposable
    {
        readonly Lock sync = new();
        readonly List<Lease> leases = [];
        bool ended;

        internal bool Ended { get { lock (sync) return ended; } }

        internal void Add(Lease lease)
        {
            lock (sync)
            {
                if (!ended)
                {
                    leases.Add(lease);
                    return;
                }
            }
            lease.Release();
        }

        internal void Remove(Lease lease)
        {
            lock (sync) leases.Remove(lease);
        }

        /// <summary>The request is over: whatever it still holds is given back.</summary>
        public void Dispose()
        {
            Lease[] left;
            lock (sync)
            {
                ended = true;
                left = [.. leases];
                leases.Clear();
            }
            foreach (var lease in left) lease.Release();
        }
    }

    /// <summary>Makes the current request (its async flow) one that takes turns; dispose it when the request ends.</summary>
    public static Turn ForRequest()
    {
        var turn = new Turn();
        Current.Value = turn;
        return turn;
    }

    /// <summary>
    /// The calling async method and what it calls wait in SQLite instead of taking turns (the health probe, which must see
    /// a held write lock within its own short wait, not queue behind the requests). An async local set inside an async
    /// method does not flow back to its caller, so the rest of the request still takes turns.
    /// </summary>
    public static void WaitInSqliteHere() => Current.Value = null;

    static string Key(DbConnection connection) => Path.GetFullPath(((SqliteConnection)connection).DataSource);

    static TimeSpan Wait(DbConnection connection) =>
        TimeSpan.FromSeconds(connection is SqliteConnection { DefaultTimeout: > 0 } c ? c.DefaultTimeout : 30);

    /// <summary>The request that must wait for a turn on <paramref name="connection"/>, or null when none must.</summary>
    static Turn? Claimant(DbConnection connection)
    {
        if (Current.Value is not { Ended: false } turn) return null;
        if (connection is not SqliteConnection { DataSource: { Length: > 0 } source } || source == ":memory:") return null;
        if (Leases.TryGetValue(connection, out var leased))
        {
            if (ReferenceEquals(leased.Turn, turn)) return null; // this connection already holds its turn
            // A pooled context's connection left over from an earlier request: that lease is stale.
            Leases.Remove(connection);
            leased.Release();
        }
        return turn;
    }

    static SqliteException Locked(DbConnection connection) =>
        new($"database is locked: waited {Wait(connection).TotalSeconds:0} s for the write turn", 5);

    static void Hold(DbConnection connection, Turn turn, SemaphoreSlim gate)
    {
        var lease = new Lease(turn, gate);
        Leases.AddOrUpdate(connection, lease);
        turn.Add(lease);
    }

    /// <summary>
    /// Waits for the write turn of <paramref name="connection"/>'s file, asynchronously. A second connection of the same
    /// request waits like anyone else (two parallel parts of a request take turns; a transaction nested in another
    /// gives up after its wait, as it would in SQLite).
    /// </summary>
    internal static async ValueTask EnterAsync(DbConnection connection, CancellationToken ct)
    {
        if (Claimant(connection) is not { } turn) return;
        var gate = Gates.GetOrAdd(Key(connection), _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(Wait(connection), ct)) throw Locked(connection);
        Hold(connection, turn, gate);
    }

    /// <summary>The same, for the synchronous paths (a thread waits; the server's own paths are asynchronous).</summary>
    internal static void Enter(DbConnection connection)
    {
        if (Claimant(connection) is not { } turn) return;
        var gate = Gates.GetOrAdd(Key(connection), _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(Wait(connection))) throw Locked(connection);
        Hold(connection, turn, gate);
    }

    /// <summary>Gives back the turn <paramref name="connection"/> holds, if any (safe to call more than once).</summary>
    internal static void Exit(DbConnection connection)
    {
        if (!Leases.TryGetValue(connection, out var lease)) return;
        Leases.Remove(connection);
        lease.Turn.Remove(lease);
        lease.Release();
    }

    /// <summary>Whether a statement outside a transaction writes (and so needs the turn).</summary>
    internal static bool Writes(DbCommand command)
    {
        if (command.Transaction is not null) return false;
        var text = command.CommandText.AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Takes and gives back <see cref="SqliteWriteGate"/> turns around transactions and lone write statements.</summary>
sealed class SqliteWriteTurns : DbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteTurns Instance = new();

    /// <summary>A committed transaction no longer knows its connection; the context that ran it does.</summary>
    static void Exit(TransactionEventData eventData)
    {
        if (eventData.Context is { } context) SqliteWriteGate.Exit(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(context.Database));
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        SqliteWriteGate.Enter(connection);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await SqliteWriteGate.EnterAsync(connection, cancellationToken);
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Exit(eventData);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    // A lone write statement: the turn from just before it runs until it has run (its reader closed, for INSERT … RETURNING).

    /// <summary>A statement outside a transaction has run: the turn its write took is given back.</summary>
    static void ExitLone(DbCommand command)
    {
        if (command.Transaction is null) SqliteWriteGate.Exit(command.Connection!);
    }

    InterceptionResult<int> IDbCommandInterceptor.NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (SqliteWriteGate.Writes(command)) SqliteWriteGate.Enter(command.Connection!);
        return result;
    }

    async ValueTask<InterceptionResult<int>> IDbCommandInterceptor.NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken)
    {
        if (SqliteWriteGate.Writes(command)) await SqliteWriteGate.EnterAsync(command.Connection!, cancellationToken);
        return result;
    }

    int IDbCommandInterceptor.NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ExitLone(command);
        return result;
    }

    ValueTask<int> IDbCommandInterceptor.NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken)
    {
        ExitLone(command);
        return ValueTask.FromResult(result);
    }

    InterceptionResult<DbDataReader> IDbCommandInterceptor.ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (SqliteWriteGate.Writes(command)) SqliteWriteGate.Enter(command.Connection!);
        return result;
    }

    async ValueTask<InterceptionResult<DbDataReader>> IDbCommandInterceptor.ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken)
    {
        if (SqliteWriteGate.Writes(command)) await SqliteWriteGate.EnterAsync(command.Connection!, cancellationToken);
        return result;
    }

    InterceptionResult IDbCommandInterceptor.DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ExitLone(command);
        return result;
    }

    void IDbCommandInterceptor.CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        ExitLone(command);
    }

    Task IDbCommandInterceptor.CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken)
    {
        ExitLone(command);
        return Task.CompletedTask;
    }

    void IDbCommandInterceptor.CommandCanceled(DbCommand command, CommandEndEventData eventData)
    {
        ExitLone(command);
    }

    Task IDbCommandInterceptor.CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken)
    {
        ExitLone(command);
        return Task.CompletedTask;
    }

    // At the latest, a connection closing or disposed gives back what it holds (a transaction disposed without commit).

    InterceptionResult IDbConnectionInterceptor.ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        SqliteWriteGate.Exit(connection);
        return result;
    }

    ValueTask<InterceptionResult> IDbConnectionInterceptor.ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        SqliteWriteGate.Exit(connection);
        return ValueTask.FromResult(result);
    }

    InterceptionResult IDbConnectionInterceptor.ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        SqliteWriteGate.Exit(connection);
        return result;
    }

    ValueTask<InterceptionResult> IDbConnectionInterceptor.ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        SqliteWriteGate.Exit(connection);
        return ValueTask.FromResult(result);
    }
}
