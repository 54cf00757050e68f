using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Registry.Caller;

/// <summary>
/// 来电查询 moved to the help line (/Hotline), which finds the caller (<see cref="CallerLookup"/>) and opens the case in
/// one place; old links and bookmarks land there with their search. The door keeps its own guard.
/// </summary>
[Authorize(Policy = Permissions.Registry.CallerView)]
public sealed class IndexModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IActionResult OnGet() => Redirect(string.IsNullOrWhiteSpace(Q) ? "/Hotline" : "/Hotline?q=" + Uri.EscapeDataString(Q.Trim()));
}
