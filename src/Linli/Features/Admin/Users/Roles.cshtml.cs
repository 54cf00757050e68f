using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Admin.Users;

/// <summary>
/// 角色与管辖范围: the security administrator grants a role over a unit of the tree, or takes one away.
/// The rules (三员分立, the kind of unit each role covers, two grids a cadre, nobody changes their own
/// roles) are <see cref="Accounts"/>'s, the same as on the command line. Taking a role away ends the
/// account's sessions at once; so does resetting a lost second factor, which is done here too.
/// </summary>
[Authorize(Policy = Permissions.System.GrantRoles)]
public sealed class RolesModel(LinliDb db, Accounts accounts, CurrentUser me, TimeProvider clock) : PageModel
{
    public sealed class GrantForm
    {
        [Display(Name = "角色"), Required(ErrorMessage = "请选择角色")]
        public string? Role { get; set; }
        [Display(Name = "管辖范围"), Required(ErrorMessage = "请选择管辖范围")]
        public long? UnitId { get; set; }
    }

    /// <summary>A unit of the tree as the picker lists it: "幸福里社区 / 第三居民组".</summary>
    public sealed record Choice(long Id, OrgUnitKind Kind, string Label);

    public AccountSummary Account { get; private set; } = null!;
    public bool IsSelf { get; private set; }
    public IReadOnlyList<Choice> Units { get; private set; } = [];
    public GrantForm Grant { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostGrantAsync(long id, [Bind(Prefix = "Grant")] GrantForm grant, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Grant = grant;
        if (!ModelState.IsValid) return Page();
        var role = Roles.All.FirstOrDefault(r => r == grant.Role);
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == grant.UnitId, ct);
        if (role is null) ModelState.AddModelError("Grant.Role", "请选择角色");
        if (unit is null) ModelState.AddModelError("Grant.UnitId", "请选择管辖范围");
        if (role is null || unit is null) return Page();
        var granted = await accounts.GrantAsync(Account.UserName, role, unit, ct);
        if (!granted.Ok)
        {
            foreach (var e in granted.Errors) ModelState.AddModelError("", e);
            return Page();
        }
        TempData["Saved"] = "已授予角色：该账号下一次打开页面时即按新的管辖范围工作。";
        return Redirect($"/Admin/Users/{id}/Roles");
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, string role, long unitId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var held = Account.Roles.FirstOrDefault(r => r.Role == role && r.UnitId == unitId);
        var unit = held is null ? null : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == held.UnitId, ct);
        if (held is null || unit is null) return NotFound();
        var revoked = await accounts.RevokeAsync(Account.UserName, held.Role, unit, ct);
        if (!revoked.Ok)
        {
            foreach (var e in revoked.Errors) ModelState.AddModelError("", e);
            return Page();
        }
        TempData["Saved"] = "已撤销角色：该账号已登录的会话随即结束。";
        return Redirect($"/Admin/Users/{id}/Roles");
    }

    /// <summary>重置两步验证: the account's phone is lost; it logs in with its password and, if it must, enrols anew.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var reset = await accounts.ResetTwoFactorAsync(Account.UserName, ct);
        if (!reset.Ok)
        {
            foreach (var e in reset.Errors) ModelState.AddModelError("", e);
            return Page();
        }
        TempData["Saved"] = "已重置两步验证：原验证器作废，该账号已登录的会话随即结束。下次登录时，管理员账号须重新绑定验证器。";
        return Redirect($"/Admin/Users/{id}/Roles");
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await AccountSummary.LoadAsync(db, id, clock, ct) is not { } account) return false;
        Account = account;
        IsSelf = me.Id == id;
        var tree = await db.OrgUnits.AsNoTracking().OrderBy(o => o.Path.Length).ThenBy(o => o.SortOrder).ToListAsync(ct);
        var byId = tree.ToDictionary(o => o.Id);
        // Depth first, in each parent's order: the street, then each community followed by its grids.
        var children = tree.ToLookup(o => o.ParentId);
        var ordered = new List<Choice>();
        void Walk(long? parent)
        {
            foreach (var o in children[parent].OrderBy(o => o.SortOrder).ThenBy(o => o.Name, StringComparer.Ordinal))
            {
                var label = o.Kind == OrgUnitKind.Grid && o.ParentId is { } p && byId.TryGetValue(p, out var community)
                    ? $"{community.Name} / {o.Name}" : o.Name;
                ordered.Add(new Choice(o.Id, o.Kind, label));
                Walk(o.Id);
            }
        }
        Walk(null);
        Units = ordered;
        return true;
    }
}
