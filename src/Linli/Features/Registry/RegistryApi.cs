using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>/api/v1/residents, /households, /tags: the registry read through the API, scoped like the pages.</summary>
public static class RegistryApi
{
    /// <summary>
    /// A resident as the API shows it: every field a PUT needs (<see cref="ResidentBody"/>), the numbers masked (sent back
    /// unchanged they mean "keep"), and the version that is also the ETag.
    /// </summary>
    public sealed record ResidentDto(long Id, string Name, string Gender, DateOnly? BirthDate, string? NationalId, string? Phone,
        string ResidenceKind, string Status, long GridId, long? HouseholdId, string RelationToHead, string? Ethnicity,
        string? Education, string? PoliticalStatus, string? MaritalStatus, string? Notes, IReadOnlyList<string> Tags, int Version);
    public sealed record ResidentPage(IReadOnlyList<ResidentDto> Items, long? Next, ResidentCounts? Counts = null);
    public sealed record HouseholdDto(long Id, string Number, long GridId, string Address, long? HeadId, IReadOnlyList<ResidentDto> Members, int Version);
    public sealed record RevealRequest(RevealNumber.Field Field, string? Reason);
    public sealed record RevealResponse(string Value);
    public sealed record TagDto(long Id, string Code, string Name, string Category, bool IsSensitive, int? VisitIntervalDays, int? VisitWithinHours);

    /// <summary>The street's visit policy of a label: 走访周期 in days and 首次走访时限 in hours after the label is put on someone (both may be null).</summary>
    public sealed record VisitPolicyBody(int? VisitIntervalDays, int? VisitWithinHours);

    public static RouteGroupBuilder MapRegistryApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Registry").RequireAuthorization(Permissions.Registry.Read);
        g.MapGet("/residents", ListResidents).WithSummary("居民名单：与页面 /Registry/Residents 相同的筛选（unit 社区或网格、tag 标签可多个、match any/all、ageMin/ageMax、bornFrom/bornTo、gender、kind、status、role、q 查找）；按 id 翻页（after），counts=true 时附人数和户数");
        g.MapGet("/residents/{id:long}", GetResident).WithSummary("一位居民（身份证号、电话为脱敏形式）；ETag 为其版本，修改时放进 If-Match");
        g.MapGet("/households/{id:long}", GetHousehold).WithSummary("一户及其成员；ETag 为户的版本，变更这一户时放进 If-Match");
        g.MapGet("/tags", ListTags).WithSummary("当前用户可见的人员标签");
        g.MapPost("/residents/{id:long}/reveal", Reveal).WithSummary("查看完整的身份证号或电话（须说明理由，记入审计日志）");
        api.MapPut("/tags/{id:long}/visit-policy", SetVisitPolicy).WithTags("Registry").RequireAuthorization(Permissions.Registry.DefineTags)
            .WithSummary("设置标签的街道默认走访要求：visitIntervalDays 走访周期（1–366天），visitWithinHours 新加上标签后首次走访时限（1–720小时，须同时有走访周期）；均可为空");
        api.MapGet("/caller", FindCaller).WithTags("Registry").RequireAuthorization(Permissions.Registry.CallerView)
            .WithSummary("来电查询（热线）：按来电号码、姓名或门牌找居民；只有姓名、脱敏号码、住址、同户成员和进行中的求助");
        return api;
    }

    /// <summary>Numbers of a filtered list, given when asked for (counts=true).</summary>
    public sealed record ResidentCounts(int Residents, int Households);

    /// <summary>
    /// The list behind every number (the page /Registry/Residents), as JSON: the same filters, key-based pages by id.
    /// gridId and includeInactive are the older names of unit and status=All. A unit outside the area, or a label the
    /// user may not see, matches nobody (an empty list, as before); a malformed value is a 400 naming it.
    /// </summary>
    static async Task<Results<Ok<ResidentPage>, ValidationProblem>> ListResidents(CurrentUser me, ResidentList list, LinliDb db, [AsParameters] ResidentList.Query filter, CancellationToken ct,
        long? gridId = null, bool includeInactive = false, long? after = null, int limit = 50, bool counts = false)
    {
        var area = await me.AreaAsync(ct);
        limit = Math.Clamp(limit, 1, 200);
        if (gridId is { } grid && string.IsNullOrWhiteSpace(filter.Unit)) filter.Unit = grid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (includeInactive && string.IsNullOrWhiteSpace(filter.Status)) filter.Status = "All";
        var errors = new Dictionary<string, string>();
        var parsed = ResidentList.Parse(filter, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "筛选条件有误");
        var resolved = await list.ResolveAsync(area, parsed, errors, ct);
        if (errors.Count > 0) return TypedResults.Ok(new ResidentPage([], null, counts ? new ResidentCounts(0, 0) : null));
        var (residents, next) = await ResidentList.RecordsAsync(resolved, after, limit, ct);
        var numbers = counts ? await ResidentList.CountAsync(resolved, ct) : null;
        return TypedResults.Ok(new ResidentPage(await ToDtosAsync(db, area, residents, ct), next,
            numbers is null ? null : new ResidentCounts(numbers.Residents, numbers.Households)));
    }

    /// <summary>The ETag of a resident's version: "3".</summary>
    public static string ETag(int version) => $"\"{version}\"";

    static async Task<Results<Ok<ResidentDto>, NotFound>> GetResident(long id, HttpResponse response, CurrentUser me, LinliDb db, OutOfArea outOfArea, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resident is null)
        {
            await outOfArea.ReportAsync(Audit.AuditTargets.Resident, id, ct);
            return TypedResults.NotFound();
        }
        response.Headers.ETag = ETag(resident.Version);
        return TypedResults.Ok((await ToDtosAsync(db, area, [resident], ct))[0]);
    }

    static async Task<Results<Ok<HouseholdDto>, NotFound>> GetHousehold(long id, HttpResponse response, CurrentUser me, LinliDb db, OutOfArea outOfArea, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null)
        {
            await outOfArea.ReportAsync(Audit.AuditTargets.Household, id, ct);
            return TypedResults.NotFound();
        }
        var address = await Addresses.OfDwellingAsync(db, household.DwellingId, ct);
        var members = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).Where(r => r.HouseholdId == id).OrderBy(r => r.RelationToHead).ThenBy(r => r.Id).ToListAsync(ct);
        response.Headers.ETag = ETag(household.Version);
        return TypedResults.Ok(new HouseholdDto(household.Id, household.Number, household.GridId,
            address, household.HeadId, await ToDtosAsync(db, area, members, ct), household.Version));
    }

    static async Task<Results<Ok<RevealResponse>, NotFound, ProblemHttpResult>> Reveal(long id, RevealRequest request, CurrentUser me, RevealNumber reveal, CancellationToken ct)
    {
        var result = await reveal.HandleAsync(await me.AreaAsync(ct), id, request.Field, request.Reason, ct);
        if (result is null) return TypedResults.NotFound();
        if (result.Value is null) return TypedResults.Problem(result.Error, statusCode: StatusCodes.Status422UnprocessableEntity);
        return TypedResults.Ok(new RevealResponse(result.Value));
    }

    static async Task<Ok<CallerLookup.Result>> FindCaller(string? q, CurrentUser me, CallerLookup lookup, CancellationToken ct) =>
        TypedResults.Ok(await lookup.FindAsync(await me.AreaAsync(ct), q, ct));

    static async Task<Ok<List<TagDto>>> ListTags(CurrentUser me, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        // Definitions, not residents: a sensitive label is listed to whoever may see it somewhere.
        var sensitive = area.Has(Permissions.Registry.Sensitive);
        return TypedResults.Ok(await db.Tags.AsNoTracking().Where(t => sensitive || !t.IsSensitive).OrderBy(t => t.Category).ThenBy(t => t.Name)
            .Select(t => new TagDto(t.Id, t.Code, t.Name, t.Category, t.IsSensitive, t.VisitIntervalDays, t.VisitWithinHours)).ToListAsync(ct));
    }

    /// <summary>The page's rules (<see cref="TagsModel"/>): a 400 naming the field for a value out of range; audited like the page's change.</summary>
    static async Task<Results<Ok<TagDto>, ValidationProblem, NotFound>> SetVisitPolicy(long id, VisitPolicyBody body, CurrentUser me, LinliDb db, Audit.AuditLog audit, Web.UiText say, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.VisitIntervalDays is < 1 or > 366) errors["visitIntervalDays"] = [say["走访周期应在1到366天之间"]];
        if (Tag.WithinHoursError(body.VisitIntervalDays, body.VisitWithinHours) is { } hours) errors["visitWithinHours"] = [say[hours]];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: say["走访要求有误"]);
        var area = await me.AreaAsync(ct);
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (tag is null) return TypedResults.NotFound();
        (tag.VisitIntervalDays, tag.VisitWithinHours) = (body.VisitIntervalDays, body.VisitWithinHours);
        var street = area.UnitsWhere(Permissions.Registry.DefineTags)[0];
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, Audit.AuditActions.Write, null, street.Id,
            $"修改标签“{tag.Name}”的走访要求：走访周期 {(tag.VisitIntervalDays is { } d ? $"{d} 天" : "不要求")}，首次走访时限 {(tag.VisitWithinHours is { } h ? $"{h} 小时" : "不要求")}；标签定义属于{street.Name}（{street.Code}）", ct: ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new TagDto(tag.Id, tag.Code, tag.Name, tag.Category, tag.IsSensitive, tag.VisitIntervalDays, tag.VisitWithinHours));
    }

    /// <summary>One resident as the API shows it to this user; null outside the user's area.</summary>
    public static async Task<ResidentDto?> DtoAsync(LinliDb db, UserArea area, long id, CancellationToken ct)
    {
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).FirstOrDefaultAsync(r => r.Id == id, ct);
        return resident is null ? null : (await ToDtosAsync(db, area, [resident], ct))[0];
    }

    static async Task<List<ResidentDto>> ToDtosAsync(LinliDb db, UserArea area, List<Resident> residents, CancellationToken ct)
    {
        var ids = residents.Select(r => r.Id).ToList();
        var tags = (await db.ResidentTags.AsNoTracking().Where(rt => ids.Contains(rt.ResidentId))
            .Join(db.Tags, rt => rt.TagId, t => t.Id, (rt, t) => new { rt.ResidentId, rt.GridId, t.Name, t.IsSensitive }).ToListAsync(ct))
            .Where(x => !x.IsSensitive || area.HasInGrid(Permissions.Registry.Sensitive, x.GridId))
            .ToLookup(x => x.ResidentId, x => x.Name);
        return residents.Select(r => new ResidentDto(r.Id, r.Name, r.Gender.ToString(), r.BirthDate, r.NationalIdMasked, r.PhoneMasked,
            r.ResidenceKind.ToString(), r.Status.ToString(), r.GridId, r.HouseholdId, r.RelationToHead.ToString(), r.Ethnicity,
            r.Education, r.PoliticalStatus, r.MaritalStatus, r.Notes, tags[r.Id].ToList(), r.Version)).ToList();
    }
}
