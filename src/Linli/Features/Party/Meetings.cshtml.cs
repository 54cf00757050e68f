using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>The branch's meetings by kind, year and month: the list the branch page's numbers open.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class MeetingsModel(PartyHead head, PartyReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public MeetingKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Month { get; set; }

    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    public IReadOnlyList<BranchMeeting> Rows { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Groups { get; private set; } = new Dictionary<long, string>();
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await head.LoadAsync(Branch, ct) is not { } h) return Branch is null ? Redirect("/Party") : NotFound();
        (BranchChoice, CanWrite) = (h.Branch, h.CanWrite);
        if (Year is not (>= 2000 and <= 2100)) Year = h.Today.Year;
        if (Month is not (>= 1 and <= 12)) Month = null;
        if (Kind is { } k && !Enum.IsDefined(k)) Kind = null;
        Rows = await reader.MeetingsAsync(BranchChoice, Kind, Year, Month, ct);
        Groups = (await reader.GroupsAsync(BranchChoice.Id, ct)).ToDictionary(g => g.Id, g => g.Name);
        return Page();
    }
}
