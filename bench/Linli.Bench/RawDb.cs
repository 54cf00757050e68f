using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Linli.Bench;

/// <summary>
/// The bare database, for the floor each figure is compared with: one open ADO.NET connection, hand-written
/// SQL, prepared statements, every row and column read. No EF, no HTTP, no Linli.
/// </summary>
sealed class RawDb : IAsyncDisposable
{
    readonly DbConnection connection;
    readonly Dictionary<string, DbCommand> prepared = [];
    public bool IsPostgres { get; }

    RawDb(DbConnection connection, bool isPostgres)
    {
        this.connection = connection;
        IsPostgres = isPostgres;
    }

    public static async Task<RawDb> OpenAsync(bool isPostgres, string connectionString, CancellationToken ct)
    {
        DbConnection c = isPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await c.OpenAsync(ct);
        return new RawDb(c, isPostgres);
    }

    public DbConnection Connection => connection;

    /// <summary>A literal id list for IN (…): constants, which both planners use best.</summary>
    public static string List(IEnumerable<long> ids) => string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Runs the query and reads every column of every row; returns the row count and the first column of each row.</summary>
    public async Task<(int Rows, List<object> First)> ReadAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var cmd = await CommandAsync(sql, parameters, ct);
        var first = new List<object>();
        var rows = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            first.Add(values[0]);
            rows++;
        }
        return (rows, first);
    }

    async Task<DbCommand> CommandAsync(string sql, (string Name, object Value)[] parameters, CancellationToken ct)
    {
        if (!prepared.TryGetValue(sql, out var cmd))
        {
            cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                cmd.Parameters.Add(p);
            }
            await cmd.PrepareAsync(ct);
            prepared[sql] = cmd;
        }
        foreach (var (name, value) in parameters) cmd.Parameters[name].Value = value;
        return cmd;
    }

    /// <summary>A date parameter as each engine stores it (SQLite: ISO text; PostgreSQL: date).</summary>
    public object Date(DateOnly d) => IsPostgres ? d : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var cmd in prepared.Values) await cmd.DisposeAsync();
        await connection.DisposeAsync();
    }
}
