using System.Text.Json.Nodes;
using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// /api/v1/households/… and /buildings/…: the household changes of <see cref="HouseholdChanges"/> and the building
/// changes of <see cref="Places"/>, as the pages make them. A change to a household names the version it was read at
/// (If-Match, the ETag of GET /households/{id}): 428 without it, 412 when the household has changed since. A second
/// household (move to, merge) may be pinned the same way by its version in the body.
/// </summary>
public static class HouseholdApi
{
    public sealed record NewHousehold(long GridId, string? Building, string? Unit, string? Room, string? Number);
    public sealed record ChangeHead(long HeadId, Dictionary<long, RelationToHead>? Relations);
    public sealed record MoveMember(long ResidentId, long ToHouseholdId, int? ToVersion, RelationToHead Relation);
    public sealed record Split(List<long> MemberIds, long HeadId, long GridId, string? Building, string? Unit, string? Room, long? HeadOfRest);
    public sealed record Merge(long OtherHouseholdId, int? OtherVersion, Dictionary<long, RelationToHead>? Relations);
    public sealed record MoveIn(string From, DateOnly? Date, ResidentBody.Shape Resident);
    public sealed record Leave(long ResidentId, ResidentStatus Status, DateOnly Date, string? Note, long? NewHeadId, Dictionary<long, RelationToHead>? Relations, bool LabelLivingAlone);
    public sealed record RenameBuilding(string Name);
    public sealed record MergeBuilding(long DuplicateBuildingId);
    public sealed record HistoryRow(DateTime AtUtc, string? UserName, string Kind, string Detail);

    public static RouteGroupBuilder MapHouseholdApi(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("").WithTags("Households").RequireAuthorization(Permissions.Registry.Read);
        read.MapGet("/households/{id:long}/history", History).WithSummary("一户的变更记录（立户、变更户主、分户、合户……），新的在前");

        var g = api.MapGroup("").WithTags("Households").RequireAuthorization(Permissions.Registry.Write);
        g.MapPost("/households", Create).WithSummary("立户：在网格内的门牌（楼栋、单元、室）立一户，楼栋与房屋没有就新建；户号可留空自动编号");
        g.MapPost("/households/{id:long}/head", Head).WithSummary("变更户主（须带 If-Match）；relations 可给出其他成员与新户主的关系，未给的按原关系推定");
        g.MapPost("/households/{id:long}/move-member", Move).WithSummary("把一名成员迁往管辖范围内的另一户（须带 If-Match：原户的版本；toVersion 可给出目标户的版本）");
        g.MapPost("/households/{id:long}/split", SplitHousehold).WithSummary("分户：选定成员在新门牌另立一户，headId 为新户户主；户主分出时 headOfRest 为留下成员的新户主（须带 If-Match）");
        g.MapPost("/households/{id:long}/merge", MergeHousehold).WithSummary("合户：另一户的全部成员并入本户，另一户注销（须带 If-Match：本户的版本；otherVersion 可给出另一户的版本）");
        g.MapPost("/households/{id:long}/move-in", Arrive).Accepts<MoveIn>("application/json").WithSummary("外地迁入：登记一位从外地迁入本户的居民，写明迁出地与日期（须带 If-Match）");
        g.MapPost("/households/{id:long}/leave", Depart).WithSummary("登记成员迁出或死亡；户主迁出或死亡且户内还有人时须同时给出 newHeadId；独自留下的60岁以上老人可同时标为独居老人（须带 If-Match）");
        g.MapPut("/buildings/{id:long}/name", Rename).WithSummary("楼栋更名（同一社区内楼栋名不重复）");
        g.MapPost("/buildings/{id:long}/merge", MergeBuildings).WithSummary("合并重复楼栋：duplicateBuildingId 的房屋与住户并入本楼栋，重复的楼栋删除");
        return api;
    }

    static async Task<Results<Ok<List<HistoryRow>>, NotFound>> History(long id, CurrentUser me, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Read).AnyAsync(h => h.Id == id, ct);
        if (!household) return TypedResults.NotFound();
        return TypedResults.Ok(await db.HouseholdChanges.AsNoTracking().Where(c => c.HouseholdId == id).OrderByDescending(c => c.Id).Take(200)
            .Select(c => new HistoryRow(c.AtUtc, c.UserName, c.Kind, c.Detail)).ToListAsync(ct));
    }

    static async Task<IResult> Create(NewHousehold body, CurrentUser me, HouseholdChanges changes, LinliDb db, HttpResponse response, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var result = await changes.CreateAsync(area, new HouseholdChanges.Address(body.GridId, body.Building, body.Unit, body.Room), body.Number, ct);
        if (!result.Ok) return await Answer(result, response, db, 0, ct);
        var version = await db.Households.Where(h => h.Id == result.HouseholdId).Select(h => h.Version).FirstAsync(ct);
        response.Headers.ETag = RegistryApi.ETag(version);
        return TypedResults.Created($"/api/v1/households/{result.HouseholdId}", new { id = result.HouseholdId, version });
    }

    static Task<IResult> Head(long id, ChangeHead body, HttpRequest request, CurrentUser me, HouseholdChanges changes, LinliDb db, CancellationToken ct) =>
        RunAsync(id, request, db, me, async (area, v) => await changes.ChangeHeadAsync(area, id, v, body.HeadId, body.Relations, ct), ct);

    static Task<IResult> Move(long id, MoveMember body, HttpRequest request, CurrentUser me, HouseholdChanges changes, LinliDb db, CancellationToken ct) =>
        RunAsync(id, request, db, me, async (area, v) => await changes.MoveMemberAsync(area, id, v, body.ResidentId, body.ToHouseholdId, body.ToVersion, body.Relation, ct), ct);

    static Task<IResult> SplitHousehold(long id, Split body, HttpRequest request, CurrentUser me, HouseholdChanges changes, LinliDb db, CancellationToken ct) =>
        RunAsync(id, request, db, me, async (area, v) => await changes.SplitAsync(area, id, v, body.MemberIds ?? [], body.HeadId,
            new HouseholdChanges.Address(body.GridId, body.Building, body.Unit, body.Room), body.HeadOfRest, ct), ct);

    static Task<IResult> MergeHousehold(long id, Merge body, HttpRequest request, CurrentUser me, HouseholdChanges changes, LinliDb db, CancellationToken ct) =>
        RunAsync(id, request, db, me, async (area, v) => await changes.MergeAsync(area, id, v, body.OtherHouseholdId, body.OtherVersion, body.Relations, ct), ct);

    static Task<IResult> Depart(long id, Leave body, HttpRequest request, CurrentUser me, HouseholdChanges changes, LinliDb db, CancellationToken ct) =>
        RunAsync(id, request, db, me, async (area, v) => await changes.LeaveAsync(area, id, v, body.ResidentId, body.Status, body.Date, body.Note,
            body.NewHeadId, body.Relations, body.LabelLivingAlone, ct), ct);

    /// <summary>外地迁入: the resident's fields read as POST /residents reads them, with from and date beside them.</summary>
    static async Task<IResult> Arrive(long id, HttpRequest request, CurrentUser me, HouseholdChanges changes, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return TypedResults.NotFound();
        if (RegistryWriteApi.ExpectedVersion(request) is not { } expected) return PreconditionRequired();
        var (body, refused) = await RegistryWriteApi.ReadJsonAsync(request, ["application/json"], ct);
        if (refused is not null) return refused;
        if (body is not JsonObject obj || obj["resident"] is not JsonObject fields)
            return Invalid("resident", "请提供迁入居民的信息（resident，一个 JSON 对象）。");
        DateOnly? date = null;
        if (obj["date"] is JsonValue d)
        {
            if (!d.TryGetValue<string>(out var s) || !DateOnly.TryParseExact(s, "yyyy-MM-dd", out var parsed)) return Invalid("date", "迁入日期应写成 yyyy-MM-dd。");
            date = parsed;
        }
        var from = obj["from"] is JsonValue f && f.TryGetValue<string>(out var text) ? text : null;
        var form = new ResidentEditor.Form();
        var errors = ResidentBody.Read(fields, form, ResidentBody.Mode.Create, await db.Tags.VisibleTo(area, household.GridId).ToListAsync(ct));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "提交的居民信息有误");
        var (result, outcome) = await changes.MoveInAsync(area, id, expected, form, from, date, ct);
        if (outcome is { Ok: false })
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => "resident." + char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }), title: "提交的居民信息有误");
        if (!result.Ok) return await Answer(result, request.HttpContext.Response, db, id, ct);
        var dto = (await RegistryApi.DtoAsync(db, area, outcome!.ResidentId!.Value, ct))!;
        await SetETagAsync(request.HttpContext.Response, db, id, ct);
        return TypedResults.Created($"/api/v1/residents/{dto.Id}", dto);
    }

    static async Task<IResult> Rename(long id, RenameBuilding body, CurrentUser me, Places places, CancellationToken ct)
    {
        var result = await places.RenameBuildingAsync(await me.AreaAsync(ct), id, body.Name, ct);
        return !result.Found ? TypedResults.NotFound() : result.Error is { } e ? Invalid("name", e) : TypedResults.NoContent();
    }

    static async Task<IResult> MergeBuildings(long id, MergeBuilding body, CurrentUser me, Places places, CancellationToken ct)
    {
        var result = await places.MergeBuildingsAsync(await me.AreaAsync(ct), id, body.DuplicateBuildingId, ct);
        return !result.Found ? TypedResults.NotFound() : result.Error is { } e ? Invalid("duplicateBuildingId", e) : TypedResults.NoContent();
    }

    /// <summary>The If-Match step every household change shares; the answer carries the household's new ETag.</summary>
    static async Task<IResult> RunAsync(long id, HttpRequest request, LinliDb db, CurrentUser me, Func<UserArea, int, Task<HouseholdChanges.Result>> change, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (!await db.Households.InScopeOf(area, Permissions.Registry.Write).AnyAsync(h => h.Id == id, ct)) return TypedResults.NotFound();
        if (RegistryWriteApi.ExpectedVersion(request) is not { } expected) return PreconditionRequired();
        var result = await change(area, expected);
        return await Answer(result, request.HttpContext.Response, db, id, ct);
    }

    static async Task<IResult> Answer(HouseholdChanges.Result result, HttpResponse response, LinliDb db, long id, CancellationToken ct)
    {
        switch (result.Status)
        {
            case HouseholdChanges.Status.NotFound: return TypedResults.NotFound();
            case HouseholdChanges.Status.Invalid: return Invalid("", result.Error ?? "提交的内容有误。");
            case HouseholdChanges.Status.Stale:
                await SetETagAsync(response, db, id, ct);
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "此户已被他人修改",
                    detail: "这一户在您读取之后已有变动，这次没有保存。请重新 GET /api/v1/households/{id}，核对后再提交。");
        }
        var household = await db.Households.AsNoTracking().Where(h => h.Id == result.HouseholdId).Select(h => new { h.Id, h.Version }).FirstAsync(ct);
        response.Headers.ETag = RegistryApi.ETag(household.Version);
        return TypedResults.Ok(new { id = household.Id, version = household.Version });
    }

    static async Task SetETagAsync(HttpResponse response, LinliDb db, long id, CancellationToken ct)
    {
        if (await db.Households.AsNoTracking().Where(h => h.Id == id).Select(h => (int?)h.Version).FirstOrDefaultAsync(ct) is { } v)
            response.Headers.ETag = RegistryApi.ETag(v);
    }

    static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "缺少 If-Match",
            detail: "修改一户须带 If-Match 头，写 GET /api/v1/households/{id} 返回的 ETag（如 If-Match: \"3\"），以免覆盖他人刚做的变动。");

    static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "提交的内容有误");
}
