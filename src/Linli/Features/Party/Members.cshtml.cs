using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>党员名单 of a branch: by name, category, committee, group; former members (组织关系转出) on request.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class MembersModel(PartyHead head, PartyReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public MemberCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public bool Committee { get; set; }
    [BindProperty(SupportsGet = true)] public long? Group { get; set; }
    [BindProperty(SupportsGet = true)] public bool Former { get; set; }

    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    public IReadOnlyList<PartyReader.MemberRow> Rows { get; private set; } = [];
    public IReadOnlyList<PartyGroup> Groups { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await head.LoadAsync(Branch, ct) is not { } h) return Branch is null ? Redirect("/Party") : NotFound();
        (BranchChoice, CanWrite) = (h.Branch, h.CanWrite);
        Groups = await reader.GroupsAsync(BranchChoice.Id, ct);
        Rows = await reader.MembersAsync(BranchChoice, Q, Category, Former, ct, Committee, Group);
        return Page();
    }
}
