using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Tasks;

/// <summary>One inspection received: what was looked at, the result, the ledgers and tasks shown, and the one-click 迎检 pack.</summary>
[Authorize(Policy = Permissions.Tasks.Read)]
public sealed class InspectionModel(CurrentUser me, Inspections inspections, IEnumerable<ILedgerShelf> shelves) : PageModel
{
    public Inspections.Row? Row { get; private set; }
    public Dictionary<string, string> LedgerNames { get; private set; } = [];

    public Task<IActionResult> OnPostAsync(long id, CancellationToken ct) => OnGetAsync(id, ct);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Row = await inspections.FindAsync(area, id, ct);
        if (Row is null) return NotFound();
        if (shelves.FirstOrDefault() is { } shelf) LedgerNames = (await shelf.ChoicesAsync(area, ct)).ToDictionary(c => c.Key, c => $"{c.Department} · {c.Name}");
        return Page();
    }
}
