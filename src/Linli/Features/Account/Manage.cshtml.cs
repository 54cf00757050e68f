using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Account;

/// <summary>
/// 我的账号: who I am here, over which units, my second factor, and my password. Changing the password
/// renews the security stamp, so every other session of mine ends; this one is signed in afresh and goes on.
/// </summary>
public sealed class ManageModel(LinliDb db, UserManager<LinliUser> users, SignInManager<LinliUser> signIn, CurrentUser me, AuditLog audit) : PageModel
{
    public sealed class PasswordForm
    {
        [Display(Name = "当前密码"), Required(ErrorMessage = "请输入当前密码"), DataType(DataType.Password)]
        public string Current { get; set; } = "";
        [Display(Name = "新密码"), Required(ErrorMessage = "请输入新密码"), DataType(DataType.Password)]
        public string New { get; set; } = "";
        [Display(Name = "再输一次新密码"), Required(ErrorMessage = "请再输一次新密码"), DataType(DataType.Password),
         Compare(nameof(New), ErrorMessage = "两次输入的新密码不一致")]
        public string Confirm { get; set; } = "";
    }

    public sealed class TwoFactorOffForm
    {
        [Display(Name = "输入密码确认"), Required(ErrorMessage = "请输入密码"), DataType(DataType.Password)]
        public string Current { get; set; } = "";
    }

    public string UserName { get; private set; } = "";
    public UserArea Area { get; private set; } = UserArea.Nobody;
    public PasswordForm Password { get; set; } = new();
    public TwoFactorOffForm TwoFactorOff { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostPasswordAsync([Bind(Prefix = "Password")] PasswordForm form, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } user) return Challenge();
        Password = form;
        if (!ModelState.IsValid) return Page();
        if (form.New == form.Current)
        {
            ModelState.AddModelError("Password.New", "新密码不能与当前密码相同。");
            return Page();
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await users.ChangePasswordAsync(user, form.Current, form.New);
        if (!changed.Succeeded)
        {
            if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
                ModelState.AddModelError("Password.Current", "当前密码不正确。");
            var rules = changed.Errors.Where(e => e.Code != nameof(IdentityErrorDescriber.PasswordMismatch)).Select(e => e.Description).Distinct().ToList();
            if (rules.Count > 0) ModelState.AddModelError("Password.New", string.Join(" ", rules));
            return Page();
        }
        await audit.WriteAsync(db, AuditActions.PasswordChange, AuditTarget.User(user.Id), null, $"修改自己的密码，其他已登录的会话随之结束", ct: ct);
        await tx.CommitAsync(ct);
        // The new stamp ends every session of this account, this one too: sign this one in again.
        await signIn.RefreshSignInAsync(user);
        TempData["Saved"] = "密码已修改。在其他电脑或手机上的登录已经退出。";
        return Redirect("/Account/Manage");
    }

    /// <summary>Optional second factor off again: not for administrators, who must keep it.</summary>
    public async Task<IActionResult> OnPostTwoFactorOffAsync([Bind(Prefix = "TwoFactorOff")] TwoFactorOffForm form, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } user) return Challenge();
        TwoFactorOff = form;
        if (Area.IsAdministrator)
        {
            ModelState.AddModelError("TwoFactorOff.Current", "管理员账号必须使用两步验证，不能关闭。");
            return Page();
        }
        if (!user.TwoFactorEnabled) return Redirect("/Account/Manage");
        if (!ModelState.IsValid) return Page();
        if (!await users.CheckPasswordAsync(user, form.Current))
        {
            ModelState.AddModelError("TwoFactorOff.Current", "密码不正确。");
            return Page();
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key next time: the old one may be on a lost phone.
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync(db, AuditActions.Write, AuditTarget.User(user.Id), null, $"关闭两步验证", ct: ct);
        await tx.CommitAsync(ct);
        await signIn.RefreshSignInAsync(user);
        TempData["Saved"] = "已关闭两步验证。";
        return Redirect("/Account/Manage");
    }

    async Task<LinliUser?> LoadAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return null;
        UserName = user.UserName ?? "";
        Area = await me.AreaAsync(ct);
        return user;
    }
}
