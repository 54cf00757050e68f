using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>The branch's year as the pages and the API read it: posts, promises, grades; and the public page's promises.</summary>
public sealed class YearReader(LinliDb db)
{
    public sealed record PostRow(long Id, long MemberId, string Member, string Post, string Duties, string Route, DateOnly? SignedOn, DateOnly? PublishedOn, string? Reports, int? Score);
    public sealed record PromiseRow(long Id, long? MemberId, string Who, string Text, string Measure, CommitmentState State, DateOnly? PublishedOn, bool Public, string? Progress,
        int? ScoreByMembers, int? ScoreByResidents, int? ScoreByBranch, int? Score);
    public sealed record GradeRow(long MemberId, string Member, bool IsCommittee, EvaluationGrade? Grade, DateOnly? PublishedOn, int? PromiseScore, long? GroupId = null);

    public async Task<IReadOnlyList<PostRow>> PostsAsync(long branchId, int year, CancellationToken ct) =>
        (await db.Set<PostAssignment>().AsNoTracking().Where(p => p.BranchId == branchId && p.Year == year)
            .Join(db.Set<PartyMember>(), p => p.MemberId, m => m.Id, (p, m) => new { p, m.Name }).OrderBy(x => x.p.Post).ThenBy(x => x.p.Id).ToListAsync(ct))
        .Select(x => new PostRow(x.p.Id, x.p.MemberId, x.Name, x.p.Post, x.p.Duties, x.p.Route, x.p.SignedOn, x.p.PublishedOn, x.p.Reports, x.p.Score)).ToList();

    public async Task<IReadOnlyList<PromiseRow>> PromisesAsync(long branchId, int year, bool publicOnly, CancellationToken ct)
    {
        var q = db.Set<Commitment>().AsNoTracking().Where(c => c.BranchId == branchId && c.Year == year);
        if (publicOnly) q = q.Where(c => c.Public && c.PublishedOn != null);
        var rows = await q.OrderBy(c => c.MemberId == null ? 0 : 1).ThenBy(c => c.MemberId).ThenBy(c => c.Id).ToListAsync(ct);
        var ids = rows.Where(r => r.MemberId != null).Select(r => r.MemberId!.Value).Distinct().ToList();
        var names = await db.Set<PartyMember>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return rows.Select(c => new PromiseRow(c.Id, c.MemberId, c.MemberId is { } m ? names.GetValueOrDefault(m, "") : "党支部", c.Text, c.Measure, c.State, c.PublishedOn, c.Public,
            c.Progress, c.ScoreByMembers, c.ScoreByResidents, c.ScoreByBranch, c.Score)).ToList();
    }

    /// <summary>Every active member with the year's grade (if any) and the mean score of their evaluated promises.</summary>
    public async Task<IReadOnlyList<GradeRow>> GradesAsync(long branchId, int year, CancellationToken ct)
    {
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.BranchId == branchId && m.RelationOutOn == null)
            .OrderByDescending(m => m.IsCommittee).ThenBy(m => m.GroupId).ThenBy(m => m.Id).Select(m => new { m.Id, m.Name, m.IsCommittee, m.GroupId }).ToListAsync(ct);
        var grades = await db.Set<MemberEvaluation>().AsNoTracking().Where(e => e.BranchId == branchId && e.Year == year).ToDictionaryAsync(e => e.MemberId, ct);
        var scores = (await db.Set<Commitment>().AsNoTracking().Where(c => c.BranchId == branchId && c.Year == year && c.State == CommitmentState.Evaluated && c.MemberId != null).ToListAsync(ct))
            .GroupBy(c => c.MemberId!.Value).ToDictionary(g => g.Key, g => (int?)(int)Math.Round(g.Average(c => c.Score ?? 0)));
        return members.Select(m => new GradeRow(m.Id, m.Name, m.IsCommittee, grades.TryGetValue(m.Id, out var e) ? e.Grade : null, e?.PublishedOn, scores.GetValueOrDefault(m.Id), m.GroupId)).ToList();
    }

    /// <summary>The branch's 党小组 in their order.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> GroupsAsync(long branchId, CancellationToken ct) =>
        (await db.Set<PartyGroup>().AsNoTracking().Where(g => g.BranchId == branchId).OrderBy(g => g.SortOrder).ThenBy(g => g.Id).Select(g => new { g.Id, g.Name }).ToListAsync(ct))
        .Select(g => (g.Id, g.Name)).ToList();

    public async Task<PartyBranch?> BranchAsync(long id, CancellationToken ct) => await db.Set<PartyBranch>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
}
