using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linli.Features.Visits;

/// <summary>/api/v1/visits: visits listed, recorded, corrected and noted, and who is due in a grid; scoped like the pages.</summary>
public static class VisitsApi
{
    public sealed record VisitDto(long Id, long GridId, long? ResidentId, string? ResidentName, long? HouseholdId, DateOnly Date, TimeOnly? Time,
        DateTime EnteredAtUtc, string Method, string VisitorName, bool ContentHidden, string? Companions, string? Place, string? FamilySituation,
        string? Difficulties, string? Requests, string? Measures, string? Result, string? FollowUp, IReadOnlyList<string> Checks, string? Need, int Version)
    {
        public static VisitDto From(VisitReader.View v) => new(v.Id, v.GridId, v.ResidentId, v.ResidentName, v.HouseholdId, v.Date, v.Time, v.EnteredAtUtc,
            VisitText.Of(v.Method), v.VisitorName, v.ContentHidden, v.Content?.Companions, v.Content?.Place, v.Content?.FamilySituation, v.Content?.Difficulties,
            v.Content?.Requests, v.Content?.Measures, v.Content?.Result, v.Content?.FollowUp,
            v.Content is { } c ? VisitText.Checks.Where(x => c.Checks.HasFlag(x.Check)).Select(x => x.Name).ToList() : [], v.Content?.Need, v.Version);
    }

    public sealed record DueDto(long ResidentId, string Name, long GridId, string Address, string State, string Reason, DateOnly? LastVisit,
        DateOnly? WindowOpens, DateOnly? Due, DateOnly? WindowCloses, string? FirstVisit = null, DateTimeOffset? FirstVisitBy = null);
    public sealed record NoteBody(string? Text);

    public static RouteGroupBuilder MapVisitsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/visits").WithTags("Visits").RequireAuthorization(Permissions.Visits.Read);
        g.MapGet("", List).WithSummary("走访记录：按居民、户、网格、时间段（from/to，含）查询，新的在前；按 before（id）翻页。敏感标签居民的走访内容仅对有权查看者显示");
        g.MapGet("/{id:long}", Get).WithSummary("一条走访记录");
        g.MapGet("/due", Due).WithSummary("网格中应走访的居民：逾期、待走访（在应走访期内）、从未走访，以及依据的走访周期");
        g.MapPost("", Create).RequireAuthorization(Permissions.Visits.Write)
            .WithSummary("登记走访（可补录一年内的日期）；方式 Door/Phone/Video/CameToOffice/Other");
        g.MapPut("/{id:long}", Correct).RequireAuthorization(Permissions.Visits.Write)
            .WithSummary("登记人在7天内更正走访记录（原值记入历史）；之后请用 notes");
        g.MapPost("/{id:long}/notes", Note).RequireAuthorization(Permissions.Visits.Write).WithSummary("为走访记录添加补充说明");
        g.MapCampaignsApi();
        g.MapRhythmApi();
        return api;
    }

    static async Task<Ok<List<VisitDto>>> List(CurrentUser me, VisitReader reader, CancellationToken ct, long? residentId = null, long? householdId = null,
        long? gridId = null, DateOnly? from = null, DateOnly? to = null, long? before = null, int limit = 50)
    {
        var rows = await reader.ListAsync(await me.AreaAsync(ct), new VisitReader.Filter(residentId, householdId, gridId, from, to, before, limit), ct);
        return TypedResults.Ok(rows.Select(VisitDto.From).ToList());
    }

    static async Task<Results<Ok<VisitDto>, NotFound>> Get(long id, CurrentUser me, VisitReader reader, CancellationToken ct) =>
        await reader.OneAsync(await me.AreaAsync(ct), id, ct) is { } v ? TypedResults.Ok(VisitDto.From(v)) : TypedResults.NotFound();

    static async Task<Results<Ok<List<DueDto>>, NotFound, ProblemHttpResult>> Due(long? grid, CurrentUser me, VisitSchedule schedule, TimeProvider clock, OutOfArea outOfArea, CancellationToken ct)
    {
        if (grid is not { } gridId) return TypedResults.Problem("请用 grid 参数指明网格。", statusCode: StatusCodes.Status400BadRequest);
        var area = await me.AreaAsync(ct);
        if (!area.HasInGrid(Permissions.Visits.Read, gridId))
        {
            await outOfArea.ReportAsync(Audit.AuditTargets.OrgUnit, gridId, ct);
            return TypedResults.NotFound();
        }
        var today = clock.Today();
        var people = await schedule.ForGridsAsync(area, [gridId], today, ct);
        return TypedResults.Ok(VisitSchedule.InWalkingOrder(people.Where(p => p.State != DueState.NotYet))
            .Select(p => new DueDto(p.ResidentId, p.Name, p.GridId, p.Address, VisitText.Of(p.State), p.Reason, p.Last, p.Window?.Opens, p.Window?.Due, p.Window?.Closes,
                p.TriggerReason, p.Trigger?.By))
            .ToList());
    }

    static async Task<Results<Created<VisitDto>, NotFound, ValidationProblem>> Create(VisitRecorder.Form body, CurrentUser me, VisitRecorder recorder, VisitReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await recorder.RecordAsync(area, body, null, ct);
        if (outcome.NotFound) return TypedResults.NotFound();
        if (outcome.Visit is not { } v) return Invalid(outcome);
        var view = await reader.OneAsync(area, v.Id, ct);
        return TypedResults.Created($"/api/v1/visits/{v.Id}", VisitDto.From(view!));
    }

    static async Task<Results<Ok<VisitDto>, NotFound, ValidationProblem>> Correct(long id, VisitRecorder.Form body, CurrentUser me, VisitRecorder recorder, VisitReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await recorder.CorrectAsync(area, id, body, ct);
        if (outcome.NotFound) return TypedResults.NotFound();
        if (outcome.Visit is null) return Invalid(outcome);
        return TypedResults.Ok(VisitDto.From((await reader.OneAsync(area, id, ct))!));
    }

    static async Task<Results<Ok<VisitDto>, NotFound, ValidationProblem>> Note(long id, NoteBody body, CurrentUser me, VisitRecorder recorder, VisitReader reader, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await recorder.AddNoteAsync(area, id, body.Text, ct);
        if (outcome.NotFound) return TypedResults.NotFound();
        if (outcome.Visit is null) return Invalid(outcome);
        return TypedResults.Ok(VisitDto.From((await reader.OneAsync(area, id, ct))!));
    }

    static ValidationProblem Invalid(VisitRecorder.Outcome o) =>
        TypedResults.ValidationProblem(o.Errors.ToDictionary(e => e.Key.Length == 0 ? "visit" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }),
            title: "走访记录有误");
}
