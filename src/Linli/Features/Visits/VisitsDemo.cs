using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// A year of visits for the demo street, so that the workbench and the coverage view are alive on the first run: most
/// people with a rhythm visited on time, about one in ten overdue, a few never; every household about twice a year, a
/// few never. Written through <see cref="BulkWriter"/>: tens of thousands of rows in well under a second.
/// </summary>
public sealed class VisitsDemo : IDemoData
{
    public int Order => 10;

    static readonly string[] Situations = ["独自居住，身体尚可", "与老伴同住，子女每周探望", "腿脚不便，很少下楼", "血压偏高，按时服药", "家中整洁，生活能自理", "子女在外地，平时电话联系"];
    static readonly string[] Difficulties = ["行动不便，买菜困难", "燃气灶老化", "看病取药不方便", "冬季取暖费用偏高"];
    static readonly string[] Requests = ["希望有人定期上门", "希望安装扶手", "想参加社区老年活动", "询问高龄津贴办理"];
    static readonly string[] Measures = ["检查燃气、用电安全", "告知助餐点位置", "登记助老服务需求", "联系物业维修", "讲解政策"];
    static readonly string[] Results = ["已当场解决", "已转社区跟进", "无需处理", "已告知办理流程"];

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var rng = demo.Random;
        var today = demo.Today;
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var cadre = demo.UserIds["cadre"];
        var staff = new[] { demo.UserIds["lead"], demo.UserIds["social"] };
        var cadreGrid = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == cadre).Select(a => a.OrgUnitId).FirstAsync(ct);

        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Grid).Select(o => o.Id).ToListAsync(ct);
        var communityOf = await VisitPolicies.CommunityOfGridsAsync(db, grids, ct);
        var policies = await VisitPolicies.ForCommunitiesAsync(db, communityOf.Values.Distinct().ToList(), ct);
        var labels = (await db.ResidentTags.AsNoTracking().Select(rt => new { rt.ResidentId, rt.TagId }).ToListAsync(ct)).ToLookup(x => x.ResidentId, x => x.TagId);
        var residents = await db.Residents.AsNoTracking().Where(r => r.Status == ResidentStatus.Active && r.HouseholdId != null)
            .Select(r => new { r.Id, r.GridId, HouseholdId = r.HouseholdId!.Value }).OrderBy(r => r.Id).ToListAsync(ct);
        var households = await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => new { h.Id, h.GridId }).ToListAsync(ct);

        var sensitiveTags = policies.Values.SelectMany(p => p).Where(p => p.IsSensitive).Select(p => p.TagId).ToHashSet();
        var sensitiveHouseholds = residents.Where(r => labels[r.Id].Any(sensitiveTags.Contains)).Select(r => r.HouseholdId).ToHashSet();
        var fresh = await FreshlyLabelledAsync(db, cadreGrid, today, ct);
        var visits = new List<Visit>();
        var visitedHouseholds = new HashSet<long>();
        Visit New(long grid, long? resident, long household, DateOnly date, bool sensitive, bool elderly)
        {
            var visitor = grid == cadreGrid ? cadre : staff[rng.Next(staff.Length)];
            var method = rng.Next(10) switch { < 7 => VisitMethod.Door, < 9 => VisitMethod.Phone, _ => VisitMethod.CameToOffice };
            var full = rng.Next(3) == 0;
            return new Visit
            {
                GridId = grid, ResidentId = resident, HouseholdId = household, VisitorId = visitor, VisitorName = names[visitor], Date = date,
                Time = new TimeOnly(rng.Next(8, 18), rng.Next(0, 4) * 15), EnteredAtUtc = DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(rng.Next(9, 12), 0)), DateTimeKind.Local).ToUniversalTime(),
                Method = method, IsSensitive = sensitive,
                FamilySituation = Pick(Situations), Difficulties = full ? Pick(Difficulties) : null, Requests = full ? Pick(Requests) : null,
                Measures = Pick(Measures), Result = Pick(Results),
                Checks = elderly ? CareChecks.Health | CareChecks.HomeSafety | (full ? CareChecks.Money | CareChecks.FamilySupport | CareChecks.ServiceNeeds : 0) : CareChecks.None,
            };
        }
        string Pick(string[] pool) => pool[rng.Next(pool.Length)];

        foreach (var r in residents)
        {
            var byTag = policies[communityOf[r.GridId]];
            var own = byTag.Where(p => labels[r.Id].Contains(p.TagId)).ToList();
            if (VisitPolicies.Resolve(own, null, seesSensitive: true) is not { } policy) continue;
            var roll = rng.Next(100);
            if (roll < 3) continue;                                   // never visited
            var rhythm = policy.Rhythm;
            var last = roll < 13
                ? today.AddDays(-(rhythm.IntervalDays + rhythm.WindowDays + 1 + rng.Next(Math.Max(2, rhythm.IntervalDays / 2))))   // overdue
                : today.AddDays(-rng.Next(Math.Max(1, rhythm.IntervalDays + rhythm.WindowDays)));                                  // kept, some due now
            var sensitive = own.Any(p => p.IsSensitive);
            var elderly = own.Any(p => p.Name.Contains('老'));
            for (var d = last; d > today.AddDays(-365); d = d.AddDays(-(rhythm.IntervalDays + rng.Next(-rhythm.WindowDays, rhythm.WindowDays + 1))))
            {
                var visit = New(r.GridId, r.Id, r.HouseholdId, d, sensitive, elderly);
                // Made like the others (the random sequence stays that of the seed), but not since the label was put on.
                if (!fresh.TryGetValue(r.Id, out var since) || d < since.Date) visits.Add(visit);
            }
            visitedHouseholds.Add(r.HouseholdId);
        }
        foreach (var h in households)
        {
            var roll = rng.Next(100);
            if (roll < 3 && !visitedHouseholds.Contains(h.Id)) continue;     // a hole in the grid
            var last = roll < 10 ? today.AddDays(-(215 + rng.Next(140))) : today.AddDays(-rng.Next(150));
            visits.Add(New(h.GridId, null, h.Id, last, sensitiveHouseholds.Contains(h.Id), false));
            if (last.AddDays(-182) > today.AddDays(-365)) visits.Add(New(h.GridId, null, h.Id, last.AddDays(-(170 + rng.Next(25))), sensitiveHouseholds.Contains(h.Id), false));
        }
        await BulkWriter.InsertAsync(db, visits, ct);
        foreach (var (residentId, (tagId, atUtc, _)) in fresh)
            await db.ResidentTags.Where(rt => rt.ResidentId == residentId && rt.TagId == tagId).ExecuteUpdateAsync(s => s.SetProperty(rt => rt.AddedAtUtc, atUtc), ct);
        await CampaignsAsync(demo, cadreGrid, names, ct);
    }

    /// <summary>
    /// Two people of the cadre's grid labelled 独居老人 a few hours ago (a spouse died, say) and not visited since, so that
    /// the workbench shows a 首次走访 deadline on the first run: the first two by id under 80 and not 低保/困难 (those get
    /// the festival campaign's visit). The rest of the demo's labels have no trigger time (loaded, not put on).
    /// </summary>
    static async Task<Dictionary<long, (long TagId, DateTime AtUtc, DateOnly Date)>> FreshlyLabelledAsync(LinliDb db, long grid, DateOnly today, CancellationToken ct)
    {
        var codes = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Code, t => (t.Id, t.VisitWithinHours), ct);
        if (!codes.TryGetValue(DemoTags.ElderlyLivingAlone.Code, out var alone) || alone.VisitWithinHours is null) return [];
        var needy = new[] { DemoTags.MinimumLivingAllowance.Code, DemoTags.HardshipHousehold.Code }.Where(codes.ContainsKey).Select(c => codes[c].Id).ToList();
        var bornAfter = today.AddYears(-80);
        var ids = await db.Residents.AsNoTracking()
            .Where(r => r.GridId == grid && r.Status == ResidentStatus.Active && r.HouseholdId != null && r.BirthDate > bornAfter
                && db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == alone.Id) && !db.ResidentTags.Any(t => t.ResidentId == r.Id && needy.Contains(t.TagId)))
            .OrderBy(r => r.Id).Select(r => r.Id).Take(2).ToListAsync(ct);
        var now = DateTime.UtcNow;
        var zone = TimeProvider.System.LocalTimeZone;
        return ids.Select((id, i) => (id, at: now.AddHours(-(3 + 6 * i)).AddMinutes(-17)))
            .ToDictionary(x => x.id, x => (alone.Id, x.at, zone.LocalDateOf(x.at)));
    }

    /// <summary>
    /// The festival campaign of the cadre's community: 低保户 and 困难户, and 80岁以上 living alone, about half delivered;
    /// and the party branch's campaign of the same season, which covers some of them a second time (flagged).
    /// </summary>
    static async Task CampaignsAsync(DemoContext demo, long cadreGrid, Dictionary<long, string> names, CancellationToken ct)
    {
        var db = demo.Db;
        var rng = demo.Random;
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Id == cadreGrid).Select(o => o.ParentId!.Value).FirstAsync(ct);
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == community).Select(o => o.Id).ToListAsync(ct);
        var tagIds = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Id, ct);
        var season = $"{(demo.Today.Month >= 10 ? demo.Today.Year + 1 : demo.Today.Year)}春节";
        var lead = demo.UserIds["lead"];
        var now = DateTime.UtcNow;
        var festival = new Campaign { CommunityId = community, Name = "春节困难群众慰问", Season = season, Gift = "慰问金500元、米面油一份", CreatedById = lead, CreatedAtUtc = now };
        var party = new Campaign { CommunityId = community, Name = "春节困难党员慰问", Season = season, Gift = "慰问金800元", CreatedById = lead, CreatedAtUtc = now };
        await BulkWriter.InsertAsync(db, new[] { festival, party }, ct);

        var needy = new[] { tagIds["MinimumLivingAllowance"], tagIds["HardshipHousehold"] };
        var alone = tagIds["ElderlyLivingAlone"];
        var bornBy = demo.Today.AddYears(-80);
        var residents = await db.Residents.AsNoTracking().Where(r => grids.Contains(r.GridId) && r.Status == ResidentStatus.Active)
            .Select(r => new { r.Id, r.GridId, r.HouseholdId, r.PoliticalStatus,
                Needy = db.ResidentTags.Any(t => t.ResidentId == r.Id && needy.Contains(t.TagId)),
                OldAlone = r.BirthDate <= bornBy && db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == alone),
                Sensitive = db.ResidentTags.Any(t => t.ResidentId == r.Id && db.Tags.Any(x => x.Id == t.TagId && x.IsSensitive)) })
            .Where(r => r.Needy || r.OldAlone).OrderBy(r => r.Id).ToListAsync(ct);
        var recipients = residents.Select(r => new CampaignRecipient { CampaignId = festival.Id, ResidentId = r.Id, GridId = r.GridId,
            Source = r.Needy ? "按规则：低保户或困难户" : "按规则：独居老人＋80岁以上" }).ToList();
        recipients.AddRange(residents.Where(r => r.PoliticalStatus == "中共党员" && r.Needy).Select(r => new CampaignRecipient { CampaignId = party.Id, ResidentId = r.Id,
            GridId = r.GridId, Source = "按规则：困难户＋中共党员" }));
        var deliveries = new List<(CampaignRecipient Recipient, Visit Visit)>();
        foreach (var r in recipients.Where(_ => rng.Next(2) == 0))
        {
            var visitor = r.GridId == cadreGrid ? demo.UserIds["cadre"] : lead;
            var campaign = r.CampaignId == festival.Id ? festival : party;
            var date = demo.Today.AddDays(-rng.Next(20));
            var person = residents.First(x => x.Id == r.ResidentId);
            var household = person.HouseholdId;
            deliveries.Add((r, new Visit { GridId = r.GridId, ResidentId = r.ResidentId, HouseholdId = household, VisitorId = visitor, VisitorName = names[visitor],
                Date = date, EnteredAtUtc = DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(17, 0)), DateTimeKind.Local).ToUniversalTime(),
                Method = VisitMethod.Door, Measures = $"{campaign.Name}：送去{campaign.Gift}", Result = "本人签收", IsSensitive = person.Sensitive }));
        }
        await BulkWriter.InsertAsync(db, deliveries.Select(d => d.Visit).ToList(), ct);
        foreach (var (r, v) in deliveries)
        {
            r.VisitId = v.Id;
            r.SignedBy = "本人";
            r.Deliverer = v.VisitorName;
        }
        await BulkWriter.InsertAsync(db, recipients, ct);
    }
}
