using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Admin.Users;

/// <summary>
/// 账号与权限: every account with its state, second factor, roles and units, and last login. Both
/// administrators of accounts see it; the system administrator's links lead to the account, the security
/// administrator's to its roles. Viewing the list is on record, as on the command line.
/// </summary>
[Authorize(Policy = Permissions.System.ViewAccounts)]
public sealed class IndexModel(Accounts accounts, CurrentUser me) : PageModel
{
    public IReadOnlyList<Accounts.Listed> Rows { get; private set; } = [];
    public bool MayManage { get; private set; }
    public bool MayGrant { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        MayManage = area.Has(Permissions.System.Manage);
        MayGrant = area.Has(Permissions.System.GrantRoles);
        Rows = await accounts.ListAsync(ct);
    }

    /// <summary>Where a row leads: to the part of the account this administrator may change.</summary>
    public string? Link(Accounts.Listed row) =>
        MayManage ? $"/Admin/Users/{row.Id}" : MayGrant ? $"/Admin/Users/{row.Id}/Roles" : null;
}
