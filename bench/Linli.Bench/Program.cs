using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Linli.Bench;
using Linli.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// Linli's district benchmark (docs/PERFORMANCE.md). Exit status 0 when every run completed without errors;
// budgets missed are reported, not failed on: the document explains them.
var options = BenchOptions.Parse(args);
if (options is null) return 2;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;
var output = Console.Out;

var runs = new List<RunResult>();
var failures = new List<string>();
foreach (var residents in options.Sizes)
    foreach (var engine in options.Engines)
    {
        await output.WriteLineAsync($"== {engine}，{residents:N0} 名居民，{options.Communities} 个社区 × 8 个网格");
        try
        {
            runs.Add(await BenchRun.RunAsync(options, engine, residents, output, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add($"{engine} {residents:N0}: {e.Message}");
            await output.WriteLineAsync($"!! {engine} {residents:N0} 失败：{e}");
        }
    }

var report = new
{
    date = DateTime.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
    mode = options.Quick ? "quick" : "full",
    machine = Machine.Describe(),
    runs,
    failures,
};
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
await File.WriteAllTextAsync(options.Out, json + "\n", ct);
await output.WriteLineAsync($"结果已写入 {options.Out}");
Report.PrintTable(runs, output);
var loadErrors = runs.Sum(r => r.Load.Sum(l => l.Errors) + (r.BesideImport?.Load.Errors ?? 0));
if (loadErrors > 0) failures.Add($"{loadErrors} errors in the load runs");
foreach (var f in failures) await output.WriteLineAsync("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;

namespace Linli.Bench
{
    sealed record BenchOptions(string[] Engines, int[] Sizes, int Communities, int Iterations, int ImportRows, int ImportIterations,
        int[] LoadClients, int[] ThinkMs, int LoadSeconds, string? Postgres, string Work, string Out, bool Reuse, bool Quick, string[] Only, bool Faults = true)
    {
        const string Usage = """
            Linli.Bench — the district benchmark (docs/PERFORMANCE.md)

              dotnet run -c Release --project bench/Linli.Bench -- [options]

              --engine sqlite|postgres|both   default both
              --residents N[,N…]              district sizes, default 100000,1000000
              --quick                         small district, few iterations (./test.sh runs this)
              --iterations N                  timed requests per scenario (default 200; quick 10)
              --load-seconds N                length of each load run (default 30; quick 3)
              --postgres CONN                 a PostgreSQL server the benchmark may create databases on
                                              (default: $LINLI_BENCH_POSTGRES, then $LINLI_TEST_POSTGRES)
              --work DIR                      data directories (default /tmp/linli-bench)
              --out FILE                      results JSON (default bench/results/latest.json; quick: artifacts/bench-quick.json)
              --reuse                         keep a district generated earlier with the same size and seed
              --only KEY[,KEY…]               only these scenarios (keys as in the JSON, e.g. search-id,grid-page)
              --clients N[,N…]                load runs (default 50,200; quick 10; 0 for none)
              --think MS[,MS…]                pause between a client's requests, mean (default 1000,0: paced, then
                                              saturation; 0 = none; quick 0)
              --no-faults                     skip issue 10's runs: the paced run beside a roster import, and a
                                              round of hostile uploads with the server's peak memory
            """;

        public static BenchOptions? Parse(string[] args)
        {
            string engine = "both", residents = "100000,1000000";
            string? iterations = null, loadSeconds = null, out_ = null, only = null, clients = null, think = null;
            var postgres = Environment.GetEnvironmentVariable("LINLI_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("LINLI_TEST_POSTGRES");
            var work = Path.Combine(Path.GetTempPath(), "linli-bench");
            bool quick = false, reuse = false, residentsGiven = false, faults = true;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--engine": engine = Next(); break;
                    case "--residents": residents = Next(); residentsGiven = true; break;
                    case "--quick": quick = true; break;
                    case "--iterations": iterations = Next(); break;
                    case "--load-seconds": loadSeconds = Next(); break;
                    case "--postgres": postgres = Next(); break;
                    case "--work": work = Next(); break;
                    case "--out": out_ = Next(); break;
                    case "--reuse": reuse = true; break;
                    case "--only": only = Next(); break;
                    case "--clients": clients = Next(); break;
                    case "--think": think = Next(); break;
                    case "--no-faults": faults = false; break;
                    case "-h" or "--help": Console.WriteLine(Usage); return null;
                    default: Console.Error.WriteLine($"unknown option {args[i]}\n{Usage}"); return null;
                }
            }
            string[] engines = engine switch { "both" => ["sqlite", "postgres"], "sqlite" or "postgres" => [engine], _ => [] };
            if (engines.Length == 0) { Console.Error.WriteLine($"--engine: sqlite, postgres or both, not {engine}"); return null; }
            if (engines.Contains("postgres") && string.IsNullOrWhiteSpace(postgres))
            {
                Console.Error.WriteLine("PostgreSQL runs need --postgres CONN (or LINLI_BENCH_POSTGRES); use --engine sqlite to skip them");
                return null;
            }
            var sizes = quick && !residentsGiven ? [8_000] : residents.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var root = FindRoot();
            return new BenchOptions(engines, sizes,
                Communities: quick ? 4 : 100,
                Iterations: iterations is null ? (quick ? 10 : 200) : int.Parse(iterations, CultureInfo.InvariantCulture),
                ImportRows: quick ? 1_000 : 10_400, ImportIterations: quick ? 1 : 5,
                LoadClients: clients is not null ? clients.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).Where(c => c > 0).ToArray() : quick ? [10] : [50, 200],
                ThinkMs: think is not null ? think.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray() : quick ? [0] : [1000, 0],
                LoadSeconds: loadSeconds is null ? (quick ? 3 : 30) : int.Parse(loadSeconds, CultureInfo.InvariantCulture),
                postgres, work,
                Out: out_ ?? Path.Combine(root, quick ? "artifacts/bench-quick.json" : "bench/results/latest.json"),
                reuse, quick, only?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [], faults);
        }

        static string FindRoot()
        {
            for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Linli.slnx"))) return dir.FullName;
            return Environment.CurrentDirectory;
        }
    }

    sealed record LoadSummary(int Clients, int ThinkMs, double Seconds, int Requests, int Errors, double Throughput, double P50, double P95, double P99,
        Dictionary<string, int> ErrorKinds, Dictionary<string, Percentiles> ByKind);

    sealed record RunResult(string Engine, int Residents, int Households, int HistoryRows, double GenerateSeconds, bool Reused,
        List<ScenarioResult> Scenarios, List<LoadSummary> Load, double ServerPeakMemoryMb, double ServerMemoryAfterMb, IReadOnlyList<string> ServerErrors,
        FaultRuns.BesideImport? BesideImport = null, FaultRuns.HostileRound? Hostile = null);

    static class BenchRun
    {
        const int Seed = 20261128;

        public static async Task<RunResult> RunAsync(BenchOptions o, string engine, int residents, TextWriter log, CancellationToken ct)
        {
            var name = $"{engine}-{residents}-{o.Communities}";
            var dataDir = Path.Combine(o.Work, name);
            var marker = Path.Combine(dataDir, "generated.json");
            var pg = engine == "postgres" ? new NpgsqlConnectionStringBuilder(o.Postgres) { Database = $"linli_bench_{residents}_{o.Communities}" }.ConnectionString : null;
            var target = pg is null ? new DatabaseTarget(false, DatabaseTarget.SqliteConnectionString(Path.Combine(dataDir, "linli.db"))) : new DatabaseTarget(true, pg);

            Generated? generated = null;
            if (o.Reuse && File.Exists(marker))
            {
                generated = JsonSerializer.Deserialize<Generated>(await File.ReadAllTextAsync(marker, ct));
                if (generated is not null && (generated.Version != GeneratorVersion || (await Migrator.PendingAsync(target, ct)).Count > 0)) generated = null;
            }
            var reused = generated is not null;
            if (generated is null)
            {
                // A pooled connection would keep the old file alive under the new one's name.
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
                Directory.CreateDirectory(dataDir);
                if (pg is not null) await RecreateDatabaseAsync(o.Postgres!, new NpgsqlConnectionStringBuilder(pg).Database!, ct);
                await Migrator.ApplyAsync(target, ct);
                var cipher = FieldCipher.OpenOrCreate(dataDir);
                await log.WriteLineAsync($"  生成数据（经 Linli 的批量写入）…");
                await using (var db = target.CreateContext())
                {
                    var generator = new DistrictGenerator(db, cipher, Seed, log);
                    var made = await generator.GenerateAsync(o.Communities, residents, ct);
                    await generator.CreateImportCommunityAsync(ct);
                    var accounts = await generator.CreateUsersAsync(Math.Min(10, o.Communities), ct);
                    var analyze = Stopwatch.StartNew();
                    await db.Database.ExecuteSqlRawAsync(pg is null ? "ANALYZE" : "VACUUM ANALYZE", ct);
                    generated = new Generated(made.Households, made.Residents, made.HistoryRows, made.Elapsed.TotalSeconds + analyze.Elapsed.TotalSeconds, accounts, made.Visits, made.Cases, GeneratorVersion);
                    await log.WriteLineAsync($"  已生成：{made.Residents:N0} 人，{made.Households:N0} 户，{made.HistoryRows:N0} 条变更记录，{made.Visits:N0} 条走访记录，{made.Cases:N0} 件事件，{generated.Seconds:F0} s（其中 ANALYZE {analyze.Elapsed.TotalSeconds:F0} s）");
                }
                await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(generated), ct);
                await AsGenerated.KeepAsync(target, dataDir, o.Postgres, ct);
            }
            else await AsGenerated.RestoreAsync(target, dataDir, o.Postgres, log, ct);

            var fieldCipher = FieldCipher.OpenOrCreate(dataDir);
            Samples samples;
            int earlierRosters;
            await using (var db = target.CreateContext())
            {
                samples = await Samples.LoadAsync(db, fieldCipher, 1000, ct);
                // A reused district keeps the rosters earlier runs imported: the new ones carry on after them.
                earlierRosters = await db.Households.Where(h => EF.Functions.Like(h.Number, "I%")).Select(h => h.Number.Substring(1, 3)).Distinct().CountAsync(ct);
            }
            await ServiceScenarios.EnsureOrdersAsync(target, samples.Communities[0].Id, samples.Communities[0].GridIds, log, ct);
            await ActivityScenarios.PrepareAsync(target, samples.Communities[0].Id, samples.Communities[0].GridIds, o.Iterations, log, ct);
            await BenefitScenarios.EnsureBenefitsAsync(target, samples.Communities[0].Id, samples.Communities[0].GridIds, log, ct);
            await TaskScenarios.EnsureTasksAsync(target, samples, log, ct);
            var hotlineDesk = await CaseScenarios.PrepareAsync(target, fieldCipher, samples.Communities[0].Id, samples.Communities[0].GridIds, 200, ct);
            var rosters = new Rosters(Rosters.ImportCommunityCode, ["第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格", "第七网格", "第八网格"], o.ImportRows, Seed + residents, earlierRosters);
            // One more than the timed imports: the roster imported beside the paced load run.
            rosters.Prepare(o.ImportIterations + 2);

            await using var server = await ServerProcess.StartAsync(dataDir, pg, log, ct);
            var users = generated.Users.ToDictionary(u => u.UserName);
            var street = users["bench-street"];
            var clients = new Clients(Clients.Api(server.BaseAddress, street.Token), Clients.Api(server.BaseAddress, users["bench-lead-01"].Token),
                Clients.Api(server.BaseAddress, users["bench-importer"].Token), await Clients.PagesAsync(server.BaseAddress, street.UserName, street.Password, ct),
                await Clients.PagesAsync(server.BaseAddress, "bench-cadre", users["bench-cadre"].Password, ct));
            await using var raw = await RawDb.OpenAsync(pg is not null, target.ConnectionString, ct);

            var results = new List<ScenarioResult>();
            foreach (var s in Catalogue.Build(samples, clients, raw, rosters, o.Iterations, o.ImportIterations, ct)
                .Concat(CaseScenarios.Build(clients, raw, hotlineDesk, samples.Communities[0].GridIds, o.Iterations, ct)))
            {
                if (o.Only.Length > 0 && !o.Only.Contains(s.Key)) continue;
                if (s.Settle)
                {
                    var settled = await Timing.SettleAsync(s.App);
                    await log.WriteLineAsync($"  {s.Title,-28} 预热 {settled.Requests:N0} 次请求至稳定（每 500 次的中位数：首批 {settled.FirstMedian:F2} ms，末批 {settled.LastMedian:F2} ms）");
                }
                // Warm-up of both sides first, so that neither pays for the other's cold cache.
                var app = await Timing.MeasureAsync(s.Warmup, s.Iterations, s.App);
                var bare = await Timing.MeasureAsync(s.Warmup, s.Iterations, s.Raw);
                var r = new ScenarioResult(s.Key, s.Title, s.BudgetMs, app, bare);
                results.Add(r);
                await log.WriteLineAsync($"  {s.Title,-28} app p50 {app.P50,8:F2} p95 {app.P95,8:F2} p99 {app.P99,8:F2} ms | raw p50 {bare.P50,8:F2} ms | ×{r.Ratio:F1}");
            }

            var leads = generated.Users.Where(u => u.UserName.StartsWith("bench-lead-", StringComparison.Ordinal)).OrderBy(u => u.UserName, StringComparer.Ordinal).ToList();
            var leadPeople = samples.People
                .Select(p => (Lead: leads.FindIndex(l => samples.Communities.First(c => c.Code == l.OrgUnitCode).GridIds.Contains(p.GridId)), Person: p))
                .Where(x => x.Lead >= 0).ToList();
            var load = new List<LoadSummary>();
            foreach (var think in o.ThinkMs)
                foreach (var n in o.LoadClients)
                {
                    var l = await LoadRun.RunAsync(server.BaseAddress, leads.Select(u => u.Token).ToList(), leadPeople, n, think, TimeSpan.FromSeconds(o.LoadSeconds), Seed, ct);
                    load.Add(new LoadSummary(l.Clients, l.ThinkMs, l.Seconds, l.Requests, l.Errors, l.Throughput, l.Latency.P50, l.Latency.P95, l.Latency.P99, l.ErrorKinds, l.ByKind));
                    await log.WriteLineAsync($"  并发 {n,3} 个客户端（{(think > 0 ? $"每次间隔平均 {think} ms" : "不停顿")}）{l.Seconds:F0} s：{l.Requests:N0} 次请求，{l.Throughput:F0}/s，p50 {l.Latency.P50:F1} p95 {l.Latency.P95:F1} p99 {l.Latency.P99:F1} ms，错误 {l.Errors}"
                        + (l.Errors > 0 ? "（" + string.Join("，", l.ErrorKinds.Select(e => $"{e.Key} ×{e.Value}")) + "）" : ""));
                    await log.WriteLineAsync("      p99 分项：" + string.Join("，", l.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value.P99:F0} ms（{k.Value.Count}）")));
                }
            var peak = server.PeakMemoryMb();
            var now = server.CurrentMemoryMb();
            await log.WriteLineAsync($"  服务器内存峰值 {peak:F0} MB（结束时 {now:F0} MB：{server.CurrentMemoryParts()}）");

            FaultRuns.BesideImport? beside = null;
            FaultRuns.HostileRound? hostile = null;
            if (o.Faults)
            {
                var n = o.LoadClients.Length > 0 ? o.LoadClients.Max() : 200;
                beside = await FaultRuns.LoadBesideImportAsync(server.BaseAddress, leads.Select(u => u.Token).ToList(), leadPeople, clients, rosters,
                    o.ImportIterations + 1, n, 1000, TimeSpan.FromSeconds(Math.Max(o.LoadSeconds, 10)), Seed, ct);
                var l = beside.Load;
                await log.WriteLineAsync($"  并发 {n} 个客户端（每次间隔平均 1000 ms），旁边导入 {beside.ImportRows:N0} 行名册（{beside.ImportSeconds:F1} s）：{l.Requests:N0} 次请求，p50 {l.P50:F1} p95 {l.P95:F1} p99 {l.P99:F1} ms，错误 {l.Errors}"
                    + (l.Errors > 0 ? "（" + string.Join("，", l.ErrorKinds.Select(e => $"{e.Key} ×{e.Value}")) + "）" : ""));
                await log.WriteLineAsync("      p99 分项：" + string.Join("，", l.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value.P99:F0} ms（{k.Value.Count}）")));
                hostile = await FaultRuns.HostileRoundAsync(server, clients.Importer, Rosters.ImportCommunityCode, log, ct);
            }
            foreach (var e in server.Errors.Take(20)) await log.WriteLineAsync("  服务器错误输出：" + e);
            return new RunResult(engine, generated.Residents, generated.Households, generated.HistoryRows, generated.Seconds, reused, results, load, peak, now, server.Errors.Take(50).ToList(),
                beside, hostile);
        }

        internal static async Task RecreateDatabaseAsync(string server, string database, CancellationToken ct, string? template = null)
        {
            await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
            await c.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", c);
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"" + (template is null ? "" : $" TEMPLATE \"{template}\""), c);
            await create.ExecuteNonQueryAsync(ct);
            // The drop ended every session on the old database, pooled ones too: they would fail at their next use.
            NpgsqlConnection.ClearAllPools();
        }

        sealed record Generated(int Households, int Residents, int HistoryRows, double Seconds, List<DistrictGenerator.BenchUser> Users, int Visits = 0, int Cases = 0, int Version = 0);

        /// <summary>Raised when the generator makes a different district (2: visits, cases, a cadre over two grids): an older one is not reused.</summary>
        const int GeneratorVersion = 2;
    }

    static class Machine
    {
        public static object Describe() => new
        {
            cpus = Environment.ProcessorCount,
            memoryGb = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1),
            os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            dotnet = Environment.Version.ToString(),
            cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null,
        };
    }
}
