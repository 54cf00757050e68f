using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// 人员标签管理. The labels are the street's: their names, categories, sensitivity and default visit interval are
/// set by the street (registry.define-tags), since a change shows or hides them in every community. A change of
/// sensitivity first shows how many residents in how many communities it exposes or hides, and goes through only
/// when confirmed; its audit row names the unit. A community sets its own visit cycle per label
/// (registry.set-visit-cycles, <see cref="CommunityVisitCycle"/>). The counts are always of the user's own area.
/// </summary>
[Authorize(Policy = Permissions.Policies.Labels)]
public sealed class TagsModel(LinliDb db, AuditLog audit, CurrentUser me, UiText say) : PageModel
{
    public sealed class TagForm
    {
        public long? Id { get; set; }
        [Display(Name = "标签名称"), Required(ErrorMessage = "请填写标签名称"), StringLength(32, ErrorMessage = "标签名称不能超过32个字")]
        public string Name { get; set; } = "";
        [Display(Name = "类别"), Required(ErrorMessage = "请填写类别"), StringLength(32, ErrorMessage = "类别不能超过32个字")]
        public string Category { get; set; } = "";
        [Display(Name = "敏感")]
        public bool IsSensitive { get; set; }
        [Display(Name = "走访周期（天）"), Range(1, 366, ErrorMessage = "走访周期应在1到366天之间")]
        public int? VisitIntervalDays { get; set; }
        [Display(Name = "首次走访时限（小时）"), Range(Tag.MinWithinHours, Tag.MaxWithinHours, ErrorMessage = "首次走访时限应在1到720小时之间")]
        public int? VisitWithinHours { get; set; }
        /// <summary>Set by the confirmation step of a change of sensitivity.</summary>
        public bool Confirmed { get; set; }
        /// <summary>The label's <see cref="Tag.Version"/> when the form was opened; required for a change (issue 10, item 3).</summary>
        public int? Version { get; set; }
    }

    public sealed class CycleForm
    {
        public long TagId { get; set; }
        public long CommunityId { get; set; }
        [Display(Name = "本社区走访周期（天）"), Range(1, 366, ErrorMessage = "走访周期应在1到366天之间")]
        public int? IntervalDays { get; set; }
        [Display(Name = "应走访期（到期日前后各几天）"), Range(0, 366, ErrorMessage = "应走访期应在0到366天之间")]
        public int? WindowDays { get; set; }
        [Display(Name = "本社区首次走访时限（小时）"), Range(Tag.MinWithinHours, Tag.MaxWithinHours, ErrorMessage = "首次走访时限应在1到720小时之间")]
        public int? VisitWithinHours { get; set; }
    }

    /// <summary>What a change of sensitivity does, before it is confirmed.</summary>
    public sealed record Impact(string TagName, bool MakesSensitive, int Residents, int Communities);

    public sealed record Row(Tag Tag, int? Residents, CommunityVisitCycle? Cycle);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public TagForm Input { get; set; } = new();
    public CycleForm Cycle { get; set; } = new();
    public Impact? Pending { get; private set; }
    public bool MayDefine { get; private set; }
    /// <summary>The community whose visit cycles this user sets here, if any.</summary>
    public OrgUnit? Community { get; private set; }
    public string AreaName { get; private set; } = "";
    bool seesSensitive;

    /// <summary>Whether the label's count links to its list: a sensitive label only for who may see it on residents (the street defines it, but does not see who holds it).</summary>
    public bool MayList(Tag tag) => !tag.IsSensitive || seesSensitive;

    public async Task OnGetAsync(long? edit, long? cycle, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (MayDefine && edit is { } id && Rows.FirstOrDefault(r => r.Tag.Id == id)?.Tag is { } t)
            Input = new TagForm { Id = t.Id, Name = t.Name, Category = t.Category, IsSensitive = t.IsSensitive, VisitIntervalDays = t.VisitIntervalDays, VisitWithinHours = t.VisitWithinHours, Version = t.Version };
        if (Community is not null && cycle is { } tagId && Rows.FirstOrDefault(r => r.Tag.Id == tagId) is { } row)
            Cycle = new CycleForm { TagId = tagId, CommunityId = Community.Id, IntervalDays = row.Cycle?.IntervalDays, WindowDays = row.Cycle?.WindowDays, VisitWithinHours = row.Cycle?.VisitWithinHours };
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Input")] TagForm input, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (!area.Has(Permissions.Registry.DefineTags)) return Forbid();
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith("Input.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        Input = input;
        var name = input.Name.Trim();
        if (await db.Tags.AnyAsync(t => t.Name == name && t.Id != input.Id, ct)) ModelState.AddModelError("Input.Name", "已有同名标签。");
        if (ModelState.GetFieldValidationState("Input.VisitWithinHours") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && Tag.WithinHoursError(input.VisitIntervalDays, input.VisitWithinHours) is { } hoursError) ModelState.AddModelError("Input.VisitWithinHours", hoursError);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        Tag? tag;
        string what;
        Impact? impact = null;
        if (input.Id is { } id)
        {
            tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (tag is null) return NotFound();
            if (input.Version != tag.Version)
            {
                // Changed since this form was opened (or a form without its version): show what is saved now, keep what was typed.
                ModelState.AddModelError("Input.Name", say["此标签已被他人修改，现在保存的是：{0}。请核对后再保存，你填写的内容仍在表单中。", Described(tag)]);
                Input.Version = tag.Version;
                await LoadAsync(ct);
                return Page();
            }
            // Checked again at the write: a save between this read and our own is caught as a concurrency conflict below.
            db.Entry(tag).Property(t => t.Version).OriginalValue = input.Version.Value;
            if (tag.IsSensitive != input.IsSensitive)
            {
                impact = await ImpactAsync(tag, input.IsSensitive, ct);
                if (!input.Confirmed)
                {
                    Pending = impact;
                    await LoadAsync(ct);
                    return Page();
                }
            }
            what = impact is null ? $"修改标签“{tag.Name}”"
                : $"修改标签“{tag.Name}”，敏感：{(input.IsSensitive ? "是" : "否")}（{(input.IsSensitive ? "对无敏感标签权限的人隐藏" : "对所有能查看居民的人可见")}：{impact.Communities} 个社区 {impact.Residents} 名在册居民）";
        }
        else
        {
            tag = new Tag { Code = "T" + Guid.NewGuid().ToString("N")[..12], Name = name, Category = "" };
            db.Tags.Add(tag);
            what = $"新建标签“{name}”{(input.IsSensitive ? "（敏感）" : "")}";
        }
        tag.Name = name;
        tag.Category = input.Category.Trim();
        tag.IsSensitive = input.IsSensitive;
        tag.VisitIntervalDays = input.VisitIntervalDays;
        tag.VisitWithinHours = input.VisitWithinHours;
        var street = area.UnitsWhere(Permissions.Registry.DefineTags)[0];
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved this label between our read and our write (its version moved): say so, overwrite nothing.
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.Name", "此标签已被他人修改，请刷新页面后再改。");
            await LoadAsync(ct);
            return Page();
        }
        await audit.WriteAsync(db, AuditActions.Write, null, street.Id, $"{what}；标签定义属于{street.Name}（{street.Code}）", ct: ct);
        await tx.CommitAsync(ct);
        TempData["Saved"] = "已保存";
        return Redirect("/Registry/Tags");
    }

    public async Task<IActionResult> OnPostCycleAsync([Bind(Prefix = "Cycle")] CycleForm input, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith("Cycle.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        Cycle = input;
        var community = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == input.CommunityId && o.Kind == OrgUnitKind.Community, ct);
        var tag = await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Id == input.TagId, ct);
        if (community is null || tag is null || !area.HasIn(Permissions.Registry.SetVisitCycles, community)) return NotFound();
        if (input.IntervalDays is null && input.WindowDays is not null) ModelState.AddModelError("Cycle.IntervalDays", "填写应走访期时，请同时填写走访周期。");
        if (input.IntervalDays is { } days && input.WindowDays is { } window && window >= days) ModelState.AddModelError("Cycle.WindowDays", "应走访期应短于走访周期。");
        if (ModelState.GetFieldValidationState("Cycle.VisitWithinHours") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && Tag.WithinHoursError(input.IntervalDays, input.VisitWithinHours) is { } hoursError) ModelState.AddModelError("Cycle.VisitWithinHours", hoursError);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var existing = await db.CommunityVisitCycles.FirstOrDefaultAsync(c => c.CommunityId == community.Id && c.TagId == tag.Id, ct);
        string what;
        if (input.IntervalDays is not { } interval)
        {
            if (existing is not null) db.CommunityVisitCycles.Remove(existing);
            what = $"{community.Name}的“{tag.Name}”走访周期恢复为街道默认（{(tag.VisitIntervalDays is { } d ? $"{d} 天" : "不要求走访")}）";
        }
        else
        {
            existing ??= db.CommunityVisitCycles.Add(new CommunityVisitCycle { TagId = tag.Id, CommunityId = community.Id, IntervalDays = interval, WindowDays = 0 }).Entity;
            existing.IntervalDays = interval;
            existing.WindowDays = input.WindowDays ?? 0;
            existing.VisitWithinHours = input.VisitWithinHours;
            what = $"{community.Name}的“{tag.Name}”走访周期设为 {interval} 天，提前 {existing.WindowDays} 天算作应走访期"
                + (existing.VisitWithinHours is { } h ? $"，新增标签后 {h} 小时内首次走访" : "");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, null, community.Id, $"{what}", ct: ct);
        await tx.CommitAsync(ct);
        TempData["Saved"] = "已保存";
        return Redirect("/Registry/Tags");
    }

    static string Described(Tag tag) =>
        $"名称“{tag.Name}”，类别“{tag.Category}”，{(tag.IsSensitive ? "敏感" : "不敏感")}，走访周期 {(tag.VisitIntervalDays is { } d ? $"{d} 天" : "不要求")}"
        + (tag.VisitWithinHours is { } h ? $"，新增后 {h} 小时内首次走访" : "");

    /// <summary>In-register residents carrying the label, and their communities, over the whole registry: the definition is shared.</summary>
    async Task<Impact> ImpactAsync(Tag tag, bool makesSensitive, CancellationToken ct)
    {
        var byCommunity = await db.GridCounts.AsNoTracking().Where(c => c.Measure == GridMeasure.Tag && c.Key == tag.Id && c.Count > 0)
            .Join(db.OrgUnits, c => c.GridId, g => g.Id, (c, g) => new { g.ParentId, c.Count })
            .GroupBy(x => x.ParentId).Select(g => new { g.Key, N = g.Sum(x => x.Count) }).ToListAsync(ct);
        return new Impact(tag.Name, makesSensitive, byCommunity.Sum(x => x.N), byCommunity.Count);
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        MayDefine = area.Has(Permissions.Registry.DefineTags);
        var cycleUnits = area.UnitsWhere(Permissions.Registry.SetVisitCycles);
        Community = cycleUnits.FirstOrDefault(u => u.Kind == OrgUnitKind.Community);
        AreaName = string.Join("、", area.UnitsWhere(Permissions.Registry.Read).Select(u => u.Name));

        // Counts of the user's own area only; a sensitive label's count only where the user may see it or defines it.
        var grids = area.GridsWhere(Permissions.Registry.Read);
        var sensitiveGrids = area.GridsWhere(Permissions.Registry.Sensitive).Union(area.GridsWhere(Permissions.Registry.DefineTags)).Intersect(grids).ToList();
        var counts = await CountsAsync(grids, ct);
        var sensitiveCounts = await CountsAsync(sensitiveGrids, ct);
        seesSensitive = area.Has(Permissions.Registry.Sensitive);
        var showSensitive = MayDefine || seesSensitive;
        var cycles = Community is null ? [] : await db.CommunityVisitCycles.AsNoTracking().Where(c => c.CommunityId == Community.Id).ToListAsync(ct);
        Rows = (await db.Tags.AsNoTracking().Where(t => showSensitive || !t.IsSensitive).OrderBy(t => t.Category).ThenBy(t => t.Name).ToListAsync(ct))
            .Select(t => new Row(t,
                t.IsSensitive ? (sensitiveGrids.Count > 0 ? sensitiveCounts.GetValueOrDefault(t.Id) : null) : counts.GetValueOrDefault(t.Id),
                cycles.FirstOrDefault(c => c.TagId == t.Id)))
            .ToList();
    }

    Task<Dictionary<long, int>> CountsAsync(IReadOnlyList<long> grids, CancellationToken ct) =>
        db.GridCounts.AsNoTracking().Where(c => c.Measure == GridMeasure.Tag && EF.Parameter(grids).Contains(c.GridId))
            .GroupBy(c => c.Key).Select(g => new { g.Key, N = g.Sum(c => c.Count) }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
}
