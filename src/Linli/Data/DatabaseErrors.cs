using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Linli.Data;

/// <summary>Turns the errors of opening a database into one sentence a system administrator can act on.</summary>
public static class DatabaseErrors
{
    public static string? Explain(Exception e, DatabaseTarget target)
    {
        var where = target.Describe();
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException { SqliteErrorCode: 26 }:
                    return $"{where} 不是 SQLite 数据库，或者文件已损坏。请从备份恢复，或换一个 --data 目录。";
                case SqliteException { SqliteErrorCode: 14 }:
                    return $"无法打开 {where}：文件或其所在目录不存在或不可写。请检查 --data 目录的路径和权限。";
                case SqliteException { SqliteErrorCode: 8 }:
                    return $"{where} 是只读的，无法写入。请检查文件权限。";
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return $"{where} 正被另一个程序锁定。请确认没有别的程序在写这个文件。";
                case PostgresException { SqlState: "28P01" }:
                    return $"无法登录 {where}：用户名或密码不正确。请检查 --db 或 LINLI_DB 中的 Username 和 Password。";
                case PostgresException { SqlState: "3D000" }:
                    return $"{where} 不存在。请先在 PostgreSQL 中创建该数据库。";
                case PostgresException pg:
                    return $"{where} 报告错误：{pg.MessageText}（{pg.SqlState}）。";
                case SocketException:
                case NpgsqlException { InnerException: SocketException or TimeoutException }:
                    return $"无法连接 {where}：服务器没有响应或拒绝连接。请检查 PostgreSQL 是否在运行，以及 --db 或 LINLI_DB 中的地址和端口。";
                case ArgumentException when x.Message.Contains("connection string", StringComparison.OrdinalIgnoreCase)
                                             || x.Message.Contains("Keyword", StringComparison.Ordinal):
                    return $"数据库连接串无法识别：{x.Message}";
            }
        }
        return null;
    }
}
