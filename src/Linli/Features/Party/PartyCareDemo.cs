using Linli.Data;
using Linli.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// The demo branch's dues, members in hardship and talks: every member declared from January (pensions for the old, a few
/// students and unemployed at 0.2 元, wages for the rest, by the bands), paid month by month up to last month — except a few
/// in arrears (three to five months) and one who has not paid for seven months; two members in hardship, one visited at
/// this year's 元旦春节 round; a handful of talks by the secretary.
/// </summary>
public sealed class PartyCareDemo : IDemoData
{
    public int Order => 62;

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var rng = demo.Random;
        var today = demo.Today;
        var branch = await db.Set<PartyBranch>().AsNoTracking().OrderBy(b => b.Id).FirstOrDefaultAsync(ct);
        if (branch is null) return;
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.BranchId == branch.Id && m.RelationOutOn == null).OrderBy(m => m.Id).ToListAsync(ct);
        if (members.Count < 10) return;
        var keeper = demo.UserIds.GetValueOrDefault("party");
        if (keeper == 0) keeper = demo.UserIds.GetValueOrDefault("lead");
        var keeperName = await db.Users.AsNoTracking().Where(u => u.Id == keeper).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "党务工作者";
        var year = today.Year;
        // Declared from January, of last year too in the first half of a year, so there are always months that are over.
        var january = new DateOnly(today.Month <= 6 ? year - 1 : year, 1, 1);
        var lastOver = DuesRules.MonthOf(today).AddMonths(-1);

        var declarations = new List<DuesDeclaration>();
        foreach (var (m, i) in members.Select((m, i) => (m, i)))
        {
            var age = m.BirthDate is { } b ? year - b.Year : 50;
            var (kind, income) = age >= 60 ? (DuesKind.Pension, (decimal?)rng.Next(2600, 6800))
                : age < 23 ? (DuesKind.Student, null)
                : i % 37 == 5 ? (DuesKind.Unemployed, null)
                : i % 53 == 7 ? (DuesKind.Dibao, null)
                : (DuesKind.Wage, (decimal?)(rng.Next(25, 160) * 100));
            var from = DuesRules.MonthOf(m.JoinedOn) > january ? DuesRules.MonthOf(m.JoinedOn) : january;
            declarations.Add(new DuesDeclaration
            {
                CommunityId = branch.CommunityId, BranchId = branch.Id, MemberId = m.Id, Kind = kind, MonthlyIncome = income, MonthlyAmount = DuesRules.Monthly(kind, income),
                FromMonth = from, DeclaredOn = from, RecordedById = keeper, RecordedByName = keeperName,
            });
        }
        await BulkWriter.InsertAsync(db, declarations, ct);

        // Most pay every month; members 3, 11, 19, 27 are three to five months behind, member 7 has paid nothing for seven months.
        var behind = new Dictionary<int, int> { [3] = 3, [11] = 4, [19] = 5, [27] = 3, [7] = 7 };
        var payments = new List<DuesPayment>();
        foreach (var (d, i) in declarations.Select((d, i) => (d, i)))
        {
            var stopAfter = lastOver.AddMonths(-behind.GetValueOrDefault(i));
            for (var month = d.FromMonth; month <= stopAfter; month = month.AddMonths(1))
            {
                var paidOn = month.AddDays(rng.Next(3, 20));
                if (paidOn > today) paidOn = today;
                payments.Add(new DuesPayment
                {
                    CommunityId = branch.CommunityId, BranchId = branch.Id, MemberId = d.MemberId, FromMonth = month, ToMonth = month, Amount = d.MonthlyAmount, PaidOn = paidOn,
                    RecordedById = keeper, RecordedByName = keeperName, RecordedAtUtc = DateTime.SpecifyKind(paidOn.ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc),
                });
            }
        }
        await BulkWriter.InsertAsync(db, payments, ct);

        // Two members in hardship: an old member who lives here and is ill, paired with a committee member; one living elsewhere, visited at 春节.
        var secretary = members.FirstOrDefault(m => m.Posts == "支部书记") ?? members[0];
        var committee = members.FirstOrDefault(m => m.IsCommittee && m.Id != secretary.Id) ?? secretary;
        var ill = members.Where(m => m.ResidentId != null && !m.IsCommittee && m.BirthDate is { } b && year - b.Year >= 75).OrderBy(m => m.Id).FirstOrDefault()
            ?? members.First(m => m.ResidentId != null && !m.IsCommittee);
        var elsewhere = members.FirstOrDefault(m => m.ResidentId == null) ?? members.Last(m => m.Id != ill.Id);
        var flagged = today.AddMonths(-10);
        var h1 = new HardshipRecord
        {
            CommunityId = branch.CommunityId, BranchId = branch.Id, MemberId = ill.Id, Kind = "患病", Health = "脑梗后遗症，行动不便",
            Situation = "老伴去世，独自居住，每月医药费约1200元，养老金不足以支付。", PairedMemberId = committee.Id, PairedOn = flagged,
            Support = $"{flagged:yyyy-MM-dd} 协助申请大病救助\n{flagged.AddMonths(3):yyyy-MM-dd} 联系社区医生每月上门", FlaggedOn = flagged,
        };
        var h2 = new HardshipRecord
        {
            CommunityId = branch.CommunityId, BranchId = branch.Id, MemberId = elsewhere.Id, Kind = "生活困难", Health = "良好",
            Situation = "下岗多年，爱人长期患病，家庭人均月收入低于当地低保标准1.5倍。", PairedMemberId = secretary.Id, PairedOn = flagged, FlaggedOn = flagged,
        };
        db.AddRange(h1, h2);
        await db.SaveChangesAsync(ct);
        var springDay = Care.SpringFestival(year).AddDays(-6);
        db.Add(new HardshipVisit
        {
            CommunityId = branch.CommunityId, HardshipId = h2.Id, MemberId = elsewhere.Id, Festival = "spring", RoundYear = year, Date = springDay < today ? springDay : today,
            Visitors = $"{secretary.Name}、{keeperName}", Money = 500m, Goods = "米、面、油各一份", Notes = "送去慰问金和年货，了解爱人病情，提醒办理医保报销。",
            RecordedById = keeper, RecordedAtUtc = DateTime.SpecifyKind((springDay < today ? springDay : today).ToDateTime(new TimeOnly(15, 0)), DateTimeKind.Utc),
        });

        // The dues account: each quarter's dues sent up to the street's committee on the 10th after it; the committee's 元旦春节
        // money for visits (2000 元 in January), spent on the 春节 visit's 500 元 and on party papers in March.
        var flows = new List<DuesFlow>();
        DuesFlow Flow(DuesFlowKind kind, DateOnly date, decimal amount, string summary, string? purpose = null) => new()
        {
            CommunityId = branch.CommunityId, BranchId = branch.Id, Kind = kind, Date = date, Amount = amount, Summary = summary,
            Counterparty = kind == DuesFlowKind.Spending ? null : "城关街道党工委", Purpose = purpose, ApprovedBy = kind == DuesFlowKind.Spending ? "支委会研究决定" : null,
            RecordedById = keeper, RecordedByName = keeperName, RecordedAtUtc = DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(10, 0)), DateTimeKind.Utc),
        };
        for (var quarter = new DateOnly(january.Year, 1, 1); quarter.AddMonths(3).AddDays(9) <= today; quarter = quarter.AddMonths(3))
        {
            var end = quarter.AddMonths(3);
            var sum = payments.Where(p => p.PaidOn >= quarter && p.PaidOn < end).Sum(p => p.Amount);
            if (sum > 0) flows.Add(Flow(DuesFlowKind.Remit, end.AddDays(9), sum, $"上缴{quarter.Year}年第{(quarter.Month + 2) / 3}季度党费"));
        }
        var allocatedOn = new DateOnly(year, 1, 10);
        if (allocatedOn <= today)
        {
            flows.Add(Flow(DuesFlowKind.Allocation, allocatedOn, 2000m, "街道党工委下拨元旦春节走访慰问经费"));
            if (springDay <= today) flows.Add(Flow(DuesFlowKind.Spending, springDay, 500m, $"春节走访慰问困难党员{elsewhere.Name}", "慰问困难党员和老党员"));
            var papers = new DateOnly(year, 3, 5);
            if (papers <= today) flows.Add(Flow(DuesFlowKind.Spending, papers, 360m, "订阅《党员生活》等党刊", "订阅党报党刊和学习资料"));
        }
        db.AddRange(flows);

        // A few talks by the secretary this year.
        string[] topics = ["了解近期思想和工作情况", "听取对支部工作的意见建议", "组织生活会前征求意见", "关心家庭困难，鼓励参加志愿服务", "谈结对帮扶工作的体会"];
        var talkedWith = members.Where(m => m.Id != secretary.Id).Take(40).Where((_, i) => i % 8 == 0).ToList();
        foreach (var (m, i) in talkedWith.Select((m, i) => (m, i)))
        {
            var date = new DateOnly(year, Math.Min(12, 1 + i * 2), 12);
            if (date > today) date = today;
            db.Add(new PartyTalk
            {
                CommunityId = branch.CommunityId, BranchId = branch.Id, Talker = secretary.Name, MemberId = m.Id, Date = date, Topic = topics[i % topics.Length],
                Notes = "谈话坦诚，对方表示将积极参加支部活动，提出希望多组织学习交流。", RecordedById = keeper,
                RecordedAtUtc = DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(16, 0)), DateTimeKind.Utc),
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
