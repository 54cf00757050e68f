namespace Linli;

/// <summary>The settings every verb shares: where the data is and where the server listens.</summary>
public sealed class LinliOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public string DataDir { get; set; } = "./data";
    /// <summary>A PostgreSQL connection string; empty means the SQLite file in <see cref="DataDir"/>.</summary>
    public string? Db { get; set; }
    public string Urls { get; set; } = DefaultUrls;
    public bool Demo { get; set; }
    /// <summary>Seed of the demonstration data; the same seed gives the same community.</summary>
    public int DemoSeed { get; set; } = 20261128;
    /// <summary>
    /// SQLite: how long a write of the server waits for another writer (a long import) before it answers 503 with
    /// Retry-After. The command line waits 30 s.
    /// </summary>
    public int WriteWaitSeconds { get; set; } = 10;
}
