using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Linli.Features.Demo;

namespace Linli.Bench;

/// <summary>
/// Many staff at once: <c>clients</c> concurrent loops, each with its own community lead's token, for a fixed
/// time, on a mix of reads and writes: search (40 %), a resident (20 %), a household (15 %), the dashboard
/// (10 %), registering a new resident into a household (15 %, each with its audit row, history row, search keys
/// and the grid's counts). Every answer other than the expected status counts as an error.
/// Two ways of loading: <c>thinkMs</c> 0 sends the next request the moment the last one is answered (a saturation
/// test: latency is then clients ÷ throughput by Little's law); otherwise each client pauses a random time
/// (exponential, mean <c>thinkMs</c>) between requests, as a person at a desk does — far faster than one, at 1 s.
/// </summary>
static class LoadRun
{
    public sealed record Result(int Clients, int ThinkMs, double Seconds, int Requests, int Errors, double Throughput, Percentiles Latency,
        Dictionary<string, int> ErrorKinds, Dictionary<string, Percentiles> ByKind);

    public static async Task<Result> RunAsync(Uri baseAddress, IReadOnlyList<string> leadTokens, IReadOnlyList<(int LeadIndex, Samples.Person Person)> leadPeople,
        int clients, int thinkMs, TimeSpan duration, int seed, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var latencies = new List<(string Kind, double Ms)>[clients];
        var errors = new Dictionary<string, int>();
        var requests = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        // Only leads with sampled people of their own community take part: a community the sample missed (a small or
        // freshly imported one) would leave its client nobody to ask for.
        var leadsWithPeople = leadPeople.Select(p => p.LeadIndex).Distinct().Order().ToList();
        if (leadsWithPeople.Count == 0) throw new InvalidOperationException("负载测试没有可用的样本居民：没有一个社区负责人的社区里抽到了居民。");

        async Task Loop(int n)
        {
            var rng = new Random(seed + n);
            var lead = leadsWithPeople[n % leadsWithPeople.Count];
            var token = leadTokens[lead];
            var mine = leadPeople.Where(p => p.LeadIndex == lead).ToList();
            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var own = latencies[n] = [];
            // A paced client's first request comes after a pause like any other: 200 people do not press Enter in the
            // same millisecond. (Without it every client fired at t = 0, and the run measured that one burst.)
            if (thinkMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(-Math.Log(1 - rng.NextDouble()) * thinkMs), ct);
            while (Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested)
            {
                var person = mine[rng.Next(mine.Count)].Person;
                var roll = rng.Next(100);
                var t0 = Stopwatch.GetTimestamp();
                var kind = "";
                HttpStatusCode expected = HttpStatusCode.OK;
                HttpResponseMessage? response = null;
                try
                {
                    (kind, response) = roll switch
                    {
                        < 40 => ("search", await client.GetAsync("/api/v1/residents?q=" + WebUtility.UrlEncode(rng.Next(3) == 0 ? person.Initials : person.Fragment), ct)),
                        < 60 => ("resident", await client.GetAsync($"/api/v1/residents/{person.Id}", ct)),
                        < 75 => ("household", await client.GetAsync($"/api/v1/households/{person.HouseholdId}", ct)),
                        < 85 => ("overview", await client.GetAsync("/api/v1/overview", ct)),
                        _ => ("write", await client.PostAsJsonAsync("/api/v1/residents", NewResident(rng, person.HouseholdId), ct)),
                    };
                    if (kind == "write") expected = HttpStatusCode.Created;
                    await response.Content.ReadAsByteArrayAsync(ct);
                    if (response.StatusCode != expected) Count(errors, $"{kind} {(int)response.StatusCode}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Count(errors, e.GetType().Name);
                }
                finally
                {
                    response?.Dispose();
                }
                own.Add((kind, Stopwatch.GetElapsedTime(t0).TotalMilliseconds));
                Interlocked.Increment(ref requests);
                if (thinkMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(-Math.Log(1 - rng.NextDouble()) * thinkMs), ct);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(n => Task.Run(() => Loop(n), ct)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToList();
        var byKind = all.GroupBy(x => x.Kind).ToDictionary(g => g.Key, g => Percentiles.Of(g.Select(x => x.Ms).ToList()));
        return new Result(clients, thinkMs, seconds, requests, errors.Values.Sum(), requests / seconds, Percentiles.Of(all.Select(x => x.Ms).ToList()), errors, byKind);
    }

    static void Count(Dictionary<string, int> errors, string kind)
    {
        lock (errors) errors[kind] = errors.GetValueOrDefault(kind) + 1;
    }

    static object NewResident(Random rng, long householdId)
    {
        var male = rng.Next(2) == 0;
        var birth = new DateOnly(rng.Next(1950, 2020), rng.Next(1, 13), rng.Next(1, 29));
        return new
        {
            householdId,
            resident = new
            {
                name = DemoNames.Surname(rng) + DemoNames.GivenName(rng, male, birth.Year),
                gender = male ? "Male" : "Female", birthDate = birth, relationToHead = "Other", residenceKind = "Resident",
            },
        };
    }
}
