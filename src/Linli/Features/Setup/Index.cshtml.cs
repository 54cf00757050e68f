using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Setup;

/// <summary>
/// First run: creates the street, the first community with its grids, and the first administrator.
/// It works exactly once; afterwards it answers 404 like any page that is not there.
/// </summary>
public sealed class IndexModel(LinliDb db, SetupState state, UserManager<LinliUser> users, SignInManager<LinliUser> signIn, Audit.AuditLog audit, ILogger<IndexModel> log) : PageModel
{
    public sealed class SetupInput
    {
        [Display(Name = "街道名称"), Required(ErrorMessage = "请填写街道名称"), StringLength(64)]
        public string StreetName { get; set; } = "";

        [Display(Name = "社区名称"), Required(ErrorMessage = "请填写社区名称"), StringLength(64)]
        public string CommunityName { get; set; } = "";

        [Display(Name = "网格（居民组）名称，每行一个"), StringLength(2000)]
        public string? GridNames { get; set; }

        [Display(Name = "管理员用户名"), Required(ErrorMessage = "请填写用户名"), RegularExpression("^[A-Za-z0-9._@+-]{3,32}$", ErrorMessage = "用户名为3到32个字母、数字或 . _ @ + -")]
        public string UserName { get; set; } = "";

        [Display(Name = "管理员姓名"), Required(ErrorMessage = "请填写姓名"), StringLength(64)]
        public string DisplayName { get; set; } = "";

        [Display(Name = "密码"), Required(ErrorMessage = "请设置密码"), DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "再次输入密码"), Required(ErrorMessage = "请再次输入密码"), DataType(DataType.Password), Compare(nameof(Password), ErrorMessage = "两次输入的密码不一致")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty]
    public SetupInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await state.IsDoneAsync(db, ct) ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await state.IsDoneAsync(db, ct)) return NotFound();
        var grids = (Input.GridNames ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (grids.Any(g => g.Length > 64)) ModelState.AddModelError("Input.GridNames", "网格名称不能超过64个字");
        var probe = new LinliUser { UserName = Input.UserName };
        foreach (var v in users.PasswordValidators)
            foreach (var e in (await v.ValidateAsync(users, probe, Input.Password)).Errors)
                ModelState.AddModelError("Input.Password", e.Description);
        if (!ModelState.IsValid) return Page();

        var strategy = db.Database.CreateExecutionStrategy();
        LinliUser? admin = null;
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                // The street's fixed code "S1" is unique: a second set-up racing this one fails here.
                var street = await OrgUnitTree.AddAsync(db, null, OrgUnitKind.Street, Input.StreetName, "S1", 0, ct);
                var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, Input.CommunityName, "S1-C1", 0, ct);
                for (var i = 0; i < grids.Count; i++)
                    await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, grids[i], $"S1-C1-G{i + 1:00}", i, ct);
                admin = new LinliUser { UserName = Input.UserName, DisplayName = Input.DisplayName, CreatedUtc = DateTime.UtcNow, LockoutEnabled = true };
                var created = await users.CreateAsync(admin, Input.Password);
                if (!created.Succeeded) throw new InvalidOperationException(string.Join("；", created.Errors.Select(e => e.Description)));
                db.RoleAssignments.Add(new RoleAssignment { UserId = admin.Id, Role = Roles.SystemAdmin, OrgUnitId = street.Id });
                // The labels every office starts with (低保户, 困难户, 独居老人 …), by the codes the work modules look for:
                // a granted 低保 sets 低保户, home services price by it, visits keep their rhythm by 独居老人.
                var standard = Demo.DemoTags.All.Select(t => t.Code).ToList();
                var present = await db.Tags.Where(t => standard.Contains(t.Code)).Select(t => t.Code).ToListAsync(ct);
                db.Tags.AddRange(Demo.DemoTags.All.Where(t => !present.Contains(t.Code)).Select(t => t.ToTag()));
                await db.SaveChangesAsync(ct);
                await audit.WriteAsync(db, Audit.AuditActions.UserAdd, Audit.AuditTarget.User(admin.Id), street.Id,
                    $"初始设置：建立{street.Name}、{community.Name}（{grids.Count} 个网格）、系统管理员 {admin.UserName} 和 {Demo.DemoTags.All.Count} 个常用标签", Audit.AuditActor.Anonymous, ct);
                await tx.CommitAsync(ct);
            });
        }
        catch (DbUpdateException)
        {
            if (await state.IsDoneAsync(db, ct)) return NotFound();
            throw;
        }
        log.LogInformation("First-run set-up done: street and community created, administrator account {UserId} created", admin!.Id);
        await signIn.SignInAsync(admin, isPersistent: false);
        return Redirect("/");
    }
}
