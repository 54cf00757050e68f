using System.Net;
using System.Security.Claims;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Linli.Tests.Infrastructure;

public sealed partial class LinliApp
{
    /// <summary>
    /// A client signed in as an account that holds <paramref name="role"/> over <paramref name="unit"/> (a code, a path
    /// of names, or a name found once in the tree; without one, the demo account of that role). The account is the
    /// demo's when it fits, else one made for the purpose. The session cookie is minted with the server's own
    /// identity and data-protection services, as a successful login would issue it, without replaying the login
    /// form (LoginTests and TwoFactorTests drive the form). Antiforgery tokens still come from the pages.
    /// </summary>
    public HttpClient ClientFor(string role, string? unit = null) => Task.Run(() => ClientForAsync(role, unit)).GetAwaiter().GetResult();

    /// <inheritdoc cref="ClientFor"/>
    public async Task<HttpClient> ClientForAsync(string role, string? unit = null)
    {
        await using var scope = Web.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<LinliUser>>();
        var user = await AccountForAsync(services, users, role, unit);

        // Administrators work only after a second factor. As at /Account/Totp, an authenticator is enrolled only with
        // a code it computed; the session is then one that passed the factor, as /Account/LoginWith2fa would issue.
        var administrator = Roles.Administrators.Contains(role);
        if (administrator && !user.TwoFactorEnabled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            var key = (await users.GetAuthenticatorKeyAsync(user))!;
            Assert.True(await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Totp.Code(key)),
                "the authenticator key does not verify its own code");
            await users.SetTwoFactorEnabledAsync(user, true);
            AuthenticatorKeys[user.UserName!] = key;
        }
        else if (administrator && !AuthenticatorKeys.ContainsKey(user.UserName!))
            throw new InvalidOperationException($"{user.UserName} enrolled an authenticator this test does not know: log in through the form instead");

        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<LinliUser>>().CreateAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("amr", administrator ? "mfa" : "pwd"));
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + cookie.ExpireTimeSpan },
            IdentityConstants.ApplicationScheme);

        var jar = new CookieContainer();
        jar.Add(BaseAddress, new Cookie(cookie.Cookie.Name!, cookie.TicketDataFormat.Protect(ticket)) { Path = "/", HttpOnly = true });
        return Client(jar);
    }

    async Task<LinliUser> AccountForAsync(IServiceProvider services, UserManager<LinliUser> users, string role, string? unitReference)
    {
        var db = services.GetRequiredService<Linli.Data.LinliDb>();
        if (unitReference is null)
            return await users.FindByNameAsync((Demo ?? throw new InvalidOperationException("no demo here: name the unit")).Accounts.First(a => a.Role == role).UserName)
                ?? throw new InvalidOperationException($"the demo account of {role} is gone");

        var unit = await OrgUnitTree.ResolveAsync(db, unitReference, default)
            ?? await db.OrgUnits.Where(o => o.Name == unitReference).ToListAsync() switch
            {
                [var only] => only,
                [] => throw new InvalidOperationException($"no unit {unitReference}"),
                _ => throw new InvalidOperationException($"{unitReference} names more than one unit: give its code or path"),
            };
        if (Accounts.UnitProblem(role, unit) is { } problem) throw new InvalidOperationException(problem);

        // The demo's own account when it holds just this role over this unit; otherwise one account per role and unit.
        var holders = await db.RoleAssignments.Where(a => a.Role == role && a.OrgUnitId == unit.Id).Select(a => a.UserId).ToListAsync();
        var demoNames = Demo?.Accounts.Select(a => a.UserName).ToHashSet() ?? [];
        var userName = $"{role}-{unit.Code}".ToLowerInvariant();
        var fitting = await db.Users.Where(u => holders.Contains(u.Id) && (u.UserName == userName || demoNames.Contains(u.UserName!)))
            .Where(u => db.RoleAssignments.Count(a => a.UserId == u.Id) == 1).Select(u => u.UserName).FirstOrDefaultAsync();
        if (fitting is not null) return (await users.FindByNameAsync(fitting))!;

        var user = new LinliUser { UserName = userName, DisplayName = $"{Roles.DisplayName(role)}（{unit.Name}）", LockoutEnabled = true, CreatedUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, OrgUnitId = unit.Id });
        await db.SaveChangesAsync();
        return user;
    }
}
