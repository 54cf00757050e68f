using System.Net.Http.Json;
using System.Text.Json;

namespace Linli.Bench;

/// <summary>
/// The party branch page's numbers (GET /api/v1/party/branches/{id}): members by category, this year's meetings against their
/// rhythm, rectification items by progress. The first call sets the branch up through the API as the community's lead (a
/// branch of 60 members, a year of meetings with attendance); the raw side reads the same rows.
/// </summary>
static class PartyScenarios
{
    public static void Add(List<Scenario> list, Samples s, Clients c, RawDb raw, int iterations, int warmup, CancellationToken ct)
    {
        var community = s.Communities[0];
        long branch = 0;
        var ready = new SemaphoreSlim(1, 1);
        async Task<long> BranchAsync()
        {
            if (branch != 0) return branch;
            await ready.WaitAsync(ct);
            try
            {
                if (branch != 0) return branch;
                var existing = await c.Lead.GetFromJsonAsync<JsonElement>("/api/v1/party/branches", ct);
                if (existing.GetArrayLength() > 0) return branch = existing[0].GetProperty("id").GetInt64();
                var created = await Post("/api/v1/party/branches", new { communityId = community.Id, name = "基准社区党支部", groups = "第一党小组\n第二党小组" });
                var id = created.GetProperty("id").GetInt64();
                var members = new List<long>();
                for (var i = 0; i < 60; i++)
                    members.Add((await Post("/api/v1/party/members", new { branchId = id, name = $"党员{i + 1:00}", gender = i % 2 == 0 ? "男" : "女", joinedOn = new DateOnly(1990 + i % 30, 7, 1), isCommittee = i < 5 }))
                        .GetProperty("id").GetInt64());
                var today = DateOnly.FromDateTime(DateTime.Today);
                for (var month = 1; month <= today.Month; month++)
                {
                    var day = new DateOnly(today.Year, month, Math.Min(15, today.Day));
                    if (day > today) break;
                    await Post("/api/v1/party/meetings", new { branchId = id, kind = "ThemeDay", date = day, topic = $"{month}月主题党日", present = members.Where((_, k) => k % 7 != 0).ToArray() });
                    await Post("/api/v1/party/meetings", new { branchId = id, kind = "CommitteeMeeting", date = day, topic = $"{month}月支委会", present = members.Take(4).ToArray() });
                }
                return branch = id;
            }
            finally
            {
                ready.Release();
            }
        }
        async Task<JsonElement> Post(string url, object body)
        {
            using var response = await c.Lead.PostAsJsonAsync(url, body, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement;
        }

        list.Add(new("party-branch", "党支部概况（党员、三会一课完成情况、整改进度）", 50,
            async _ => await Clients.GetAsync(c.Lead, $"/api/v1/party/branches/{await BranchAsync()}", ct),
            async _ =>
            {
                var b = ("@b", (object)await BranchAsync());
                var year = DateTime.Today.Year;
                await raw.ReadAsync($"SELECT b.\"Id\", b.\"CommunityId\", b.\"Name\", o.\"Name\" FROM \"PartyBranches\" b JOIN \"OrgUnits\" o ON o.\"Id\" = b.\"CommunityId\" WHERE b.\"CommunityId\" IN ({community.Id})", ct);
                await raw.ReadAsync("SELECT COUNT(*), SUM(CASE WHEN \"Category\" = 'Full' THEN 1 ELSE 0 END), SUM(CASE WHEN \"IsCommittee\" THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN \"ResidentId\" IS NULL THEN 1 ELSE 0 END) FROM \"PartyMembers\" WHERE \"BranchId\" = @b AND \"RelationOutOn\" IS NULL", ct, b);
                await raw.ReadAsync("SELECT COUNT(*) FROM \"PartyGroups\" WHERE \"BranchId\" = @b", ct, b);
                await raw.ReadAsync("SELECT \"Kind\", \"Date\", \"GroupId\" FROM \"BranchMeetings\" WHERE \"BranchId\" = @b AND \"Date\" >= @from AND \"Date\" <= @to", ct, b,
                    ("@from", raw.Date(new DateOnly(year, 1, 1))), ("@to", raw.Date(new DateOnly(year, 12, 31))));
                await raw.ReadAsync("SELECT \"Progress\", \"Deadline\", \"DoneOn\" FROM \"Rectifications\" WHERE \"CommunityId\" = @c", ct, ("@c", community.Id));
                await raw.ReadAsync("SELECT * FROM \"BranchMeetings\" WHERE \"BranchId\" = @b ORDER BY \"Date\" DESC, \"Id\" DESC LIMIT 8", ct, b);
            }, iterations, warmup));
    }
}
