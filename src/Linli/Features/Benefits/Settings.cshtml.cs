using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Benefits;

/// <summary>
/// 救助类别设置: the lead of a community, or the street for all its communities, sets each kind's time limit, 公示 days,
/// optional steps and review cycle; new applications follow, those already open keep what they were opened under.
/// </summary>
[Authorize(Policy = Permissions.Benefits.Configure)]
public sealed class SettingsModel(CurrentUser me, BenefitKinds kinds) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Unit { get; set; }
    [BindProperty] public BenefitKinds.Form Input { get; set; } = new();
    [TempData] public string? Saved { get; set; }

    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];
    public OrgUnit? Current { get; private set; }
    public IReadOnlyList<BenefitKinds.InForce> Kinds { get; private set; } = [];
    /// <summary>The kind whose form failed, so that its errors show beside its fields and its typed values stay.</summary>
    public string? Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var errors = await kinds.SaveAsync(await me.AreaAsync(ct), Unit ?? 0, Input, ct);
        if (errors is null) return NotFound();
        if (errors.Count == 0)
        {
            Saved = Input.Reset ? "已恢复默认设置。" : "已保存，新受理的申请按新设置办理。";
            return RedirectToPage(new { unit = Unit });
        }
        Failed = Input.Kind;
        foreach (var (field, message) in errors) ModelState.AddModelError("Input." + field, message);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Units = await kinds.UnitsAsync(await me.AreaAsync(ct), ct);
        Current = Unit is { } u ? Units.FirstOrDefault(x => x.Id == u) : Units.Count > 0 ? Units[0] : null;
        if (Unit is not null && Current is null) return false;
        if (Current is null) return true;
        Unit = Current.Id;
        Kinds = await kinds.ForUnitAsync(Current.Id, ct);
        return true;
    }

    public string? Error(string field) => ViewData.ModelState["Input." + field]?.Errors.FirstOrDefault()?.ErrorMessage;

    public static string OriginWord(BenefitKinds.Origin o) => o switch
    {
        BenefitKinds.Origin.Community => "本社区设置",
        BenefitKinds.Origin.Street => "街道设置",
        _ => "默认",
    };
}
