using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Activities;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Bench;

/// <summary>
/// Activities (issue 17): an activity's attendance list of 200 people, a sign-up, ticking 200 people at once, and "the
/// residents no activity has reached this year" for a whole community, each against the same work done by hand in SQL.
/// The district has no activities of its own, so the first community gets a year of them with attendance by a third of
/// its residents and one activity with 200 people signed up, once (kept when the district is reused); every run adds
/// fresh lists of 200 to tick, since ticking uses them up.
/// </summary>
static class ActivityScenarios
{
    const string YearTitle = "基准：全年活动";
    const string ListTitle = "基准：200人签到名单";
    const string BatchTitle = "基准：签到批次";
    const int ListSize = 200;

    /// <summary>The timed attendance runs of each side (the warm-up is two).</summary>
    public static int AttendanceIterations(int iterations) => Math.Max(5, iterations / 4);

    public static async Task PrepareAsync(DatabaseTarget target, long communityId, IReadOnlyList<long> gridIds, int iterations, TextWriter log, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        var grids = gridIds.ToList();
        var today = DateOnly.FromDateTime(DateTime.Today);
        var now = DateTime.UtcNow;
        var author = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(ct);
        Activity New(string title, DateOnly date, ActivityState state, int n) => new()
        {
            CommunityId = communityId, Title = title, Kind = ActivityText.Kinds[n % ActivityText.Kinds.Count], Audience = "全体居民", Date = date,
            Starts = new(9, 0), Ends = new(11, 0), Place = "社区活动室", Capacity = 300, Organiser = "基准", DoorCode = (100000 + n % 900000).ToString(CultureInfo.InvariantCulture),
            RecorderId = author, RecorderName = "基准", CreatedAtUtc = now, State = state, ClosedAtUtc = state == ActivityState.Closed ? now : null,
        };
        static ActivitySignup Signup(long activityId, long residentId, string name, long gridId, int n, DateTime? attended) => new()
        {
            ActivityId = activityId, ResidentId = residentId, Name = name, GridId = gridId, State = SignupState.Confirmed, CheckInCode = n.ToString("D4", CultureInfo.InvariantCulture),
            SignedUpAtUtc = DateTime.UtcNow, SignedUpByName = "基准", AttendedAtUtc = attended, AttendedBy = attended is null ? null : AttendanceWay.List,
        };

        if (!await db.Set<Activity>().AnyAsync(a => a.CommunityId == communityId && a.Title == YearTitle, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var people = await db.Residents.AsNoTracking().Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active).OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.Name, r.GridId }).ToListAsync(ct);
            var rng = new Random(17);
            var reached = people.Where(_ => rng.Next(3) == 0).ToList();
            var days = Math.Max(1, today.DayOfYear);
            var activities = Enumerable.Range(0, 120).Select(n => New(YearTitle, new DateOnly(today.Year, 1, 1).AddDays(n * days / 120), ActivityState.Closed, n)).ToList();
            var list = New(ListTitle, today, ActivityState.Planned, 999);
            await BulkWriter.InsertAsync(db, [.. activities, list], ct);
            // Each reached resident came to one to three activities of the year.
            var signups = new List<ActivitySignup>();
            var taken = activities.ToDictionary(a => a.Id, _ => 0);
            foreach (var p in reached)
                foreach (var a in Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => activities[rng.Next(activities.Count)]).Distinct())
                    signups.Add(Signup(a.Id, p.Id, p.Name, p.GridId, taken[a.Id]++ % 10000, now));
            signups.AddRange(people.Take(ListSize).Select((p, n) => Signup(list.Id, p.Id, p.Name, p.GridId, n, n % 2 == 0 ? now : null)));
            await BulkWriter.InsertAsync(db, signups, ct);
            await tx.CommitAsync(ct);
            await log.WriteLineAsync($"  活动：{activities.Count + 1} 个，签到 {signups.Count:N0} 人次（第一个社区 {reached.Count:N0} 人参加过）");
        }

        // Lists to tick, for both sides: used up by every run, so made afresh.
        var batches = 2 * (2 + AttendanceIterations(iterations));
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var people = await db.Residents.AsNoTracking().Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active).OrderBy(r => r.Id)
                .Take(ListSize).Select(r => new { r.Id, r.Name, r.GridId }).ToListAsync(ct);
            var lists = Enumerable.Range(0, batches).Select(n => New(BatchTitle, today, ActivityState.Planned, n)).ToList();
            await BulkWriter.InsertAsync(db, lists, ct);
            await BulkWriter.InsertAsync(db, lists.SelectMany(a => people.Select((p, n) => Signup(a.Id, p.Id, p.Name, p.GridId, n, null))).ToList(), ct);
            await tx.CommitAsync(ct);
        }
        await db.Database.ExecuteSqlRawAsync(target.IsPostgres ? "ANALYZE \"Activities\"; ANALYZE \"ActivitySignups\"" : "ANALYZE", ct);
    }

    public static void Add(List<Scenario> list, Samples s, Clients c, RawDb raw, int iterations, int warmup, CancellationToken ct)
    {
        var community = s.Communities[0];
        var grids = RawDb.List(community.GridIds);
        var (confirmed, waiting) = ("'Confirmed'", "'Waiting'");

        async Task<long> IdOfAsync(string title) =>
            Convert.ToInt64((await raw.ReadAsync("SELECT MAX(\"Id\") FROM \"Activities\" WHERE \"CommunityId\" = @c AND \"Title\" = @t", ct, ("@c", community.Id), ("@t", title))).First[0],
                CultureInfo.InvariantCulture);
        long listId = 0;
        async Task<long> ListAsync() => listId != 0 ? listId : listId = await IdOfAsync(ListTitle);

        list.Add(new("activity-list", $"活动签到名单（{ListSize}人报名）", 50,
            async _ => await Clients.GetAsync(c.Lead, $"/api/v1/activities/{await ListAsync()}", ct),
            async _ =>
            {
                var a = ("@a", (object)await ListAsync());
                await raw.ReadAsync("SELECT a.\"Id\", a.\"CommunityId\", o.\"Name\", a.\"SeriesId\", a.\"Title\", a.\"Kind\", a.\"Audience\", a.\"Date\", a.\"Starts\", a.\"Ends\", a.\"Place\", "
                    + "a.\"Capacity\", a.\"Organiser\", a.\"State\", a.\"Content\", a.\"Report\", a.\"DoorCode\", a.\"RecorderName\", "
                    + $"(SELECT COUNT(*) FROM \"ActivitySignups\" s WHERE s.\"ActivityId\" = a.\"Id\" AND s.\"State\" = {confirmed}), "
                    + $"(SELECT COUNT(*) FROM \"ActivitySignups\" s WHERE s.\"ActivityId\" = a.\"Id\" AND s.\"State\" = {waiting}), "
                    + "(SELECT COUNT(*) FROM \"ActivitySignups\" s WHERE s.\"ActivityId\" = a.\"Id\" AND s.\"AttendedAtUtc\" IS NOT NULL) "
                    + $"FROM \"Activities\" a JOIN \"OrgUnits\" o ON o.\"Id\" = a.\"CommunityId\" WHERE a.\"Id\" = @a AND a.\"CommunityId\" IN ({community.Id})", ct, a);
                await raw.ReadAsync("SELECT \"Id\", \"ResidentId\", \"Name\", \"GridId\", \"State\", \"IsWalkIn\", \"AsVolunteer\", \"CheckInCode\", \"SignedUpAtUtc\", \"AttendedAtUtc\", \"AttendedBy\" "
                    + "FROM \"ActivitySignups\" WHERE \"ActivityId\" = @a AND \"State\" <> 'Cancelled' ORDER BY \"State\", \"SignedUpAtUtc\", \"Id\"", ct, a);
                await raw.ReadAsync("SELECT \"Id\", \"Caption\" FROM \"ActivityPhotos\" WHERE \"ActivityId\" = @a ORDER BY \"Id\"", ct, a);
            }, iterations, warmup));

        // Sign-ups: each request a resident not yet on the list, for an activity made for this run (the app's and the raw one apart).
        List<long>? people = null;
        long appActivity = 0, rawActivity = 0;
        var ready = new SemaphoreSlim(1, 1);
        async Task SignupSetUpAsync()
        {
            if (people is not null) return;
            await ready.WaitAsync(ct);
            try
            {
                if (people is not null) return;
                var found = await raw.ReadAsync($"SELECT \"Id\" FROM \"Residents\" WHERE \"GridId\" IN ({grids}) AND \"Status\" = 'Active' ORDER BY \"Id\" LIMIT 5000", ct);
                async Task<long> PlanAsync(string title)
                {
                    using var response = await c.Lead.PostAsJsonAsync("/api/v1/activities", new
                    {
                        communityId = community.Id, title, kind = "讲座", audience = "全体居民", date = DateOnly.FromDateTime(DateTime.Today), starts = "14:00", ends = "16:00",
                        place = "社区活动室", capacity = 100, organiser = "基准",
                    }, ct);
                    var text = await response.Content.ReadAsStringAsync(ct);
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/v1/activities answered {(int)response.StatusCode}: {text}");
                    return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
                }
                appActivity = await PlanAsync("基准：报名");
                rawActivity = await PlanAsync("基准：报名（SQL）");
                people = found.First.Select(o => Convert.ToInt64(o, CultureInfo.InvariantCulture)).ToList();
            }
            finally
            {
                ready.Release();
            }
        }
        list.Add(new("activity-signup", "为居民报名（名额100，满后候补）", 50,
            async i =>
            {
                await SignupSetUpAsync();
                using var response = await c.Lead.PostAsJsonAsync($"/api/v1/activities/{appActivity}/signups", new { residentId = people![i % people.Count] }, ct);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-up answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            },
            async i =>
            {
                await SignupSetUpAsync();
                var resident = people![i % people.Count];
                await using var tx = await raw.Connection.BeginTransactionAsync(ct);
                async Task<object?> RunAsync(string sql)
                {
                    await using var cmd = raw.Connection.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = sql;
                    return await cmd.ExecuteScalarAsync(ct);
                }
                await RunAsync($"SELECT \"Id\", \"CommunityId\", \"State\", \"Kind\" FROM \"Activities\" WHERE \"Id\" = {rawActivity} AND \"CommunityId\" IN ({community.Id})");
                await RunAsync($"SELECT \"Name\" FROM \"Residents\" WHERE \"Id\" = {resident} AND \"GridId\" IN ({grids}) AND \"Status\" = 'Active'");
                await RunAsync($"UPDATE \"Activities\" SET \"DoorCode\" = \"DoorCode\" WHERE \"Id\" = {rawActivity}");
                await RunAsync($"SELECT \"Id\" FROM \"ActivitySignups\" WHERE \"ActivityId\" = {rawActivity} AND \"ResidentId\" = {resident}");
                var placed = Convert.ToInt64(await RunAsync($"SELECT COUNT(*) FROM \"ActivitySignups\" WHERE \"ActivityId\" = {rawActivity} AND \"State\" = {confirmed} AND NOT \"IsWalkIn\""),
                    CultureInfo.InvariantCulture);
                var (no, now) = raw.IsPostgres ? ("false", "now()") : ("0", "'2026-11-30 12:00:00'");
                await RunAsync("INSERT INTO \"ActivitySignups\" (\"ActivityId\", \"ResidentId\", \"Name\", \"GridId\", \"State\", \"IsWalkIn\", \"AsVolunteer\", \"CheckInCode\", \"SignedUpAtUtc\", \"SignedUpByName\") "
                    + $"SELECT {rawActivity}, \"Id\", \"Name\", \"GridId\", {(placed < 100 ? confirmed : waiting)}, {no}, {no}, '{i % 10000:D4}', {now}, '基准' FROM \"Residents\" WHERE \"Id\" = {resident}");
                await tx.CommitAsync(ct);
            }, iterations, warmup));

        // Ticking 200 at once: each run a fresh list of 200 (made by PrepareAsync), the app's and the raw side's apart.
        List<(long Activity, long[] Signups)>? batches = null;
        var next = 0;
        async Task<(long Activity, long[] Signups)> BatchAsync()
        {
            if (batches is null)
            {
                var ids = await ReadPairsAsync(raw, community.Id, ct);
                batches = ids.GroupBy(p => p.Activity).Where(g => g.Count() == ListSize).Select(g => (g.Key, g.Select(p => p.Signup).ToArray())).ToList();
            }
            if (next >= batches.Count) throw new InvalidOperationException("no fresh list of 200 left to tick: PrepareAsync makes them for the iterations given");
            return batches[next++];
        }
        var runs = AttendanceIterations(iterations);
        list.Add(new("activity-attendance-200", $"名单签到{ListSize}人（一次提交）", 1000,
            async _ =>
            {
                var (activity, signups) = await BatchAsync();
                using var response = await c.Lead.PostAsJsonAsync($"/api/v1/activities/{activity}/attendance", new { signupIds = signups }, ct);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"attendance answered {(int)response.StatusCode}");
            },
            async _ =>
            {
                var (activity, signups) = await BatchAsync();
                await using var tx = await raw.Connection.BeginTransactionAsync(ct);
                await using var cmd = raw.Connection.CreateCommand();
                cmd.Transaction = tx;
                var now = raw.IsPostgres ? "now()" : "'2026-11-30 12:00:00'";
                cmd.CommandText = $"UPDATE \"ActivitySignups\" SET \"AttendedAtUtc\" = {now}, \"AttendedBy\" = 'List' WHERE \"ActivityId\" = {activity} "
                    + $"AND \"State\" <> 'Cancelled' AND \"AttendedAtUtc\" IS NULL AND \"Id\" IN ({RawDb.List(signups)})";
                await cmd.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }, runs, 2));

        var year = DateTime.Today.Year;
        list.Add(new("activity-not-reached", "今年没有参加过活动的居民（一个社区，按网格）", 200,
            _ => Clients.GetAsync(c.Lead, $"/api/v1/activities/not-reached?community={community.Id}&year={year}", ct),
            async _ =>
            {
                var (from, to) = (raw.Date(new DateOnly(year, 1, 1)), raw.Date(new DateOnly(year, 12, 31)));
                const string Reached = "SELECT s.\"ResidentId\" FROM \"ActivitySignups\" s JOIN \"Activities\" a ON a.\"Id\" = s.\"ActivityId\" "
                    + "WHERE s.\"AttendedAtUtc\" IS NOT NULL AND s.\"ResidentId\" IS NOT NULL AND a.\"Date\" >= @from AND a.\"Date\" <= @to";
                await raw.ReadAsync($"SELECT \"GridId\", COUNT(*) FROM \"Residents\" WHERE \"GridId\" IN ({grids}) AND \"Status\" = 'Active' GROUP BY \"GridId\"", ct);
                await raw.ReadAsync($"SELECT r.\"GridId\", COUNT(*) FROM \"Residents\" r WHERE r.\"GridId\" IN ({grids}) AND r.\"Status\" = 'Active' "
                    + $"AND r.\"Id\" NOT IN ({Reached}) GROUP BY r.\"GridId\"", ct, ("@from", from), ("@to", to));
                foreach (var g in community.GridIds)
                    await raw.ReadAsync($"SELECT r.\"Id\", r.\"Name\", r.\"BirthDate\" FROM \"Residents\" r WHERE r.\"GridId\" = {g} AND r.\"Status\" = 'Active' "
                        + $"AND r.\"Id\" NOT IN ({Reached}) ORDER BY r.\"HouseholdId\", r.\"Id\" LIMIT 500", ct, ("@from", from), ("@to", to));
            }, iterations, warmup));
    }

    static async Task<List<(long Activity, long Signup)>> ReadPairsAsync(RawDb raw, long communityId, CancellationToken ct)
    {
        await using var cmd = raw.Connection.CreateCommand();
        cmd.CommandText = "SELECT s.\"ActivityId\", s.\"Id\" FROM \"ActivitySignups\" s JOIN \"Activities\" a ON a.\"Id\" = s.\"ActivityId\" "
            + $"WHERE a.\"CommunityId\" = {communityId} AND a.\"Title\" = '{BatchTitle}' AND a.\"State\" = 'Planned' AND s.\"AttendedAtUtc\" IS NULL ORDER BY s.\"ActivityId\", s.\"Id\"";
        var pairs = new List<(long, long)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pairs.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return pairs;
    }
}
