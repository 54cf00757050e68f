using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Linli.Features.Demo;
using Linli.Features.Registry;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Linli.Bench;

/// <summary>
/// Rosters of one community (10,400 people by default) as an office keeps them in Excel: 姓名, 公民身份号码,
/// 性别, 出生日期, 与户主关系, 联系电话, 现住址, 户号, 网格. Each roster is new people (ID numbers from a region the
/// district does not use), so every import is all new rows, as on the day a community joins.
/// </summary>
sealed class Rosters(string communityCode, IReadOnlyList<string> gridNames, int rowsPerRoster, int seed, int earlierRosters)
{
    public const string ImportCommunityCode = DistrictGenerator.StreetCode + "-IMP";

    /// <summary>
    /// Each roster its own region code in Sichuan (51xxxx, which the district's people never have), counted on from
    /// the rosters a reused district already holds, so that no roster repeats an ID number already in the registry.
    /// </summary>
    string Region(int n)
    {
        var k = earlierRosters + n;
        return $"51{k / 99 % 20 + 1:00}{k % 99 + 1:00}";
    }

    readonly HashSet<string> usedIds = [];
    readonly Dictionary<int, (byte[] File, List<(string Name, string Id, DateOnly Birth, bool Male)> People)> made = [];
    public int RowsPerRoster => rowsPerRoster;

    (byte[] File, List<(string Name, string Id, DateOnly Birth, bool Male)> People) Roster(int n)
    {
        if (made.TryGetValue(n, out var ready)) return ready;
        var rng = new Random(seed * 1000 + earlierRosters + n);
        var region = Region(n);
        var rows = new List<Dictionary<string, object?>>(rowsPerRoster);
        var people = new List<(string, string, DateOnly, bool)>(rowsPerRoster);
        var household = 0;
        while (rows.Count < rowsPerRoster)
        {
            household++;
            var size = Math.Min(rowsPerRoster - rows.Count, rng.Next(1, 5));
            var surname = DemoNames.Surname(rng);
            var grid = gridNames[household % gridNames.Count];
            var address = $"{(earlierRosters + n) * 1000 + household / 40 + 1}号楼{household % 4 + 1}单元{household % 10 + 1}0{household % 2 + 1}";
            var headIsMale = false;
            for (var m = 0; m < size; m++)
            {
                // The spouse (second member) is of the other sex than the head.
                var male = m == 1 ? !headIsMale : rng.Next(2) == 0;
                if (m == 0) headIsMale = male;
                var birth = new DateOnly(m < 2 ? rng.Next(1940, 1995) : rng.Next(1996, 2022), rng.Next(1, 13), rng.Next(1, 29));
                var name = (m == 1 ? DemoNames.Surname(rng) : surname) + DemoNames.GivenName(rng, male, birth.Year);
                string id;
                do
                {
                    var first17 = $"{region}{birth:yyyyMMdd}{rng.Next(0, 500) * 2 + (male ? 1 : 0):000}";
                    id = first17 + NationalId.CheckDigit(first17);
                }
                while (!usedIds.Add(id));
                rows.Add(new Dictionary<string, object?>
                {
                    ["姓名"] = name, ["公民身份号码"] = id, ["性别"] = male ? "男" : "女", ["出生日期"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["与户主关系"] = m switch { 0 => "户主", 1 => "配偶", _ => "子女" },
                    ["联系电话"] = m < 2 ? "199" + rng.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture) : null,
                    ["现住址"] = address, ["户号"] = $"I{earlierRosters + n:000}{household:00000}", ["网格"] = grid,
                });
                people.Add((name, id, birth, male));
            }
        }
        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, rows);
        made[n] = (buffer.ToArray(), people);
        return made[n];
    }

    /// <summary>Builds every roster up front, so that making them is not inside what is timed.</summary>
    public void Prepare(int count)
    {
        for (var i = 0; i < count; i++) Roster(i);
        PrepareUpdates(count);
    }

    /// <summary>POST /api/v1/imports with roster <paramref name="n"/>; it must import every row.</summary>
    public async Task ImportAsync(HttpClient client, int n, CancellationToken ct)
    {
        var (file, _) = Roster(n);
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", $"roster{n}.xlsx");
        form.Add(new StringContent(communityCode), "into");
        using var response = await client.PostAsync("/api/v1/imports", form, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {body}");
        var imported = JsonDocument.Parse(body).RootElement.GetProperty("imported").GetInt32();
        if (imported != rowsPerRoster) throw new InvalidOperationException($"import took {imported} of {rowsPerRoster} rows: {body[..Math.Min(body.Length, 600)]}");
    }

    /// <summary>
    /// The bare database inserting the same people (name, sex, birth date, an ID hash) in one transaction,
    /// then rolling back: SQLite by one prepared INSERT per row, PostgreSQL by binary COPY — each engine's fastest.
    /// </summary>
    public async Task RawInsertAsync(RawDb raw, int n, CancellationToken ct)
    {
        var (_, people) = Roster(n);
        var gridId = await GridIdAsync(raw, ct);
        await using var tx = await raw.Connection.BeginTransactionAsync(ct);
        if (raw.IsPostgres)
        {
            var pg = (Npgsql.NpgsqlConnection)raw.Connection;
            await using (var copy = await pg.BeginBinaryImportAsync(
                "COPY \"Residents\" (\"GridId\", \"RelationToHead\", \"Name\", \"Gender\", \"BirthDate\", \"NationalIdHash\", \"ResidenceKind\", \"Status\") FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var p in people)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(gridId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync("Self", NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(p.Name, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(p.Male ? "Male" : "Female", NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(p.Birth, NpgsqlTypes.NpgsqlDbType.Date, ct);
                    await copy.WriteAsync(System.Text.Encoding.UTF8.GetBytes(p.Id), NpgsqlTypes.NpgsqlDbType.Bytea, ct);
                    await copy.WriteAsync("Registered", NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync("Active", NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                }
                await copy.CompleteAsync(ct);
            }
        }
        else
        {
            await using var cmd = raw.Connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO \"Residents\" (\"GridId\", \"RelationToHead\", \"Name\", \"Gender\", \"BirthDate\", \"NationalIdHash\", \"ResidenceKind\", \"Status\") "
                + "VALUES (@g, 'Self', @name, @gender, @birth, @hash, 'Registered', 'Active')";
            var parameters = new[] { "@g", "@name", "@gender", "@birth", "@hash" }.Select(name =>
            {
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                cmd.Parameters.Add(p);
                return p;
            }).ToArray();
            parameters[0].Value = gridId;
            await cmd.PrepareAsync(ct);
            foreach (var p in people)
            {
                parameters[1].Value = p.Name;
                parameters[2].Value = p.Male ? "Male" : "Female";
                parameters[3].Value = p.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                parameters[4].Value = System.Text.Encoding.UTF8.GetBytes(p.Id);
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        await tx.RollbackAsync(ct);
    }

    /// <summary>How many registered people the update roster re-imports (import-roster-update).</summary>
    public const int UpdateRows = 1_000;

    (List<(string Name, string Id, string Household, string Address, string Grid)> People, Dictionary<int, byte[]> Files)? update;

    /// <summary>
    /// The people of the update roster: their own region (5199xx, beyond the rosters' 51xxxx regions a district reaches), the same
    /// in every run, so that a reused district already holds them; households numbered U…, one to four people each.
    /// </summary>
    List<(string Name, string Id, string Household, string Address, string Grid)> UpdatePeople()
    {
        if (update is { } u) return u.People;
        var rng = new Random(seed * 1000 + 999);
        var people = new List<(string, string, string, string, string)>(UpdateRows);
        var ids = new HashSet<string>();
        var household = 0;
        while (people.Count < UpdateRows)
        {
            household++;
            var size = Math.Min(UpdateRows - people.Count, rng.Next(1, 5));
            var surname = DemoNames.Surname(rng);
            for (var m = 0; m < size; m++)
            {
                var male = rng.Next(2) == 0;
                var birth = new DateOnly(rng.Next(1940, 2015), rng.Next(1, 13), rng.Next(1, 29));
                string id;
                do
                {
                    var first17 = $"519901{birth:yyyyMMdd}{rng.Next(0, 500) * 2 + (male ? 1 : 0):000}";
                    id = first17 + NationalId.CheckDigit(first17);
                }
                while (!ids.Add(id));
                people.Add((surname + DemoNames.GivenName(rng, male, birth.Year), id, $"U{household:00000}",
                    $"{9000 + household / 40}号楼{household % 4 + 1}单元{household % 10 + 1}0{household % 2 + 1}", gridNames[household % gridNames.Count]));
            }
        }
        update = (people, []);
        return people;
    }

    /// <summary>The update roster of iteration <paramref name="n"/>: the same people, each with a phone that differs from the iteration before.</summary>
    byte[] UpdateRoster(int n)
    {
        var people = UpdatePeople();
        if (update!.Value.Files.TryGetValue(n, out var ready)) return ready;
        var rows = people.Select((p, j) => new Dictionary<string, object?>
        {
            ["姓名"] = p.Name, ["公民身份号码"] = p.Id, ["与户主关系"] = p.Household == (j > 0 ? people[j - 1].Household : null) ? "其他" : "户主",
            ["联系电话"] = $"19{n % 10}{j:00000000}", ["现住址"] = p.Address, ["户号"] = p.Household, ["网格"] = p.Grid,
        }).ToList();
        using var buffer = new MemoryStream();
        MiniExcel.SaveAs(buffer, rows);
        return update.Value.Files[n] = buffer.ToArray();
    }

    /// <summary>Builds the update rosters up front, so that making them is not inside what is timed.</summary>
    public void PrepareUpdates(int count)
    {
        for (var i = 0; i < count; i++) UpdateRoster(i);
    }

    /// <summary>
    /// POST /api/v1/imports with updateExisting=true: the update roster with iteration <paramref name="n"/>'s phones. The first
    /// (the warm-up) registers whoever is not yet registered; every later one must update all <see cref="UpdateRows"/> phones.
    /// </summary>
    public async Task UpdateAsync(HttpClient client, int n, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(UpdateRoster(n));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", $"update{n}.xlsx");
        form.Add(new StringContent(communityCode), "into");
        form.Add(new StringContent("true"), "updateExisting");
        using var response = await client.PostAsync("/api/v1/imports", form, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"update import answered {(int)response.StatusCode}: {body}");
        var root = JsonDocument.Parse(body).RootElement;
        var (imported, updated) = (root.GetProperty("imported").GetInt32(), root.GetProperty("updatedResidents").GetInt32());
        if (n == 0 ? imported + updated != UpdateRows : updated != UpdateRows || imported != 0)
            throw new InvalidOperationException($"update import {n}: imported {imported}, updated {updated} of {UpdateRows}: {body[..Math.Min(body.Length, 600)]}");
    }

    List<long>? updateIds;

    /// <summary>
    /// The bare database doing the same writes: each of the people's phone columns and version set by one UPDATE by id, and
    /// one history row each, in one transaction, then rolled back.
    /// </summary>
    public async Task RawUpdateAsync(RawDb raw, int n, CancellationToken ct)
    {
        if (updateIds is null)
        {
            updateIds = [];
            await using var find = raw.Connection.CreateCommand();
            find.CommandText = "SELECT r.\"Id\" FROM \"Residents\" r JOIN \"Households\" h ON h.\"Id\" = r.\"HouseholdId\" "
                + $"JOIN \"OrgUnits\" g ON g.\"Id\" = h.\"GridId\" WHERE h.\"Number\" LIKE 'U%' AND g.\"Code\" LIKE '{communityCode}-%'";
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) updateIds.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        }
        await using var tx = await raw.Connection.BeginTransactionAsync(ct);
        await using var set = raw.Connection.CreateCommand();
        set.Transaction = tx;
        set.CommandText = "UPDATE \"Residents\" SET \"PhoneHash\" = @hash, \"PhoneMasked\" = @masked, \"Version\" = \"Version\" + 1 WHERE \"Id\" = @id";
        await using var history = raw.Connection.CreateCommand();
        history.Transaction = tx;
        history.CommandText = "INSERT INTO \"ResidentChanges\" (\"ResidentId\", \"GridId\", \"AtUtc\", \"Field\", \"OldValue\", \"NewValue\", \"IsSensitive\") "
            + "SELECT \"Id\", \"GridId\", @at, '联系电话', NULL, @masked, @no FROM \"Residents\" WHERE \"Id\" = @id";
        DbParameter Add(DbCommand cmd, string name)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            cmd.Parameters.Add(p);
            return p;
        }
        var (hash, masked, id) = (Add(set, "@hash"), Add(set, "@masked"), Add(set, "@id"));
        var (at, hMasked, no, hId) = (Add(history, "@at"), Add(history, "@masked"), Add(history, "@no"), Add(history, "@id"));
        at.Value = raw.IsPostgres ? DateTime.UtcNow : DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        no.Value = false;
        for (var j = 0; j < updateIds.Count; j++)
        {
            var phone = $"19{n % 10}{j:00000000}";
            hash.Value = System.Text.Encoding.UTF8.GetBytes(phone);
            masked.Value = hMasked.Value = PhoneNumber.Mask(phone);
            id.Value = hId.Value = updateIds[j];
            await set.ExecuteNonQueryAsync(ct);
            await history.ExecuteNonQueryAsync(ct);
        }
        await tx.RollbackAsync(ct);
    }

    long? gridId;

    async Task<long> GridIdAsync(RawDb raw, CancellationToken ct)
    {
        if (gridId is { } g) return g;
        var (_, first) = await raw.ReadAsync($"SELECT \"Id\" FROM \"OrgUnits\" WHERE \"Code\" = '{communityCode}-01'", ct);
        gridId = Convert.ToInt64(first[0], CultureInfo.InvariantCulture);
        return gridId.Value;
    }
}
