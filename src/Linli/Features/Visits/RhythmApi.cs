using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// /api/v1/visits/rhythms/{residentId}: a person's visit rhythm — the label policies that apply (as the user may know
/// them: a sensitive label only where granted), the personal override with its reason, and what follows from them:
/// the rhythm in force, the last visit, the next due day and its window, the state. PUT sets the override (a tier or an
/// interval, and a reason), DELETE goes back to the labels; both through <see cref="VisitRecorder.SetRhythmAsync"/>,
/// like the page, so each is one audit row.
/// </summary>
public static class RhythmApi
{
    public sealed record RhythmDto(int IntervalDays, int WindowDays, string Described);
    public sealed record LabelPolicyDto(long TagId, string Label, RhythmDto Rhythm, bool SetByCommunity, int? VisitWithinHours = null);
    public sealed record OverrideDto(RhythmDto Rhythm, string Reason, string SetBy, DateTime SetAtUtc);
    public sealed record WindowDto(DateOnly Opens, DateOnly Due, DateOnly Closes);
    public sealed record PersonRhythmDto(long ResidentId, string Name, long GridId, IReadOnlyList<LabelPolicyDto> Policies, OverrideDto? Override,
        RhythmDto? InForce, string? Reason, DateOnly? LastVisit, WindowDto? Window, string State, string? FirstVisit = null, DateTimeOffset? FirstVisitBy = null);
    public sealed record SetBody(string? Tier, int? IntervalDays, int? WindowDays, string? Reason);

    public static RouteGroupBuilder MapRhythmApi(this RouteGroupBuilder visits)
    {
        var g = visits.MapGroup("/rhythms");
        g.MapGet("/{id:long}", Get).WithSummary("居民的走访周期：适用的标签周期、个人设置及理由、当前周期、最近走访、下次应走访日及应走访期、状态");
        g.MapPut("/{id:long}", Set).RequireAuthorization(Permissions.Visits.Write)
            .WithSummary("设置个人走访周期：tier（高风险/重点/一般）或 intervalDays（1–366）与 windowDays，reason 必填");
        g.MapDelete("/{id:long}", Clear).RequireAuthorization(Permissions.Visits.Write).WithSummary("取消个人走访周期，恢复按标签");
        return visits;
    }

    static async Task<Results<Ok<PersonRhythmDto>, NotFound>> Get(long id, CurrentUser me, LinliDb db, VisitSchedule schedule, OutOfArea outOfArea, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        return await DescribeAsync(area, id, db, schedule, clock, Permissions.Visits.Read, ct) is { } dto ? TypedResults.Ok(dto) : await Refused(outOfArea, id, ct);
    }

    static async Task<Results<Ok<PersonRhythmDto>, NotFound, ValidationProblem>> Set(long id, SetBody body, CurrentUser me, LinliDb db, VisitRecorder recorder,
        VisitSchedule schedule, OutOfArea outOfArea, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        // Scope before the body: out of the area is the same answer whatever was sent.
        if (!await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Visits.Write).AnyAsync(r => r.Id == id, ct)) return await Refused(outOfArea, id, ct);
        int? interval = body.IntervalDays, window = body.WindowDays;
        var reason = body.Reason;
        if (!string.IsNullOrWhiteSpace(body.Tier))
        {
            var tier = VisitPolicies.Tiers.FirstOrDefault(t => t.Name == body.Tier.Trim());
            if (tier.Name is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tier"] = [Web.UiText.Shared["风险等级应为{0}之一。", string.Join("、", VisitPolicies.Tiers.Select(t => Web.UiText.Shared[t.Name]))]] }, title: "个人走访周期有误");
            (interval, window) = (tier.Rhythm.IntervalDays, tier.Rhythm.WindowDays);
            if (!string.IsNullOrWhiteSpace(reason)) reason = $"{tier.Name}：{reason}";
        }
        if (interval is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["intervalDays"] = ["请给出风险等级（tier）或走访周期（intervalDays）。"] }, title: "个人走访周期有误");
        var outcome = await recorder.SetRhythmAsync(area, id, interval, window, reason, ct);
        if (outcome.NotFound) return await Refused(outOfArea, id, ct);
        if (outcome.Errors.Count > 0)
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }), title: "个人走访周期有误");
        return TypedResults.Ok((await DescribeAsync(area, id, db, schedule, clock, Permissions.Visits.Write, ct))!);
    }

    static async Task<Results<Ok<PersonRhythmDto>, NotFound>> Clear(long id, CurrentUser me, LinliDb db, VisitRecorder recorder, VisitSchedule schedule,
        OutOfArea outOfArea, TimeProvider clock, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var outcome = await recorder.SetRhythmAsync(area, id, null, null, null, ct);
        if (outcome.NotFound) return await Refused(outOfArea, id, ct);
        return TypedResults.Ok((await DescribeAsync(area, id, db, schedule, clock, Permissions.Visits.Write, ct))!);
    }

    static async Task<NotFound> Refused(OutOfArea outOfArea, long id, CancellationToken ct)
    {
        await outOfArea.ReportAsync(Audit.AuditTargets.Resident, id, ct);
        return TypedResults.NotFound();
    }

    static async Task<PersonRhythmDto?> DescribeAsync(UserArea area, long id, LinliDb db, VisitSchedule schedule, TimeProvider clock, string permission, CancellationToken ct)
    {
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, permission).Where(r => r.Id == id)
            .Select(r => new { r.Id, r.Name, r.GridId }).FirstOrDefaultAsync(ct);
        if (resident is null) return null;
        var seesSensitive = area.HasInGrid(Permissions.Registry.Sensitive, resident.GridId);
        var communityOf = await VisitPolicies.CommunityOfGridsAsync(db, [resident.GridId], ct);
        var policies = (await VisitPolicies.ForCommunitiesAsync(db, communityOf.Values.ToList(), ct)).Values.SingleOrDefault() ?? [];
        var tags = await db.ResidentTags.AsNoTracking().Where(rt => rt.ResidentId == id).Select(rt => rt.TagId).ToListAsync(ct);
        var labels = policies.Where(p => tags.Contains(p.TagId)).ToList();
        var personal = await db.Set<VisitOverride>().AsNoTracking().FirstOrDefaultAsync(o => o.ResidentId == id, ct);
        // The override's reason may say why a sensitive label asks for it: hidden where the label is.
        var overrideShown = personal is not null && (seesSensitive || !labels.Any(l => l.IsSensitive));
        var today = clock.Today();
        var now = (await schedule.ForGridsAsync(area, [resident.GridId], today, ct)).FirstOrDefault(p => p.ResidentId == id);
        DateOnly? last = now?.Last ?? await db.Set<Visit>().AsNoTracking().Where(v => v.ResidentId == id).MaxAsync(v => (DateOnly?)v.Date, ct);
        return new PersonRhythmDto(resident.Id, resident.Name, resident.GridId,
            labels.Where(l => seesSensitive || !l.IsSensitive).Select(l => new LabelPolicyDto(l.TagId, l.Name, Of(l.Rhythm), l.SetByCommunity, l.WithinHours)).ToList(),
            overrideShown ? new OverrideDto(Of(new VisitRhythm(personal!.IntervalDays, personal.WindowDays)), personal.Reason, personal.SetByName, personal.SetAtUtc) : null,
            now is null ? null : Of(now.Rhythm), now?.Reason, last,
            now?.Window is { } w ? new WindowDto(w.Opens, w.Due, w.Closes) : null,
            now is null ? "无需定期走访" : VisitText.Of(now.State),
            now?.TriggerReason, now?.Trigger?.By);
    }

    static RhythmDto Of(VisitRhythm r) => new(r.IntervalDays, r.WindowDays, VisitPolicies.Describe(r));
}
