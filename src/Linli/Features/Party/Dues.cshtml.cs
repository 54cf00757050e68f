using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>党费: the branch's register for a year — each member's category, base, rate and monthly amount (中组发〔2008〕3号, see
/// <see cref="DuesRules"/>), the twelve months paid or owed, the arrears (flagged from 3 months unpaid, warned at 6 in a row) —
/// the month's 收缴登记, and for those who keep the branch: 申报基数 (or a waiver with its approver) and 登记缴费.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class DuesModel(PartyHead head, CareReader care, CareDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public long? Member { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty] public CareDesk.DuesForm Declare { get; set; } = new();
    [BindProperty] public CareDesk.PaymentForm Pay { get; set; } = new();

    public PartyHead.Head? Head { get; private set; }
    public CareReader.DuesRegister? Register { get; private set; }
    public IReadOnlyList<CareReader.DuesRow> Rows { get; private set; } = [];
    public IReadOnlyList<CareReader.PaymentRow> Payments { get; private set; } = [];
    public DateOnly PaymentsMonth { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Branch is null ? Redirect("/Party") : NotFound();
        Declare.MemberId = Pay.MemberId = Member;
        Declare.FromMonth = $"{Year}-01";
        var row = Register!.Rows.FirstOrDefault(r => r.MemberId == Member);
        var owed = row?.Months.FirstOrDefault(m => m is { Paid: false, Waived: false });
        Pay.FromMonth = (owed?.Month ?? DuesRules.MonthOf(Head!.Today)).ToString("yyyy-MM");
        Pay.Months = 1;
        Pay.PaidOn = Head!.Today;
        return Page();
    }

    public async Task<IActionResult> OnPostDeclareAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await desk.DeclareAsync(Head!.Area, Declare, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect(Back("declared"));
        PartyHead.Refusals(ModelState, outcome.Errors, "Declare.");
        return Page();
    }

    public async Task<IActionResult> OnPostPayAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await desk.PayAsync(Head!.Area, Pay, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect(Back("paid"));
        PartyHead.Refusals(ModelState, outcome.Errors, "Pay.");
        return Page();
    }

    string Back(string saved) => $"/Party/Dues?branch={Head!.Branch.Id}&year={Year}&show={Show}&saved={saved}#register";

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Head = await head.LoadAsync(Branch, ct);
        if (Head is null) return false;
        if (Year is not (>= 2000 and <= 2100)) Year = Head.Today.Year;
        Register = await care.DuesAsync(Head.Branch.Id, Year.Value, Head.Today, ct);
        IEnumerable<CareReader.DuesRow> rows = Register.Rows;
        if (Show == "arrears") rows = rows.Where(r => r.Flagged);
        else if (Show == "warned") rows = rows.Where(r => r.Warned);
        else if (Show == "undeclared") rows = rows.Where(r => r.Kind is null);
        if (Text.Clean(Q) is { } q) rows = rows.Where(r => r.Name.Contains(q, StringComparison.Ordinal));
        Rows = rows.ToList();
        PaymentsMonth = CareDesk.ParseMonth(Month) ?? DuesRules.MonthOf(Head.Today);
        Payments = await care.PaymentsAsync(Head.Branch.Id, PaymentsMonth, PaymentsMonth.AddMonths(1).AddDays(-1), null, ct);
        return true;
    }

    public static string Cell(DuesRules.MonthDue? m) => m is null ? "none" : m.Waived ? "waived" : m.Paid ? "paid" : "unpaid";
}
