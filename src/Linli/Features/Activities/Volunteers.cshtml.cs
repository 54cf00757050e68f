using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Activities;

/// <summary>志愿者: the list (names as consent allows) with hours and stars, the teams, and the hours waiting to be confirmed.</summary>
[Authorize(Policy = Permissions.Volunteers.Read)]
public sealed class VolunteersModel(VolunteerReader reader, VolunteerDesk desk, HoursBook book, Registry.ResidentSearch search, CurrentUser me, TimeProvider clock) : PageModel
{
    public string? Query { get; private set; }
    public IReadOnlyList<(long Id, string Name)> Found { get; private set; } = [];
    public IReadOnlyList<VolunteerReader.Row> Rows { get; private set; } = [];
    public IReadOnlyList<VolunteerReader.TeamRow> Teams { get; private set; } = [];
    public IReadOnlyList<(long HoursId, long VolunteerId, string Name, DateOnly Date, decimal Hours, string Content)> Proposed { get; private set; } = [];
    public long? Team { get; private set; }
    public bool MayManage { get; private set; }
    public int Year { get; private set; }

    public async Task OnGetAsync(long? team, string? q, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Query = Registry.TextElements.Clean(q);
        if (Query is not null && area.Has(Permissions.Volunteers.Manage))
            Found = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(search.Query(area, Permissions.Volunteers.Manage, Query)
                .Where(r => r.Status == Registry.ResidentStatus.Active).Take(10).Select(r => new { r.Id, r.Name }), ct)).Select(r => (r.Id, r.Name)).ToList();
        Year = clock.GetLocalNow().Year;
        Team = team;
        Rows = await reader.ListAsync(area, team, null, Year, ct);
        Teams = await reader.TeamsAsync(area, Year, ct);
        MayManage = area.Has(Permissions.Volunteers.Manage);
        if (MayManage) Proposed = await reader.ProposedAsync(area, ct);
    }

    public async Task<IActionResult> OnPostRegisterAsync(long? residentId, string? name, bool consent, string? skills, CancellationToken ct)
    {
        var o = await desk.RegisterAsync(await me.AreaAsync(ct), new VolunteerDesk.Form { ResidentId = residentId, Name = name, ConsentToShare = consent, Skills = skills }, ct);
        if (o.Value is { } v) return Redirect($"/Volunteers/{v.Id}");
        TempData["Error"] = string.Join("；", o.Errors.Values.Select(e => Web.UiText.Shared[e]));
        return Redirect("/Volunteers");
    }

    public async Task<IActionResult> OnPostTeamAsync(string? name, string? leader, CancellationToken ct)
    {
        var o = await desk.AddTeamAsync(await me.AreaAsync(ct), null, name, leader, null, ct);
        if (o.Value is null) TempData["Error"] = string.Join("；", o.Errors.Values.Select(e => Web.UiText.Shared[e]));
        else TempData["Saved"] = "服务队已建立。";
        return Redirect("/Volunteers");
    }

    public async Task<IActionResult> OnPostDecideAsync(long hoursId, bool confirm, string? reason, CancellationToken ct)
    {
        var o = await book.DecideAsync(await me.AreaAsync(ct), hoursId, confirm, null, reason, ct);
        if (o.NotFound) return NotFound();
        if (o.Value is null) TempData["Error"] = string.Join("；", o.Errors.Values.Select(e => Web.UiText.Shared[e]));
        else TempData["Saved"] = confirm ? "服务时长已确认。" : "已不予确认。";
        return Redirect("/Volunteers");
    }
}
