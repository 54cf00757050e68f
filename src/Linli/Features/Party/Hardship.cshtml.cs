using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>困难党员: who, what hardship, paired member, support given, the holiday visits (元旦春节, 七一 …) — a member who is a
/// resident has the visit recorded among the resident's visits too — and who is not yet visited for the coming round.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class HardshipModel(PartyHead head, CareReader care, CareDesk desk, PartyReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public bool Ended { get; set; }
    /// <summary>The round shown (a key of <see cref="Care.Festivals"/> and its year); the coming one when not given.</summary>
    [BindProperty(SupportsGet = true)] public string? Festival { get; set; }
    [BindProperty(SupportsGet = true)] public int? RoundYear { get; set; }
    [BindProperty] public CareDesk.HardshipForm Form { get; set; } = new();
    [BindProperty] public CareDesk.VisitForm Visit { get; set; } = new();

    public PartyHead.Head? Head { get; private set; }
    public IReadOnlyList<CareReader.HardshipRow> Rows { get; private set; } = [];
    public (Care.Festival Festival, int Year) Coming { get; private set; }
    public CareReader.Round? Round { get; private set; }
    public IReadOnlyList<PartyReader.MemberRow> Members { get; private set; } = [];
    /// <summary>The record a posted visit or change was for, to show its errors beside it.</summary>
    public long? Posted { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Branch is null ? Redirect("/Party") : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        return Answer(await desk.SaveHardshipAsync(Head!.Area, null, Form, ct), "Form.");
    }

    public async Task<IActionResult> OnPostChangeAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Posted = id;
        var row = Rows.FirstOrDefault(r => r.Id == id);
        if (row is not null)
        {
            // The form on a row carries only what it changes; the rest stays as recorded.
            Form.MemberId = row.MemberId;
            Form.Kind ??= row.Kind;
            Form.Situation ??= row.Situation;
            Form.Health ??= row.Health;
            if (Form.PairedMemberId is null)
            {
                Form.PairedMemberId = row.PairedMemberId;
                Form.PairedOn ??= row.PairedOn;
            }
        }
        return Answer(await desk.SaveHardshipAsync(Head!.Area, id, Form, ct), "Form.");
    }

    public async Task<IActionResult> OnPostVisitAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Posted = id;
        return Answer(await desk.VisitAsync(Head!.Area, id, Visit, ct), "Visit.");
    }

    IActionResult Answer<T>(PartyDesk.Outcome<T>? outcome, string prefix) where T : class
    {
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Hardship?branch={Head!.Branch.Id}&saved=1");
        PartyHead.Refusals(ModelState, outcome.Errors, prefix);
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Head = await head.LoadAsync(Branch, ct);
        if (Head is null) return false;
        Coming = Care.Coming(Head.Today);
        Rows = await care.HardshipAsync(Head.Branch.Id, Ended, Coming, ct);
        var festival = Care.FestivalOf(Festival) ?? Coming.Festival;
        Round = await care.RoundAsync(Head.Branch.Id, festival, RoundYear is >= 2000 and <= 2100 ? RoundYear.Value : Coming.Year, ct);
        if (Head.CanWrite) Members = await reader.MembersAsync(Head.Branch, null, null, false, ct);
        if (!Request.HasFormContentType)
        {
            Visit.Festival = Coming.Festival.Key;
            Visit.RoundYear = Coming.Year;
            Visit.Date = Head.Today;
        }
        return true;
    }
}
