using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>党费收支: the year's lines of the branch's dues account — each month's collected dues, 上缴, 上级下拨, 党费返还 and
/// 支出 — with the balances running (待上缴党费, 可用党费), and for those who keep the branch the form that records an entry.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class DuesBookModel(PartyHead head, DuesBookReader books, DuesBookDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public DuesBookDesk.FlowForm Form { get; set; } = new();

    public PartyHead.Head? Head { get; private set; }
    public IReadOnlyList<DuesBookRules.Line> Lines { get; private set; } = [];
    public DuesBookRules.Line? Carried { get; private set; }
    public DuesBookReader.Book? Book { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Branch is null ? Redirect("/Party") : NotFound();
        Form.Kind = DuesFlowKind.Remit;
        Form.Date = Head!.Today;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Form.BranchId = Head!.Branch.Id;
        var outcome = await desk.RecordAsync(Head.Area, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/DuesBook?branch={Head.Branch.Id}&year={outcome.Value!.Date.Year}&saved=1#book");
        PartyHead.Refusals(ModelState, outcome.Errors, "Form.");
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Head = await head.LoadAsync(Branch, ct);
        if (Head is null) return false;
        if (Year is not (>= 2000 and <= 2100)) Year = Head.Today.Year;
        Book = await books.ReadAsync(Head.Branch.Id, null, new DateOnly(Year.Value, 12, 31), ct);
        Carried = Book.Lines.LastOrDefault(l => l.Date.Year < Year);
        Lines = Book.Lines.Where(l => l.Date.Year == Year).ToList();
        return true;
    }
}
