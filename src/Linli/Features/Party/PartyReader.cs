using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>What the party pages and the API read, always inside the communities where the user holds <see cref="Permissions.Party.Read"/>.</summary>
public sealed class PartyReader(LinliDb db, TimeProvider clock)
{
    public DateOnly Today => clock.Today();

    public Task<long[]> ReadableAsync(UserArea area, CancellationToken ct) => PartyScope.CommunitiesAsync(db, area, Permissions.Party.Read, ct);

    /// <summary>Whether the user keeps the party records of <paramref name="communityId"/> (shows the forms; the desk checks again).</summary>
    public async Task<bool> WritesAsync(UserArea area, long communityId, CancellationToken ct) =>
        (await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct)).Contains(communityId);

    public sealed record BranchChoice(long Id, long CommunityId, string Name, string Community);

    /// <summary>The branches the user sees, with their community's name, in the tree's order.</summary>
    public async Task<IReadOnlyList<BranchChoice>> BranchesAsync(UserArea area, CancellationToken ct)
    {
        var communities = await ReadableAsync(area, ct);
        return await db.Set<PartyBranch>().AsNoTracking().InScopeOf(communities)
            .Join(db.OrgUnits, b => b.CommunityId, o => o.Id, (b, o) => new { b, o })
            .OrderBy(x => x.o.SortOrder).ThenBy(x => x.b.Id)
            .Select(x => new BranchChoice(x.b.Id, x.b.CommunityId, x.b.Name, x.o.Name)).ToListAsync(ct);
    }

    /// <summary>The communities the user keeps that have no branch yet (to set one up).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> CommunitiesWithoutBranchAsync(UserArea area, CancellationToken ct)
    {
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        return (await db.OrgUnits.AsNoTracking().Where(o => communities.Contains(o.Id) && !db.Set<PartyBranch>().Any(b => b.CommunityId == o.Id))
            .OrderBy(o => o.SortOrder).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    /// <summary>One branch the user sees (the first when <paramref name="branchId"/> is null); null when none.</summary>
    public async Task<BranchChoice?> BranchAsync(UserArea area, long? branchId, CancellationToken ct)
    {
        var all = await BranchesAsync(area, ct);
        return branchId is { } id ? all.FirstOrDefault(b => b.Id == id) : all.Count > 0 ? all[0] : null;
    }

    public sealed record MemberCounts(int Active, int Full, int Probationary, int Committee, int LivingElsewhere, int Groups);
    public sealed record RectificationCounts(int Total, int NotStarted, int InProgress, int Done, int SignedOff, int Overdue, int OnTime);
    public sealed record Overview(BranchChoice Branch, MemberCounts Members, IReadOnlyList<PeriodStatus> Rhythm, IReadOnlyList<PeriodStatus> Current,
        IReadOnlyList<(MeetingKind Kind, int Held, int Required)> YearTotals, RectificationCounts Rectifications, IReadOnlyList<BranchMeeting> Recent, int Year);

    public async Task<Overview> OverviewAsync(BranchChoice branch, int? year, CancellationToken ct)
    {
        var today = Today;
        var y = year ?? today.Year;
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.BranchId == branch.Id && m.RelationOutOn == null)
            .GroupBy(m => 1).Select(g => new
            {
                Active = g.Count(), Full = g.Count(m => m.Category == MemberCategory.Full), Probationary = g.Count(m => m.Category == MemberCategory.Probationary),
                Committee = g.Count(m => m.IsCommittee), Elsewhere = g.Count(m => m.ResidentId == null),
            }).FirstOrDefaultAsync(ct);
        var groups = await db.Set<PartyGroup>().AsNoTracking().CountAsync(g => g.BranchId == branch.Id, ct);
        var held = await db.Set<BranchMeeting>().AsNoTracking().Where(m => m.BranchId == branch.Id && m.Date >= new DateOnly(y, 1, 1) && m.Date <= new DateOnly(y, 12, 31))
            .Select(m => new { m.Kind, m.Date, m.GroupId }).ToListAsync(ct);
        var asOf = y < today.Year ? new DateOnly(y, 12, 31).AddDays(1) : today;
        var rhythm = MeetingRhythm.Status(y, asOf, held.Select(m => (m.Kind, m.Date, m.GroupId)), groups);
        var totals = MeetingRhythm.Rules.Select(r => (r.Kind, rhythm.Where(s => s.Kind == r.Kind).Sum(s => Math.Min(s.Held, s.Required)),
            rhythm.Count(s => s.Kind == r.Kind && s.State != PeriodState.Pending) * (r.Kind == MeetingKind.GroupMeeting ? Math.Max(1, groups) : 1))).ToList();
        var rows = await db.Set<Rectification>().AsNoTracking().Where(r => r.CommunityId == branch.CommunityId)
            .Select(r => new { r.Progress, r.Deadline, r.DoneOn }).ToListAsync(ct);
        var rect = new RectificationCounts(rows.Count, rows.Count(r => r.Progress == RectificationProgress.NotStarted), rows.Count(r => r.Progress == RectificationProgress.InProgress),
            rows.Count(r => r.Progress == RectificationProgress.Done), rows.Count(r => r.Progress == RectificationProgress.SignedOff),
            rows.Count(r => Rectifications.IsOverdue(r.Progress, r.Deadline, today)), rows.Count(r => Rectifications.OnTime(r.Progress, r.Deadline, r.DoneOn)));
        var recent = await db.Set<BranchMeeting>().AsNoTracking().Where(m => m.BranchId == branch.Id).OrderByDescending(m => m.Date).ThenByDescending(m => m.Id).Take(8).ToListAsync(ct);
        return new Overview(branch, new MemberCounts(members?.Active ?? 0, members?.Full ?? 0, members?.Probationary ?? 0, members?.Committee ?? 0, members?.Elsewhere ?? 0, groups),
            rhythm, MeetingRhythm.Current(rhythm, y < today.Year ? new DateOnly(y, 12, 31) : today), totals, rect, recent, y);
    }

    public sealed record MemberRow(long Id, string Name, string? Gender, DateOnly? BirthDate, DateOnly JoinedOn, DateOnly? FullOn, MemberCategory Category, string? Group,
        string? Posts, bool IsCommittee, bool LivesHere, DateOnly? RelationOutOn);

    public async Task<IReadOnlyList<MemberRow>> MembersAsync(BranchChoice branch, string? q, MemberCategory? category, bool withFormer, CancellationToken ct, bool committee = false, long? group = null)
    {
        var query = db.Set<PartyMember>().AsNoTracking().Where(m => m.BranchId == branch.Id);
        if (!withFormer) query = query.Where(m => m.RelationOutOn == null);
        if (category is { } c) query = query.Where(m => m.Category == c);
        if (committee) query = query.Where(m => m.IsCommittee);
        if (group is { } g) query = query.Where(m => m.GroupId == g);
        if (Text.Clean(q) is { } text) query = query.Where(m => m.Name.Contains(text));
        return await query.OrderByDescending(m => m.IsCommittee).ThenBy(m => m.GroupId).ThenBy(m => m.JoinedOn).ThenBy(m => m.Id)
            .Select(m => new MemberRow(m.Id, m.Name, m.Gender, m.BirthDate, m.JoinedOn, m.FullOn, m.Category,
                db.Set<PartyGroup>().Where(g => g.Id == m.GroupId).Select(g => g.Name).FirstOrDefault(), m.Posts, m.IsCommittee, m.ResidentId != null, m.RelationOutOn))
            .ToListAsync(ct);
    }

    public async Task<PartyMember?> MemberAsync(UserArea area, long id, CancellationToken ct) =>
        await db.Set<PartyMember>().AsNoTracking().InScopeOf(await ReadableAsync(area, ct)).FirstOrDefaultAsync(m => m.Id == id, ct);

    public async Task<IReadOnlyList<PartyGroup>> GroupsAsync(long branchId, CancellationToken ct) =>
        await db.Set<PartyGroup>().AsNoTracking().Where(g => g.BranchId == branchId).OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToListAsync(ct);

    public async Task<IReadOnlyList<BranchMeeting>> MeetingsAsync(BranchChoice branch, MeetingKind? kind, int? year, int? month, CancellationToken ct)
    {
        var q = db.Set<BranchMeeting>().AsNoTracking().Where(m => m.BranchId == branch.Id);
        if (kind is { } k) q = q.Where(m => m.Kind == k);
        if (year is { } y) q = q.Where(m => m.Date >= new DateOnly(y, 1, 1) && m.Date <= new DateOnly(y, 12, 31));
        if (year is { } yy && month is >= 1 and <= 12) q = q.Where(m => m.Date >= new DateOnly(yy, month.Value, 1) && m.Date <= new DateOnly(yy, month.Value, DateTime.DaysInMonth(yy, month.Value)));
        return await q.OrderByDescending(m => m.Date).ThenByDescending(m => m.Id).Take(500).ToListAsync(ct);
    }

    public async Task<BranchMeeting?> MeetingAsync(UserArea area, long id, CancellationToken ct) =>
        await db.Set<BranchMeeting>().AsNoTracking().InScopeOf(await ReadableAsync(area, ct)).FirstOrDefaultAsync(m => m.Id == id, ct);

    public sealed record AttendanceRow(long MemberId, string Name, bool Present, string? Reason);

    public async Task<IReadOnlyList<AttendanceRow>> AttendanceAsync(long meetingId, CancellationToken ct) =>
        (await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MeetingId == meetingId)
            .Join(db.Set<PartyMember>(), a => a.MemberId, m => m.Id, (a, m) => new { m.Id, m.Name, a.Present, a.AbsenceReason })
            .OrderByDescending(a => a.Present).ThenBy(a => a.Id).ToListAsync(ct)).Select(a => new AttendanceRow(a.Id, a.Name, a.Present, a.AbsenceReason)).ToList();

    public async Task<IReadOnlyList<SelfInspection>> InspectionsAsync(BranchChoice branch, CancellationToken ct) =>
        await db.Set<SelfInspection>().AsNoTracking().Where(s => s.BranchId == branch.Id).OrderByDescending(s => s.Year).ThenByDescending(s => s.HeldOn).ToListAsync(ct);

    public async Task<SelfInspection?> InspectionAsync(UserArea area, long id, CancellationToken ct) =>
        await db.Set<SelfInspection>().AsNoTracking().InScopeOf(await ReadableAsync(area, ct)).FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>The rows of one inspection in ledger order, optionally only overdue ones or one state.</summary>
    public async Task<IReadOnlyList<Rectification>> RowsAsync(long inspectionId, RectificationProgress? progress, bool overdueOnly, CancellationToken ct)
    {
        var q = db.Set<Rectification>().AsNoTracking().Where(r => r.InspectionId == inspectionId);
        if (progress is { } p) q = q.Where(r => r.Progress == p);
        if (overdueOnly)
        {
            var today = Today;
            q = q.Where(r => (r.Progress == RectificationProgress.NotStarted || r.Progress == RectificationProgress.InProgress) && r.Deadline < today);
        }
        return await q.OrderBy(r => r.Seq).ToListAsync(ct);
    }

    public async Task<Rectification?> RectificationAsync(UserArea area, long id, CancellationToken ct) =>
        await db.Set<Rectification>().AsNoTracking().InScopeOf(await ReadableAsync(area, ct)).FirstOrDefaultAsync(r => r.Id == id, ct);

    public async Task<IReadOnlyList<RectificationEvent>> HistoryAsync(long rectificationId, CancellationToken ct) =>
        await db.Set<RectificationEvent>().AsNoTracking().Where(e => e.RectificationId == rectificationId).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).ToListAsync(ct);

    public async Task<IReadOnlyList<(long Id, string FileName, string ContentType)>> FilesAsync(long rectificationId, CancellationToken ct) =>
        (await db.Set<RectificationFile>().AsNoTracking().Where(f => f.RectificationId == rectificationId).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.FileName, f.ContentType }).ToListAsync(ct)).Select(f => (f.Id, f.FileName, f.ContentType)).ToList();

    public async Task<RectificationFile?> FileAsync(UserArea area, long rectificationId, long fileId, CancellationToken ct)
    {
        if (await RectificationAsync(area, rectificationId, ct) is null) return null;
        return await db.Set<RectificationFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.RectificationId == rectificationId, ct);
    }

    public async Task<string> CommunityNameAsync(long communityId, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().Where(o => o.Id == communityId).Select(o => o.Name).FirstAsync(ct);
}
