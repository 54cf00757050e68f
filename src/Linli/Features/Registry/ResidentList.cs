using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// 居民名单: the residents of the user's area that match a filter — unit, labels (any or all), age or birth year,
/// gender, residence kind, status, household role and the search box — with the numbers of people and households,
/// one key-based page at a time. The list page, its JSON twin (GET /api/v1/residents), the filtered export and the
/// bulk label all read the same query, and every number on the dashboards links to it. Scope is inside the query
/// (<see cref="Scope.InScopeOf(IQueryable{Resident}, UserArea, string)"/>, through <see cref="ResidentSearch"/>);
/// a sensitive label matches only in the grids where the user may see it.
/// </summary>
public sealed class ResidentList(LinliDb db, ResidentSearch search, TimeProvider clock)
{
    /// <summary>
    /// More grids than this in the scope or the chosen unit, and PostgreSQL is sent the grids as a subquery
    /// (<see cref="Scope.InScopeOfMany"/>); a test sets 0 to read every list that way.
    /// </summary>
    public int ManyGridsFrom { get; set; } = Scope.ManyGrids;

    /// <summary>The filter as the query string carries it, so that every list has a URL. All text, checked by <see cref="Parse"/>.</summary>
    public sealed class Query
    {
        /// <summary>A community or grid id (within the user's area).</summary>
        [FromQuery(Name = "unit")] public string? Unit { get; set; }
        /// <summary>Label codes or names; several are matched by <see cref="Match"/>.</summary>
        [FromQuery(Name = "tag")] public string[]? Tag { get; set; }
        /// <summary>any (default) or all of the labels.</summary>
        [FromQuery(Name = "match")] public string? Match { get; set; }
        [FromQuery(Name = "ageMin")] public string? AgeMin { get; set; }
        [FromQuery(Name = "ageMax")] public string? AgeMax { get; set; }
        [FromQuery(Name = "bornFrom")] public string? BornFrom { get; set; }
        [FromQuery(Name = "bornTo")] public string? BornTo { get; set; }
        /// <summary>Male or Female.</summary>
        [FromQuery(Name = "gender")] public string? Gender { get; set; }
        /// <summary>Registered, Resident or Migrant.</summary>
        [FromQuery(Name = "kind")] public string? Kind { get; set; }
        /// <summary>Active (default), MovedOut, Deceased or All.</summary>
        [FromQuery(Name = "status")] public string? Status { get; set; }
        /// <summary>Relation to the head of household: Self, Spouse, Child, Parent, Grandchild, Sibling, Other.</summary>
        [FromQuery(Name = "role")] public string? Role { get; set; }
        /// <summary>The search box: name, ID number, phone or its last four digits, address.</summary>
        [FromQuery(Name = "q")] public string? Q { get; set; }

        /// <summary>The same from a page's query string.</summary>
        public static Query From(IQueryCollection q) => new()
        {
            Unit = q["unit"], Tag = q["tag"].Where(t => t is not null).Select(t => t!).ToArray(), Match = q["match"], AgeMin = q["ageMin"], AgeMax = q["ageMax"],
            BornFrom = q["bornFrom"], BornTo = q["bornTo"], Gender = q["gender"], Kind = q["kind"], Status = q["status"], Role = q["role"], Q = q["q"],
        };
    }

    /// <summary>A checked filter.</summary>
    public sealed record Filter(long? Unit, IReadOnlyList<string> Tags, bool AllTags, int? AgeMin, int? AgeMax, int? BornFrom, int? BornTo,
        Gender? Gender, ResidenceKind? Kind, ResidentStatus? Status, RelationToHead? Role, string? Q)
    {
        public static readonly Filter Everyone = new(null, [], false, null, null, null, null, null, null, ResidentStatus.Active, null, null);

        /// <summary>The query string of this filter, in a stable order: the links the dashboards write.</summary>
        public string ToQueryString(params (string Key, string? Value)[] extra)
        {
            var parts = new List<(string, string?)>
            {
                ("unit", Unit?.ToString(CultureInfo.InvariantCulture)),
            };
            parts.AddRange(Tags.Select(t => ("tag", (string?)t)));
            parts.Add(("match", AllTags ? "all" : null));
            parts.Add(("ageMin", AgeMin?.ToString(CultureInfo.InvariantCulture)));
            parts.Add(("ageMax", AgeMax?.ToString(CultureInfo.InvariantCulture)));
            parts.Add(("bornFrom", BornFrom?.ToString(CultureInfo.InvariantCulture)));
            parts.Add(("bornTo", BornTo?.ToString(CultureInfo.InvariantCulture)));
            parts.Add(("gender", Gender?.ToString()));
            parts.Add(("kind", Kind?.ToString()));
            parts.Add(("status", Status is null ? "All" : Status == ResidentStatus.Active ? null : Status.ToString()));
            parts.Add(("role", Role?.ToString()));
            parts.Add(("q", string.IsNullOrWhiteSpace(Q) ? null : Q));
            parts.AddRange(extra);
            var s = string.Join("&", parts.Where(p => p.Item2 is { Length: > 0 }).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
            return s.Length == 0 ? "" : "?" + s;
        }
    }

    /// <summary>The list's address for a filter: what every number on the dashboards links to.</summary>
    public static string Href(Filter f) => "/Registry/Residents" + f.ToQueryString();

    /// <summary>Reads the query string; each bad value is one Chinese sentence naming the field and what it holds.</summary>
    public static Filter Parse(Query q, Dictionary<string, string> errors)
    {
        var say = UiText.Shared;
        int? Number(string? text, string key, string label, int min, int max)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(Text.ToHalfWidth(text).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            errors[key] = say["{0}应为 {1} 到 {2} 之间的整数，现在是“{3}”。", say[label], min, max, text];
            return null;
        }
        T? Choice<T>(string? text, string key, string label) where T : struct, Enum
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(text, out _)) return v;
            errors[key] = say["{0}没有“{1}”这一项。", say[label], text];
            return null;
        }
        long? unit = null;
        if (!string.IsNullOrWhiteSpace(q.Unit))
        {
            if (long.TryParse(q.Unit.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) && u > 0) unit = u;
            else errors["unit"] = say["社区或网格应为编号，现在是“{0}”。", q.Unit];
        }
        var ageMin = Number(q.AgeMin, "ageMin", "最小年龄", 0, 150);
        var ageMax = Number(q.AgeMax, "ageMax", "最大年龄", 0, 150);
        var bornFrom = Number(q.BornFrom, "bornFrom", "出生年份（起）", 1850, 2200);
        var bornTo = Number(q.BornTo, "bornTo", "出生年份（止）", 1850, 2200);
        if (ageMin > ageMax) errors["ageMax"] = say["最大年龄（{0}）不能小于最小年龄（{1}）。", ageMax, ageMin];
        if (bornFrom > bornTo) errors["bornTo"] = say["出生年份（止）（{0}）不能早于出生年份（起）（{1}）。", bornTo, bornFrom];
        ResidentStatus? status = ResidentStatus.Active;
        if (string.Equals(q.Status?.Trim(), "All", StringComparison.OrdinalIgnoreCase)) status = null;
        else if (!string.IsNullOrWhiteSpace(q.Status)) status = Choice<ResidentStatus>(q.Status, "status", "状态") ?? ResidentStatus.Active;
        var match = q.Match?.Trim();
        if (match is { Length: > 0 } && match is not ("any" or "all")) errors["match"] = say["标签的匹配方式只能是 any（任一）或 all（全部），现在是“{0}”。", q.Match];
        var tags = (q.Tag ?? []).Select(t => t?.Trim()).Where(t => t is { Length: > 0 }).Select(t => t!).Distinct(StringComparer.Ordinal).ToList();
        var text = q.Q?.Trim();
        if (text is { Length: > 64 }) { errors["q"] = "查找的内容不能超过64个字。"; text = null; }
        return new Filter(unit, tags, match == "all", ageMin, ageMax, bornFrom, bornTo,
            Choice<Gender>(q.Gender, "gender", "性别"), Choice<ResidenceKind>(q.Kind, "kind", "居住类型"), status,
            Choice<RelationToHead>(q.Role, "role", "与户主关系"), text is { Length: > 0 } ? text : null);
    }

    /// <summary>
    /// The filter resolved against the database and the user's area: which unit, which labels. <paramref name="Labelled"/>
    /// is set when the filter asks only for labels (one, or any of several), age or birth year and status: the same people
    /// as <paramref name="Residents"/>, as their label rows, whose copies of the resident's fields answer the counts from
    /// one index (<see cref="ResidentTag.BirthDate"/>).
    /// </summary>
    public sealed record Resolved(Filter Filter, OrgUnit? Unit, IReadOnlyList<Tag> Tags, IReadOnlyList<long> Grids, IQueryable<Resident> Residents,
        IQueryable<ResidentTag>? Labelled = null);

    /// <summary>
    /// The residents matching the filter inside the user's area (registry.read). An unknown unit, or one outside the
    /// area, and an unknown label (or a sensitive one the user may not see) are errors, never a silently wider list.
    /// </summary>
    public async Task<Resolved> ResolveAsync(UserArea area, Filter f, Dictionary<string, string> errors, CancellationToken ct)
    {
        var say = UiText.Shared;
        var grids = area.GridsWhere(Permissions.Registry.Read);
        OrgUnit? unit = null;
        if (f.Unit is { } unitId)
        {
            unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == unitId, ct);
            var inside = unit is null ? [] : await db.OrgUnits.AsNoTracking()
                .Where(o => o.Kind == OrgUnitKind.Grid && o.Path.StartsWith(unit.Path) && EF.Parameter(grids).Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
            if (inside.Count == 0)
            {
                errors["unit"] = say["找不到编号为 {0} 的社区或网格，或它不在你的管辖范围内。", unitId];
                unit = null;
            }
            else grids = inside;
        }

        var mayKnowSensitive = area.Has(Permissions.Registry.Sensitive);
        var tags = new List<Tag>();
        foreach (var t in f.Tags)
        {
            var tag = await db.Tags.AsNoTracking().FirstOrDefaultAsync(x => x.Code == t || x.Name == t, ct);
            if (tag is null || (tag.IsSensitive && !mayKnowSensitive)) errors["tag"] = say["没有名为“{0}”的人员标签。", t];
            else tags.Add(tag);
        }

        var q = search.Query(area, Permissions.Registry.Read, f.Q ?? "", ManyGridsFrom);
        IQueryable<ResidentTag>? labelled = null;
        if (f.Unit is not null)
        {
            var set = Scope.GridSet(db, grids);
            q = Scope.IsMany(db, grids, ManyGridsFrom) ? q.Where(r => set.Contains(r.GridId)) : q.Where(r => EF.Parameter(grids).Contains(r.GridId));
        }
        if (tags.Count > 0)
        {
            // Id IN (the label's rows in these grids): one index range of (TagId, GridId), as the search keys are read.
            // One label is an equality, not a one-element array; a half of "any" that holds no label is left out, not
            // sent as an empty array beside the other half (SQLite then planned a MULTI-INDEX OR over both).
            var sensitiveGrids = area.GridsWhere(Permissions.Registry.Sensitive).Intersect(grids).ToList();
            if (f.AllTags)
                foreach (var tag in tags)
                    q = WithLabels(q, [tag.Id], tag.IsSensitive ? sensitiveGrids : grids);
            else
            {
                var normal = tags.Where(t => !t.IsSensitive).Select(t => t.Id).ToList();
                var sensitive = tags.Where(t => t.IsSensitive).Select(t => t.Id).ToList();
                labelled = sensitive.Count == 0 ? Labels(normal, grids) : normal.Count == 0 ? Labels(sensitive, sensitiveGrids)
                    : db.ResidentTags.Where(rt => (EF.Parameter(normal).Contains(rt.TagId) && EF.Parameter(grids).Contains(rt.GridId))
                        || (EF.Parameter(sensitive).Contains(rt.TagId) && EF.Parameter(sensitiveGrids).Contains(rt.GridId)));
                var ids = labelled.Select(rt => rt.ResidentId);
                q = q.Where(r => ids.Contains(r.Id));
            }
            // The label rows answer the counts only when every other condition is one they carry a copy of.
            if (tags.Count > 1 && f.AllTags || f.Q is not null || f.Gender is not null || f.Kind is not null || f.Role is not null) labelled = null;
        }
        var today = clock.Today();
        if (f.AgeMin is { } min)
        {
            var bornBy = today.AddYears(-min);
            q = q.Where(r => r.BirthDate <= bornBy);
            labelled = labelled?.Where(rt => rt.BirthDate <= bornBy);
        }
        if (f.AgeMax is { } max)
        {
            var bornAfter = today.AddYears(-(max + 1));
            q = q.Where(r => r.BirthDate > bornAfter);
            labelled = labelled?.Where(rt => rt.BirthDate > bornAfter);
        }
        if (f.BornFrom is { } from)
        {
            var d = new DateOnly(from, 1, 1);
            q = q.Where(r => r.BirthDate >= d);
            labelled = labelled?.Where(rt => rt.BirthDate >= d);
        }
        if (f.BornTo is { } to)
        {
            var d = new DateOnly(to, 12, 31);
            q = q.Where(r => r.BirthDate <= d);
            labelled = labelled?.Where(rt => rt.BirthDate <= d);
        }
        if (f.Gender is { } g) q = q.Where(r => r.Gender == g);
        if (f.Kind is { } k) q = q.Where(r => r.ResidenceKind == k);
        if (f.Status is { } s)
        {
            q = q.Where(r => r.Status == s);
            labelled = labelled?.Where(rt => rt.Status == s);
        }
        if (f.Role is { } role) q = q.Where(r => r.RelationToHead == role);
        return new Resolved(f, unit, tags, grids, q, labelled);
    }

    /// <summary>The residents holding any of <paramref name="tagIds"/> in <paramref name="inGrids"/>.</summary>
    /// <remarks>Over many grids on PostgreSQL the grids are a subquery of OrgUnits, as in <see cref="Scope.InScopeOfMany"/>.</remarks>
    IQueryable<Resident> WithLabels(IQueryable<Resident> q, IReadOnlyList<long> tagIds, IReadOnlyList<long> inGrids)
    {
        var ids = Labels(tagIds, inGrids).Select(rt => rt.ResidentId);
        return q.Where(r => ids.Contains(r.Id));
    }

    /// <summary>The label rows of <paramref name="tagIds"/> in <paramref name="inGrids"/>.</summary>
    IQueryable<ResidentTag> Labels(IReadOnlyList<long> tagIds, IReadOnlyList<long> inGrids)
    {
        var labelled = tagIds is [var one] ? db.ResidentTags.Where(rt => rt.TagId == one) : db.ResidentTags.Where(rt => EF.Parameter(tagIds).Contains(rt.TagId));
        var set = Scope.GridSet(db, inGrids);
        return Scope.IsMany(db, inGrids, ManyGridsFrom) ? labelled.Where(rt => set.Contains(rt.GridId)) : labelled.Where(rt => EF.Parameter(inGrids).Contains(rt.GridId));
    }

    public sealed record Counts(int Residents, int Households);

    /// <summary>
    /// How many people match, and in how many households: one scan, COUNT(*) and COUNT(DISTINCT household) together
    /// (two queries read the same rows twice; bench list-community, list-district) — over the label rows' covering index
    /// when the filter allows it (<see cref="Resolved.Labelled"/>), else over the residents.
    /// </summary>
    public static async Task<Counts> CountAsync(Resolved r, CancellationToken ct)
    {
        if (r.Labelled is { } labelled)
        {
            // From the label rows' covering index: one label holds a person once; several may hold one person twice.
            var fromLabels = r.Tags.Count == 1
                ? await labelled.GroupBy(x => 1).Select(g => new Counts(g.Count(), g.Select(x => x.HouseholdId).Distinct().Count())).ToListAsync(ct)
                : await labelled.GroupBy(x => 1).Select(g => new Counts(g.Select(x => x.ResidentId).Distinct().Count(), g.Select(x => x.HouseholdId).Distinct().Count())).ToListAsync(ct);
            return fromLabels.Count == 0 ? new(0, 0) : fromLabels[0];
        }
        // One group (or none, when nobody matches); a list, not FirstOrDefault, which EF warns about without an order.
        var both = await r.Residents.GroupBy(x => 1)
            .Select(g => new Counts(g.Count(), g.Select(x => x.HouseholdId).Distinct().Count()))
            .ToListAsync(ct);
        return both.Count == 0 ? new(0, 0) : both[0];
    }

    /// <summary>One row of the list, with everything any column may show.</summary>
    public sealed record Row(long Id, string Name, Gender Gender, DateOnly? BirthDate, int? Age, string? NationalId, string? Phone, long GridId, string Grid,
        long? HouseholdId, string Address, RelationToHead RelationToHead, ResidenceKind Kind, ResidentStatus Status, IReadOnlyList<string> Tags);

    public sealed record Page(IReadOnlyList<Row> Rows, long? Next);

    /// <summary>One page in id order after <paramref name="after"/>: key-based, never OFFSET.</summary>
    public async Task<Page> PageAsync(UserArea area, Resolved r, long? after, int limit, CancellationToken ct)
    {
        var q = r.Residents;
        if (after is { } a) q = q.Where(x => x.Id > a);
        var found = await (
            from x in q.OrderBy(x => x.Id).Take(limit + 1)
            join g in db.OrgUnits on x.GridId equals g.Id
            join h in db.Households on x.HouseholdId equals h.Id into hj
            from h in hj.DefaultIfEmpty()
            join d in db.Dwellings on h.DwellingId equals d.Id into dj
            from d in dj.DefaultIfEmpty()
            join b in db.Buildings on d.BuildingId equals b.Id into bj
            from b in bj.DefaultIfEmpty()
            select new { x.Id, x.Name, x.Gender, x.BirthDate, x.NationalIdMasked, x.PhoneMasked, x.GridId, Grid = g.Name, x.HouseholdId, x.RelationToHead, x.ResidenceKind, x.Status,
                Building = b == null ? null : b.Name, Unit = d == null ? null : d.Unit, Room = d == null ? null : d.Room })
            .ToListAsync(ct);
        var rows = found.OrderBy(x => x.Id).Take(limit).ToList();
        var ids = rows.Select(x => x.Id).ToList();
        var tags = (await db.ResidentTags.AsNoTracking().Where(rt => EF.Parameter(ids).Contains(rt.ResidentId))
                .Join(db.Tags, rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, rt.GridId, t.Id, t.Name, t.IsSensitive }).ToListAsync(ct))
            .Where(x => !x.IsSensitive || area.HasInGrid(Permissions.Registry.Sensitive, x.GridId))
            .OrderBy(x => x.Id).ToLookup(x => x.ResidentId, x => x.Name);
        var today = clock.Today();
        return new Page(rows.Select(x => new Row(x.Id, x.Name, x.Gender, x.BirthDate, x.BirthDate is { } bd ? RegistryText.Age(bd, today) : null,
                x.NationalIdMasked, x.PhoneMasked, x.GridId, x.Grid, x.HouseholdId, RegistryText.Address(x.Building, x.Unit, x.Room),
                x.RelationToHead, x.ResidenceKind, x.Status, tags[x.Id].ToList())).ToList(),
            found.Count > limit ? rows[^1].Id : null);
    }

    /// <summary>
    /// The same page as whole records, for the API, in one read: the API wrote its DTOs from the records and read the
    /// page's labels itself, so <see cref="PageAsync"/>'s joins and label read were done twice over.
    /// </summary>
    public static async Task<(List<Resident> Rows, long? Next)> RecordsAsync(Resolved r, long? after, int limit, CancellationToken ct)
    {
        var q = r.Residents;
        if (after is { } a) q = q.Where(x => x.Id > a);
        var found = await q.OrderBy(x => x.Id).Take(limit + 1).ToListAsync(ct);
        var rows = found.Take(limit).ToList();
        return (rows, found.Count > limit ? rows[^1].Id : null);
    }

    /// <summary>The filter in words, for the page's heading, the printout and the audit row: "第一居民组；独居老人；80岁及以上；在册".</summary>
    public static string Describe(Resolved r)
    {
        var f = r.Filter;
        var parts = new List<string>();
        if (r.Unit is { } u) parts.Add(u.Name);
        if (r.Tags.Count > 0) parts.Add((r.Tags.Count > 1 ? (f.AllTags ? "同时有标签：" : "有任一标签：") : "标签：") + string.Join("、", r.Tags.Select(t => t.Name)));
        if (f.AgeMin is { } min && f.AgeMax is { } max) parts.Add($"{min}至{max}岁");
        else if (f.AgeMin is { } a) parts.Add($"{a}岁及以上");
        else if (f.AgeMax is { } b) parts.Add($"{b}岁及以下");
        if (f.BornFrom is { } bf && f.BornTo is { } bt) parts.Add(bf == bt ? $"{bf}年出生" : $"{bf}至{bt}年出生");
        else if (f.BornFrom is { } c) parts.Add($"{c}年及以后出生");
        else if (f.BornTo is { } d) parts.Add($"{d}年及以前出生");
        if (f.Gender is { } g) parts.Add(RegistryText.Of(g));
        if (f.Kind is { } k) parts.Add(RegistryText.Of(k) + "人口");
        if (f.Role is { } role) parts.Add(RegistryText.Of(role));
        if (f.Q is { } q) parts.Add($"查找“{q}”");
        parts.Add(f.Status is { } s ? RegistryText.Of(s) : "全部状态");
        return string.Join("；", parts);
    }

    /// <summary>The columns a list may show, in their order; the name is always shown.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Columns =
    [
        ("gender", "性别"), ("age", "年龄"), ("birth", "出生日期"), ("id", "公民身份号码"), ("phone", "联系电话"), ("grid", "网格"),
        ("address", "住址"), ("role", "与户主关系"), ("kind", "居住类型"), ("tags", "标签"), ("status", "状态"),
    ];

    public static readonly IReadOnlyList<string> DefaultColumns = ["gender", "age", "id", "phone", "grid", "address", "tags"];

    public static IReadOnlyList<string> ColumnsFrom(string[]? cols)
    {
        var chosen = (cols ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var known = Columns.Select(c => c.Key).Where(chosen.Contains).ToList();
        return known.Count > 0 ? known : DefaultColumns;
    }
}
