using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Linli.Features.Party;

/// <summary>
/// 党费收支: what moves through the branch's dues account besides the members' payments (those are <see cref="DuesPayment"/>).
/// By 中组发〔2008〕3号 the dues a branch collects go up to the committee above (上缴); the committee may send money down for the
/// branch's party work (上级下拨) or hand part of the dues back (党费返还), and only that money is spent, on the uses the rule
/// allows (<see cref="DuesBookRules.Purposes"/>).
/// </summary>
public enum DuesFlowKind
{
    /// <summary>上缴党费 to the committee above.</summary>
    Remit,
    /// <summary>上级下拨 for the branch's party work.</summary>
    Allocation,
    /// <summary>党费返还 by the committee above.</summary>
    Refund,
    /// <summary>党费支出 on an allowed use.</summary>
    Spending,
}

/// <summary>One entry of the branch's dues account (收支): kind, day, amount in 元, 摘要, the other side (the committee above),
/// and for spending its use and who approved it (支委会研究 or the committee's approval).</summary>
public sealed class DuesFlow
{
    public long Id { get; set; }
    public required long CommunityId { get; set; }
    public required long BranchId { get; set; }
    public required DuesFlowKind Kind { get; set; }
    public required DateOnly Date { get; set; }
    public required decimal Amount { get; set; }
    public required string Summary { get; set; }
    /// <summary>上缴/下拨/返还: the committee above (城关街道党工委 …); spending: who was paid.</summary>
    public string? Counterparty { get; set; }
    /// <summary>Spending only: one of <see cref="DuesBookRules.Purposes"/>.</summary>
    public string? Purpose { get; set; }
    /// <summary>Spending only: 批准 (支委会研究决定, 街道党工委批复 …).</summary>
    public string? ApprovedBy { get; set; }
    public required long RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public required DateTime RecordedAtUtc { get; set; }
}

sealed class DuesFlowConfiguration : IEntityTypeConfiguration<DuesFlow>
{
    public void Configure(EntityTypeBuilder<DuesFlow> b)
    {
        b.ToTable("PartyDuesFlows");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.Property(x => x.Summary).HasMaxLength(200);
        b.Property(x => x.Counterparty).HasMaxLength(64);
        b.Property(x => x.Purpose).HasMaxLength(32);
        b.Property(x => x.ApprovedBy).HasMaxLength(64);
        b.Property(x => x.RecordedByName).HasMaxLength(64);
        b.HasIndex(x => new { x.CommunityId, x.Date });
        b.HasIndex(x => new { x.BranchId, x.Date });
    }
}

/// <summary>The words and the arithmetic of the dues account.</summary>
public static class DuesBookRules
{
    /// <summary>What dues may be spent on (中组发〔2008〕3号 第十四条 and the practice of the committees above); nothing else —
    /// not welfare, not entertaining, not the office's running costs.</summary>
    public static readonly IReadOnlyList<string> Purposes =
        ["党员教育培训", "订阅党报党刊和学习资料", "表彰先进党组织和优秀党员", "慰问困难党员和老党员", "补助党组织活动", "经上级党委批准的其他用途"];

    public static string KindWord(DuesFlowKind kind) => kind switch
    {
        DuesFlowKind.Remit => "上缴党费", DuesFlowKind.Allocation => "上级下拨", DuesFlowKind.Refund => "党费返还", _ => "党费支出",
    };

    /// <summary>One line of the account: the month's collected dues (<see cref="FlowId"/> null, its id in ledgers
    /// <see cref="CollectionRowId"/>) or an entry; the columns it fills; and the running balances after it — dues collected and
    /// not yet sent up (待上缴), and money from above not yet spent (可用党费).</summary>
    public sealed record Line(long RowId, long? FlowId, DateOnly Date, string Summary, decimal Collected, decimal Allocated, decimal Refunded, decimal Remitted,
        decimal Spent, decimal ToRemit, decimal Available, string? Handler, string? Purpose, string? ApprovedBy);

    /// <summary>The ledger row id of a month's collected dues: negative, so it never meets an entry's id.</summary>
    public static long CollectionRowId(DateOnly month) => -(month.Year * 100L + month.Month);

    /// <summary>
    /// Every line from the first, in order — by day; on one day the collection before the entries, so that a remittance the
    /// day the dues came in finds them — with the balances running. <paramref name="collected"/> is each month's dues received
    /// (the day of its last payment, the total, the number of payments).
    /// </summary>
    public static IReadOnlyList<Line> Lines(IEnumerable<(DateOnly Month, DateOnly LastDay, decimal Total, int Count)> collected, IEnumerable<DuesFlow> flows)
    {
        var items = collected.Select(c => new Item(c.LastDay, 0, CollectionRowId(c.Month), null, c.Month, c.Total, c.Count))
            .Concat(flows.Select(f => new Item(f.Date, 1, f.Id, f, default, 0, 0)))
            .OrderBy(x => x.Date).ThenBy(x => x.First).ThenBy(x => x.Flow is { Id: 0 } ? long.MaxValue : x.Id).ToList();   // an entry not yet saved comes last on its day
        var lines = new List<Line>(items.Count);
        decimal toRemit = 0, available = 0;
        foreach (var x in items)
        {
            if (x.Flow is not { } f)
            {
                toRemit += x.Total;
                lines.Add(new Line(x.Id, null, x.Date, $"{x.Month:yyyy年M月}收缴党费（{x.Count}笔）", x.Total, 0, 0, 0, 0, toRemit, available, null, null, null));
                continue;
            }
            decimal Of(DuesFlowKind k) => f.Kind == k ? f.Amount : 0m;
            toRemit -= Of(DuesFlowKind.Remit);
            available += Of(DuesFlowKind.Allocation) + Of(DuesFlowKind.Refund) - Of(DuesFlowKind.Spending);
            lines.Add(new Line(f.Id, f.Id, f.Date, f.Summary, 0, Of(DuesFlowKind.Allocation), Of(DuesFlowKind.Refund), Of(DuesFlowKind.Remit), Of(DuesFlowKind.Spending),
                toRemit, available, f.RecordedByName, f.Purpose, f.ApprovedBy));
        }
        return lines;
    }

    sealed record Item(DateOnly Date, int First, long Id, DuesFlow? Flow, DateOnly Month, decimal Total, int Count);
}

/// <summary>Reads the dues account of a branch, or of a community (the ledger's unit), up to a day.</summary>
public sealed class DuesBookReader(LinliDb db)
{
    public sealed record Book(IReadOnlyList<DuesBookRules.Line> Lines, decimal ToRemit, decimal Available);

    public async Task<Book> ReadAsync(long? branchId, long? communityId, DateOnly through, CancellationToken ct)
    {
        var payments = db.Set<DuesPayment>().AsNoTracking().Where(p => p.PaidOn <= through);
        var flows = db.Set<DuesFlow>().AsNoTracking().Where(f => f.Date <= through);
        if (branchId is { } b) { payments = payments.Where(p => p.BranchId == b); flows = flows.Where(f => f.BranchId == b); }
        if (communityId is { } c) { payments = payments.Where(p => p.CommunityId == c); flows = flows.Where(f => f.CommunityId == c); }
        var paid = await payments.Select(p => new { p.PaidOn, p.Amount }).ToListAsync(ct);
        var collected = paid.GroupBy(p => DuesRules.MonthOf(p.PaidOn)).Select(g => (g.Key, g.Max(p => p.PaidOn), g.Sum(p => p.Amount), g.Count()));
        var lines = DuesBookRules.Lines(collected, await flows.ToListAsync(ct));
        return new Book(lines, lines.Count == 0 ? 0 : lines[^1].ToRemit, lines.Count == 0 ? 0 : lines[^1].Available);
    }
}

/// <summary>Recording 上缴, 下拨, 返还 and 支出 in the branch's dues account; one transaction with its audit row each.</summary>
public sealed class DuesBookDesk(LinliDb db, AuditLog audit, TimeProvider clock, IStringLocalizer say, DuesBookReader reader)
{
    public sealed class FlowForm
    {
        public long? BranchId { get; set; }
        public DuesFlowKind? Kind { get; set; }
        public DateOnly? Date { get; set; }
        public decimal? Amount { get; set; }
        public string? Summary { get; set; }
        public string? Counterparty { get; set; }
        public string? Purpose { get; set; }
        public string? ApprovedBy { get; set; }
    }

    /// <summary>
    /// An entry, refused with a sentence per field: a day not after today; an amount above 0 in 元 and 分; 上缴 not more than the
    /// dues collected and not yet sent up by that day, 支出 not more than the money from above not yet spent by that day (and not
    /// made unspendable by an earlier entry later on), on a use the rule allows, with who approved it.
    /// </summary>
    public async Task<PartyDesk.Outcome<DuesFlow>?> RecordAsync(UserArea area, FlowForm f, CancellationToken ct)
    {
        if (f.BranchId is not { } branchId) return PartyDesk.Outcome<DuesFlow>.Fail(nameof(f.BranchId), say["请选择党支部。"]);
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        var branch = await db.Set<PartyBranch>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(b => b.Id == branchId, ct);
        if (branch is null) return null;
        var today = clock.Today();
        var errors = new Dictionary<string, string>();
        if (f.Kind is not { } kind || !Enum.IsDefined(kind)) { errors[nameof(f.Kind)] = say["请选择收支类别（上缴、下拨、返还或支出）。"]; kind = default; }
        if (f.Date is not { } date) errors[nameof(f.Date)] = say["请填写日期。"];
        else if (date > today) errors[nameof(f.Date)] = say["日期不能晚于今天。"];
        else if (date.Year < 2000) errors[nameof(f.Date)] = say["日期有误，请核对。"];
        if (f.Amount is not { } amount) errors[nameof(f.Amount)] = say["请填写金额（元）。"];
        else if (amount <= 0 || amount > 1_000_000) errors[nameof(f.Amount)] = say["金额应大于0、不超过100万元。"];
        else if (decimal.Round(amount, 2) != amount) errors[nameof(f.Amount)] = say["金额最多精确到分（两位小数）。"];
        var summary = Text.Clean(f.Summary);
        if (summary is null) errors[nameof(f.Summary)] = say["请填写摘要。"];
        else if (summary.Length > 200) errors[nameof(f.Summary)] = say["摘要最多{0}个字。", 200];
        var counterparty = Text.Clean(f.Counterparty);
        if (counterparty is { Length: > 64 }) errors[nameof(f.Counterparty)] = say["对方单位最多{0}个字。", 64];
        else if (counterparty is null && kind is DuesFlowKind.Remit or DuesFlowKind.Allocation or DuesFlowKind.Refund)
            errors[nameof(f.Counterparty)] = kind == DuesFlowKind.Remit ? say["请填写上缴给哪个上级党组织。"] : say["请填写拨付的上级党组织。"];
        var purpose = Text.Clean(f.Purpose);
        var approver = Text.Clean(f.ApprovedBy);
        if (kind == DuesFlowKind.Spending)
        {
            if (purpose is null || !DuesBookRules.Purposes.Contains(purpose)) errors[nameof(f.Purpose)] = say["请选择党费的用途；党费不能用于发放福利、招待等规定以外的开支。"];
            if (approver is null) errors[nameof(f.ApprovedBy)] = say["支出党费须写明批准人或支委会研究决定。"];
        }
        if (approver is { Length: > 64 }) errors[nameof(f.ApprovedBy)] = say["批准人最多{0}个字。", 64];
        if (errors.Count > 0) return PartyDesk.Outcome<DuesFlow>.Fail(errors);

        var flow = new DuesFlow
        {
            CommunityId = branch.CommunityId, BranchId = branch.Id, Kind = kind, Date = f.Date!.Value, Amount = f.Amount!.Value, Summary = summary!, Counterparty = counterparty,
            Purpose = kind == DuesFlowKind.Spending ? purpose : null, ApprovedBy = kind == DuesFlowKind.Spending ? approver : null,
            RecordedById = area.UserId, RecordedByName = area.DisplayName, RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The balances as they would stand with this entry, on its day and on every later line: an entry back-dated before a
        // remittance or a spending must not take the money those already used.
        var book = await reader.ReadAsync(branch.Id, null, DateOnly.MaxValue, ct);
        var withIt = DuesBookRules.Lines(
            book.Lines.Where(l => l.FlowId is null).Select(l => (new DateOnly(l.Date.Year, l.Date.Month, 1), l.Date, l.Collected, 0)),
            (await db.Set<DuesFlow>().AsNoTracking().Where(x => x.BranchId == branch.Id).ToListAsync(ct)).Append(flow));
        var from = withIt.SkipWhile(l => l.FlowId != 0).ToList();   // the new entry (id 0 until saved) and every line after it
        if (kind == DuesFlowKind.Remit && from.FirstOrDefault(l => l.ToRemit < 0) is { } short1)
        {
            var before = book.Lines.LastOrDefault(l => l.Date <= flow.Date)?.ToRemit ?? 0m;
            return PartyDesk.Outcome<DuesFlow>.Fail(nameof(f.Amount), short1.FlowId == 0
                ? say["上缴金额超过了截至{0}已收缴尚未上缴的党费（{1}元）。", flow.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), before.ToString("0.00", CultureInfo.InvariantCulture)]
                : say["这笔上缴会使{0}那笔上缴超过已收缴的党费，请核对日期和金额。", short1.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        }
        if (kind == DuesFlowKind.Spending && from.FirstOrDefault(l => l.Available < 0) is { } short2)
        {
            var before = book.Lines.LastOrDefault(l => l.Date <= flow.Date)?.Available ?? 0m;
            return PartyDesk.Outcome<DuesFlow>.Fail(nameof(f.Amount), short2.FlowId == 0
                ? say["支出超过了截至{0}可用的党费（上级下拨和返还的结余{1}元）；支部收缴的党费须上缴，不能直接支出。", flow.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), before.ToString("0.00", CultureInfo.InvariantCulture)]
                : say["这笔支出会使{0}那笔支出超过可用的党费，请核对日期和金额。", short2.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        }
        db.Add(flow);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.PartyBranch, branch.Id), branch.CommunityId,
            $"党费收支：{DuesBookRules.KindWord(flow.Kind)} {flow.Date:yyyy-MM-dd} {flow.Amount:0.00}元 {flow.Summary}", ct: ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<DuesFlow>.Done(flow);
    }
}
