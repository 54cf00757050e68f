using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>新建台账模板: upload a department's blank form, confirm the proposed field of each column or mark it typed, save.</summary>
[Authorize(Policy = Permissions.Ledgers.Define)]
public sealed class MapModel(CurrentUser me, LinliDb db, LedgerCatalog catalog, LedgerTemplates templates) : PageModel
{
    public sealed class ColumnInput
    {
        public string Heading { get; set; } = "";
        public string? FieldKey { get; set; }
    }

    [BindProperty] public List<ColumnInput> Columns { get; set; } = [];
    [BindProperty] public string Subject { get; set; } = LedgerSubjects.Resident;
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string Department { get; set; } = "民政";
    [BindProperty] public string? DutyItem { get; set; }
    [BindProperty] public string Cycle { get; set; } = "monthly";
    [BindProperty] public int? DueDay { get; set; } = 25;
    [BindProperty] public bool StreetApproves { get; set; }
    [BindProperty] public List<string> Labels { get; set; } = [];
    [BindProperty] public int? AgeFrom { get; set; }
    [BindProperty] public int? AgeTo { get; set; }
    [BindProperty] public long UnitId { get; set; }

    public List<OrgUnit> Units { get; private set; } = [];
    public List<(string Code, string Name)> Tags { get; private set; } = [];
    public string? Error { get; private set; }
    public bool Mapping => Columns.Count > 0;
    public LedgerCatalog Catalog => catalog;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostProposeAsync(IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (file is null || file.Length == 0) { Error = "请选择部门下发的空白表格（xlsx）。"; return Page(); }
        var proposal = templates.Propose(await LedgersApi.ReadAsync(file, ct));
        if (proposal.Value is not { } p) { Error = proposal.Message; return Page(); }
        Subject = p.Subject;
        Name = p.Title ?? Path.GetFileNameWithoutExtension(file.FileName);
        Columns = p.Columns.Select(c => new ColumnInput { Heading = c.Heading, FieldKey = c.Field?.Key }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var saved = await templates.SaveAsync(area, new LedgerTemplates.Form(UnitId, Department, Name ?? "", DutyItem, Cycle, DueDay, StreetApproves, Subject, Labels, AgeFrom, AgeTo,
            Columns.Select(c => new LedgerColumn(c.Heading, string.IsNullOrEmpty(c.FieldKey) ? null : c.FieldKey)).ToList()), ct);
        if (saved.Value is { } t)
        {
            var communities = await LedgerPages.CommunitiesAsync(db, area, ct);
            var community = communities.FirstOrDefault(c => c.Id == UnitId) ?? communities.FirstOrDefault();
            return Redirect($"/Ledgers/Sheet?key={LedgerTemplateView.CustomPrefix}{t.Id}&unit={community?.Id}");
        }
        await LoadAsync(ct);
        Error = saved.Message;
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var defining = area.UnitsWhere(Permissions.Ledgers.Define);
        var communities = await LedgerPages.CommunitiesAsync(db, area, ct);
        Units = defining.Where(u => u.Kind != OrgUnitKind.Grid).Concat(communities.Where(c => area.HasIn(Permissions.Ledgers.Define, c)))
            .DistinctBy(u => u.Id).ToList();
        if (UnitId == 0) UnitId = Units.FirstOrDefault()?.Id ?? 0;
        Tags = (await db.Tags.AsNoTracking().OrderBy(t => t.Category).ThenBy(t => t.Name).Select(t => new { t.Code, t.Name }).ToListAsync(ct))
            .Select(t => (t.Code, t.Name)).ToList();
    }
}
