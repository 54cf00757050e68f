using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>What one row of a benefit ledger stands for: a granted (or ended) benefit, one row per household and kind.</summary>
public static class BenefitLedgerSubject
{
    public const string Benefit = "benefit";
}

/// <summary>
/// The benefit fields a ledger may carry (DOMAIN.md §6: 保障类别, 月保障金额, 起始年月, 保障人数, 最近核查日期 …), each filled
/// from the application and the registry — nothing typed again. Every field needs <c>benefits.read</c> where the household
/// lives (benefit status is sensitive); the ID number is masked unless the export is approved for full numbers.
/// </summary>
public sealed class BenefitLedgerFields(LinliDb db, FieldCipher cipher) : ILedgerFields
{
    static LedgerField F(string key, string name, LedgerValueKind kind, params string[] words) =>
        new($"benefits.{key}", name, BenefitLedgerSubject.Benefit, kind, words, Permissions.Benefits.Read);

    public static readonly IReadOnlyList<LedgerField> All =
    [
        F("reference", "救助编号", LedgerValueKind.Text, "救助编号", "编号", "保障证号"),
        F("kind", "救助类别", LedgerValueKind.Text, "救助类别", "救助类型"),
        F("head-name", "户主姓名", LedgerValueKind.Text, "户主姓名", "户主", "参加对象姓名"),
        F("applicant-name", "姓名", LedgerValueKind.Text, "姓名", "申请人", "救助对象"),
        new("benefits.national-id", "身份证号", BenefitLedgerSubject.Benefit, LedgerValueKind.Text, ["身份证号", "公民身份号码", "身份证"], Permissions.Benefits.Read, Masked: true),
        F("gender", "性别", LedgerValueKind.Text, "性别"),
        F("birth-date", "出生日期", LedgerValueKind.Date, "出生日期", "出生年月"),
        F("age-band", "年龄段", LedgerValueKind.Text, "年龄段"),
        F("phone", "联系电话", LedgerValueKind.Text, "联系电话", "电话"),
        F("address", "住址", LedgerValueKind.Text, "住址", "家庭住址"),
        F("household-size", "家庭人口", LedgerValueKind.Count, "家庭人口", "家庭人数"),
        F("covered-persons", "保障人数", LedgerValueKind.Count, "保障人数"),
        F("category", "保障类别", LedgerValueKind.Text, "保障类别", "类别"),
        F("monthly-amount", "月保障金额", LedgerValueKind.Money, "月保障金额", "保障金额", "补贴标准", "帮困金额(元)", "救助金额"),
        F("start-month", "起始年月", LedgerValueKind.YearMonth, "起始年月", "享受时间"),
        F("last-checked", "最近核查日期", LedgerValueKind.Date, "最近核查日期", "核查日期"),
        F("next-review", "年审日期", LedgerValueKind.Date, "年审日期", "下次核查日期"),
        F("decided-on", "救助时间", LedgerValueKind.Date, "救助时间", "审批日期"),
        F("state", "状态", LedgerValueKind.Text, "状态"),
        F("reason", "困难情况", LedgerValueKind.Text, "困难情况", "致困原因"),
        F("grid", "居民组", LedgerValueKind.Text, "居民组", "网格", "所属网格"),
    ];

    public IReadOnlyList<LedgerField> Fields => All;

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        var ids = rowIds.ToList();
        var read = scope.Area.GridsWhere(Permissions.Benefits.Read);
        // Plain joins on primary keys, one row per application: a correlated First() of several columns would become a join
        // on ROW_NUMBER() over the whole Residents table on SQLite (every resident of the district read for a few dozen rows).
        var rows = await (
            from a in db.Set<BenefitApplication>().AsNoTracking().Where(a => ids.Contains(a.Id) && EF.Parameter(read).Contains(a.GridId))
            join applicant in db.Residents on a.ApplicantId equals applicant.Id
            join g in db.OrgUnits on a.GridId equals g.Id into gs
            from g in gs.DefaultIfEmpty()
            join h in db.Households on a.HouseholdId equals h.Id into hs
            from h in hs.DefaultIfEmpty()
            join head in db.Residents on h.HeadId equals (long?)head.Id into heads
            from head in heads.DefaultIfEmpty()
            join d in db.Dwellings on h.DwellingId equals (long?)d.Id into ds
            from d in ds.DefaultIfEmpty()
            join b in db.Buildings on d.BuildingId equals b.Id into bs
            from b in bs.DefaultIfEmpty()
            select new
            {
                a.Id, a.Reference, a.Kind, a.State, a.Category, a.MonthlyAmount, a.StartMonth, a.LastCheckedOn, a.NextReviewOn, a.DecidedOn, a.CoveredPersons, a.Reason,
                Grid = g.Name,
                Head = head.Name,
                Applicant = new { applicant.Name, applicant.Gender, applicant.BirthDate, applicant.NationalIdMasked, applicant.NationalIdCipher, applicant.PhoneMasked },
                Size = db.Residents.Count(r => r.HouseholdId == a.HouseholdId && r.Status == ResidentStatus.Active),
                Building = b.Name, DwellingUnit = d.Unit, Room = d.Room,
            }).ToListAsync(ct);
        var today = scope.To;
        var result = new Dictionary<long, object?[]>();
        foreach (var r in rows)
        {
            var values = new object?[fields.Count];
            for (var i = 0; i < fields.Count; i++)
                values[i] = fields[i].Key switch
                {
                    "benefits.reference" => r.Reference,
                    "benefits.kind" => BenefitKind.NameOf(r.Kind),
                    "benefits.head-name" => r.Head ?? r.Applicant.Name,
                    "benefits.applicant-name" => r.Applicant.Name,
                    "benefits.national-id" => scope.FullNumbers && r.Applicant.NationalIdCipher is { } c ? cipher.Decrypt(c) : r.Applicant.NationalIdMasked,
                    "benefits.gender" => RegistryText.Of(r.Applicant.Gender),
                    "benefits.birth-date" => r.Applicant.BirthDate,
                    "benefits.age-band" => r.Applicant.BirthDate is { } b ? AgeBand(today.Year - b.Year - (today < b.AddYears(today.Year - b.Year) ? 1 : 0)) : null,
                    "benefits.phone" => r.Applicant.PhoneMasked,
                    "benefits.address" => RegistryText.Address(r.Building, r.DwellingUnit, r.Room),
                    "benefits.household-size" => r.Size,
                    "benefits.covered-persons" => r.CoveredPersons,
                    "benefits.category" => r.Category,
                    "benefits.monthly-amount" => r.MonthlyAmount,
                    "benefits.start-month" => r.StartMonth,
                    "benefits.last-checked" => r.LastCheckedOn ?? r.DecidedOn,
                    "benefits.next-review" => r.NextReviewOn,
                    "benefits.decided-on" => r.DecidedOn,
                    "benefits.state" => BenefitSteps.StateWord(r.State),
                    "benefits.reason" => r.Reason,
                    "benefits.grid" => r.Grid,
                    _ => null,
                };
            result[r.Id] = values;
        }
        return result;
    }

    /// <summary>The 高龄津贴 bands offices use (80–89, 90–99, 100+).</summary>
    public static string AgeBand(int age) => age switch { >= 100 => "100岁以上", >= 90 => "90-99岁", >= 80 => "80-89岁", _ => "80岁以下" };
}

/// <summary>
/// The rows of a benefit ledger: the benefits running in the period (granted, started by its end, not ended before its
/// start) of the unit's grids, inside the user's <c>benefits.read</c> scope; by grid, household, reference.
/// </summary>
public sealed class BenefitLedgerRows(LinliDb db) : ILedgerRows
{
    public string Subject => BenefitLedgerSubject.Benefit;
    public string Name => "救助对象";
    public string Permission => Permissions.Benefits.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var unitPath = await db.OrgUnits.AsNoTracking().Where(o => o.Id == scope.UnitId).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (unitPath is null) return [];
        var read = scope.Area.GridsWhere(Permissions.Benefits.Read);
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(unitPath) && EF.Parameter(read).Contains(o.Id))
            .Select(o => o.Id).ToListAsync(ct);
        var q = db.Set<BenefitApplication>().AsNoTracking().Where(a => grids.Contains(a.GridId)
            && (a.State == BenefitState.Granted || a.State == BenefitState.Ended)
            && a.StartMonth != null && a.StartMonth <= scope.To && (a.EndedOn == null || a.EndedOn >= scope.From));
        if (filter.Kinds is { Count: > 0 } kinds) q = q.Where(a => kinds.Contains(a.Kind));
        return await q.OrderBy(a => a.GridId).ThenBy(a => a.HouseholdId).ThenBy(a => a.Reference).Select(a => a.Id).ToListAsync(ct);
    }
}

/// <summary>The registers of ledger-layouts.txt and DOMAIN.md §6 that are benefit rosters, with their departments' columns.</summary>
public sealed class BenefitLedgerDeclarations : ILedgerDeclarations
{
    static LedgerColumn C(string heading, string? key) => new(heading, key is null ? null : "benefits." + key);

    public IReadOnlyList<LedgerDeclaration> Ledgers { get; } =
    [
        new("benefits.dibao-roster", "民政", "最低生活保障对象花名册", "monthly", 25, BenefitLedgerSubject.Benefit, new LedgerFilter([], Kinds: [BenefitKind.Dibao]),
        [
            C("户主姓名", "head-name"), C("身份证号", "national-id"), C("家庭人口", "household-size"), C("保障人数", "covered-persons"), C("保障类别", "category"),
            C("月保障金额", "monthly-amount"), C("起始年月", "start-month"), C("最近核查日期", "last-checked"), C("居民组", "grid"),
        ]),
        // dbdxcjnd: what changes each month (劳动项目, 日期, 时间, 签名) is typed on the sheet, the rest comes from the benefit.
        new("benefits.dibao-labour", "民政", "低保对象参加公益劳动登记表", "monthly", 25, BenefitLedgerSubject.Benefit, new LedgerFilter([], Kinds: [BenefitKind.Dibao]),
        [
            C("救助编号", "reference"), C("参加对象姓名", "head-name"), C("劳动项目", null), C("日期", null), C("参加劳动时间(小时)", null),
            C("本人签名", null), C("负责人签名", null), C("月份", null),
        ]),
        new("benefits.elderly-roster", "老龄", "80岁以上高龄老人津贴名册", "yearly", null, BenefitLedgerSubject.Benefit, new LedgerFilter([], Kinds: [BenefitKind.Elderly]),
        [
            C("姓名", "applicant-name"), C("身份证号", "national-id"), C("出生日期", "birth-date"), C("年龄段", "age-band"), C("补贴标准", "monthly-amount"),
            C("年审日期", "next-review"), C("状态", "state"),
        ]),
        // hszfwzbk (帮困): 救助时间, 姓名, 性别, 出生年月, 住址, 联系电话, 困难情况, 帮困金额(元), 备注.
        new("benefits.temporary-record", "民政", "临时救助记录", "quarterly", 25, BenefitLedgerSubject.Benefit, new LedgerFilter([], Kinds: [BenefitKind.Temporary]),
        [
            C("救助时间", "decided-on"), C("姓名", "applicant-name"), C("性别", "gender"), C("出生年月", "birth-date"), C("住址", "address"),
            C("联系电话", "phone"), C("困难情况", "reason"), C("帮困金额(元)", "monthly-amount"), C("备注", null),
        ]),
    ];
}
