namespace Linli.Features.Registry.Import;

/// <summary>
/// The server reads and writes one roster at a time, previews included; the others wait their turn in order.
/// Reading a roster takes memory in proportion to it, and writing one holds SQLite's write lock: three at once
/// would take three times the memory and make the others' writes wait three times as long. A few may wait;
/// beyond that the upload is answered at once with "try again shortly" rather than held in memory.
/// (The command line runs in its own process and is not queued here; on SQLite it waits for the write lock.)
/// </summary>
public sealed class ImportQueue(TimeProvider clock) : IDisposable
{
    public const int MaxWaiting = 4;

    /// <summary>The import being worked on: whose, where to, and how far it is.</summary>
    public sealed class Job(long unitId, bool dryRun, DateTimeOffset started)
    {
        public long UnitId { get; } = unitId;
        public bool DryRun { get; } = dryRun;
        public DateTimeOffset Started { get; } = started;
        int written;
        public int Written => Volatile.Read(ref written);
        internal void Report(int n) => Volatile.Write(ref written, n);
    }

    public sealed record Status(Job? Running, int Waiting);

    /// <summary>The queue was full; nothing was read.</summary>
    public sealed class FullException() : Exception($"已有 {MaxWaiting} 个导入在排队");

    readonly SemaphoreSlim gate = new(1, 1);
    int waiting;
    Job? running;

    public Status Now => new(Volatile.Read(ref running), Volatile.Read(ref waiting));

    /// <summary>
    /// Runs <paramref name="work"/> when it is this import's turn, telling it where to report progress.
    /// Throws <see cref="FullException"/> when <see cref="MaxWaiting"/> imports are already waiting.
    /// </summary>
    public async Task<T> RunAsync<T>(long unitId, bool dryRun, Func<IProgress<int>, Task<T>> work, CancellationToken ct)
    {
        if (Interlocked.Increment(ref waiting) > MaxWaiting && running is not null)
        {
            Interlocked.Decrement(ref waiting);
            throw new FullException();
        }
        try
        {
            await gate.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
        var job = new Job(unitId, dryRun, clock.GetUtcNow());
        Volatile.Write(ref running, job);
        try
        {
            return await work(new Reporter(job));
        }
        finally
        {
            Volatile.Write(ref running, null);
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>Reports straight into the job (not through a synchronization context, as Progress&lt;T&gt; would).</summary>
    sealed class Reporter(Job job) : IProgress<int>
    {
        public void Report(int value) => job.Report(value);
    }
}
