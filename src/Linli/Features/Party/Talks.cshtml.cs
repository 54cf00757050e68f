using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>谈心谈话: the year's talks (who with whom, when, topic, notes — party data, for party.read holders only) and the
/// members not yet talked with this year (支部工作条例: at least once a year).</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class TalksModel(PartyHead head, CareReader care, CareDesk desk, PartyReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public long? Member { get; set; }
    [BindProperty] public CareDesk.TalkForm Form { get; set; } = new();

    public PartyHead.Head? Head { get; private set; }
    public IReadOnlyList<CareReader.TalkRow> Rows { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> NotYet { get; private set; } = [];
    public IReadOnlyList<PartyReader.MemberRow> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Branch is null ? Redirect("/Party") : NotFound();
        Form.MemberId = Member;
        Form.Date = Head!.Today;
        Form.Talker = Head.Area.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await desk.TalkAsync(Head!.Area, Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Talks?branch={Head.Branch.Id}&year={Year}&saved=1");
        PartyHead.Refusals(ModelState, outcome.Errors, "Form.");
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Head = await head.LoadAsync(Branch, ct);
        if (Head is null) return false;
        if (Year is not (>= 2000 and <= 2100)) Year = Head.Today.Year;
        Rows = await care.TalksAsync(Head.Branch.Id, Year.Value, Member, ct);
        NotYet = await care.NotTalkedWithAsync(Head.Branch.Id, Year.Value, ct);
        if (Head.CanWrite) Members = await reader.MembersAsync(Head.Branch, null, null, false, ct);
        return true;
    }
}
