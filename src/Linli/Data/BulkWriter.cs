using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Linli.Data;

/// <summary>
/// Writes many new rows through one prepared statement inside the current transaction, the statement built
/// from the EF model (table, columns, value conversions), so it follows the model as it changes. SaveChanges
/// spends about 150 µs on each new entity; this spends a few, which is what lets a community's roster of
/// 10,400 people go in within the import budget.
/// </summary>
public static class BulkWriter
{
    /// <summary>
    /// Inserts <paramref name="rows"/>, setting their generated keys (or keeping the keys they carry, taken earlier by
    /// <see cref="ReserveKeysAsync{T}"/>, when <paramref name="keysGiven"/>); <paramref name="afterEach"/> is told how many
    /// are written so far.
    /// </summary>
    public static async Task InsertAsync<T>(LinliDb db, IReadOnlyList<T> rows, CancellationToken ct, Action<int>? afterEach = null, bool keysGiven = false) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var key = entity.FindPrimaryKey()!.Properties is [var k] && k.ValueGenerated == ValueGenerated.OnAdd ? k : null;
        if (key is not null && !keysGiven)
        {
            // Keys taken up front, so that no row needs a RETURNING round of its own (that alone costs more than the insert).
            var ids = await ReserveKeysAsync(db, table, key, rows.Count, ct);
            for (var i = 0; i < rows.Count; i++) key.PropertyInfo!.SetValue(rows[i], ids[i]);
        }
        // Shadow and computed columns are left to the database, as SaveChanges would leave them.
        var columns = entity.GetProperties()
            .Where(p => !p.IsShadowProperty() && p.ValueGenerated is ValueGenerated.Never or ValueGenerated.OnAdd && p.GetComputedColumnSql() is null)
            .ToArray();

        if (db.Database.IsNpgsql())
        {
            await CopyAsync(db, sql.DelimitIdentifier(table.Name, table.Schema), table, columns, rows, afterEach, ct);
            return;
        }

        var insert = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        if (SqliteInsert(db, insert, columns, rows, afterEach)) return;

        await using var cmd = Command(db);
        cmd.CommandText = insert;
        var bindings = columns.Select((c, i) => new Binding(cmd, c, "@p" + i)).ToArray();
        await cmd.PrepareAsync(ct);

        for (var n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            foreach (var b in bindings) b.Set(row);
            await cmd.ExecuteNonQueryAsync(ct);
            afterEach?.Invoke(n + 1);
        }
    }

    /// <summary>
    /// PostgreSQL: binary COPY, about ten times the rows per second of one INSERT per row (each of which is a round
    /// trip). Same columns and conversions as the INSERT path; runs inside the current transaction like it.
    /// </summary>
    static async Task CopyAsync<T>(LinliDb db, string tableName, StoreObjectIdentifier table, IProperty[] columns, IReadOnlyList<T> rows,
        Action<int>? afterEach, CancellationToken ct) where T : class
    {
        _ = Transaction(db); // insists on the transaction, like the INSERT path
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var sql = db.GetService<ISqlGenerationHelper>();
        var copy = $"COPY {tableName} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) FROM STDIN (FORMAT BINARY)";
        var writers = columns.Select(c => (Property: c, Mapping: c.GetRelationalTypeMapping(), Type: BaseTypeName(c.GetColumnType(table)))).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        for (var n = 0; n < rows.Count; n++)
        {
            await importer.StartRowAsync(ct);
            foreach (var (property, mapping, type) in writers)
            {
                var value = ProviderValue(property, mapping.Converter, rows[n]);
                if (value is null) await importer.WriteNullAsync(ct);
                else await importer.WriteAsync(value, type, ct);
            }
            afterEach?.Invoke(n + 1);
        }
        await importer.CompleteAsync(ct);
    }

    /// <summary>
    /// SQLite: the statement prepared once on the connection's own handle and the values bound by position.
    /// Microsoft.Data.Sqlite looks every parameter up by name and converts it on every execution, which was a
    /// third of the roster import's writing time (bench/, docs/PERFORMANCE.md). Values are stored exactly as it
    /// stores them (dates as ISO text, booleans as 0/1); a column of any other type leaves the rows to the plain path.
    /// </summary>
    static bool SqliteInsert<T>(LinliDb db, string insert, IProperty[] columns, IReadOnlyList<T> rows, Action<int>? afterEach) where T : class
    {
        var writers = columns.Select(c =>
        {
            var mapping = c.GetRelationalTypeMapping();
            var type = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            return (Property: c, mapping.Converter, Type: Nullable.GetUnderlyingType(type) ?? type);
        }).ToArray();
        if (writers.Any(w => !RawTypes.Contains(w.Type))) return false;
        _ = Transaction(db); // insists on the transaction, like the other paths
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).Handle!;
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(handle, insert, out var stmt);
        if (rc != SQLitePCL.raw.SQLITE_OK) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
        using (stmt)
        {
            for (var n = 0; n < rows.Count; n++)
            {
                for (var i = 0; i < writers.Length; i++)
                {
                    rc = BindRaw(stmt, i + 1, ProviderValue(writers[i].Property, writers[i].Converter, rows[n]));
                    if (rc != SQLitePCL.raw.SQLITE_OK) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
                }
                rc = SQLitePCL.raw.sqlite3_step(stmt);
                SQLitePCL.raw.sqlite3_reset(stmt);
                if (rc != SQLitePCL.raw.SQLITE_DONE) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
                afterEach?.Invoke(n + 1);
            }
        }
        return true;
    }

    static readonly HashSet<Type> RawTypes =
        [typeof(long), typeof(int), typeof(short), typeof(byte), typeof(bool), typeof(double), typeof(float), typeof(string), typeof(byte[]), typeof(DateTime), typeof(DateOnly)];

    static int BindRaw(SQLitePCL.sqlite3_stmt stmt, int index, object? value) => value switch
    {
        null => SQLitePCL.raw.sqlite3_bind_null(stmt, index),
        string s => SQLitePCL.raw.sqlite3_bind_text(stmt, index, s),
        long l => SQLitePCL.raw.sqlite3_bind_int64(stmt, index, l),
        int i => SQLitePCL.raw.sqlite3_bind_int64(stmt, index, i),
        short h => SQLitePCL.raw.sqlite3_bind_int64(stmt, index, h),
        byte b => SQLitePCL.raw.sqlite3_bind_int64(stmt, index, b),
        bool f => SQLitePCL.raw.sqlite3_bind_int64(stmt, index, f ? 1 : 0),
        double d => SQLitePCL.raw.sqlite3_bind_double(stmt, index, d),
        float d => SQLitePCL.raw.sqlite3_bind_double(stmt, index, d),
        byte[] { Length: 0 } => SQLitePCL.raw.sqlite3_bind_zeroblob(stmt, index, 0),
        byte[] bytes => SQLitePCL.raw.sqlite3_bind_blob(stmt, index, bytes),
        DateTime t => SQLitePCL.raw.sqlite3_bind_text(stmt, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture)),
        DateOnly d => SQLitePCL.raw.sqlite3_bind_text(stmt, index, d.ToString(@"yyyy\-MM\-dd", System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"no raw binding for {value.GetType().Name}"),
    };

    /// <summary>
    /// <paramref name="count"/> new keys for <typeparamref name="T"/>'s table, for rows that need their ids before they are
    /// written (another table's rows point at them); insert them with <c>keysGiven</c> before anything else takes keys
    /// of that table in this transaction.
    /// </summary>
    public static async Task<long[]> ReserveKeysAsync<T>(LinliDb db, int count, CancellationToken ct) where T : class
    {
        if (count == 0) return [];
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties is [var k] && k.ValueGenerated == ValueGenerated.OnAdd ? k
            : throw new InvalidOperationException($"{typeof(T).Name} has no generated key");
        return await ReserveKeysAsync(db, table, key, count, ct);
    }

    /// <summary>"character varying(64)" → "character varying": the name COPY's writer resolves, without its length.</summary>
    static string BaseTypeName(string storeType) => storeType.IndexOf('(', StringComparison.Ordinal) is var i and > 0 ? storeType[..i].TrimEnd() : storeType;

    /// <summary>
    /// <paramref name="count"/> new keys for the table. PostgreSQL hands them out from the column's sequence, so
    /// later inserts by EF never collide; SQLite continues after the highest key ever given (AUTOINCREMENT's own
    /// record included), which is safe because the import's transaction holds SQLite's write lock.
    /// </summary>
    static async Task<long[]> ReserveKeysAsync(LinliDb db, StoreObjectIdentifier table, IProperty key, int count, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        var column = key.GetColumnName(table)!;
        await using var cmd = Command(db);
        var ids = new long[count];
        if (db.Database.IsNpgsql())
        {
            cmd.CommandText = "SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @count)";
            AddParameter(cmd, "@table", tableName);
            AddParameter(cmd, "@column", column);
            AddParameter(cmd, "@count", count);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            for (var i = 0; i < count && await reader.ReadAsync(ct); i++) ids[i] = reader.GetInt64(0);
            return ids;
        }
        cmd.CommandText = $"SELECT MAX(COALESCE((SELECT MAX({sql.DelimitIdentifier(column)}) FROM {tableName}), 0), "
            + "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = @name), 0))";
        AddParameter(cmd, "@name", table.Name);
        var last = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++) ids[i] = last + 1 + i;
        return ids;
    }

    static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>Sets one column of existing rows, by key: UPDATE … SET column = value WHERE key = id.</summary>
    public static async Task UpdateAsync<T>(LinliDb db, string propertyName, IEnumerable<(long Id, object? Value)> values, CancellationToken ct) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var column = entity.FindProperty(propertyName) ?? throw new InvalidOperationException($"{typeof(T).Name}.{propertyName} is not in the model");

        await using var cmd = Command(db);
        cmd.CommandText = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {sql.DelimitIdentifier(column.GetColumnName(table)!)} = @v "
            + $"WHERE {sql.DelimitIdentifier(key.GetColumnName(table)!)} = @k";
        var value = new Binding(cmd, column, "@v");
        var id = new Binding(cmd, key, "@k");
        await cmd.PrepareAsync(ct);
        foreach (var (k, v) in values)
        {
            value.SetValue(v);
            id.SetValue(k);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    static DbCommand Command(LinliDb db)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = Transaction(db);
        return cmd;
    }

    static DbTransaction Transaction(LinliDb db) =>
        (db.Database.CurrentTransaction ?? throw new InvalidOperationException("bulk writes belong inside the import's transaction")).GetDbTransaction();

    /// <summary>A column's value in a row as the database stores it: the model's value conversion applied (enums as text).</summary>
    static object? ProviderValue(IProperty property, ValueConverter? converter, object row)
    {
        var value = property.GetGetter().GetClrValueUsingContainingEntity(row);
        return value is not null && converter is not null ? converter.ConvertToProvider(value) : value;
    }

    /// <summary>One parameter, typed by the column's mapping, with the model's value conversion applied (enums stored as text).</summary>
    sealed class Binding
    {
        readonly IProperty property;
        readonly RelationalTypeMapping mapping;
        readonly DbParameter parameter;

        public Binding(DbCommand cmd, IProperty property, string name)
        {
            this.property = property;
            mapping = property.GetRelationalTypeMapping();
            parameter = mapping.CreateParameter(cmd, name, null, property.IsNullable);
            cmd.Parameters.Add(parameter);
        }

        public void Set(object row) => parameter.Value = ProviderValue(property, mapping.Converter, row) ?? DBNull.Value;

        public void SetValue(object? value)
        {
            if (value is not null && mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
            parameter.Value = value ?? DBNull.Value;
        }
    }
}
