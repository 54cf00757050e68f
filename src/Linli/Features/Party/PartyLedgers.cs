using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>
/// The registers the branch keeps, through the ledger module (never an xlsx of our own): 党费收缴登记表 (a member's base, rate,
/// what was due and paid in the period, arrears), 困难党员情况 (ledger-layouts.txt <c>kndyqk</c>: 姓名, 性别, 出生年月, 文化程度,
/// 健康状况, 家庭住址, 联系电话, 困难情况, 结对党员姓名, 联系电话, 结对时间), 困难党员走访慰问登记 and 谈心谈话记录. Every field
/// needs <c>party.read</c> in the row's community; phone numbers are masked unless the export is approved for full numbers.
/// </summary>
public static class PartyLedgerSubjects
{
    public const string Member = "party-member", Visit = "party-visit", Talk = "party-talk", DuesFlow = "party-dues-flow";
    /// <summary>Filter kinds of <see cref="Member"/>: members with a dues declaration, members in hardship in the period.</summary>
    public const string Dues = "dues", Hardship = "hardship";
}

public sealed class PartyLedgerDeclarations : ILedgerDeclarations
{
    static LedgerColumn C(string heading, string? key) => new(heading, key is null ? null : "party." + key);

    public IReadOnlyList<LedgerDeclaration> Ledgers { get; } =
    [
        new("party.dues-register", "组织", "党费收缴登记表", "monthly", 25, PartyLedgerSubjects.Member, new LedgerFilter([], Kinds: [PartyLedgerSubjects.Dues]),
        [
            C("姓名", "name"), C("党小组", "group"), C("计算类别", "dues-kind"), C("缴费基数(元)", "dues-base"), C("缴纳比例", "dues-rate"), C("月缴金额(元)", "dues-monthly"),
            C("本期应缴(元)", "dues-due"), C("本期实缴(元)", "dues-paid"), C("缴纳日期", "dues-paid-on"), C("收缴人", "dues-collector"), C("欠缴月数", "dues-arrears"), C("本人签名", null),
        ]),
        new("party.dues-accounts", "组织", "党费收支", "yearly", null, PartyLedgerSubjects.DuesFlow, LedgerFilter.None,
        [
            C("日期", "flow-date"), C("摘要", "flow-summary"), C("缴纳党费", "flow-collected"), C("党费返还 收入", "flow-refund"), C("上级下拨 收入", "flow-allocated"),
            C("上缴党费", "flow-remitted"), C("党费支出", "flow-spent"), C("支出用途", "flow-purpose"), C("待上缴党费", "flow-to-remit"), C("可用党费累计数", "flow-available"),
            C("经手人", "flow-handler"),
        ]),
        new("party.hardship-roster", "组织", "困难党员情况", "yearly", null, PartyLedgerSubjects.Member, new LedgerFilter([], Kinds: [PartyLedgerSubjects.Hardship]),
        [
            C("姓名", "name"), C("性别", "gender"), C("出生年月", "birth-month"), C("文化程度", "education"), C("健康状况", "health"), C("家庭住址", "address"),
            C("联系电话", "phone"), C("困难情况", "hardship"), C("结对党员姓名", "paired-name"), C("联系电话", "paired-phone"), C("结对时间", "paired-on"),
        ]),
        new("party.hardship-visits", "组织", "困难党员走访慰问登记", "on-demand", null, PartyLedgerSubjects.Visit, LedgerFilter.None,
        [
            C("走访日期", "visit-date"), C("慰问", "visit-round"), C("姓名", "visit-member"), C("困难类型", "visit-kind"), C("慰问金(元)", "visit-money"),
            C("慰问品", "visit-goods"), C("走访人", "visit-visitors"), C("走访情况", "visit-notes"), C("受慰问人签名", null),
        ]),
        new("party.talks", "组织", "谈心谈话记录", "quarterly", null, PartyLedgerSubjects.Talk, LedgerFilter.None,
        [
            C("谈话时间", "talk-date"), C("谈话人", "talk-talker"), C("谈话对象", "talk-member"), C("谈话主题", "talk-topic"), C("谈话内容", "talk-notes"),
        ]),
    ];
}

public sealed class PartyLedgerFields(LinliDb db, TimeProvider clock) : ILedgerFields
{
    static LedgerField M(string key, string name, LedgerValueKind kind, params string[] words) => new("party." + key, name, PartyLedgerSubjects.Member, kind, words, Permissions.Party.Read);
    static LedgerField V(string key, string name, LedgerValueKind kind, params string[] words) => new("party." + key, name, PartyLedgerSubjects.Visit, kind, words, Permissions.Party.Read);
    static LedgerField T(string key, string name, LedgerValueKind kind, params string[] words) => new("party." + key, name, PartyLedgerSubjects.Talk, kind, words, Permissions.Party.Read);

    public IReadOnlyList<LedgerField> Fields { get; } =
    [
        M("name", "党员姓名", LedgerValueKind.Text, "姓名", "党员姓名"),
        M("gender", "性别", LedgerValueKind.Text, "性别"),
        M("birth-month", "出生年月", LedgerValueKind.YearMonth, "出生年月", "出生日期"),
        M("education", "文化程度", LedgerValueKind.Text, "文化程度", "学历"),
        M("address", "家庭住址", LedgerValueKind.Text, "家庭住址", "住址", "居住地址"),
        new("party.phone", "联系电话", PartyLedgerSubjects.Member, LedgerValueKind.Text, ["联系电话", "电话"], Permissions.Party.Read, Masked: true),
        M("group", "党小组", LedgerValueKind.Text, "党小组"),
        M("category", "党员类别", LedgerValueKind.Text, "党员类别", "是否正式党员"),
        M("joined-on", "入党日期", LedgerValueKind.Date, "入党日期", "入党年月", "入党时间"),
        M("dues-kind", "党费计算类别", LedgerValueKind.Text, "计算类别", "党费类别"),
        M("dues-base", "党费缴费基数", LedgerValueKind.Money, "缴费基数", "月收入", "工资收入"),
        M("dues-rate", "党费缴纳比例", LedgerValueKind.Text, "缴纳比例", "比例"),
        M("dues-monthly", "月缴党费", LedgerValueKind.Money, "月缴金额", "月缴党费"),
        M("dues-due", "本期应缴党费", LedgerValueKind.Money, "应缴金额", "本期应缴"),
        M("dues-paid", "本期实缴党费", LedgerValueKind.Money, "实缴金额", "本期实缴", "缴纳党费"),
        M("dues-paid-on", "党费缴纳日期", LedgerValueKind.Date, "缴纳日期", "缴费日期"),
        M("dues-collector", "党费收缴人", LedgerValueKind.Text, "收缴人", "经手人"),
        M("dues-arrears", "欠缴月数", LedgerValueKind.Count, "欠缴月数", "欠缴"),
        M("hardship-kind", "困难类型", LedgerValueKind.Text, "困难类型"),
        M("health", "健康状况", LedgerValueKind.Text, "健康状况"),
        M("hardship", "困难情况", LedgerValueKind.Text, "困难情况"),
        M("paired-name", "结对党员姓名", LedgerValueKind.Text, "结对党员姓名", "结对党员"),
        new("party.paired-phone", "结对党员电话", PartyLedgerSubjects.Member, LedgerValueKind.Text, ["结对党员电话"], Permissions.Party.Read, Masked: true),
        M("paired-on", "结对时间", LedgerValueKind.Date, "结对时间"),
        M("support", "帮扶措施", LedgerValueKind.Text, "帮扶措施", "帮扶情况"),
        V("visit-date", "走访慰问日期", LedgerValueKind.Date, "走访日期", "慰问日期"),
        V("visit-round", "慰问节日", LedgerValueKind.Text, "慰问", "慰问节日"),
        V("visit-member", "受慰问党员", LedgerValueKind.Text, "姓名", "受慰问人"),
        V("visit-kind", "困难类型", LedgerValueKind.Text, "困难类型"),
        V("visit-money", "慰问金", LedgerValueKind.Money, "慰问金", "慰问金额"),
        V("visit-goods", "慰问品", LedgerValueKind.Text, "慰问品", "慰问物品"),
        V("visit-visitors", "走访人", LedgerValueKind.Text, "走访人", "慰问人"),
        V("visit-notes", "走访情况", LedgerValueKind.Text, "走访情况", "情况"),
        T("talk-date", "谈话时间", LedgerValueKind.Date, "谈话时间", "日期"),
        T("talk-talker", "谈话人", LedgerValueKind.Text, "谈话人"),
        T("talk-member", "谈话对象", LedgerValueKind.Text, "谈话对象"),
        T("talk-topic", "谈话主题", LedgerValueKind.Text, "谈话主题", "主题"),
        T("talk-notes", "谈话内容", LedgerValueKind.Text, "谈话内容", "谈话记录"),
    ];

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var result = new Dictionary<long, object?[]>();
        if (fields.Count == 0 || rowIds.Count == 0) return result;
        var ids = rowIds.ToArray();
        var communities = await PartyScope.CommunitiesAsync(db, scope.Area, Permissions.Party.Read, ct);
        var subject = fields[0].Subject;
        if (subject == PartyLedgerSubjects.Visit)
        {
            var rows = await db.Set<HardshipVisit>().AsNoTracking().Where(v => EF.Parameter(communities).Contains(v.CommunityId) && EF.Parameter(ids).Contains(v.Id))
                .Select(v => new { v, Name = db.Set<PartyMember>().Where(m => m.Id == v.MemberId).Select(m => m.Name).First(),
                    Kind = db.Set<HardshipRecord>().Where(h => h.Id == v.HardshipId).Select(h => h.Kind).First() }).ToListAsync(ct);
            foreach (var r in rows)
                result[r.v.Id] = fields.Select(f => (object?)(f.Key switch
                {
                    "party.visit-date" => r.v.Date, "party.visit-round" => Care.RoundName(r.v.Festival, r.v.RoundYear), "party.visit-member" => r.Name, "party.visit-kind" => r.Kind,
                    "party.visit-money" => r.v.Money, "party.visit-goods" => r.v.Goods, "party.visit-visitors" => r.v.Visitors, "party.visit-notes" => r.v.Notes, _ => null,
                })).ToArray();
            return result;
        }
        if (subject == PartyLedgerSubjects.Talk)
        {
            var rows = await db.Set<PartyTalk>().AsNoTracking().Where(t => EF.Parameter(communities).Contains(t.CommunityId) && EF.Parameter(ids).Contains(t.Id))
                .Select(t => new { t, Name = db.Set<PartyMember>().Where(m => m.Id == t.MemberId).Select(m => m.Name).First() }).ToListAsync(ct);
            foreach (var r in rows)
                result[r.t.Id] = fields.Select(f => (object?)(f.Key switch
                {
                    "party.talk-date" => r.t.Date, "party.talk-talker" => r.t.Talker, "party.talk-member" => r.Name, "party.talk-topic" => r.t.Topic, "party.talk-notes" => r.t.Notes, _ => null,
                })).ToArray();
            return result;
        }

        // Plain left joins on primary keys: a correlated Select(new {…}).FirstOrDefault() of several resident columns becomes,
        // on SQLite, a join on ROW_NUMBER() over the whole Residents table (docs/PERFORMANCE.md, "Found (benefits14)").
        var members = (await (
            from m in db.Set<PartyMember>().AsNoTracking().InScopeOf(communities).Where(m => EF.Parameter(ids).Contains(m.Id))
            from g in db.Set<PartyGroup>().Where(g => g.Id == m.GroupId).DefaultIfEmpty()
            from r in db.Residents.Where(r => r.Id == m.ResidentId).DefaultIfEmpty()
            select new { m, Group = g == null ? null : g.Name, RId = r == null ? (long?)null : r.Id, Education = r == null ? null : r.Education, Phone = r == null ? null : r.PhoneMasked, HouseholdId = r == null ? (long?)null : r.HouseholdId })
            .ToListAsync(ct))
            .Select(x => new { x.m, x.Group, R = x.RId is null ? null : new { x.Education, PhoneMasked = x.Phone, x.HouseholdId } }).ToList();
        var keys = fields.Select(f => f.Key).ToHashSet();
        var wantsDues = keys.Any(k => k.StartsWith("party.dues-", StringComparison.Ordinal));
        var declarations = wantsDues
            ? (await db.Set<DuesDeclaration>().AsNoTracking().Where(d => EF.Parameter(ids).Contains(d.MemberId)).ToListAsync(ct)).ToLookup(d => d.MemberId)
            : Enumerable.Empty<DuesDeclaration>().ToLookup(d => d.MemberId);
        var payments = wantsDues
            ? (await db.Set<DuesPayment>().AsNoTracking().Where(p => EF.Parameter(ids).Contains(p.MemberId)).ToListAsync(ct)).ToLookup(p => p.MemberId)
            : Enumerable.Empty<DuesPayment>().ToLookup(p => p.MemberId);
        var hardships = (await db.Set<HardshipRecord>().AsNoTracking().Where(h => EF.Parameter(ids).Contains(h.MemberId) && h.FlaggedOn <= scope.To && (h.EndedOn == null || h.EndedOn >= scope.From))
            .SelectMany(h => db.Set<PartyMember>().Where(p => p.Id == h.PairedMemberId).DefaultIfEmpty(), (h, p) => new { h, p })
            .SelectMany(x => db.Residents.Where(r => r.Id == x.p!.ResidentId).DefaultIfEmpty(), (x, r) => new
            {
                x.h, PairedName = x.p == null ? null : x.p.Name, PairedPhone = r == null ? null : r.PhoneMasked,
            }).ToListAsync(ct))
            .Select(x => new { x.h, Paired = x.PairedName is null ? null : new { Name = x.PairedName, Phone = x.PairedPhone } })
            .GroupBy(x => x.h.MemberId).ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.h.FlaggedOn).First());
        var fromMonth = DuesRules.MonthOf(scope.From);
        var toMonth = DuesRules.MonthOf(scope.To);
        // Arrears as of the period's end, or today while the period runs (this month is not owed before it is over).
        var today = clock.Today();
        var asOf = scope.To < today ? scope.To.AddDays(1) : today;
        foreach (var x in members)
        {
            var decl = declarations[x.m.Id].OrderBy(d => d.FromMonth).ThenBy(d => d.Id).ToList();
            var current = decl.LastOrDefault(d => d.FromMonth <= toMonth);
            var pays = payments[x.m.Id].ToList();
            var months = wantsDues ? DuesRules.Months(decl.Select(d => (d.FromMonth, d.Kind, d.MonthlyAmount)).ToList(), pays.Select(p => (p.FromMonth, p.ToMonth)).ToList(), toMonth) : [];
            var inPeriod = pays.Where(p => p.PaidOn >= scope.From && p.PaidOn <= scope.To).OrderBy(p => p.PaidOn).ToList();
            var hard = hardships.GetValueOrDefault(x.m.Id);
            string? address = null;
            if (keys.Contains("party.address"))
                address = x.R is null ? x.m.Address : await Addresses.OfHouseholdAsync(db, x.R.HouseholdId, ct);
            result[x.m.Id] = fields.Select(f => (object?)(f.Key switch
            {
                "party.name" => x.m.Name, "party.gender" => x.m.Gender, "party.birth-month" => x.m.BirthDate is { } b ? b.ToString("yyyy-MM") : null,
                "party.education" => x.R?.Education, "party.address" => address, "party.phone" => x.R?.PhoneMasked, "party.group" => x.Group,
                "party.category" => x.m.Category == MemberCategory.Full ? "正式党员" : "预备党员", "party.joined-on" => x.m.JoinedOn,
                "party.dues-kind" => current is null ? null : DuesRules.KindWord(current.Kind), "party.dues-base" => current?.MonthlyIncome,
                "party.dues-rate" => current is null ? null : DuesRules.RateWord(current.Kind, current.MonthlyIncome), "party.dues-monthly" => current?.MonthlyAmount,
                "party.dues-due" => months.Where(mo => mo.Month >= fromMonth && !mo.Waived).Sum(mo => mo.Due),
                "party.dues-paid" => inPeriod.Sum(p => p.Amount), "party.dues-paid-on" => inPeriod.LastOrDefault()?.PaidOn,
                "party.dues-collector" => inPeriod.LastOrDefault()?.RecordedByName,
                "party.dues-arrears" => DuesRules.Arrears(months, asOf).Unpaid,
                "party.hardship-kind" => hard?.h.Kind, "party.health" => hard?.h.Health, "party.hardship" => hard?.h.Situation, "party.paired-name" => hard?.Paired?.Name,
                "party.paired-phone" => hard?.Paired?.Phone, "party.paired-on" => hard?.h.PairedOn, "party.support" => hard?.h.Support,
                _ => null,
            })).ToArray();
        }
        return result;
    }
}

/// <summary>The branch's members for a ledger: the active members of the unit's community (those living in a grid, for a grid),
/// by group then id; with the kind <c>dues</c> those with a dues declaration, <c>hardship</c> those in hardship in the period.</summary>
public sealed class PartyMemberLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => PartyLedgerSubjects.Member;
    public string Name => "党员";
    public string Permission => Permissions.Party.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        if (await PartyLedgerScope.CommunityAsync(db, scope, ct) is not { } c) return [];
        var q = db.Set<PartyMember>().AsNoTracking().Where(m => m.CommunityId == c.Community && (m.RelationOutOn == null || m.RelationOutOn >= scope.From) && m.JoinedOn <= scope.To);
        if (c.Grid is { } grid) q = q.Where(m => db.Residents.Any(r => r.Id == m.ResidentId && r.GridId == grid));
        var kinds = filter.Kinds ?? [];
        if (kinds.Contains(PartyLedgerSubjects.Dues)) q = q.Where(m => db.Set<DuesDeclaration>().Any(d => d.MemberId == m.Id && d.FromMonth <= scope.To));
        if (kinds.Contains(PartyLedgerSubjects.Hardship))
            q = q.Where(m => db.Set<HardshipRecord>().Any(h => h.MemberId == m.Id && h.FlaggedOn <= scope.To && (h.EndedOn == null || h.EndedOn >= scope.From)));
        return await q.OrderBy(m => m.GroupId).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
    }
}

/// <summary>The holiday visits to members in hardship made in the period, by date.</summary>
public sealed class PartyVisitLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => PartyLedgerSubjects.Visit;
    public string Name => "困难党员走访慰问";
    public string Permission => Permissions.Party.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        if (await PartyLedgerScope.CommunityAsync(db, scope, ct) is not { } c) return [];
        return await db.Set<HardshipVisit>().AsNoTracking().Where(v => v.CommunityId == c.Community && v.Date >= scope.From && v.Date <= scope.To)
            .OrderBy(v => v.Date).ThenBy(v => v.Id).Select(v => v.Id).ToListAsync(ct);
    }
}

/// <summary>The talks of the period, by date.</summary>
public sealed class PartyTalkLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => PartyLedgerSubjects.Talk;
    public string Name => "谈心谈话";
    public string Permission => Permissions.Party.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        if (await PartyLedgerScope.CommunityAsync(db, scope, ct) is not { } c) return [];
        return await db.Set<PartyTalk>().AsNoTracking().Where(t => t.CommunityId == c.Community && t.Date >= scope.From && t.Date <= scope.To)
            .OrderBy(t => t.Date).ThenBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);
    }
}

static class PartyLedgerScope
{
    /// <summary>The community of the ledger's unit (and the grid, when the unit is one) when the user reads party data there; null otherwise.</summary>
    public static async Task<(long Community, long? Grid)?> CommunityAsync(LinliDb db, LedgerScope scope, CancellationToken ct)
    {
        var unit = await db.OrgUnits.AsNoTracking().Where(o => o.Id == scope.UnitId).Select(o => new { o.Id, o.Kind, o.ParentId }).FirstOrDefaultAsync(ct);
        long? community = unit?.Kind == OrgUnitKind.Community ? unit.Id : unit?.Kind == OrgUnitKind.Grid ? unit.ParentId : null;
        if (community is not { } c) return null;
        var readable = await PartyScope.CommunitiesAsync(db, scope.Area, Permissions.Party.Read, ct);
        return readable.Contains(c) ? (c, unit!.Kind == OrgUnitKind.Grid ? unit.Id : null) : null;
    }
}
