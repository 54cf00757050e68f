using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// 志愿服务证明 on one A4 sheet, printed or saved as PDF by the browser: the issued certificate, or (?copy=public) the copy
/// posted inside the unit during its seven days. The ID number is masked on both: the office keeps the full one in the registry.
/// </summary>
[Authorize(Policy = Permissions.Volunteers.Read)]
public sealed class CertificateModel(LinliDb db, CurrentUser me) : PageModel
{
    public ServiceCertificate Certificate { get; private set; } = null!;
    public bool PublicCopy { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? copy, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, await me.AreaAsync(ct), Permissions.Volunteers.Read, ct);
        var c = await db.Set<ServiceCertificate>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && EF.Parameter(communities).Contains(x.CommunityId), ct);
        if (c is null) return NotFound();
        Certificate = c;
        PublicCopy = copy == "public" || c.IssuedOn is null;
        return Page();
    }
}
