using Linli.Data;
using Linli.Features.Access;

namespace Linli.Features.Visits;

/// <summary>
/// Another module recording a visit in one step (<see cref="IVisitIntake"/>): a benefit's household investigation, a
/// party member's holiday visit. The visit is recorded as the page records it — same scope (<c>visits.write</c> where the
/// resident lives), same audit row — with the findings as 家庭情况 and the source named in its history.
/// </summary>
public sealed class VisitIntake(LinliDb db, VisitRecorder recorder, TimeProvider clock) : IVisitIntake
{
    /// <summary>The method codes other modules pass: door 上门, phone 电话, video 视频, office 来访, other 其他.</summary>
    public static readonly IReadOnlyDictionary<string, VisitMethod> Methods = new Dictionary<string, VisitMethod>
    {
        ["door"] = VisitMethod.Door, ["phone"] = VisitMethod.Phone, ["video"] = VisitMethod.Video,
        ["office"] = VisitMethod.CameToOffice, ["other"] = VisitMethod.Other,
    };

    public async Task<VisitIntakeResult> RecordAsync(UserArea area, VisitIntakeRequest request, CancellationToken ct)
    {
        if (!Methods.TryGetValue(request.Method, out var method))
            throw new ArgumentException($"走访方式“{request.Method}”不认识，应为 {string.Join(" / ", Methods.Keys)}。", nameof(request));
        var local = request.VisitedAt.ToOffset(clock.GetLocalNow().Offset);
        var form = new VisitRecorder.Form
        {
            ResidentId = request.ResidentId, Date = DateOnly.FromDateTime(local.DateTime), Time = TimeOnly.FromDateTime(local.DateTime),
            Method = method, FamilySituation = request.Findings,
        };
        var outcome = await recorder.RecordAsync(area, form, null, ct);
        if (outcome.NotFound) throw new UnauthorizedAccessException("无权为这位居民登记走访。");
        if (outcome.Visit is not { } visit) throw new ArgumentException(string.Join("；", outcome.Errors.Values), nameof(request));
        db.Add(new VisitEvent { VisitId = visit.Id, AtUtc = clock.GetUtcNow().UtcDateTime, UserId = area.UserId, UserName = area.DisplayName,
            Kind = "来源", Text = $"{request.Source} #{request.SourceId}" });
        await db.SaveChangesAsync(ct);
        return new VisitIntakeResult(visit.Id, $"/Visits/Detail/{visit.Id}");
    }
}
