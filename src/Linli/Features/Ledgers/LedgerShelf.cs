using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>
/// The ledgers offered to the other modules (<see cref="ILedgerShelf"/>): the templates a task may ask for (every one the
/// user's units see, built-in or saved: the community generates it, not the street that asks), and a unit's latest
/// submission of a template as the department's xlsx, frozen as it was sent — what an inspection is shown.
/// </summary>
public sealed class LedgerShelf(LinliDb db, LedgerCatalog catalog, LedgerSubmissions submissions) : ILedgerShelf
{
    public async Task<IReadOnlyList<LedgerChoice>> ChoicesAsync(UserArea area, CancellationToken ct) =>
        (await catalog.TemplatesAsync(area, ct)).OrderBy(t => t.Department, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new LedgerChoice(t.Key, t.Department, t.Name)).ToList();

    public async Task<LedgerFile?> LatestAsync(UserArea area, string templateKey, long unitId, CancellationToken ct)
    {
        var id = await db.Set<LedgerSubmission>().AsNoTracking().Where(s => s.TemplateKey == templateKey && s.UnitId == unitId && s.State != LedgerSubmissionState.Returned)
            .OrderByDescending(s => s.PeriodFrom).ThenByDescending(s => s.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        if (id is null) return null;
        var (submission, unit) = await submissions.FindAsync(area, id.Value, ct);
        if (submission is null || unit is null) return null;
        var bytes = await LedgerXlsx.WriteAsync(submission, unit.Name, ct);
        return new LedgerFile(submission.Id, submission.TemplateName, submission.PeriodFrom, submission.PeriodTo,
            $"{unit.Name}{submission.TemplateName}（{submission.PeriodFrom:yyyy-MM}）.xlsx", bytes);
    }
}
