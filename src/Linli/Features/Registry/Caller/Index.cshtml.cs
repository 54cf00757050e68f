using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Registry.Caller;

/// <summary>来电查询: the hotline finds the caller (<see cref="CallerLookup"/>).</summary>
[Authorize(Policy = Permissions.Registry.CallerView)]
public sealed class IndexModel(CurrentUser me, CallerLookup lookup) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Q { get; set; }
    public CallerLookup.Result Result { get; private set; } = new([], false);

    public async Task OnGetAsync(CancellationToken ct) => Result = await lookup.FindAsync(await me.AreaAsync(ct), Q, ct);
}
