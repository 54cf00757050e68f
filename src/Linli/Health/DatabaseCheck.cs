using Linli.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linli.Health;

/// <summary>
/// The database opens, its schema is current (no migration pending), and it takes a write: a probe row is
/// inserted and rolled back, so a read-only file or a read-only PostgreSQL is seen before a user's save fails.
/// </summary>
sealed class DatabaseCheck(DatabaseTarget target, LinliDb db) : IHealthCheck
{
    /// <summary>How long the probe waits for another writer (a long import) before saying the database is busy.</summary>
    const int BusyWaitMilliseconds = 1500;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!target.IsPostgres && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.ConnectionString).DataSource is var file && !File.Exists(file))
            return HealthCheckResult.Degraded($"SQLite 数据库文件 {file} 还不存在；首次运行 linli serve 或 linli migrate 时会创建它。");
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                if (pending.Count > 0)
                    return HealthCheckResult.Unhealthy($"数据库可以打开，但还有 {pending.Count} 个迁移未应用。请运行 linli migrate。");
                if (await ProbeWriteAsync(ct) is { } refused) return refused;
                var (users, units) = (await db.Users.CountAsync(ct), await db.OrgUnits.CountAsync(ct));
                return HealthCheckResult.Healthy($"数据库可以打开，结构是最新版本，可以写入；有 {users} 个账号，{units} 个组织单元。");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (DatabaseErrors.Transient(e) is { } fault) DatabaseErrors.ForgetPooledConnections(fault);
            return HealthCheckResult.Unhealthy(DatabaseErrors.Explain(e, target) ?? $"{target.Describe()} 出错：{e.GetBaseException().Message}");
        }
    }

    async Task<HealthCheckResult?> ProbeWriteAsync(CancellationToken ct)
    {
        // The probe asks SQLite itself whether the write lock is free within its short wait; it does not queue for a turn.
        SqliteWriteGate.WaitInSqliteHere();
        int? busyWait = target.IsPostgres ? null : await SqliteBusyWaitAsync(BusyWaitMilliseconds, ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "linli-health-probe", Xml = "<probe/>" });
            await db.SaveChangesAsync(ct);
            await transaction.RollbackAsync(ct);
            return null;
        }
        catch (Exception e) when (DatabaseErrors.Transient(e) == DatabaseFault.Busy)
        {
            return HealthCheckResult.Degraded($"{target.Describe()} 正忙：另一项写入（如大批导入）占着数据库超过 {BusyWaitMilliseconds / 1000.0:F1} 秒。其他写入会排队等候；稍后再查。");
        }
        finally
        {
            db.ChangeTracker.Clear();
            if (busyWait is { } previous) await SqliteBusyWaitAsync(previous, CancellationToken.None);
        }
    }

    /// <summary>Sets SQLite's wait for a lock on this connection; returns the wait it had.</summary>
    async Task<int> SqliteBusyWaitAsync(int milliseconds, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        var previous = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = $"PRAGMA busy_timeout={milliseconds}";
        await command.ExecuteNonQueryAsync(ct);
        return previous;
    }
}
