using System.Globalization;
using Linli.Data;
using Linli.Features.Benefits;
using Microsoft.EntityFrameworkCore;

namespace Linli.Bench;

/// <summary>
/// Benefits (issue 14): the community's 低保 roster generated as the ledgers module's xlsx (≤ 1 s at 1,000,000 residents),
/// and the public notice page without login (p95 ≤ 50 ms), each against the same rows read by hand. The district has no
/// benefits of its own, so the first community gets a granted 低保 for one household in <see cref="HouseholdsPerGrant"/>
/// and <see cref="OnNotice"/> applications on their 公示, once (kept when the district is reused; the notices' window is
/// moved to today on every run, so the page always has rows).
/// </summary>
static class BenefitScenarios
{
    /// <summary>About 2 % of households (DESIGN.md: 低保 about 2 % of households).</summary>
    public const int HouseholdsPerGrant = 50;
    public const int OnNotice = 24;
    const string Prefix = "DB-BENCH-";

    public static async Task EnsureBenefitsAsync(DatabaseTarget target, long communityId, IReadOnlyList<long> gridIds, TextWriter log, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        var today = DateOnly.FromDateTime(DateTime.Now);
        if (!await db.Set<BenefitApplication>().AnyAsync(a => a.CommunityId == communityId && a.Reference.StartsWith(Prefix), ct))
        {
            var grids = gridIds.ToList();
            var households = await db.Households.AsNoTracking().Where(h => grids.Contains(h.GridId) && h.HeadId != null).OrderBy(h => h.Id)
                .Select(h => new { h.Id, h.GridId, Head = h.HeadId!.Value }).ToListAsync(ct);
            var chosen = households.Where((_, i) => i % HouseholdsPerGrant == 0).ToList();
            var author = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(ct);
            var gridNames = await db.OrgUnits.AsNoTracking().Where(o => grids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            var rng = new Random(1414);
            var onNotice = Math.Min(OnNotice, chosen.Count / 4);
            var rows = chosen.Select((h, n) =>
            {
                var granted = n >= onNotice;
                var decided = today.AddDays(-rng.Next(30, 900));
                var start = new DateOnly(decided.Year, decided.Month, 1).AddMonths(1);
                return new BenefitApplication
                {
                    Reference = Prefix + n.ToString("D6", CultureInfo.InvariantCulture), Kind = BenefitKind.Dibao, CommunityId = communityId, GridId = h.GridId,
                    HouseholdId = h.Id, ApplicantId = h.Head, State = granted ? BenefitState.Granted : BenefitState.OnNotice, Reason = "家庭收入低于当地低保标准",
                    MonthlyIncome = rng.Next(0, 1200), Documents = "书面申请书、户口簿、身份证", CreatedById = author,
                    CreatedAt = decided.AddDays(-40).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), DueOn = decided.AddDays(10),
                    ReviewHeldOn = decided.AddDays(-20), ReviewAttendees = 11, ReviewAgreed = 10, ProposedAmount = 300 + rng.Next(0, 9) * 50,
                    DecidedOn = granted ? decided : null, DecidedBy = granted ? "街道" : null, Category = granted ? BenefitKind.Categories[rng.Next(3)] : null,
                    MonthlyAmount = granted ? 300 + rng.Next(0, 9) * 50 : null, CoveredPersons = granted ? 1 + rng.Next(3) : null, StartMonth = granted ? start : null,
                    LastCheckedOn = granted ? start.AddMonths(rng.Next(0, 12)) : null, NextReviewOn = granted ? start.AddMonths(12) : null, Version = 1,
                };
            }).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await BulkWriter.InsertAsync(db, rows, ct);
            var heads = rows.Take(onNotice).Select(a => a.ApplicantId).ToList();
            var names = await db.Residents.AsNoTracking().Where(r => heads.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
            var notices = rows.Take(onNotice).Select(a => new BenefitNotice
            {
                ApplicationId = a.Id, CommunityId = communityId, Kind = a.Kind, HeadName = BenefitWorkflow.MaskName(names[a.ApplicantId]), HouseholdSize = 1 + rng.Next(4),
                MonthlyAmount = a.ProposedAmount, GridName = gridNames[a.GridId], PublishedAt = DateTime.UtcNow, PublishedBy = "基准测试", FromDay = today, RemoveOn = today.AddDays(7),
            }).ToList();
            await BulkWriter.InsertAsync(db, notices, ct);
            await tx.CommitAsync(ct);
            await db.Database.ExecuteSqlRawAsync(target.IsPostgres ? "ANALYZE \"BenefitApplications\"; ANALYZE \"BenefitNotices\"" : "ANALYZE", ct);
            await log.WriteLineAsync($"  救助：{rows.Count - onNotice:N0} 户低保，{onNotice} 户公示中（第一个社区）");
        }
        // A reused district: the notices' week starts today, so the page shows them.
        await db.Set<BenefitNotice>().Where(n => n.CommunityId == communityId && n.PublishedBy == "基准测试")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.FromDay, today.AddDays(-1)).SetProperty(n => n.RemoveOn, today.AddDays(6)), ct);
    }

    public static IEnumerable<Scenario> Build(Samples s, Clients c, RawDb raw, int iterations, int warmup, CancellationToken ct)
    {
        var community = s.Communities[0];
        var grids = RawDb.List(community.GridIds);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (from, to) = (new DateOnly(today.Year, today.Month, 1), new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1));
        async Task RawRoster()
        {
            await raw.ReadAsync("SELECT a.\"Id\", hr.\"Name\", r.\"NationalIdMasked\", "
                + "(SELECT COUNT(*) FROM \"Residents\" x WHERE x.\"HouseholdId\" = a.\"HouseholdId\" AND x.\"Status\" = 'Active'), "
                + "a.\"CoveredPersons\", a.\"Category\", a.\"MonthlyAmount\", a.\"StartMonth\", COALESCE(a.\"LastCheckedOn\", a.\"DecidedOn\"), g.\"Name\" "
                + "FROM \"BenefitApplications\" a JOIN \"Households\" h ON h.\"Id\" = a.\"HouseholdId\" LEFT JOIN \"Residents\" hr ON hr.\"Id\" = h.\"HeadId\" "
                + "JOIN \"Residents\" r ON r.\"Id\" = a.\"ApplicantId\" JOIN \"OrgUnits\" g ON g.\"Id\" = a.\"GridId\" "
                + $"WHERE a.\"GridId\" IN ({grids}) AND a.\"Kind\" = 'dibao' AND a.\"State\" IN ('Granted', 'Ended') AND a.\"StartMonth\" <= @to "
                + "AND (a.\"EndedOn\" IS NULL OR a.\"EndedOn\" >= @from) ORDER BY a.\"GridId\", a.\"HouseholdId\", a.\"Reference\"", ct,
                ("@to", raw.Date(to)), ("@from", raw.Date(from)));
        }
        yield return new("benefits-dibao-roster", "低保花名册 xlsx（一个社区，台账生成）", 1000,
            _ => Clients.GetAsync(c.Lead, $"/api/v1/ledgers/templates/benefits.dibao-roster/xlsx?unit={community.Id}&month={month}", ct), _ => RawRoster(),
            Math.Max(3, iterations / 4), Math.Max(1, warmup / 4));

        async Task RawNotice()
        {
            await raw.ReadAsync($"SELECT o.\"Id\", o.\"Name\", p.\"Name\" FROM \"OrgUnits\" o JOIN \"OrgUnits\" p ON p.\"Id\" = o.\"ParentId\" WHERE o.\"Code\" = @c", ct, ("@c", community.Code));
            await raw.ReadAsync("SELECT \"Id\", \"Kind\", \"Version\", \"HeadName\", \"HouseholdSize\", \"MonthlyAmount\", \"GridName\", \"Category\", \"FromDay\", \"RemoveOn\" "
                + $"FROM \"BenefitNotices\" WHERE \"CommunityId\" = {community.Id} AND \"ReplacedAt\" IS NULL AND \"WithdrawnAt\" IS NULL AND \"FromDay\" <= @d AND \"RemoveOn\" > @d "
                + "ORDER BY \"Kind\", \"GridName\", \"Id\"", ct, ("@d", raw.Date(today)));
        }
        var anonymous = new HttpClient { BaseAddress = c.Lead.BaseAddress };
        yield return new("benefits-public-notice", "公示页（不登录，一个社区）", 50,
            _ => Clients.GetAsync(anonymous, $"/Notices/{community.Code}", ct), _ => RawNotice(), iterations, warmup);
    }
}
