using Linli.Data;
using Linli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Data;

/// <summary>
/// The server's SQLite writers wait their turn in order (Data/SqliteWriteGate): each flow below is one request, with
/// its own turn, on a real SQLite file. A turn is given back however the transaction ends, parts of one request take
/// turns like requests do, and a pooled connection's leftover lease from an earlier request is no turn.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var db = database.Target.CreateContext();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE gate_probe (n INTEGER NOT NULL)");
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    LinliDb Context(int waitSeconds = 30) => SqlitePragmas.WithWriteWait(database.Target, waitSeconds).CreateContext();

    static Task AsRequest(Func<Task> work) => Task.Run(async () =>
    {
        using var turn = SqliteWriteGate.ForRequest();
        await work();
    });

    [Fact]
    public async Task WritersWaitWhileOneHoldsTheTurnAndThenGoInTheOrderTheyCame()
    {
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holder = AsRequest(async () =>
        {
            await using var db = Context();
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (n) VALUES (0)");
            holding.SetResult();
            await release.Task;
            await tx.CommitAsync();
        });
        await holding.Task;

        var writers = new List<Task>();
        for (var n = 1; n <= 5; n++)
        {
            var number = n;
            var ready = new TaskCompletionSource();
            writers.Add(AsRequest(async () =>
            {
                await using var db = Context();
                await db.Database.OpenConnectionAsync();
                ready.SetResult();
                await using var tx = await db.Database.BeginTransactionAsync();
                await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (n) VALUES ({0})", number);
                await tx.CommitAsync();
            }));
            // Each writer is queued before the next comes: its connection is open (the slow part on a busy machine), then
            // beginning the transaction reaches the gate at once.
            await ready.Task;
            await Task.Delay(60);
        }
        await Task.Delay(200);
        Assert.All(writers, w => Assert.False(w.IsCompleted)); // all wait for the holder

        release.SetResult();
        await holder;
        await Task.WhenAll(writers);
        await using var check = database.Target.CreateContext();
        var order = await check.Database.SqlQueryRaw<long>("SELECT n AS \"Value\" FROM gate_probe ORDER BY rowid").ToListAsync();
        Assert.Equal([0L, 1, 2, 3, 4, 5], order);
    }

    [Fact]
    public async Task ALoneWriteOutsideATransactionAlsoWaitsItsTurn()
    {
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holder = AsRequest(async () =>
        {
            await using var db = Context();
            await using var tx = await db.Database.BeginTransactionAsync();
            holding.SetResult();
            await release.Task;
            await tx.CommitAsync();
        });
        await holding.Task;
        var lone = AsRequest(async () =>
        {
            await using var db = Context();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (n) VALUES (7)");
        });
        await Task.Delay(300);
        Assert.False(lone.IsCompleted);
        release.SetResult();
        await Task.WhenAll(holder, lone);
    }

    [Fact]
    public async Task WaitingPastTheConnectionsTimeoutIsDatabaseIsLockedWhichTheServerAnswers503()
    {
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holder = AsRequest(async () =>
        {
            await using var db = Context();
            await using var tx = await db.Database.BeginTransactionAsync();
            holding.SetResult();
            await release.Task;
        });
        await holding.Task;
        var refused = await Assert.ThrowsAsync<SqliteException>(() => AsRequest(async () =>
        {
            await using var db = Context(waitSeconds: 1);
            await using var tx = await db.Database.BeginTransactionAsync();
        }));
        Assert.Equal(5, refused.SqliteErrorCode);
        Assert.NotNull(DatabaseErrors.Transient(refused));
        release.SetResult();
        await holder;
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommitGivesTheTurnBack()
    {
        await AsRequest(async () =>
        {
            await using var db = Context();
            await using (var tx = await db.Database.BeginTransactionAsync())
                await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (n) VALUES (1)");
            // The request goes on with other work; its turn must already be free for others.
            await AsRequest(async () =>
            {
                await using var other = Context(waitSeconds: 1);
                await using var tx = await other.Database.BeginTransactionAsync();
                await other.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (n) VALUES (2)");
                await tx.CommitAsync();
            });
        });
        await using var check = database.Target.CreateContext();
        Assert.Equal([2L], await check.Database.SqlQueryRaw<long>("SELECT n AS \"Value\" FROM gate_probe").ToListAsync());
    }

    [Fact]
    public async Task TwoPartsOfOneRequestTakeTurnsToo()
    {
        await AsRequest(async () =>
        {
            var parts = Enumerable.Range(1, 3).Select(n => Task.Run(async () =>
            {
                await using var db = Context(waitSeconds: 5);
                await using var tx = await db.Database.BeginTransactionAsync();
                await db.Database.ExecuteSqlRawAsync("INSERT INTO gate_probe (n) VALUES ({0})", n);
                await Task.Delay(100);
                await tx.CommitAsync();
            }));
            await Task.WhenAll(parts);
        });
        await using var check = database.Target.CreateContext();
        Assert.Equal(3, (await check.Database.SqlQueryRaw<long>("SELECT n AS \"Value\" FROM gate_probe").ToListAsync()).Count);
    }

    [Fact]
    public async Task AConnectionsLeftoverLeaseFromAnEarlierRequestIsNoTurn()
    {
        // One context (and so one connection object) serves two requests, as a pooled context does.
        await using var shared = Context();
        await shared.Database.OpenConnectionAsync();
        await AsRequest(async () =>
        {
            var tx = await shared.Database.BeginTransactionAsync();
            await tx.DisposeAsync(); // no commit, the connection stays open: the lease is left behind when the request ends
        });
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var second = AsRequest(async () =>
        {
            await using var tx = await shared.Database.BeginTransactionAsync();
            holding.SetResult();
            await release.Task;
            await tx.CommitAsync();
        });
        await holding.Task;
        // The second request holds the turn for real: a third waits, and gives up after its second.
        var third = await Assert.ThrowsAsync<SqliteException>(() => AsRequest(async () =>
        {
            await using var db = Context(waitSeconds: 1);
            await using var tx = await db.Database.BeginTransactionAsync();
        }));
        Assert.Equal(5, third.SqliteErrorCode);
        release.SetResult();
        await second;
    }
}
