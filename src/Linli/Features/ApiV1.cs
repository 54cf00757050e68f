using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Features.Registry.Exports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features;

/// <summary>The /api/v1 root: every module adds its own group here. All of it needs a logged-in user.</summary>
public static class ApiV1
{
    public sealed record MeDto(long Id, string UserName, string DisplayName, IReadOnlyList<RoleDto> Roles, IReadOnlyList<string> Permissions);
    public sealed record RoleDto(string Role, string RoleName, long OrgUnitId, string OrgUnitCode, string OrgUnitName);
    public sealed record OrgUnitDto(long Id, long? ParentId, string Kind, string Code, string Name);

    public static RouteGroupBuilder MapApiV1(this RouteGroupBuilder api)
    {
        api.RequireAuthorization().WithTags("Linli");
        api.MapGet("/me", Me).WithSummary("当前用户、角色与管辖范围");
        api.MapGet("/orgunits", OrgUnits).WithSummary("当前用户管辖范围内的组织单元（街道、社区、网格）");
        api.MapGet("/overview", Overview).RequireAuthorization(Permissions.Registry.Read).WithSummary("管辖范围内的居民、户、网格数；60岁及以上按出生年份计（当年减60及以前出生的在册居民）");
        api.MapRegistryApi();
        api.MapRegistryWriteApi();
        api.MapExportRequestsApi();
        return api;
    }

    static async Task<Results<Ok<MeDto>, UnauthorizedHttpResult>> Me(CurrentUser user, Data.LinliDb db, CancellationToken ct)
    {
        var area = await user.AreaAsync(ct);
        var name = await db.Users.Where(u => u.Id == area.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        if (name is null) return TypedResults.Unauthorized();
        return TypedResults.Ok(new MeDto(area.UserId, name, area.DisplayName,
            area.Assignments.Select(a => new RoleDto(a.Role, Roles.DisplayName(a.Role), a.Unit.Id, a.Unit.Code, a.Unit.Name)).ToList(),
            area.HeldAnywhere));
    }

    static async Task<Ok<List<OrgUnitDto>>> OrgUnits(CurrentUser user, Data.LinliDb db, CancellationToken ct)
    {
        var area = await user.AreaAsync(ct);
        var result = new List<OrgUnitDto>();
        foreach (var unit in area.Units)
        {
            var prefix = unit.Path;
            result.AddRange(await db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(prefix))
                .OrderBy(o => o.Path).Select(o => new OrgUnitDto(o.Id, o.ParentId, o.Kind.ToString(), o.Code, o.Name)).ToListAsync(ct));
        }
        return TypedResults.Ok(result.DistinctBy(o => o.Id).ToList());
    }

    /// <summary>
    /// From the per-grid numbers kept current on every write, not a live count (DESIGN.md: a district's dashboard
    /// in 200 ms). Aged60Plus is counted by birth year (按出生年份计): born in or before this year − 60.
    /// </summary>
    static async Task<Ok<AreaOverview.Result>> Overview(CurrentUser user, AreaOverview overview, CancellationToken ct) =>
        TypedResults.Ok(await overview.ForAsync(await user.AreaAsync(ct), ct));
}
