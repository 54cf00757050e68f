using Linli.Data;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>Names cases on the audit page by their public reference and type (never by the complainant).</summary>
public sealed class CaseAuditNames(LinliDb db) : IAuditNames
{
    public IReadOnlyDictionary<string, string> Words { get; } = new Dictionary<string, string>();

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(string kind, IReadOnlyCollection<long> ids, CancellationToken ct) => kind == AuditTargets.Case
        ? (await db.Set<Case>().AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Reference, c.Kind }).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => $"{c.Reference}（{CaseType.NameOf(c.Kind)}）")
        : new Dictionary<long, string>();
}
