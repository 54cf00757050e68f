using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>
/// 报送: a generated ledger frozen as of the day it is sent — headings, every cell (numbers masked), who filled it —
/// then approved or returned by the street when its template asks for that. The saving (cells filled from the registry
/// versus typed) is counted per submission, so the street's dashboard adds numbers instead of recounting.
/// </summary>
public sealed class LedgerSubmissions(LinliDb db, LedgerGenerator generator, AuditLog audit, TimeProvider clock, IEnumerable<ILedgerSubmissionFollower> followers)
{
    public sealed record Saving(string TemplateKey, string Name, string Department, int Submissions, int FieldCells, int TypedCells);

    public async Task<LedgerOutcome<LedgerSubmission>> SubmitAsync(UserArea area, LedgerTemplateView template, OrgUnit unit, DateOnly month, CancellationToken ct, long? forTask = null)
    {
        if (!area.HasIn(Permissions.Ledgers.Fill, unit)) return new(null, LedgerRefusal.NotFound, "找不到该单位，或它不在你的管辖范围内。");
        var generated = await generator.GenerateAsync(area, template, unit, month, fullNumbers: false, ct);
        if (generated.Value is not { } sheet) return new(null, generated.Refusal, generated.Message);
        var now = clock.GetUtcNow();
        var submission = new LedgerSubmission
        {
            TemplateKey = template.Key, TemplateName = template.Name, Department = template.Department, UnitId = unit.Id,
            PeriodFrom = sheet.From, PeriodTo = sheet.To,
            HeadingsJson = LedgerCatalog.ToJson(sheet.Columns.Select(c => c.Heading).ToArray()),
            TypedJson = LedgerCatalog.ToJson(sheet.Columns.Select(c => c.Typed).ToArray()),
            CellsJson = LedgerCatalog.ToJson(sheet.Rows.Select(r => r.Cells).ToArray()),
            RowCount = sheet.Rows.Count, FieldCells = sheet.FieldCells, TypedCells = sheet.TypedCells,
            FilledById = area.UserId, FilledByName = area.DisplayName, SubmittedUtc = now.UtcDateTime,
            SubmittedOn = clock.Today(),
            StreetApproves = template.StreetApproves,
            State = template.StreetApproves ? LedgerSubmissionState.Submitted : LedgerSubmissionState.Approved,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(submission);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.LedgerSubmit, AuditTarget.LedgerSubmission(submission.Id), unit.Id,
            $"报送 {unit.Name}《{template.Name}》{LedgerCatalog.PeriodName(template.Cycle, sheet.From)}，{sheet.Rows.Count} 行（自动填写 {sheet.FieldCells} 项，手工填写 {sheet.TypedCells} 项）", ct: ct);
        // A task that asked for this ledger is marked 已提交 in the same transaction.
        foreach (var follower in followers)
            await follower.SubmittedAsync(area, new LedgerSubmitted(submission.Id, template.Key, template.Name, unit.Id, submission.SubmittedOn, forTask), ct);
        await tx.CommitAsync(ct);
        return new(submission);
    }

    /// <summary>A submission the user may see: the community's own (ledgers.fill) or, at the street, its communities' (ledgers.review).</summary>
    public async Task<(LedgerSubmission? Submission, OrgUnit? Unit)> FindAsync(UserArea area, long id, CancellationToken ct)
    {
        var found = await db.Set<LedgerSubmission>().AsNoTracking().Where(s => s.Id == id)
            .Join(db.OrgUnits, s => s.UnitId, o => o.Id, (s, o) => new { s, o }).FirstOrDefaultAsync(ct);
        if (found is null || !(area.HasIn(Permissions.Ledgers.Fill, found.o) || area.HasIn(Permissions.Ledgers.Review, found.o))) return (null, null);
        return (found.s, found.o);
    }

    public async Task<List<(LedgerSubmission Submission, string UnitName)>> ListAsync(UserArea area, string? templateKey, int take, CancellationToken ct)
    {
        var paths = area.UnitsWhere(Permissions.Ledgers.Fill).Concat(area.UnitsWhere(Permissions.Ledgers.Review)).Select(u => u.Path).Distinct().ToList();
        if (paths.Count == 0) return [];
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Kind != OrgUnitKind.Street).Select(o => new { o.Id, o.Path, o.Name }).ToListAsync(ct);
        var mine = units.Where(u => paths.Any(p => u.Path.StartsWith(p, StringComparison.Ordinal))).ToDictionary(u => u.Id, u => u.Name);
        var ids = mine.Keys.ToArray();
        var q = db.Set<LedgerSubmission>().AsNoTracking().Where(s => EF.Parameter(ids).Contains(s.UnitId));
        if (templateKey is not null) q = q.Where(s => s.TemplateKey == templateKey);
        var list = await q.OrderByDescending(s => s.Id).Take(take).ToListAsync(ct);
        return list.Select(s => (s, mine[s.UnitId])).ToList();
    }

    public async Task<LedgerOutcome<LedgerSubmission>> ReviewAsync(UserArea area, long id, bool approve, string? note, CancellationToken ct)
    {
        var (submission, unit) = await FindAsync(area, id, ct);
        if (submission is null || unit is null) return new(null, LedgerRefusal.NotFound, "找不到这份报送。");
        if (!area.HasIn(Permissions.Ledgers.Review, unit)) return new(null, LedgerRefusal.Forbidden, "只有街道可以审核报送的台账。");
        if (submission.State != LedgerSubmissionState.Submitted) return new(null, LedgerRefusal.Invalid, "这份台账已审核过，不能再审核。");
        note = note?.Trim() is { Length: > 0 } n ? (n.Length > 500 ? n[..500] : n) : null;
        if (!approve && note is null) return new(null, LedgerRefusal.Invalid, "退回时请写明理由，社区会看到。");
        var now = clock.GetUtcNow().UtcDateTime;
        var state = approve ? LedgerSubmissionState.Approved : LedgerSubmissionState.Returned;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<LedgerSubmission>().Where(s => s.Id == id && s.State == LedgerSubmissionState.Submitted)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, state).SetProperty(x => x.ReviewedById, area.UserId)
                .SetProperty(x => x.ReviewedByName, area.DisplayName).SetProperty(x => x.ReviewedUtc, now).SetProperty(x => x.ReviewNote, note), ct);
        if (changed == 0) return new(null, LedgerRefusal.Invalid, "这份台账刚刚已被审核。");
        await audit.WriteAsync(db, AuditActions.LedgerReview, AuditTarget.LedgerSubmission(id), unit.Id,
            $"{(approve ? "审核通过" : "退回")} {unit.Name}《{submission.TemplateName}》的报送{(note is null ? "" : "，意见：" + note)}", ct: ct);
        await tx.CommitAsync(ct);
        submission.State = state;
        submission.ReviewedById = area.UserId;
        submission.ReviewedByName = area.DisplayName;
        submission.ReviewedUtc = now;
        submission.ReviewNote = note;
        return new(submission);
    }

    /// <summary>The saving per ledger for a month, over the units where the user fills or reviews ledgers.</summary>
    public async Task<List<Saving>> SavingsAsync(UserArea area, DateOnly month, CancellationToken ct)
    {
        var paths = area.UnitsWhere(Permissions.Ledgers.Fill).Concat(area.UnitsWhere(Permissions.Ledgers.Review)).Select(u => u.Path).Distinct().ToList();
        if (paths.Count == 0) return [];
        var from = new DateOnly(month.Year, month.Month, 1);
        var to = from.AddMonths(1);
        var rows = await db.Set<LedgerSubmission>().AsNoTracking().Where(s => s.SubmittedOn >= from && s.SubmittedOn < to)
            .Join(db.OrgUnits, s => s.UnitId, o => o.Id, (s, o) => new { s.TemplateKey, s.TemplateName, s.Department, s.FieldCells, s.TypedCells, o.Path })
            .ToListAsync(ct);
        return rows.Where(r => paths.Any(p => r.Path.StartsWith(p, StringComparison.Ordinal)))
            .GroupBy(r => r.TemplateKey)
            .Select(g => new Saving(g.Key, g.First().TemplateName, g.First().Department, g.Count(), g.Sum(x => x.FieldCells), g.Sum(x => x.TypedCells)))
            .OrderByDescending(s => s.FieldCells).ToList();
    }

    public static string[] Headings(LedgerSubmission s) => LedgerCatalog.FromJson<string[]>(s.HeadingsJson) ?? [];
    public static bool[] TypedColumns(LedgerSubmission s) => LedgerCatalog.FromJson<bool[]>(s.TypedJson) ?? [];
    public static string?[][] Cells(LedgerSubmission s) => LedgerCatalog.FromJson<string?[][]>(s.CellsJson) ?? [];

    public static string StateName(LedgerSubmissionState s) => s switch
    {
        LedgerSubmissionState.Submitted => "待审核",
        LedgerSubmissionState.Approved => "已通过",
        _ => "已退回",
    };
}

/// <summary>本月自动填写 N 项，手工填写 M 项 — on the home page of those who fill or review ledgers.</summary>
public sealed class LedgerHomeCards(LedgerSubmissions submissions, TimeProvider clock) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        if (!area.Has(Permissions.Ledgers.Review) && !area.Has(Permissions.Ledgers.Fill)) return [];
        var savings = await submissions.SavingsAsync(area, clock.Today(), ct);
        var auto = savings.Sum(s => s.FieldCells);
        var typed = savings.Sum(s => s.TypedCells);
        return [new HomeCard("台账", "本月台账自动填写（项）", auto, "/Ledgers/Savings", Tone.Ok, $"本月自动填写 {auto} 项，手工填写 {typed} 项", Order: 40)];
    }
}
