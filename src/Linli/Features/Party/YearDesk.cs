using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Linli.Features.Party;

/// <summary>
/// The branch's year, written: 设岗定责 (post, 责任书, publication, quarterly report-back, score), 承诺践诺 (2–5 promises,
/// 审诺, 亮诺, 践诺, 评诺) and 民主评议 (grades with 优秀 at most a third, then published). Audited like <see cref="PartyDesk"/>.
/// </summary>
public sealed class YearDesk(LinliDb db, AuditLog audit, TimeProvider clock, IStringLocalizer say)
{
    DateOnly Today => clock.Today();

    /// <summary><see cref="YearlyCycle.GradesRefusal"/> in the user's language.</summary>
    string OneThird(int members, int excellent) =>
        say["评为优秀的党员不能超过党员总数的三分之一：{0}名党员最多{1}名优秀，现有{2}名。", members, YearlyCycle.MaxExcellent(members), excellent];

    async Task<PartyBranch?> BranchAsync(UserArea area, long branchId, CancellationToken ct) =>
        await db.Set<PartyBranch>().AsNoTracking().InScopeOf(await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct)).FirstOrDefaultAsync(b => b.Id == branchId, ct);

    async Task<PartyMember?> ActiveMemberAsync(long branchId, long memberId, CancellationToken ct) =>
        await db.Set<PartyMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.BranchId == branchId && m.RelationOutOn == null, ct);

    async Task AuditAsync(string kind, long id, long communityId, AuditDetail text, CancellationToken ct) =>
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(kind, id), communityId, text, ct: ct);

    // ---- 设岗定责 ----

    public sealed class PostForm
    {
        public long BranchId { get; set; }
        public int? Year { get; set; }
        public long? MemberId { get; set; }
        public string? Post { get; set; }
        public string? Duties { get; set; }
        public string? Route { get; set; }
        public DateOnly? SignedOn { get; set; }
    }

    public static readonly IReadOnlyList<string> Routes = ["本人申请", "组织推荐"];

    public async Task<PartyDesk.Outcome<PostAssignment>?> AssignPostAsync(UserArea area, PostForm f, CancellationToken ct)
    {
        if (await BranchAsync(area, f.BranchId, ct) is not { } branch) return null;
        var errors = new Dictionary<string, string>();
        if (f.Year is not (>= 2000 and <= 2100)) errors[nameof(f.Year)] = say["请填写年度。"];
        PartyMember? member = null;
        if (f.MemberId is not { } mid || (member = await ActiveMemberAsync(branch.Id, mid, ct)) is null) errors[nameof(f.MemberId)] = say["请选择本支部的党员。"];
        else if (member.IsCommittee) errors[nameof(f.MemberId)] = say["设岗定责是为无职党员设岗，支委不在其列。"];
        else if (await db.Set<PostAssignment>().AnyAsync(p => p.MemberId == mid && p.Year == f.Year, ct)) errors[nameof(f.MemberId)] = say["这名党员本年度已有岗位。"];
        var post = Text.Clean(f.Post);
        if (post is null) errors[nameof(f.Post)] = say["请选择岗位。"];
        else if (post.Length > 32) errors[nameof(f.Post)] = say["岗位名称最多32个字。"];
        var duties = Text.Clean(f.Duties, multiline: true);
        if (duties is null) errors[nameof(f.Duties)] = say["请填写岗位职责。"];
        else if (duties.Length > 1000) errors[nameof(f.Duties)] = say["岗位职责最多1000个字。"];
        var route = Text.Clean(f.Route) ?? Routes[0];
        if (!Routes.Contains(route)) errors[nameof(f.Route)] = say["请选择本人申请或组织推荐。"];
        if (f.SignedOn is { } signed && signed > Today) errors[nameof(f.SignedOn)] = say["责任书签订日期不能晚于今天。"];
        if (errors.Count > 0) return PartyDesk.Outcome<PostAssignment>.Fail(errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var p = new PostAssignment { CommunityId = branch.CommunityId, BranchId = branch.Id, Year = f.Year!.Value, MemberId = member!.Id, Post = post!, Duties = duties!, Route = route, SignedOn = f.SignedOn };
        db.Add(p);
        await db.SaveChangesAsync(ct);
        await AuditAsync(AuditTargets.PartyMember, member.Id, branch.CommunityId, $"设岗定责：{member.Name} {p.Post}（{p.Year}年）", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<PostAssignment>.Done(p);
    }

    public sealed class PostStepForm
    {
        /// <summary><c>sign</c> 签订责任书 / <c>publish</c> 公示 / <c>report</c> 述岗 / <c>score</c> 年终评分.</summary>
        public string? Action { get; set; }
        public DateOnly? SignedOn { get; set; }
        public int? Quarter { get; set; }
        public string? Note { get; set; }
        public int? Score { get; set; }
    }

    public async Task<PartyDesk.Outcome<PostAssignment>?> PostStepAsync(UserArea area, long id, PostStepForm f, CancellationToken ct)
    {
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        var p = await db.Set<PostAssignment>().Where(x => EF.Parameter(communities).Contains(x.CommunityId)).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return null;
        string text;
        switch (f.Action)
        {
            case "sign":
                if (f.SignedOn is not { } on || on > Today) return PartyDesk.Outcome<PostAssignment>.Fail(nameof(f.SignedOn), say["请填写责任书签订日期（不晚于今天）。"]);
                p.SignedOn = on;
                text = $"签订责任书 {on:yyyy-MM-dd}";
                break;
            case "publish":
                if (p.SignedOn is null) return PartyDesk.Outcome<PostAssignment>.Fail("", say["签订责任书后才能公示岗位。"]);
                p.PublishedOn ??= Today;
                text = "公示岗位";
                break;
            case "report":
                if (f.Quarter is not (>= 1 and <= 4)) return PartyDesk.Outcome<PostAssignment>.Fail(nameof(f.Quarter), say["请选择季度。"]);
                if (Text.Clean(f.Note, multiline: true) is not { } note) return PartyDesk.Outcome<PostAssignment>.Fail(nameof(f.Note), say["请填写述岗内容。"]);
                var reports = ((p.Reports is null ? "" : p.Reports + "\n") + $"第{f.Quarter}季度：{note.ReplaceLineEndings(" ")}");
                if (reports.Length > 4000) return PartyDesk.Outcome<PostAssignment>.Fail(nameof(f.Note), say["述岗记录已满（4000字）。"]);
                p.Reports = reports;
                text = $"第{f.Quarter}季度述岗";
                break;
            case "score":
                if (f.Score is not (>= 0 and <= 100)) return PartyDesk.Outcome<PostAssignment>.Fail(nameof(f.Score), say["年终评分为0到100的整数。"]);
                p.Score = f.Score;
                text = $"年终评分 {f.Score}";
                break;
            default:
                return PartyDesk.Outcome<PostAssignment>.Fail("", say["未知的操作。"]);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditAsync(AuditTargets.PartyMember, p.MemberId, p.CommunityId, $"设岗定责：{text}（{p.Post}）", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<PostAssignment>.Done(p);
    }

    // ---- 承诺践诺 ----

    public sealed class PromiseForm
    {
        public long BranchId { get; set; }
        public int? Year { get; set; }
        /// <summary>The member promising; null for the branch's own promise to its members.</summary>
        public long? MemberId { get; set; }
        public string? Text { get; set; }
        public string? Measure { get; set; }
    }

    public async Task<PartyDesk.Outcome<Commitment>?> AddPromiseAsync(UserArea area, PromiseForm f, CancellationToken ct)
    {
        if (await BranchAsync(area, f.BranchId, ct) is not { } branch) return null;
        var errors = new Dictionary<string, string>();
        if (f.Year is not (>= 2000 and <= 2100)) errors[nameof(f.Year)] = say["请填写年度。"];
        PartyMember? member = null;
        if (f.MemberId is { } mid)
        {
            if ((member = await ActiveMemberAsync(branch.Id, mid, ct)) is null) errors[nameof(f.MemberId)] = say["请选择本支部的党员。"];
            else if (await db.Set<Commitment>().CountAsync(c => c.MemberId == mid && c.Year == f.Year, ct) >= YearlyCycle.MaxPromises)
                errors[nameof(f.MemberId)] = say["每名党员每年承诺{0}至{1}项，{2}已有{3}项。", YearlyCycle.MinPromises, YearlyCycle.MaxPromises, member.Name, YearlyCycle.MaxPromises];
        }
        var text = Text.Clean(f.Text, multiline: true);
        if (text is null) errors[nameof(f.Text)] = say["请填写承诺内容。"];
        else if (text.Length > 500) errors[nameof(f.Text)] = say["承诺内容最多500个字。"];
        var measure = Text.Clean(f.Measure);
        if (measure is null) errors[nameof(f.Measure)] = say["请写明怎样衡量（可量化，如“每月走访结对户2次”）。"];
        else if (measure.Length > 200) errors[nameof(f.Measure)] = say["衡量标准最多200个字。"];
        if (errors.Count > 0) return PartyDesk.Outcome<Commitment>.Fail(errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = new Commitment { CommunityId = branch.CommunityId, BranchId = branch.Id, Year = f.Year!.Value, MemberId = member?.Id, Text = text!, Measure = measure!, State = CommitmentState.Made };
        db.Add(c);
        await db.SaveChangesAsync(ct);
        await AuditAsync(member is null ? AuditTargets.PartyBranch : AuditTargets.PartyMember, member?.Id ?? branch.Id, branch.CommunityId, $"承诺（{c.Year}年）：{member?.Name ?? "支部"}", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<Commitment>.Done(c);
    }

    public sealed class PromiseStepForm
    {
        /// <summary><c>check</c> 审诺 / <c>publish</c> 亮诺 / <c>progress</c> 践诺 / <c>evaluate</c> 评诺.</summary>
        public string? Action { get; set; }
        public bool Public { get; set; }
        public string? Note { get; set; }
        public int? ScoreByMembers { get; set; }
        public int? ScoreByResidents { get; set; }
        public int? ScoreByBranch { get; set; }
    }

    public static readonly IReadOnlyDictionary<string, string> PromiseWords = new Dictionary<string, string>
    {
        ["check"] = "审诺", ["publish"] = "亮诺", ["progress"] = "践诺", ["evaluate"] = "评诺",
    };

    public async Task<PartyDesk.Outcome<Commitment>?> PromiseStepAsync(UserArea area, long id, PromiseStepForm f, CancellationToken ct)
    {
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        var c = await db.Set<Commitment>().Where(x => EF.Parameter(communities).Contains(x.CommunityId)).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        PartyDesk.Outcome<Commitment> Fail(string field, string message) => PartyDesk.Outcome<Commitment>.Fail(field, message);
        var note = Text.Clean(f.Note, multiline: true);
        switch (f.Action)
        {
            case "check":
                if (c.State != CommitmentState.Made) return Fail("", say["这项承诺已经审过。"]);
                if (c.MemberId is { } mid && await db.Set<Commitment>().CountAsync(x => x.MemberId == mid && x.Year == c.Year, ct) < YearlyCycle.MinPromises)
                    return Fail("", say["每名党员每年承诺{0}至{1}项：请先补足承诺再审诺。", YearlyCycle.MinPromises, YearlyCycle.MaxPromises]);
                c.State = CommitmentState.Checked;
                c.CheckedOn = Today;
                break;
            case "publish":
                if (c.State != CommitmentState.Checked) return Fail("", say["党员大会审诺后才能亮诺。"]);
                c.State = CommitmentState.Published;
                c.PublishedOn = Today;
                c.Public = f.Public;
                break;
            case "progress":
                if (c.State != CommitmentState.Published) return Fail("", say["亮诺之后、评诺之前才能记录践诺情况。"]);
                if (note is null) return Fail(nameof(f.Note), say["请填写践诺情况（做了什么，有何佐证）。"]);
                var progress = (c.Progress is null ? "" : c.Progress + "\n") + $"{Today:yyyy-MM-dd} {note.ReplaceLineEndings(" ")}";
                if (progress.Length > 4000) return Fail(nameof(f.Note), say["践诺记录已满（4000字）。"]);
                c.Progress = progress;
                break;
            case "evaluate":
                if (c.State != CommitmentState.Published) return Fail("", say["亮诺之后才能评诺。"]);
                foreach (var (field, value) in new[] { (nameof(f.ScoreByMembers), f.ScoreByMembers), (nameof(f.ScoreByResidents), f.ScoreByResidents), (nameof(f.ScoreByBranch), f.ScoreByBranch) })
                    if (value is not (>= 0 and <= 100)) return Fail(field, say["党员、群众、支部评分都要填写，为0到100的整数。"]);
                c.ScoreByMembers = f.ScoreByMembers;
                c.ScoreByResidents = f.ScoreByResidents;
                c.ScoreByBranch = f.ScoreByBranch;
                c.State = CommitmentState.Evaluated;
                c.EvaluatedOn = Today;
                break;
            default:
                return Fail("", say["未知的操作。"]);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        c.Version++;
        await db.SaveChangesAsync(ct);
        await AuditAsync(c.MemberId is null ? AuditTargets.PartyBranch : AuditTargets.PartyMember, c.MemberId ?? c.BranchId, c.CommunityId, $"{PromiseWords[f.Action!]}：承诺 {c.Id}", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<Commitment>.Done(c);
    }

    // ---- 民主评议 ----

    public sealed class GradesForm
    {
        public int? Year { get; set; }
        /// <summary>Member id → grade; a member left out keeps their grade (or has none).</summary>
        public Dictionary<long, EvaluationGrade> Grades { get; set; } = [];
    }

    public sealed record GradesResult(int Members, int Graded, int Excellent);

    /// <summary>Saves grades; refused whole when more than a third of the members would be 优秀, or once the year's results are published.</summary>
    public async Task<PartyDesk.Outcome<GradesResult>?> GradeAsync(UserArea area, long branchId, GradesForm f, CancellationToken ct)
    {
        if (await BranchAsync(area, branchId, ct) is not { } branch) return null;
        if (f.Year is not (>= 2000 and <= 2100) || f.Year is not { } year) return PartyDesk.Outcome<GradesResult>.Fail(nameof(f.Year), say["请填写年度。"]);
        if (f.Grades.Values.Any(g => !Enum.IsDefined(g))) return PartyDesk.Outcome<GradesResult>.Fail(nameof(f.Grades), say["评议等次只能是优秀、合格、基本合格或不合格。"]);
        var active = await db.Set<PartyMember>().Where(m => m.BranchId == branch.Id && m.RelationOutOn == null).Select(m => m.Id).ToListAsync(ct);
        if (f.Grades.Keys.Except(active).Any()) return PartyDesk.Outcome<GradesResult>.Fail(nameof(f.Grades), say["评议名单中有不属于本支部的党员，请刷新后重试。"]);
        var existing = await db.Set<MemberEvaluation>().Where(e => e.BranchId == branch.Id && e.Year == year).ToListAsync(ct);
        if (existing.Any(e => e.PublishedOn is not null)) return PartyDesk.Outcome<GradesResult>.Fail("", say["{0}年度的评议结果已经公布，不能再修改。", year]);
        var grades = existing.Where(e => active.Contains(e.MemberId)).ToDictionary(e => e.MemberId, e => e.Grade);
        foreach (var (member, grade) in f.Grades) grades[member] = grade;
        var excellent = grades.Values.Count(g => g == EvaluationGrade.Excellent);
        if (YearlyCycle.GradesRefusal(active.Count, excellent) is not null) return PartyDesk.Outcome<GradesResult>.Fail(nameof(f.Grades), OneThird(active.Count, excellent));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (member, grade) in f.Grades)
        {
            if (existing.FirstOrDefault(e => e.MemberId == member) is { } e) e.Grade = grade;
            else db.Add(new MemberEvaluation { CommunityId = branch.CommunityId, BranchId = branch.Id, Year = year, MemberId = member, Grade = grade });
        }
        await db.SaveChangesAsync(ct);
        await AuditAsync(AuditTargets.PartyBranch, branch.Id, branch.CommunityId, $"民主评议（{year}年）：评定{f.Grades.Count}名党员，优秀共{excellent}名", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<GradesResult>.Done(new GradesResult(active.Count, grades.Count, excellent));
    }

    /// <summary>Publishes the year's grades (and so the year's evaluation) to the members.</summary>
    public async Task<PartyDesk.Outcome<GradesResult>?> PublishGradesAsync(UserArea area, long branchId, int year, CancellationToken ct)
    {
        if (await BranchAsync(area, branchId, ct) is not { } branch) return null;
        var rows = await db.Set<MemberEvaluation>().Where(e => e.BranchId == branch.Id && e.Year == year).ToListAsync(ct);
        if (rows.Count == 0) return PartyDesk.Outcome<GradesResult>.Fail("", say["还没有评定等次，无法公布。"]);
        if (rows.Any(r => r.PublishedOn is not null)) return PartyDesk.Outcome<GradesResult>.Fail("", say["{0}年度的评议结果已经公布。", year]);
        var active = await db.Set<PartyMember>().CountAsync(m => m.BranchId == branch.Id && m.RelationOutOn == null, ct);
        var excellent = rows.Count(r => r.Grade == EvaluationGrade.Excellent);
        if (YearlyCycle.GradesRefusal(active, excellent) is not null) return PartyDesk.Outcome<GradesResult>.Fail("", OneThird(active, excellent));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in rows) r.PublishedOn = Today;
        await db.SaveChangesAsync(ct);
        await AuditAsync(AuditTargets.PartyBranch, branch.Id, branch.CommunityId, $"公布{year}年度民主评议结果（{rows.Count}名）", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<GradesResult>.Done(new GradesResult(active, rows.Count, excellent));
    }
}
