using Linli.Data;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// What the registry owns, named for the audit page: residents by their masked name (the auditor checks what was
/// done, not who lives where), households by number and masked head, export requests by their unit.
/// </summary>
public sealed class RegistryAuditNames(LinliDb db) : IAuditNames
{
    public IReadOnlyDictionary<string, string> Words { get; } = new Dictionary<string, string>();

    /// <summary>The surname and the last character, the rest starred: 王*明, 司马**峰, 李*.</summary>
    public static string MaskedName(string name) => name.Length switch
    {
        <= 1 => name,
        2 => $"{name[0]}*",
        _ => $"{name[0]}{new string('*', name.Length - 2)}{name[^1]}",
    };

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(string kind, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        switch (kind)
        {
            case AuditTargets.Resident:
                return (await db.Residents.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
                    .ToDictionary(r => r.Id, r => MaskedName(r.Name));
            case AuditTargets.Household:
                var households = await db.Households.AsNoTracking().Where(h => ids.Contains(h.Id))
                    .Select(h => new { h.Id, h.Number, Head = db.Residents.Where(r => r.Id == h.HeadId).Select(r => r.Name).FirstOrDefault() })
                    .ToListAsync(ct);
                return households.ToDictionary(h => h.Id, h => h.Head is null ? $"户号 {h.Number}" : $"户号 {h.Number}（户主 {MaskedName(h.Head)}）");
            case AuditTargets.ExportRequest:
                return await db.ExportRequests.AsNoTracking().Where(e => ids.Contains(e.Id))
                    .Join(db.OrgUnits, e => e.OrgUnitId, o => o.Id, (e, o) => new { e.Id, o.Name })
                    .ToDictionaryAsync(e => e.Id, e => $"{e.Name}的导出申请", ct);
            default:
                return new Dictionary<long, string>();
        }
    }
}
