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

        // The branch's dues register with arrears (GET /api/v1/party/branches/{id}/dues, the 党费 page's data): every member
        // declared from January, paid up to a month that varies, so some are behind; set up once through the API.
        long duesBranch = 0;
        async Task<long> DuesBranchAsync()
        {
            if (duesBranch != 0) return duesBranch;
            var id = await BranchAsync();
            await ready.WaitAsync(ct);
            try
            {
                if (duesBranch != 0) return duesBranch;
                var register = await c.Lead.GetFromJsonAsync<JsonElement>($"/api/v1/party/branches/{id}/dues", ct);
                var today = DateOnly.FromDateTime(DateTime.Today);
                var january = $"{today.Year}-01";
                var i = 0;
                foreach (var m in register.GetProperty("members").EnumerateArray())
                {
                    i++;
                    if (m.GetProperty("kind").ValueKind != JsonValueKind.Null) continue;
                    var member = m.GetProperty("memberId").GetInt64();
                    await Post("/api/v1/party/dues/declarations", new { memberId = member, kind = i % 4 == 0 ? "Pension" : "Wage", monthlyIncome = 2500 + i * 150, fromMonth = january });
                    var months = Math.Clamp(today.Month - 1 - i % 7, 0, 12);
                    if (months > 0) await Post("/api/v1/party/dues/payments", new { memberId = member, fromMonth = january, months, paidOn = today });
                }
                return duesBranch = id;
            }
            finally
            {
                ready.Release();
            }
        }

        list.Add(new("party-dues", "党支部党费收缴情况（全年每月、欠缴满3个月和连续6个月）", 50,
            async _ => await Clients.GetAsync(c.Lead, $"/api/v1/party/branches/{await DuesBranchAsync()}/dues", ct),
            async _ =>
            {
                var b = ("@b", (object)await DuesBranchAsync());
                await raw.ReadAsync("SELECT m.\"Id\", m.\"Name\", g.\"Name\" FROM \"PartyMembers\" m LEFT JOIN \"PartyGroups\" g ON g.\"Id\" = m.\"GroupId\" "
                    + "WHERE m.\"BranchId\" = @b AND m.\"RelationOutOn\" IS NULL ORDER BY m.\"GroupId\", m.\"Id\"", ct, b);
                await raw.ReadAsync("SELECT \"Id\", \"MemberId\", \"FromMonth\", \"Kind\", \"MonthlyIncome\", \"MonthlyAmount\" FROM \"PartyDuesDeclarations\" WHERE \"BranchId\" = @b", ct, b);
                await raw.ReadAsync("SELECT \"MemberId\", \"FromMonth\", \"ToMonth\", \"Amount\", \"PaidOn\" FROM \"PartyDuesPayments\" WHERE \"BranchId\" = @b", ct, b);
            }, iterations, warmup));

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
