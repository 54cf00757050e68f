using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry.Import;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>
/// An office adds a template without code: it uploads the department's blank form; the header is found with the roster
/// import's header finder (a title row, a 填报单位 line above it are passed over); each heading is given the field the
/// catalogue's words propose (身份证 → 身份证号); the user confirms, picks others or marks columns typed; it is saved for
/// the community, or at the street for all its communities.
/// </summary>
public sealed class LedgerTemplates(LinliDb db, LedgerCatalog catalog, AuditLog audit, TimeProvider clock)
{
    public sealed record ProposedColumn(string Heading, LedgerField? Field);
    public sealed record Proposal(string? Title, string Subject, IReadOnlyList<ProposedColumn> Columns);

    public sealed record Form(long UnitId, string Department, string Name, string? DutyItem, string Cycle, int? DueDay, bool StreetApproves,
        string Subject, IReadOnlyList<string> Labels, int? AgeFrom, int? AgeTo, IReadOnlyList<LedgerColumn> Columns);

    public static readonly IReadOnlyList<string> Departments = ["民政", "人社", "医保", "残联", "老龄", "退役军人", "综治", "组织", "妇联", "卫健", "应急", "统计", "其他"];
    public static readonly IReadOnlyList<string> Cycles = ["monthly", "quarterly", "yearly", "on-demand"];

    /// <summary>Headings that are part of a form, not a column to fill: the row number, a button, a label for the filler.</summary>
    static bool Skipped(string heading) =>
        heading is LedgerXlsx.Sequence or "操作" or "编号序号" || heading.EndsWith('：') || heading.EndsWith(':');

    public LedgerOutcome<Proposal> Propose(byte[] bytes)
    {
        IReadOnlyList<RosterSheet> sheets;
        try { sheets = RosterFile.Read(bytes); }
        catch (RosterFileException e) { return new(null, LedgerRefusal.Invalid, e.Message); }
        if (sheets.Count == 0 || sheets[0].Rows.Count == 0) return new(null, LedgerRefusal.Invalid, "文件是空的：请上传部门下发的空白表格（含表头）。");
        var sheet = sheets[0];
        int headerIndex;
        if (RosterHeader.Find(sheet) is { } header) headerIndex = header.RowIndex - header.Rows + 1;
        else
        {
            // Not a roster of people (党费收支, 活动记录 …): the first row with three or more headings.
            headerIndex = -1;
            for (var i = 0; i < Math.Min(sheet.Rows.Count, 20) && headerIndex < 0; i++)
                if (sheet.Rows[i].Cells.Count(c => RosterValues.TextOf(c) is not null) >= 3) headerIndex = i;
            if (headerIndex < 0) return new(null, LedgerRefusal.Invalid, "在前 20 行里找不到表头（一行里至少三个列名）。请检查是否上传了正确的表格。");
        }
        var title = sheet.Rows.Take(headerIndex).Select(r => r.Cells.Select(RosterValues.TextOf).FirstOrDefault(t => t is not null)).FirstOrDefault(t => t is not null);
        var headings = sheet.Rows[headerIndex].Cells.Select(c => RosterValues.TextOf(c)?.Replace("\n", "", StringComparison.Ordinal).Trim())
            .Where(h => h is { Length: > 0 } && !Skipped(RosterColumns.Normalize(h))).Select(h => h!).ToList();
        if (headings.Count == 0) return new(null, LedgerRefusal.Invalid, UiText.Shared["第 {0} 行像是表头，但没有可填写的列。", sheet.Rows[headerIndex].Number]);
        var first = headings.Select(h => catalog.Propose(h, null)).ToList();
        var subject = catalog.SubjectFor(first);
        var columns = headings.Select(h => catalog.Propose(h, subject) is { } f && f.Subject == subject ? new ProposedColumn(h, f) : new ProposedColumn(h, null)).ToList();
        return new(new Proposal(title, subject, columns));
    }

    public async Task<LedgerOutcome<LedgerTemplate>> SaveAsync(UserArea area, Form form, CancellationToken ct)
    {
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == form.UnitId, ct);
        if (unit is null || unit.Kind == OrgUnitKind.Grid || !area.HasIn(Permissions.Ledgers.Define, unit))
            return new(null, LedgerRefusal.NotFound, "找不到要保存到的社区或街道，或它不在你的管辖范围内。");
        var name = form.Name.Trim();
        if (name.Length is 0 or > 100) return new(null, LedgerRefusal.Invalid, "台账名称：请填写，不超过 100 字。");
        if (!Departments.Contains(form.Department)) return new(null, LedgerRefusal.Invalid, "主管部门：请从列表中选择。");
        if (!Cycles.Contains(form.Cycle)) return new(null, LedgerRefusal.Invalid, "报送周期：请从列表中选择。");
        if (form.DueDay is < 1 or > 31) return new(null, LedgerRefusal.Invalid, "报送日：应为 1 到 31 之间的日期。");
        if (catalog.RowsOf(form.Subject) is null) return new(null, LedgerRefusal.Invalid, "每行是谁：请选择一个数据来源。");
        if (form.Columns.Count is 0 or > 60) return new(null, LedgerRefusal.Invalid, "台账至少要有一列，最多 60 列。");
        for (var i = 0; i < form.Columns.Count; i++)
        {
            var c = form.Columns[i];
            if (c.Heading.Trim().Length is 0 or > 50) return new(null, LedgerRefusal.Invalid, UiText.Shared["第 {0} 列：列名不能为空，不超过 50 字。", i + 1]);
            if (c.FieldKey is { } k && catalog.Field(k) is not { } f) return new(null, LedgerRefusal.Invalid, UiText.Shared["第 {0} 列“{1}”：找不到所选的数据项。", i + 1, c.Heading]);
            else if (c.FieldKey is { } k2 && catalog.Field(k2)!.Subject != form.Subject)
                return new(null, LedgerRefusal.Invalid, UiText.Shared["第 {0} 列“{1}”：所选数据项“{2}”不属于“{3}”，请另选或标为手工填写。", i + 1, c.Heading, catalog.Field(k2)!.Name, catalog.RowsOf(form.Subject)!.Name]);
        }
        if (form.AgeFrom is < 0 or > 130 || form.AgeTo is < 0 or > 130) return new(null, LedgerRefusal.Invalid, "年龄范围应在 0 到 130 岁之间。");
        var template = new LedgerTemplate
        {
            OwnerUnitId = unit.Id, Department = form.Department, Name = name, DutyItem = form.DutyItem?.Trim() is { Length: > 0 } d ? d : null,
            Cycle = form.Cycle, DueDay = form.DueDay, StreetApproves = form.StreetApproves, Subject = form.Subject,
            FilterJson = LedgerCatalog.ToJson(new LedgerFilter(form.Labels, AgeFrom: form.AgeFrom, AgeTo: form.AgeTo)),
            ColumnsJson = LedgerCatalog.ToJson(form.Columns.Select(c => new LedgerColumn(c.Heading.Trim(), c.FieldKey)).ToList()),
            CreatedById = area.UserId, CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(template);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.LedgerTemplate, AuditTarget.LedgerTemplate(template.Id), unit.Id,
            $"保存台账模板《{name}》（{form.Department}，{form.Columns.Count} 列，其中手工填写 {form.Columns.Count(c => c.FieldKey is null)} 列），用于 {unit.Name}", ct: ct);
        await tx.CommitAsync(ct);
        return new(template);
    }
}
