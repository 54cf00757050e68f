using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Party;

/// <summary>设岗定责: a member without office given a post for the year, with duties, the 责任书's date, publication, and the year-end score.</summary>
public sealed class PostAssignment
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required int Year { get; set; }
    public required long MemberId { get; set; }
    /// <summary>The post, from <see cref="YearlyCycle.Posts"/> or the branch's own words.</summary>
    public required string Post { get; set; }
    public required string Duties { get; set; }
    /// <summary>本人申请 or 组织推荐.</summary>
    public required string Route { get; set; }
    /// <summary>责任书 signed on.</summary>
    public DateOnly? SignedOn { get; set; }
    /// <summary>Post, name and duties shown publicly from this day.</summary>
    public DateOnly? PublishedOn { get; set; }
    /// <summary>Quarterly report-back (述岗) notes, as written: "第1季度：…" one per line.</summary>
    public string? Reports { get; set; }
    /// <summary>Year-end score, 0–100.</summary>
    public int? Score { get; set; }
}

/// <summary>The states of a promise (承诺践诺): made, checked at the members' meeting (审诺), published (亮诺), scored (评诺).</summary>
public enum CommitmentState { Made, Checked, Published, Evaluated }

/// <summary>
/// 双向承诺: a member's measurable promise for the year (2–5 each), or the branch's own promise to its members
/// (<see cref="MemberId"/> null). Progress and evidence during the year (践诺); scored at year end by members, residents and
/// the branch (评诺).
/// </summary>
public sealed class Commitment
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required int Year { get; set; }
    public long? MemberId { get; set; }
    public required string Text { get; set; }
    /// <summary>How it is measured (e.g. 每月走访结对户2次).</summary>
    public required string Measure { get; set; }
    public CommitmentState State { get; set; }
    public DateOnly? CheckedOn { get; set; }
    public DateOnly? PublishedOn { get; set; }
    /// <summary>亮诺 to residents too, on the branch's public page.</summary>
    public bool Public { get; set; }
    /// <summary>践诺 record: progress and evidence, one line per entry.</summary>
    public string? Progress { get; set; }
    public int? ScoreByMembers { get; set; }
    public int? ScoreByResidents { get; set; }
    public int? ScoreByBranch { get; set; }
    public DateOnly? EvaluatedOn { get; set; }
    public int Version { get; set; }

    /// <summary>The three scores' mean, rounded; null until all three are given.</summary>
    public int? Score => ScoreByMembers is { } a && ScoreByResidents is { } b && ScoreByBranch is { } c ? (int)Math.Round((a + b + c) / 3.0, MidpointRounding.AwayFromZero) : null;
}

/// <summary>民主评议党员 grades.</summary>
public enum EvaluationGrade { Excellent, Qualified, BasicallyQualified, Unqualified }

/// <summary>One member's 民主评议 grade for a year; published with the rest of the year's grades.</summary>
public sealed class MemberEvaluation
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required int Year { get; set; }
    public required long MemberId { get; set; }
    public required EvaluationGrade Grade { get; set; }
    public string? Note { get; set; }
    public DateOnly? PublishedOn { get; set; }
}

/// <summary>The rules of the branch's year: the post catalogue, 2–5 promises, the one-third ceiling on 优秀.</summary>
public static class YearlyCycle
{
    /// <summary>DOMAIN.md §4's usual posts for members without office.</summary>
    public static readonly IReadOnlyList<string> Posts = ["政策宣传岗", "矛盾纠纷调解岗", "环境卫生监督岗", "安全隐患排查岗", "社情民意收集岗", "文明新风倡导岗", "居务监督岗", "关爱帮扶岗"];

    public const int MinPromises = 2, MaxPromises = 5;

    public static string StateWord(CommitmentState s) => s switch
    {
        CommitmentState.Made => "已承诺", CommitmentState.Checked => "已审诺", CommitmentState.Published => "已亮诺", _ => "已评诺",
    };

    public static string GradeWord(EvaluationGrade g) => g switch
    {
        EvaluationGrade.Excellent => "优秀", EvaluationGrade.Qualified => "合格", EvaluationGrade.BasicallyQualified => "基本合格", _ => "不合格",
    };

    /// <summary>At most one third of the members graded 优秀 (rounded down).</summary>
    public static int MaxExcellent(int members) => members / 3;

    /// <summary>Why a set of grades may not stand (null when it may): more 优秀 than a third of <paramref name="members"/>.</summary>
    public static string? GradesRefusal(int members, int excellent) =>
        excellent > MaxExcellent(members) ? $"评为优秀的党员不能超过党员总数的三分之一：{members}名党员最多{MaxExcellent(members)}名优秀，现有{excellent}名。" : null;
}

sealed class PostAssignmentConfiguration : IEntityTypeConfiguration<PostAssignment>
{
    public void Configure(EntityTypeBuilder<PostAssignment> b)
    {
        b.ToTable("PartyPosts");
        b.Property(x => x.Post).HasMaxLength(32);
        b.Property(x => x.Duties).HasMaxLength(1000);
        b.Property(x => x.Route).HasMaxLength(16);
        b.Property(x => x.Reports).HasMaxLength(4000);
        b.HasIndex(x => new { x.BranchId, x.Year });
        b.HasIndex(x => new { x.MemberId, x.Year });
    }
}

sealed class CommitmentConfiguration : IEntityTypeConfiguration<Commitment>
{
    public void Configure(EntityTypeBuilder<Commitment> b)
    {
        b.ToTable("PartyCommitments");
        b.Property(x => x.Text).HasMaxLength(500);
        b.Property(x => x.Measure).HasMaxLength(200);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Progress).HasMaxLength(4000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Score);
        b.HasIndex(x => new { x.BranchId, x.Year, x.MemberId });
    }
}

sealed class MemberEvaluationConfiguration : IEntityTypeConfiguration<MemberEvaluation>
{
    public void Configure(EntityTypeBuilder<MemberEvaluation> b)
    {
        b.ToTable("PartyEvaluations");
        b.Property(x => x.Grade).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasIndex(x => new { x.BranchId, x.Year, x.MemberId }).IsUnique();
    }
}
