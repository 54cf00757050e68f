using Linli.Data;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>What the 党费, 困难党员 and 谈心谈话 pages and the API read, for one branch the user already sees (<see cref="PartyHead"/>).</summary>
public sealed class CareReader(LinliDb db)
{
    /// <summary>One member's dues for a year: the declaration in force, each month (null = not due: before the first declaration),
    /// paid in the year, and the arrears as of today (all unpaid months so far, not only this year's).</summary>
    public sealed record DuesRow(long MemberId, string Name, string? Group, DuesKind? Kind, decimal? Income, string Rate, decimal Monthly,
        IReadOnlyList<DuesRules.MonthDue?> Months, decimal DueInYear, decimal PaidInYear, int Unpaid, int InARow, decimal Owed)
    {
        public bool Flagged => Unpaid >= DuesRules.FlagAt;
        public bool Warned => InARow >= DuesRules.WarnAt;
    }

    public sealed record MonthTotal(int Month, decimal Due, decimal Collected, int Payers);

    public sealed record DuesRegister(int Year, IReadOnlyList<DuesRow> Rows, IReadOnlyList<MonthTotal> Months, decimal Due, decimal Collected);

    public async Task<DuesRegister> DuesAsync(long branchId, int year, DateOnly today, CancellationToken ct)
    {
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.BranchId == branchId && m.RelationOutOn == null)
            .OrderBy(m => m.GroupId).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.Name, Group = db.Set<PartyGroup>().Where(g => g.Id == m.GroupId).Select(g => g.Name).FirstOrDefault() }).ToListAsync(ct);
        var declarations = (await db.Set<DuesDeclaration>().AsNoTracking().Where(d => d.BranchId == branchId)
            .Select(d => new { d.Id, d.MemberId, d.FromMonth, d.Kind, d.MonthlyIncome, d.MonthlyAmount }).ToListAsync(ct)).ToLookup(d => d.MemberId);
        var payments = (await db.Set<DuesPayment>().AsNoTracking().Where(p => p.BranchId == branchId)
            .Select(p => new { p.MemberId, p.FromMonth, p.ToMonth, p.Amount, p.PaidOn }).ToListAsync(ct)).ToLookup(p => p.MemberId);
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 1);
        var thisMonth = DuesRules.MonthOf(today);
        var rows = new List<DuesRow>();
        foreach (var m in members)
        {
            var decl = declarations[m.Id].OrderBy(d => d.FromMonth).ThenBy(d => d.Id).ToList();
            var pays = payments[m.Id].ToList();
            var through = last > thisMonth ? last : thisMonth;
            var months = DuesRules.Months(decl.Select(d => (d.FromMonth, d.Kind, d.MonthlyAmount)).ToList(), pays.Select(p => (p.FromMonth, p.ToMonth)).ToList(), through);
            var inYear = Enumerable.Range(1, 12).Select(i => months.FirstOrDefault(x => x.Month == new DateOnly(year, i, 1))).ToList();
            var current = decl.LastOrDefault(d => d.FromMonth <= (thisMonth < first ? first : thisMonth > last ? last : thisMonth)) ?? decl.FirstOrDefault();
            var (unpaid, row, owed) = DuesRules.Arrears(months, today);
            rows.Add(new DuesRow(m.Id, m.Name, m.Group, current?.Kind, current?.MonthlyIncome, current is null ? "—" : DuesRules.RateWord(current.Kind, current.MonthlyIncome),
                current?.MonthlyAmount ?? 0m, inYear, inYear.Where(x => x is not null && !x.Waived).Sum(x => x!.Due),
                pays.Where(p => p.PaidOn.Year == year).Sum(p => p.Amount), unpaid, row, owed));
        }
        var totals = Enumerable.Range(1, 12).Select(i =>
        {
            var paidIn = payments.SelectMany(g => g).Where(p => p.PaidOn.Year == year && p.PaidOn.Month == i).ToList();
            return new MonthTotal(i, rows.Sum(r => r.Months[i - 1] is { Waived: false } x ? x.Due : 0m), paidIn.Sum(p => p.Amount), paidIn.Select(p => p.MemberId).Distinct().Count());
        }).ToList();
        return new DuesRegister(year, rows, totals, rows.Sum(r => r.DueInYear), totals.Sum(t => t.Collected));
    }

    public sealed record PaymentRow(long Id, long MemberId, string Name, DateOnly FromMonth, DateOnly ToMonth, decimal Amount, DateOnly PaidOn, string RecordedBy, string? Note);

    /// <summary>党费收缴登记 of a month: the payments received in it (by the day paid).</summary>
    public async Task<IReadOnlyList<PaymentRow>> PaymentsAsync(long branchId, DateOnly from, DateOnly to, long? memberId, CancellationToken ct)
    {
        var q = db.Set<DuesPayment>().AsNoTracking().Where(p => p.BranchId == branchId && p.PaidOn >= from && p.PaidOn <= to);
        if (memberId is { } mid) q = db.Set<DuesPayment>().AsNoTracking().Where(p => p.BranchId == branchId && p.MemberId == mid);
        return await q.Join(db.Set<PartyMember>(), p => p.MemberId, m => m.Id, (p, m) => new { p, m.Name }).OrderBy(x => x.p.PaidOn).ThenBy(x => x.p.Id)
            .Select(x => new PaymentRow(x.p.Id, x.p.MemberId, x.Name, x.p.FromMonth, x.p.ToMonth, x.p.Amount, x.p.PaidOn, x.p.RecordedByName, x.p.Note))
            .Take(2000).ToListAsync(ct);
    }

    public sealed record DeclarationRow(long Id, DuesKind Kind, decimal? Income, decimal Monthly, DateOnly FromMonth, DateOnly DeclaredOn, string? ApprovedBy, string? Reason, string RecordedBy);

    public async Task<IReadOnlyList<DeclarationRow>> DeclarationsAsync(long memberId, CancellationToken ct) =>
        await db.Set<DuesDeclaration>().AsNoTracking().Where(d => d.MemberId == memberId).OrderByDescending(d => d.FromMonth).ThenByDescending(d => d.Id)
            .Select(d => new DeclarationRow(d.Id, d.Kind, d.MonthlyIncome, d.MonthlyAmount, d.FromMonth, d.DeclaredOn, d.ApprovedBy, d.Reason, d.RecordedByName)).ToListAsync(ct);

    /// <summary>A member in hardship with the pairing, the last visit, and whether the coming round has been made.</summary>
    public sealed record HardshipRow(long Id, long MemberId, string Name, bool LivesHere, string Kind, string? Health, string Situation, string? Paired, long? PairedMemberId, DateOnly? PairedOn,
        string? Support, DateOnly FlaggedOn, DateOnly? EndedOn, IReadOnlyList<VisitRow> Visits, bool VisitedForComing);

    public sealed record VisitRow(long Id, string Festival, int RoundYear, DateOnly Date, string Visitors, decimal? Money, string? Goods, string? Notes, long? VisitId);

    public async Task<IReadOnlyList<HardshipRow>> HardshipAsync(long branchId, bool withEnded, (Care.Festival Festival, int Year) coming, CancellationToken ct, long? id = null)
    {
        var q = db.Set<HardshipRecord>().AsNoTracking().Where(h => h.BranchId == branchId);
        if (!withEnded) q = q.Where(h => h.EndedOn == null);
        if (id is { } hid) q = q.Where(h => h.Id == hid);
        var rows = await q.OrderBy(h => h.EndedOn != null).ThenBy(h => h.FlaggedOn).ThenBy(h => h.Id)
            .Select(h => new
            {
                h, Name = db.Set<PartyMember>().Where(m => m.Id == h.MemberId).Select(m => m.Name).First(),
                LivesHere = db.Set<PartyMember>().Where(m => m.Id == h.MemberId).Select(m => m.ResidentId != null).First(),
                Paired = db.Set<PartyMember>().Where(m => m.Id == h.PairedMemberId).Select(m => m.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.h.Id).ToList();
        var visits = (await db.Set<HardshipVisit>().AsNoTracking().Where(v => ids.Contains(v.HardshipId)).OrderByDescending(v => v.Date).ThenByDescending(v => v.Id)
            .Select(v => new { v.HardshipId, Row = new VisitRow(v.Id, v.Festival, v.RoundYear, v.Date, v.Visitors, v.Money, v.Goods, v.Notes, v.VisitId) }).ToListAsync(ct))
            .ToLookup(v => v.HardshipId, v => v.Row);
        return rows.Select(r => new HardshipRow(r.h.Id, r.h.MemberId, r.Name, r.LivesHere, r.h.Kind, r.h.Health, r.h.Situation, r.Paired, r.h.PairedMemberId, r.h.PairedOn, r.h.Support,
            r.h.FlaggedOn, r.h.EndedOn, visits[r.h.Id].ToList(), visits[r.h.Id].Any(v => v.Festival == coming.Festival.Key && v.RoundYear == coming.Year))).ToList();
    }

    /// <summary>One member of a visiting round: in hardship at some time in the round's window, and their visit for it (null: not yet).</summary>
    public sealed record RoundRow(long HardshipId, long MemberId, string Name, string Kind, string? Paired, bool LivesHere, VisitRow? Visit);

    /// <summary>A visiting round (2027年元旦春节 …) as a campaign: its window, who is to be visited and who was.</summary>
    public sealed record Round(string Festival, int Year, string Name, DateOnly From, DateOnly To, IReadOnlyList<RoundRow> Rows)
    {
        public int Visited => Rows.Count(r => r.Visit is not null);
        public int Pending => Rows.Count(r => r.Visit is null);
    }

    public async Task<Round> RoundAsync(long branchId, Care.Festival festival, int year, CancellationToken ct)
    {
        var (from, to) = festival.Window(year);
        var rows = (await HardshipAsync(branchId, true, (festival, year), ct))
            .Where(h => h.FlaggedOn <= to && (h.EndedOn is null || h.EndedOn >= from) || h.Visits.Any(v => v.Festival == festival.Key && v.RoundYear == year))
            .Select(h => new RoundRow(h.Id, h.MemberId, h.Name, h.Kind, h.Paired, h.LivesHere, h.Visits.FirstOrDefault(v => v.Festival == festival.Key && v.RoundYear == year)))
            .OrderBy(r => r.Visit is not null).ThenBy(r => r.HardshipId).ToList();
        return new Round(festival.Key, year, Care.RoundName(festival.Key, year), from, to, rows);
    }

    public sealed record TalkRow(long Id, long MemberId, string Member, string Talker, DateOnly Date, string Topic, string? Notes);

    public async Task<IReadOnlyList<TalkRow>> TalksAsync(long branchId, int year, long? memberId, CancellationToken ct)
    {
        var q = db.Set<PartyTalk>().AsNoTracking().Where(t => t.BranchId == branchId && t.Date >= new DateOnly(year, 1, 1) && t.Date <= new DateOnly(year, 12, 31));
        if (memberId is { } mid) q = q.Where(t => t.MemberId == mid);
        return await q.Join(db.Set<PartyMember>(), t => t.MemberId, m => m.Id, (t, m) => new { t, m.Name }).OrderByDescending(x => x.t.Date).ThenByDescending(x => x.t.Id)
            .Select(x => new TalkRow(x.t.Id, x.t.MemberId, x.Name, x.t.Talker, x.t.Date, x.t.Topic, x.t.Notes)).Take(1000).ToListAsync(ct);
    }

    /// <summary>Active members with no talk recorded in the year (谈心谈话 at least yearly).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> NotTalkedWithAsync(long branchId, int year, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        return (await db.Set<PartyMember>().AsNoTracking().Where(m => m.BranchId == branchId && m.RelationOutOn == null
                && !db.Set<PartyTalk>().Any(t => t.MemberId == m.Id && t.Date >= from && t.Date <= to))
            .OrderBy(m => m.GroupId).ThenBy(m => m.Id).Select(m => new { m.Id, m.Name }).ToListAsync(ct)).Select(m => (m.Id, m.Name)).ToList();
    }

    public async Task<IReadOnlyList<(long Id, string FileName)>> PhotosAsync(long meetingId, CancellationToken ct) =>
        (await db.Set<MeetingPhoto>().AsNoTracking().Where(p => p.MeetingId == meetingId).OrderBy(p => p.Id).Select(p => new { p.Id, p.FileName }).ToListAsync(ct))
            .Select(p => (p.Id, p.FileName)).ToList();

    public async Task<MeetingPhoto?> PhotoAsync(long meetingId, long photoId, CancellationToken ct) =>
        await db.Set<MeetingPhoto>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == photoId && p.MeetingId == meetingId, ct);
}
