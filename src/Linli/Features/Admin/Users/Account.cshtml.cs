using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Admin.Users;

/// <summary>
/// One account, as the system administrator keeps it: disable or enable it, lift a lockout, give it a
/// new password. Roles are shown, not changed: that is the security administrator's page (Roles).
/// </summary>
[Authorize(Policy = Permissions.System.Manage)]
public sealed class AccountModel(LinliDb db, Accounts accounts, CurrentUser me, TimeProvider clock) : PageModel
{
    public AccountSummary Account { get; private set; } = null!;
    public bool IsSelf { get; private set; }
    /// <summary>The new password, on the one answer that shows it.</summary>
    public string? NewPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostDisableAsync(long id, CancellationToken ct) =>
        ChangeAsync(id, name => accounts.DisableAsync(name, ct), "已停用账号：它不能再登录，已登录的会话随即结束，访问令牌失效。", ct);

    public Task<IActionResult> OnPostEnableAsync(long id, CancellationToken ct) =>
        ChangeAsync(id, name => accounts.EnableAsync(name, ct), "已启用账号。", ct);

    public Task<IActionResult> OnPostUnlockAsync(long id, CancellationToken ct) =>
        ChangeAsync(id, name => accounts.UnlockAsync(name, ct), "已解除锁定。", ct);

    public async Task<IActionResult> OnPostResetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var (result, password) = await accounts.ResetPasswordAsync(Account.UserName, ct);
        if (!result.Ok) return Refused(result);
        await LoadAsync(id, ct);
        NewPassword = password;
        // Shown once: never kept by a cache or shown again by the back button.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    async Task<IActionResult> ChangeAsync(long id, Func<string, Task<Accounts.Result>> change, string done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await change(Account.UserName);
        if (!result.Ok) return Refused(result);
        TempData["Saved"] = done;
        return Redirect($"/Admin/Users/{id}");
    }

    PageResult Refused(Accounts.Result result)
    {
        foreach (var e in result.Errors) ModelState.AddModelError("", e);
        return Page();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await AccountSummary.LoadAsync(db, id, clock, ct) is not { } account) return false;
        Account = account;
        IsSelf = me.Id == id;
        return true;
    }
}
