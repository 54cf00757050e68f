using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Account;

/// <summary>Logging out is a POST (with the antiforgery token), so a link elsewhere cannot log anyone out.</summary>
public sealed class LogoutModel(SignInManager<LinliUser> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        // Written while the user is still known; a post without a session has nobody to log out.
        if (User.Identity?.IsAuthenticated == true) await audit.WriteAsync(AuditActions.Logout);
        await signIn.SignOutAsync();
        return Redirect("/Account/Login");
    }
}
