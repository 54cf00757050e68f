using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Party;

/// <summary>The branch's self-inspections (查摆问题) and a new one; with <c>progress</c> or <c>overdue</c>, the rectification items of
/// every inspection in that state — the list the branch page's and the home page's numbers open.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class InspectionsModel(PartyHead head, PartyReader reader, PartyDesk desk, LinliDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public RectificationProgress? Progress { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty] public PartyDesk.InspectionForm Form { get; set; } = new();

    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    public IReadOnlyList<SelfInspection> Inspections { get; private set; } = [];
    public IReadOnlyDictionary<long, (int Total, int Open, int Overdue)> Counts { get; private set; } = new Dictionary<long, (int, int, int)>();
    public IReadOnlyList<Rectification>? Rows { get; private set; }
    public bool CanWrite { get; private set; }
    public DateOnly Today { get; private set; }
    UserArea? Area { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Branch is null ? Redirect("/Party") : NotFound();
        Form.Year = Today.Year;
        Form.HeldOn = Today;
        Form.Occasion = Rectifications.Occasions[0];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Form.BranchId = BranchChoice!.Id;
        var outcome = await desk.CreateInspectionAsync(Area!, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Inspection/{outcome.Value!.Id}");
        PartyHead.Refusals(ModelState, outcome.Errors, "Form.");
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await head.LoadAsync(Branch, ct) is not { } h) return false;
        (Area, BranchChoice, CanWrite, Today) = (h.Area, h.Branch, h.CanWrite, h.Today);
        Inspections = await reader.InspectionsAsync(BranchChoice, ct);
        var ids = Inspections.Select(i => i.Id).ToList();
        var today = Today;
        var rows = await db.Set<Rectification>().AsNoTracking().Where(r => ids.Contains(r.InspectionId)).Select(r => new { r.InspectionId, r.Progress, r.Deadline }).ToListAsync(ct);
        Counts = ids.ToDictionary(id => id, id => (rows.Count(r => r.InspectionId == id),
            rows.Count(r => r.InspectionId == id && r.Progress is RectificationProgress.NotStarted or RectificationProgress.InProgress or RectificationProgress.Done),
            rows.Count(r => r.InspectionId == id && Rectifications.IsOverdue(r.Progress, r.Deadline, today))));
        if (Progress is not null || Overdue)
        {
            var q = db.Set<Rectification>().AsNoTracking().Where(r => ids.Contains(r.InspectionId));
            if (Progress is { } p) q = q.Where(r => r.Progress == p);
            if (Overdue) q = q.Where(r => (r.Progress == RectificationProgress.NotStarted || r.Progress == RectificationProgress.InProgress) && r.Deadline < today);
            Rows = await q.OrderBy(r => r.Deadline).ThenBy(r => r.Id).Take(500).ToListAsync(ct);
        }
        return true;
    }
}
