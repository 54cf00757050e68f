using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Linli.Data;

/// <summary>Where the data lives: an SQLite file under the data directory, or a PostgreSQL server.</summary>
public sealed record DatabaseTarget(bool IsPostgres, string ConnectionString)
{
    public static DatabaseTarget From(LinliOptions o) =>
        string.IsNullOrWhiteSpace(o.Db)
            ? new(false, SqliteConnectionString(Path.Combine(o.DataDir, "linli.db")))
            : new(true, o.Db);

    public static string SqliteConnectionString(string file) => new SqliteConnectionStringBuilder
    {
        DataSource = file,
        ForeignKeys = true,
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    /// <summary>What to tell a person about where the data is, without the password.</summary>
    public string Describe()
    {
        if (!IsPostgres) return "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database ?? b.Username}";
    }

    public DbContextOptions<SqliteLinliDb> SqliteOptions() => (DbContextOptions<SqliteLinliDb>)Apply(new DbContextOptionsBuilder<SqliteLinliDb>()).Options;

    public DbContextOptions<PostgresLinliDb> PostgresOptions() => (DbContextOptions<PostgresLinliDb>)Apply(new DbContextOptionsBuilder<PostgresLinliDb>()).Options;

    /// <summary>
    /// The one provider configuration, for the server's contexts and for those of the CLI and tests alike. Every
    /// context gets the registry's save hook (search keys and grid numbers kept current on each save) and renews the
    /// access stamp when it saves a change of roles or of the tree (<see cref="Features.Access.AccessStamp"/>).
    /// </summary>
    public DbContextOptionsBuilder Apply(DbContextOptionsBuilder o) =>
        (IsPostgres ? o.UseNpgsql(ConnectionString, Configure) : o.UseSqlite(ConnectionString, Configure).AddInterceptors(SqlitePragmas.Instance, SqliteWriteTurns.Instance))
            .AddInterceptors(RowVersions.Instance, Features.Registry.RegistrySaveHook.Instance, Features.Visits.VisitStandingsHook.Instance, Features.Visits.VisitMonthsHook.Instance, Features.Access.AccessStampInterceptor.Instance);

    static void Configure(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder b) =>
        b.MigrationsHistoryTable("__migrations");

    static void Configure(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder b) =>
        b.MigrationsHistoryTable("__migrations");

    /// <summary>A context for work outside a web request (the CLI verbs, tests).</summary>
    public LinliDb CreateContext() => IsPostgres ? new PostgresLinliDb(PostgresOptions()) : new SqliteLinliDb(SqliteOptions());
}

/// <summary>Used only by `dotnet ef migrations add`.</summary>
sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteLinliDb>
{
    public SqliteLinliDb CreateDbContext(string[] args) =>
        new(new DatabaseTarget(false, DatabaseTarget.SqliteConnectionString("design.db")).SqliteOptions());
}

sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresLinliDb>
{
    public PostgresLinliDb CreateDbContext(string[] args) =>
        new(new DatabaseTarget(true, "Host=localhost;Database=linli_design").PostgresOptions());
}
