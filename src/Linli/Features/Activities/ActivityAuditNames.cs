using Linli.Data;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>Names activities by title and date, volunteers by name as consent allows, on the audit page.</summary>
public sealed class ActivityAuditNames(LinliDb db) : IAuditNames
{
    public IReadOnlyDictionary<string, string> Words { get; } = new Dictionary<string, string>();

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(string kind, IReadOnlyCollection<long> ids, CancellationToken ct) => kind switch
    {
        AuditTargets.Activity => (await db.Set<Activity>().AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Title, a.Date }).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => $"{a.Title}（{a.Date:yyyy-MM-dd}）"),
        AuditTargets.Volunteer => (await db.Set<Volunteer>().AsNoTracking().Where(v => ids.Contains(v.Id)).Select(v => new { v.Id, v.Name, v.ConsentToShare }).ToListAsync(ct))
            .ToDictionary(v => v.Id, v => VolunteerPrivacy.ListedName(v.Name, v.ConsentToShare)),
        _ => new Dictionary<long, string>(),
    };
}
