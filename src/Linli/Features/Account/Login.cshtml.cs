using System.ComponentModel.DataAnnotations;
using Linli.Features.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Account;

public sealed class LoginModel(SignInManager<LinliUser> signIn, UserManager<LinliUser> users, ILogger<LoginModel> log) : PageModel
{
    public sealed class LoginInput
    {
        [Display(Name = "用户名"), Required(ErrorMessage = "请输入用户名")]
        public string UserName { get; set; } = "";

        [Display(Name = "密码"), Required(ErrorMessage = "请输入密码"), DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByNameAsync(Input.UserName.Trim());
        if (user is { IsDisabled: true })
        {
            log.LogWarning("Login refused for disabled account {UserId}", user.Id);
            ModelState.AddModelError("", "用户名或密码不正确。");
            return Page();
        }
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            log.LogInformation("Login succeeded for account {UserId}", user!.Id);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        if (result.IsLockedOut)
        {
            log.LogWarning("Login refused: account {UserId} is locked out", user?.Id);
            ModelState.AddModelError("", "连续输错密码次数过多，账号已暂时锁定，请15分钟后再试或联系安全管理员。");
        }
        else
        {
            log.LogWarning("Login failed for user name of length {Length}", Input.UserName.Length);
            ModelState.AddModelError("", "用户名或密码不正确。");
        }
        return Page();
    }
}
