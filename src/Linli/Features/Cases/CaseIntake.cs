using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// <see cref="ICaseIntake"/>: another module (a visit's recorded need) opens a case in one step, with the same rules,
/// history and audit as the pages (<see cref="CaseWorkflow.OpenAsync"/>).
/// </summary>
public sealed class CaseIntake(CaseWorkflow workflow, LinliDb db) : ICaseIntake
{
    public async Task<CaseIntakeResult> OpenAsync(UserArea area, CaseIntakeRequest request, CancellationToken ct)
    {
        if (!area.HasInGrid(Permissions.Cases.Open, request.GridId)) throw new UnauthorizedAccessException("无权在这个网格登记事件。");
        var name = request.CallerName is { } given ? (string.IsNullOrWhiteSpace(given) ? "匿名" : given.Trim()) : null;
        if (name is null && request.ResidentId is null && request.HouseholdId is { } hid)
            name = await db.Residents.AsNoTracking().Where(r => r.HouseholdId == hid).OrderBy(r => r.RelationToHead).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var summary = request.Summary.Trim();
        var title = summary.Length <= 100 ? summary : summary[..99] + "…";
        var outcome = await workflow.OpenAsync(area, new CaseWorkflow.OpenForm
        {
            Kind = request.Kind, GridId = request.GridId, ResidentId = request.ResidentId, HouseholdId = request.HouseholdId,
            CallerName = name ?? "（走访对象）", CallerPhone = request.CallerPhone, Channel = request.Source == "visit" ? "走访" : "其他", Title = title, Content = summary,
            Source = request.Source, SourceId = request.SourceId,
        }, ct) ?? throw new UnauthorizedAccessException("无权在这个网格登记事件。");
        if (!outcome.Ok) throw new ArgumentException(string.Join(" ", outcome.Errors.Values));
        return new CaseIntakeResult(outcome.Case!.Id, outcome.Case.Reference, $"/Cases/{outcome.Case.Id}");
    }
}
