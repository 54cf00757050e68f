using System.ComponentModel.DataAnnotations;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Admin.Users;

/// <summary>
/// 新增账号: the system administrator creates an account with its first password, and no role: the
/// security administrator grants roles (三员分立). The password rules are those of the command line.
/// </summary>
[Authorize(Policy = Permissions.System.Manage)]
public sealed class NewModel(Accounts accounts) : PageModel
{
    public sealed class AccountForm
    {
        [Display(Name = "用户名"), Required(ErrorMessage = "请填写用户名")]
        public string UserName { get; set; } = "";
        [Display(Name = "姓名"), Required(ErrorMessage = "请填写姓名"), StringLength(64, ErrorMessage = "姓名不能超过64个字")]
        public string DisplayName { get; set; } = "";
        [Display(Name = "初始密码"), Required(ErrorMessage = "请填写初始密码"), DataType(DataType.Password)]
        public string Password { get; set; } = "";
        [Display(Name = "再输一次"), Required(ErrorMessage = "请再输一次密码"), DataType(DataType.Password),
         Compare(nameof(Password), ErrorMessage = "两次输入的密码不一致")]
        public string Confirm { get; set; } = "";
    }

    [BindProperty]
    public AccountForm Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var added = await accounts.AddAsync(Input.UserName, Input.DisplayName, null, null, Input.Password, ct);
        if (!added.Ok)
        {
            // A field shows one message: the password's several reasons go into one (the reasons come in the reader's language).
            foreach (var group in added.Errors.GroupBy(e => e.Contains("密码", StringComparison.Ordinal) || e.Contains("密碼", StringComparison.Ordinal)
                || e.Contains("password", StringComparison.OrdinalIgnoreCase) ? "Input.Password" : "Input.UserName"))
                ModelState.AddModelError(group.Key, string.Join(" ", group));
            return Page();
        }
        TempData["Saved"] = "已新增账号。请把用户名和初始密码当面交给本人，并请安全管理员授予角色。";
        return Redirect($"/Admin/Users/{added.User!.Id}");
    }
}
