using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// 人员标签管理: the labels the office uses, with their category, sensitivity and visit interval.
/// Every change is audited; a change of sensitivity changes who sees the label, so it is named in the row.
/// </summary>
[Authorize(Policy = Permissions.Registry.ManageTags)]
public sealed class TagsModel(LinliDb db, AuditLog audit) : PageModel
{
    public sealed class TagForm
    {
        public long? Id { get; set; }
        [Display(Name = "标签名称"), Required(ErrorMessage = "请填写标签名称"), StringLength(32, ErrorMessage = "标签名称不能超过32个字")]
        public string Name { get; set; } = "";
        [Display(Name = "类别"), Required(ErrorMessage = "请填写类别"), StringLength(32)]
        public string Category { get; set; } = "";
        [Display(Name = "敏感")]
        public bool IsSensitive { get; set; }
        [Display(Name = "走访周期（天）"), Range(1, 366, ErrorMessage = "走访周期应在1到366天之间")]
        public int? VisitIntervalDays { get; set; }
    }

    public sealed record Row(Tag Tag, int Residents);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public TagForm Input { get; set; } = new();

    public async Task OnGetAsync(long? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is { } id && Rows.FirstOrDefault(r => r.Tag.Id == id)?.Tag is { } t)
            Input = new TagForm { Id = t.Id, Name = t.Name, Category = t.Category, IsSensitive = t.IsSensitive, VisitIntervalDays = t.VisitIntervalDays };
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Input")] TagForm input, CancellationToken ct)
    {
        Input = input;
        var name = input.Name.Trim();
        if (await db.Tags.AnyAsync(t => t.Name == name && t.Id != input.Id, ct)) ModelState.AddModelError("Input.Name", "已有同名标签。");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        Tag? tag;
        string what;
        if (input.Id is { } id)
        {
            tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (tag is null) return NotFound();
            what = tag.IsSensitive == input.IsSensitive ? $"修改标签“{tag.Name}”" : $"修改标签“{tag.Name}”，敏感：{(input.IsSensitive ? "是" : "否")}";
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
        await audit.WriteAsync(db, AuditActions.Write, null, null, $"{what}", ct: ct);
        await tx.CommitAsync(ct);
        TempData["Saved"] = "已保存";
        return Redirect("/Registry/Tags");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var counts = await db.ResidentTags.GroupBy(rt => rt.TagId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        Rows = (await db.Tags.AsNoTracking().OrderBy(t => t.Category).ThenBy(t => t.Name).ToListAsync(ct))
            .Select(t => new Row(t, counts.GetValueOrDefault(t.Id))).ToList();
    }
}
