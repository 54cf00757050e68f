using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Linli.Cli;
using Linli.Data;
using Linli.Data.Backup;
using Linli.Features.Registry;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Data;

/// <summary>What the backup tests share: the command line with a passphrase on standard input, a small registry, row checksums.</summary>
static class BackupKit
{
    public const string Passphrase = "幸福里居委会三楼铁皮柜2026";

    /// <summary>Runs `linli ARGS` with <paramref name="input"/> as standard input.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunCli(string? input, params string[] args)
    {
        BackupVerbs.ReadInputFrom(new StringReader(input ?? ""));
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await Verbs.RunAsync(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    public static string[] On(TestDatabase database, params string[] args) =>
        database.Options.Db is { } db ? [.. args, "--data", database.DataDir, "--db", db] : [.. args, "--data", database.DataDir];

    /// <summary>A temporary directory for backup files and restored data directories, removed at the end of the test.</summary>
    public sealed class Scratch : IDisposable
    {
        public string Dir { get; } = Directory.CreateTempSubdirectory("linli-backup-test-").FullName;

        /// <summary>A path inside, not yet created.</summary>
        public string Path(string name) => System.IO.Path.Combine(Dir, name);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The small street of the audit tests, three residents with encrypted ID and phone numbers, and a few audit
    /// rows written through the command line (which anchors them as it ends).
    /// </summary>
    public static async Task<TestDatabase> SmallStreetAsync(string engine = TestDatabase.Sqlite)
    {
        var database = await TestDatabase.CreateAsync(engine);
        await AuditKit.SeedAsync(database);
        var cipher = FieldCipher.OpenOrCreate(database.DataDir);
        await using (var db = database.Target.CreateContext())
        {
            var grid = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-XFL-03");
            string[] ids = ["110101199003074578", "11010119851212003X", "420106194501013210"];
            string[] names = ["王建国", "李秀英", "欧阳修"];
            for (var i = 0; i < ids.Length; i++)
            {
                var phone = $"1380000{i:0000}";
                db.Residents.Add(new Resident
                {
                    GridId = grid.Id, Name = names[i], Gender = i == 1 ? Gender.Female : Gender.Male,
                    NationalIdCipher = cipher.Encrypt(ids[i]), NationalIdHash = cipher.Hash(ids[i]), NationalIdMasked = NationalId.Mask(ids[i]),
                    PhoneCipher = cipher.Encrypt(phone), PhoneHash = cipher.Hash(phone), PhoneMasked = phone[..3] + "****" + phone[^4..],
                });
            }
            await db.SaveChangesAsync();
        }
        foreach (var name in new[] { "cadre", "lead" })
            Assert.Equal(0, (await RunCli(null, On(database, "user", "disable", name))).Exit);
        return database;
    }

    /// <summary>SHA-256 over every row of a table, in key order, every column's value written unambiguously.</summary>
    public static async Task<string> ChecksumAsync(DbConnection connection, string table, string orderBy = "\"Id\"")
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {orderBy}";
        await using var reader = await cmd.ExecuteReaderAsync();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var bytes = reader.IsDBNull(i) ? "\u0000null"u8.ToArray()
                    : reader.GetValue(i) is byte[] raw ? raw
                    : Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
                sha.AppendData(BitConverter.GetBytes(bytes.Length));
                sha.AppendData(bytes);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A connection to an SQLite file that is only read (no pool, so the file is let go at once).</summary>
    public static async Task<SqliteConnection> ReadSqliteAsync(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<DatabaseFacts> FactsAsync(LinliOptions options)
    {
        await using var db = DatabaseTarget.From(options).CreateContext();
        return await DatabaseFactsReader.ReadAsync(db, default);
    }
}
