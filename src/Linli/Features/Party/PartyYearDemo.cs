using Linli.Data;
using Linli.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>The demo branch's year: posts for members without office, this year's promises at every stage (most published and
/// being kept, a few still to be checked, some already scored), the branch's own promises, and last year's 民主评议 published.</summary>
public sealed class PartyYearDemo : IDemoData
{
    public int Order => 61;

    static readonly (string Text, string Measure)[] Promises =
    [
        ("结对帮扶一户困难家庭", "每月上门走访2次"), ("参加楼道环境整治志愿服务", "每季度不少于3次"), ("宣传垃圾分类", "每月在楼栋宣传1次"),
        ("收集居民意见建议", "每季度报送不少于5条"), ("参加社区平安巡逻", "每月不少于2次"), ("帮助独居老人代购代办", "每周联系1次"),
        ("调解邻里纠纷", "发现即报告、协助调解"), ("参加主题党日活动", "全年缺席不超过1次"),
    ];

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var rng = demo.Random;
        var today = demo.Today;
        var branch = await db.Set<PartyBranch>().AsNoTracking().OrderBy(b => b.Id).FirstOrDefaultAsync(ct);
        if (branch is null) return;
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.BranchId == branch.Id && m.RelationOutOn == null).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.IsCommittee }).ToListAsync(ct);
        var year = today.Year;
        var withoutOffice = members.Where(m => !m.IsCommittee).ToList();

        var posts = withoutOffice.Take(32).Select((m, i) => new PostAssignment
        {
            CommunityId = branch.CommunityId, BranchId = branch.Id, Year = year, MemberId = m.Id, Post = YearlyCycle.Posts[i % YearlyCycle.Posts.Count],
            Duties = "按岗位要求履行职责，每季度向支部述岗一次", Route = i % 3 == 0 ? "组织推荐" : "本人申请", SignedOn = new DateOnly(year, 3, 10),
            PublishedOn = i < 28 ? new DateOnly(year, 3, 20) : null,
            Reports = string.Join("\n", Enumerable.Range(1, Math.Min(3, (today.Month - 1) / 3)).Select(q => $"第{q}季度：按岗位要求开展工作，完成情况良好。")),
        }).ToList();
        await BulkWriter.InsertAsync(db, posts, ct);

        var commitments = new List<Commitment>();
        foreach (var (text, measure) in new[] { ("每月为党员过政治生日", "每月1次"), ("党务公开每季度一次", "每季度公开1次"), ("困难党员节日走访全覆盖", "元旦春节、七一各1轮") })
            commitments.Add(new Commitment { CommunityId = branch.CommunityId, BranchId = branch.Id, Year = year, Text = text, Measure = measure, State = CommitmentState.Published,
                CheckedOn = new DateOnly(year, 2, 25), PublishedOn = new DateOnly(year, 3, 1), Public = true, Progress = $"{year}-06-30 已按计划推进" });
        foreach (var (m, i) in members.Take(48).Select((m, i) => (m, i)))
        {
            var count = 2 + rng.Next(2);
            var state = i switch { < 4 => CommitmentState.Made, < 8 => CommitmentState.Checked, < 16 => CommitmentState.Evaluated, _ => CommitmentState.Published };
            foreach (var k in Enumerable.Range(0, count))
            {
                var (text, measure) = Promises[(i + k * 3) % Promises.Length];
                var c = new Commitment
                {
                    CommunityId = branch.CommunityId, BranchId = branch.Id, Year = year, MemberId = m.Id, Text = text, Measure = measure, State = state,
                    CheckedOn = state >= CommitmentState.Checked ? new DateOnly(year, 2, 25) : null, PublishedOn = state >= CommitmentState.Published ? new DateOnly(year, 3, 1) : null,
                    Public = state >= CommitmentState.Published && i % 2 == 0,
                    Progress = state >= CommitmentState.Published ? $"{year}-05-20 已开展\n{year}-09-18 持续开展，有照片和记录" : null,
                };
                if (state == CommitmentState.Evaluated)
                {
                    (c.ScoreByMembers, c.ScoreByResidents, c.ScoreByBranch) = (80 + rng.Next(20), 78 + rng.Next(22), 82 + rng.Next(18));
                    c.EvaluatedOn = today;
                }
                commitments.Add(c);
            }
        }
        await BulkWriter.InsertAsync(db, commitments, ct);

        // Last year's 民主评议, published: about a quarter 优秀 (never more than a third), a few 基本合格.
        var grades = members.Select((m, i) => new MemberEvaluation
        {
            CommunityId = branch.CommunityId, BranchId = branch.Id, Year = year - 1, MemberId = m.Id,
            Grade = (i % 100) switch { < 25 => EvaluationGrade.Excellent, < 97 => EvaluationGrade.Qualified, _ => EvaluationGrade.BasicallyQualified },
            PublishedOn = new DateOnly(year, 1, 25) <= today ? new DateOnly(year, 1, 25) : today,
        }).ToList();
        await BulkWriter.InsertAsync(db, grades, ct);
    }
}
