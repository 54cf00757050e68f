using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// What the registry offers ledgers (issue 16): the facts of a person and of a household, entered once and read by every
/// department's register. Numbers are masked unless the ledger's export was approved for full numbers (the registry's
/// 导出审批) and the user may reveal them there; labels the user may not see are left out.
/// </summary>
public sealed class RegistryLedgerFields(LinliDb db, FieldCipher cipher) : ILedgerFields
{
    const string R = LedgerSubjects.Resident, H = LedgerSubjects.Household;

    public static readonly LedgerField Name = new("registry.name", "姓名", R, LedgerValueKind.Text, ["姓名", "参加对象姓名", "老人姓名", "居民姓名"]);
    public static readonly LedgerField Gender = new("registry.gender", "性别", R, LedgerValueKind.Text, ["性别"]);
    public static readonly LedgerField BirthDate = new("registry.birth-date", "出生日期", R, LedgerValueKind.Date, ["出生日期", "出生年月日", "生日"]);
    public static readonly LedgerField BirthMonth = new("registry.birth-month", "出生年月", R, LedgerValueKind.YearMonth, ["出生年月"]);
    public static readonly LedgerField Age = new("registry.age", "年龄", R, LedgerValueKind.Count, ["年龄", "周岁"]);
    public static readonly LedgerField AgeBand = new("registry.age-band", "年龄段", R, LedgerValueKind.Text, ["年龄段"]);
    /// <summary>高龄津贴 by age band (80–89 30 元, 90–99 60 元, 100 岁以上 300 元 a month; DOMAIN.md §6).</summary>
    public static readonly LedgerField ElderlySubsidy = new("registry.elderly-subsidy", "补贴标准（元/月）", R, LedgerValueKind.Money, ["补贴标准", "高龄津贴", "津贴标准"]);
    public static readonly LedgerField NationalId = new("registry.national-id", "身份证号", R, LedgerValueKind.Text, ["身份证号", "身份证", "公民身份号码", "身份证号码", "证件号码"], Masked: true);
    public static readonly LedgerField Ethnicity = new("registry.ethnicity", "民族", R, LedgerValueKind.Text, ["民族", "名族"]);
    public static readonly LedgerField Address = new("registry.address", "住址", R, LedgerValueKind.Text, ["住址", "家庭住址", "居住地址", "现住址", "家庭地址", "户籍地址", "地址"]);
    public static readonly LedgerField Grid = new("registry.grid", "居民组", R, LedgerValueKind.Text, ["居民组", "网格", "所属网格", "片区"]);
    public static readonly LedgerField HeadName = new("registry.head-name", "户主姓名", R, LedgerValueKind.Text, ["户主姓名", "户主"]);
    public static readonly LedgerField HouseholdSize = new("registry.household-size", "家庭人口", R, LedgerValueKind.Count, ["家庭人口", "家庭人数", "户内人口"]);
    public static readonly LedgerField Relation = new("registry.relation", "与户主关系", R, LedgerValueKind.Text, ["与户主关系"]);
    public static readonly LedgerField Phone = new("registry.phone", "联系电话", R, LedgerValueKind.Text, ["联系电话", "电话", "手机", "联系方式", "手机号码"], Masked: true);
    public static readonly LedgerField Education = new("registry.education", "文化程度", R, LedgerValueKind.Text, ["文化程度", "学历"]);
    public static readonly LedgerField Political = new("registry.political", "政治面貌", R, LedgerValueKind.Text, ["政治面貌", "党派"]);
    public static readonly LedgerField Marital = new("registry.marital", "婚姻状况", R, LedgerValueKind.Text, ["婚姻状况"]);
    public static readonly LedgerField ResidenceKind = new("registry.residence-kind", "人口类别", R, LedgerValueKind.Text, ["人口类别", "户籍性质", "户籍"]);
    public static readonly LedgerField Status = new("registry.status", "状态", R, LedgerValueKind.Text, ["状态"]);
    public static readonly LedgerField Labels = new("registry.labels", "人员类别", R, LedgerValueKind.Text, ["人员类别", "类别", "人群类别"]);
    /// <summary>The sensitive labels (低保, 残疾, 安置帮教 …): a ledger holding them is generated only for users granted them.</summary>
    public static readonly LedgerField SensitiveLabels = new("registry.sensitive-labels", "特殊人群类别", R, LedgerValueKind.Text, ["特殊人群类别", "特殊人群"],
        Grant: Permissions.Registry.Sensitive);

    public static readonly LedgerField HouseholdNumber = new("registry.household-number", "户号", H, LedgerValueKind.Text, ["户号", "户编号"]);
    public static readonly LedgerField HouseholdHead = new("registry.household-head", "户主姓名", H, LedgerValueKind.Text, ["户主姓名", "户主"]);
    public static readonly LedgerField HouseholdHeadId = new("registry.household-head-id", "户主身份证号", H, LedgerValueKind.Text, ["户主身份证号", "身份证号", "身份证"], Masked: true);
    public static readonly LedgerField HouseholdAddress = new("registry.household-address", "住址", H, LedgerValueKind.Text, ["住址", "家庭住址", "地址"]);
    public static readonly LedgerField HouseholdGrid = new("registry.household-grid", "居民组", H, LedgerValueKind.Text, ["居民组", "网格"]);
    public static readonly LedgerField HouseholdMembers = new("registry.household-members", "家庭人口", H, LedgerValueKind.Count, ["家庭人口", "家庭人数"]);
    public static readonly LedgerField HouseholdPhone = new("registry.household-phone", "联系电话", H, LedgerValueKind.Text, ["联系电话", "电话"], Masked: true);

    public IReadOnlyList<LedgerField> Fields { get; } =
    [
        Name, Gender, BirthDate, BirthMonth, Age, AgeBand, ElderlySubsidy, NationalId, Ethnicity, Address, Grid, HeadName, HouseholdSize, Relation, Phone,
        Education, Political, Marital, ResidenceKind, Status, Labels, SensitiveLabels,
        HouseholdNumber, HouseholdHead, HouseholdHeadId, HouseholdAddress, HouseholdGrid, HouseholdMembers, HouseholdPhone,
    ];

    public async Task<IReadOnlyDictionary<long, object?[]>> ValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, IReadOnlyCollection<long> rowIds, CancellationToken ct)
    {
        if (fields.Count == 0 || rowIds.Count == 0) return new Dictionary<long, object?[]>();
        var grids = await LedgerUnits.GridsAsync(db, scope, Permissions.Registry.Read, ct);
        var subject = fields[0].Subject;
        var ids = rowIds.ToArray();
        return subject == H ? await HouseholdValuesAsync(scope, fields, ids, grids, ct) : await ResidentValuesAsync(scope, fields, ids, grids, ct);
    }

    sealed record Person(long Id, long GridId, long? HouseholdId, string Name, Gender Gender, DateOnly? BirthDate, string? Ethnicity, string? NationalIdMasked,
        byte[]? NationalIdCipher, string? PhoneMasked, byte[]? PhoneCipher, RelationToHead Relation, ResidenceKind Kind, ResidentStatus Status,
        string? Education, string? Political, string? Marital);

    async Task<Dictionary<long, object?[]>> ResidentValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, long[] ids, long[] grids, CancellationToken ct)
    {
        var people = await db.Residents.AsNoTracking().Where(r => EF.Parameter(ids).Contains(r.Id) && EF.Parameter(grids).Contains(r.GridId))
            .Select(r => new Person(r.Id, r.GridId, r.HouseholdId, r.Name, r.Gender, r.BirthDate, r.Ethnicity, r.NationalIdMasked, r.NationalIdCipher,
                r.PhoneMasked, r.PhoneCipher, r.RelationToHead, r.ResidenceKind, r.Status, r.Education, r.PoliticalStatus, r.MaritalStatus))
            .ToListAsync(ct);
        var keys = fields.Select(f => f.Key).ToHashSet();
        var households = people.Where(p => p.HouseholdId is not null).Select(p => p.HouseholdId!.Value).Distinct().ToArray();
        var places = keys.Overlaps([Address.Key, HeadName.Key, HouseholdSize.Key]) ? await HouseholdFactsAsync(households, ct) : [];
        var gridNames = await GridNamesAsync(people.Select(p => p.GridId).Distinct().ToArray(), ct);
        var result = new Dictionary<long, object?[]>();
        var labels = keys.Contains(Labels.Key) || keys.Contains(SensitiveLabels.Key) ? await LabelsAsync(people.Select(p => p.Id).ToArray(), ct) : null;

        foreach (var p in people)
        {
            var reveal = scope.FullNumbers && scope.Area.HasInGrid(Permissions.Registry.Reveal, p.GridId);
            var place = p.HouseholdId is { } h ? places.GetValueOrDefault(h) : null;
            var age = p.BirthDate is { } b ? RegistryText.Age(b, scope.To) : (int?)null;
            var values = new object?[fields.Count];
            for (var i = 0; i < fields.Count; i++)
                values[i] = fields[i].Key switch
                {
                    "registry.name" => p.Name,
                    "registry.gender" => RegistryText.Of(p.Gender),
                    "registry.birth-date" => p.BirthDate,
                    "registry.birth-month" => p.BirthDate is { } d ? d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) : null,
                    "registry.age" => age,
                    "registry.age-band" => AgeBandOf(age),
                    "registry.elderly-subsidy" => SubsidyOf(age),
                    "registry.national-id" => reveal && p.NationalIdCipher is { } c ? cipher.Decrypt(c) : p.NationalIdMasked,
                    "registry.ethnicity" => p.Ethnicity,
                    "registry.address" => place?.Address,
                    "registry.grid" => gridNames.GetValueOrDefault(p.GridId),
                    "registry.head-name" => place?.Head,
                    "registry.household-size" => place?.Members,
                    "registry.relation" => RegistryText.Of(p.Relation),
                    "registry.phone" => reveal && p.PhoneCipher is { } pc ? cipher.Decrypt(pc) : p.PhoneMasked,
                    "registry.education" => p.Education,
                    "registry.political" => p.Political,
                    "registry.marital" => p.Marital,
                    "registry.residence-kind" => RegistryText.Of(p.Kind),
                    "registry.status" => RegistryText.Of(p.Status),
                    "registry.labels" => Join(labels?[p.Id].Where(t => !t.IsSensitive || scope.Area.HasInGrid(Permissions.Registry.Sensitive, p.GridId))),
                    "registry.sensitive-labels" => scope.Area.HasInGrid(Permissions.Registry.Sensitive, p.GridId) ? Join(labels?[p.Id].Where(t => t.IsSensitive)) : null,
                    _ => null,
                };
            result[p.Id] = values;
        }
        return result;
    }

    sealed record HouseholdFacts(string Number, long GridId, string Address, string? Head, long? HeadId, int Members);

    async Task<Dictionary<long, HouseholdFacts>> HouseholdFactsAsync(long[] households, CancellationToken ct)
    {
        if (households.Length == 0) return [];
        // The dwelling and its building by joins on their keys: a correlated First() of several columns becomes, on
        // SQLite, a ROW_NUMBER() over every dwelling of the district (the 低保 roster's 10 s at 1,000,000, PERFORMANCE.md).
        var rows = await (
            from h in db.Households.AsNoTracking().Where(h => EF.Parameter(households).Contains(h.Id))
            join d0 in db.Dwellings on h.DwellingId equals (long?)d0.Id into ds
            from d in ds.DefaultIfEmpty()
            join b0 in db.Buildings on d!.BuildingId equals b0.Id into bs
            from b in bs.DefaultIfEmpty()
            select new
            {
                h.Id, h.Number, h.GridId, h.HeadId,
                Head = db.Residents.Where(r => r.Id == h.HeadId).Select(r => r.Name).FirstOrDefault(),
                Members = db.Residents.Count(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active),
                Building = b == null ? null : b.Name, Unit = d == null ? null : d.Unit, Room = d == null ? null : d.Room,
            }).ToListAsync(ct);
        return rows.ToDictionary(h => h.Id, h => new HouseholdFacts(h.Number, h.GridId, RegistryText.Address(h.Building, h.Unit, h.Room), h.Head, h.HeadId, h.Members));
    }

    async Task<Dictionary<long, string>> GridNamesAsync(long[] grids, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

    async Task<ILookup<long, Tag>> LabelsAsync(long[] residents, CancellationToken ct) =>
        (await db.ResidentTags.AsNoTracking().Where(t => EF.Parameter(residents).Contains(t.ResidentId))
            .Join(db.Tags, rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, Tag = t }).ToListAsync(ct))
        .OrderBy(x => x.Tag.Name, StringComparer.Ordinal).ToLookup(x => x.ResidentId, x => x.Tag);

    async Task<Dictionary<long, object?[]>> HouseholdValuesAsync(LedgerScope scope, IReadOnlyList<LedgerField> fields, long[] ids, long[] grids, CancellationToken ct)
    {
        var result = new Dictionary<long, object?[]>();
        var facts = await HouseholdFactsAsync(ids, ct);
        var heads = facts.Values.Where(f => f.HeadId is not null).Select(f => f.HeadId!.Value).ToArray();
        var numbers = await db.Residents.AsNoTracking().Where(r => EF.Parameter(heads).Contains(r.Id))
            .Select(r => new { r.Id, r.NationalIdMasked, r.NationalIdCipher, r.PhoneMasked, r.PhoneCipher }).ToDictionaryAsync(r => r.Id, ct);
        var gridNames = await GridNamesAsync(facts.Values.Select(f => f.GridId).Distinct().ToArray(), ct);
        var inScope = grids.ToHashSet();
        foreach (var (id, f) in facts)
        {
            if (!inScope.Contains(f.GridId)) continue;
            var reveal = scope.FullNumbers && scope.Area.HasInGrid(Permissions.Registry.Reveal, f.GridId);
            var head = f.HeadId is { } hid ? numbers.GetValueOrDefault(hid) : null;
            var values = new object?[fields.Count];
            for (var i = 0; i < fields.Count; i++)
                values[i] = fields[i].Key switch
                {
                    "registry.household-number" => f.Number,
                    "registry.household-head" => f.Head,
                    "registry.household-head-id" => reveal && head?.NationalIdCipher is { } c ? cipher.Decrypt(c) : head?.NationalIdMasked,
                    "registry.household-address" => f.Address,
                    "registry.household-grid" => gridNames.GetValueOrDefault(f.GridId),
                    "registry.household-members" => f.Members,
                    "registry.household-phone" => reveal && head?.PhoneCipher is { } pc ? cipher.Decrypt(pc) : head?.PhoneMasked,
                    _ => null,
                };
            result[id] = values;
        }
        return result;
    }

    static string? Join(IEnumerable<Tag>? tags) => tags is null ? null : string.Join("、", tags.Select(t => t.Name)) is { Length: > 0 } s ? s : null;

    public static string? AgeBandOf(int? age) => age switch
    {
        >= 100 => "100岁以上",
        >= 90 => "90-99岁",
        >= 80 => "80-89岁",
        _ => null,
    };

    public static decimal? SubsidyOf(int? age) => age switch
    {
        >= 100 => 300m,
        >= 90 => 60m,
        >= 80 => 30m,
        _ => null,
    };
}

/// <summary>The registry's rows: the people in the registry (在册), in the unit and the user's scope, by grid, household and person.
/// Kinds are residence kinds (<c>registered</c>, <c>resident</c>, <c>migrant</c>).</summary>
public sealed class RegistryResidentRows(LinliDb db) : ILedgerRows
{
    public string Subject => LedgerSubjects.Resident;
    public string Name => "居民";
    public string Permission => Permissions.Registry.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var grids = await RegistryLedgerRows.GridsForAsync(db, scope, filter, ct);
        if (grids.Length == 0) return [];
        var q = db.Residents.AsNoTracking().Where(r => EF.Parameter(grids).Contains(r.GridId) && r.Status == ResidentStatus.Active);
        if (filter.AgeFrom is { } from)
        {
            var bornBy = scope.To.AddYears(-from);
            q = q.Where(r => r.BirthDate != null && r.BirthDate <= bornBy);
        }
        if (filter.AgeTo is { } to)
        {
            var bornAfter = scope.To.AddYears(-(to + 1));
            q = q.Where(r => r.BirthDate != null && r.BirthDate > bornAfter);
        }
        if (filter.Kinds is { Count: > 0 } kinds)
        {
            var wanted = kinds.Select(k => k switch { "migrant" => ResidenceKind.Migrant, "resident" => ResidenceKind.Resident, _ => ResidenceKind.Registered }).Distinct().ToList();
            q = q.Where(r => wanted.Contains(r.ResidenceKind));
        }
        if (filter.Labels.Count > 0)
        {
            var tags = await db.Tags.AsNoTracking().Where(t => filter.Labels.Contains(t.Code)).Select(t => t.Id).ToListAsync(ct);
            if (tags.Count < (filter.AllLabels ? filter.Labels.Count : 1)) return [];
            q = filter.AllLabels
                ? q.Where(r => db.ResidentTags.Count(t => t.ResidentId == r.Id && tags.Contains(t.TagId)) == tags.Count)
                : q.Where(r => db.ResidentTags.Any(t => t.ResidentId == r.Id && tags.Contains(t.TagId)));
        }
        return await q.OrderBy(r => r.GridId).ThenBy(r => r.HouseholdId).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
    }
}

/// <summary>The registry's households, in the unit and the user's scope; with labels, those where a member holds one.</summary>
public sealed class RegistryHouseholdRows(LinliDb db) : ILedgerRows
{
    public string Subject => LedgerSubjects.Household;
    public string Name => "户";
    public string Permission => Permissions.Registry.Read;

    public async Task<IReadOnlyList<long>> RowIdsAsync(LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var grids = await RegistryLedgerRows.GridsForAsync(db, scope, filter, ct);
        if (grids.Length == 0) return [];
        var q = db.Households.AsNoTracking().Where(h => EF.Parameter(grids).Contains(h.GridId)
            && db.Residents.Any(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active));
        if (filter.Labels.Count > 0)
        {
            var tags = await db.Tags.AsNoTracking().Where(t => filter.Labels.Contains(t.Code)).Select(t => t.Id).ToListAsync(ct);
            if (tags.Count == 0) return [];
            q = q.Where(h => db.Residents.Any(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active
                && db.ResidentTags.Any(t => t.ResidentId == r.Id && tags.Contains(t.TagId))));
        }
        return await q.OrderBy(h => h.GridId).ThenBy(h => h.Number).ThenBy(h => h.Id).Select(h => h.Id).ToListAsync(ct);
    }
}

static class RegistryLedgerRows
{
    /// <summary>The unit's grids where the user reads the registry; with a sensitive label in the filter, only those where the user sees it.</summary>
    public static async Task<long[]> GridsForAsync(LinliDb db, LedgerScope scope, LedgerFilter filter, CancellationToken ct)
    {
        var grids = await LedgerUnits.GridsAsync(db, scope, Permissions.Registry.Read, ct);
        if (filter.Labels.Count > 0 && await db.Tags.AnyAsync(t => filter.Labels.Contains(t.Code) && t.IsSensitive, ct))
            grids = grids.Where(g => scope.Area.HasInGrid(Permissions.Registry.Sensitive, g)).ToArray();
        return grids;
    }
}

/// <summary>The registers the registry fills alone (DOMAIN.md §6): a column it cannot know is typed.</summary>
public sealed class RegistryLedgerDeclarations : ILedgerDeclarations
{
    static LedgerColumn F(LedgerField f, string? heading = null) => new(heading ?? f.Name, f.Key);
    static LedgerColumn T(string heading) => new(heading, null);

    public IReadOnlyList<LedgerDeclaration> Ledgers { get; } =
    [
        new("registry.elderly-80", "老龄", "80岁以上高龄老人名册", "monthly", 25, LedgerSubjects.Resident, new LedgerFilter([], AgeFrom: 80),
            [F(RegistryLedgerFields.Name), F(RegistryLedgerFields.Gender), F(RegistryLedgerFields.NationalId), F(RegistryLedgerFields.BirthDate), F(RegistryLedgerFields.Age),
             F(RegistryLedgerFields.AgeBand), F(RegistryLedgerFields.ElderlySubsidy, "补贴标准"), F(RegistryLedgerFields.Grid), F(RegistryLedgerFields.Address), F(RegistryLedgerFields.Phone),
             T("年审日期"), F(RegistryLedgerFields.Status)]),
        new("registry.living-alone", "老龄", "独居老人名册", "monthly", 25, LedgerSubjects.Resident, new LedgerFilter(["ElderlyLivingAlone"]),
            [F(RegistryLedgerFields.Name), F(RegistryLedgerFields.Gender), F(RegistryLedgerFields.BirthMonth), F(RegistryLedgerFields.Age), F(RegistryLedgerFields.Address),
             F(RegistryLedgerFields.Phone), F(RegistryLedgerFields.Grid), T("紧急联系人"), T("近期动态")]),
        new("registry.disabled", "残联", "残疾人名册", "quarterly", 25, LedgerSubjects.Resident, new LedgerFilter(["Disabled"]),
            [F(RegistryLedgerFields.Name), F(RegistryLedgerFields.Gender), F(RegistryLedgerFields.BirthMonth), F(RegistryLedgerFields.Address, "户籍地址"),
             T("残疾类别"), T("残疾证号"), T("等级"), T("备注")]),
        new("registry.veterans", "退役军人", "退役军人/优抚对象名册", "yearly", 15, LedgerSubjects.Resident, new LedgerFilter(["Veteran"]),
            [F(RegistryLedgerFields.Name), F(RegistryLedgerFields.Gender), F(RegistryLedgerFields.BirthMonth), F(RegistryLedgerFields.NationalId), F(RegistryLedgerFields.Address),
             F(RegistryLedgerFields.Phone), T("优抚类别"), T("备注")]),
        new("registry.migrants", "综治", "流动人口登记表", "monthly", 25, LedgerSubjects.Resident, new LedgerFilter([], Kinds: ["migrant"]),
            [F(RegistryLedgerFields.Name), F(RegistryLedgerFields.Gender), F(RegistryLedgerFields.BirthMonth), F(RegistryLedgerFields.Ethnicity), F(RegistryLedgerFields.Marital),
             F(RegistryLedgerFields.Address), F(RegistryLedgerFields.Phone, "电话")]),
        new("registry.group-leaders", "民政", "居民组长/楼组长名单", "yearly", 15, LedgerSubjects.Resident, new LedgerFilter(["GroupLeader"]),
            [F(RegistryLedgerFields.Name), F(RegistryLedgerFields.Gender), F(RegistryLedgerFields.Age), F(RegistryLedgerFields.Education), F(RegistryLedgerFields.Political),
             F(RegistryLedgerFields.Address, "家庭住址"), T("职务"), F(RegistryLedgerFields.Phone, "电话")]),
    ];
}
