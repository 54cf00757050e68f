using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// Visits as a user may read them: only in the grids where they hold visits.read; the content of a visit to a person
/// with a sensitive label (then or now) only where they are granted sensitive labels, or to its own author. Others see
/// that a visit happened: when, how, by whom.
/// </summary>
public sealed class VisitReader(LinliDb db)
{
    public sealed record Content(string? Companions, string? Place, string? FamilySituation, string? Difficulties, string? Requests, string? Measures,
        string? Result, string? FollowUp, CareChecks Checks, string? Need, string? CaseReference, IReadOnlyList<long> PhotoIds);

    public sealed record View(long Id, long GridId, long? ResidentId, string? ResidentName, long? HouseholdId, string? HouseholdNumber, DateOnly Date, TimeOnly? Time,
        DateTime EnteredAtUtc, VisitMethod Method, long VisitorId, string VisitorName, DateTime? CorrectedAtUtc, int Version, Content? Content)
    {
        public bool ContentHidden => Content is null;
    }

    public sealed record Filter(long? ResidentId = null, long? HouseholdId = null, long? GridId = null, DateOnly? From = null, DateOnly? To = null, long? Before = null, int Limit = 50);

    public IQueryable<Visit> InScope(UserArea area)
    {
        var grids = area.GridsWhere(Permissions.Visits.Read);
        return db.Set<Visit>().AsNoTracking().Where(v => EF.Parameter(grids).Contains(v.GridId));
    }

    /// <summary>Newest first, paged by id (<see cref="Filter.Before"/>).</summary>
    public async Task<List<View>> ListAsync(UserArea area, Filter f, CancellationToken ct)
    {
        var q = InScope(area);
        if (f.ResidentId is { } r) q = q.Where(v => v.ResidentId == r);
        if (f.HouseholdId is { } h) q = q.Where(v => v.HouseholdId == h);
        if (f.GridId is { } g) q = q.Where(v => v.GridId == g);
        if (f.From is { } from) q = q.Where(v => v.Date >= from);
        if (f.To is { } to) q = q.Where(v => v.Date <= to);
        if (f.Before is { } before) q = q.Where(v => v.Id < before);
        var visits = await q.OrderByDescending(v => v.Date).ThenByDescending(v => v.Id).Take(Math.Clamp(f.Limit, 1, 500)).ToListAsync(ct);
        return await ViewsAsync(area, visits, ct);
    }

    public async Task<View?> OneAsync(UserArea area, long id, CancellationToken ct) =>
        await InScope(area).FirstOrDefaultAsync(v => v.Id == id, ct) is { } v ? (await ViewsAsync(area, [v], ct))[0] : null;

    public async Task<List<View>> ViewsAsync(UserArea area, List<Visit> visits, CancellationToken ct)
    {
        var residentIds = visits.Where(v => v.ResidentId != null).Select(v => v.ResidentId!.Value).Distinct().ToList();
        var householdIds = visits.Where(v => v.HouseholdId != null).Select(v => v.HouseholdId!.Value).Distinct().ToList();
        var names = await db.Residents.AsNoTracking().Where(r => residentIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var numbers = await db.Households.AsNoTracking().Where(h => householdIds.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Number, ct);
        var sensitiveNow = (await db.ResidentTags.AsNoTracking().Where(rt => residentIds.Contains(rt.ResidentId))
            .Join(db.Tags.Where(t => t.IsSensitive), rt => rt.TagId, t => t.Id, (rt, t) => rt.ResidentId).Distinct().ToListAsync(ct)).ToHashSet();
        var visitIds = visits.Select(v => v.Id).ToList();
        var photos = (await db.Set<VisitPhoto>().AsNoTracking().Where(p => visitIds.Contains(p.VisitId)).Select(p => new { p.VisitId, p.Id }).ToListAsync(ct))
            .ToLookup(p => p.VisitId, p => p.Id);
        return visits.Select(v =>
        {
            var sensitive = v.IsSensitive || v.ResidentId is { } rid && sensitiveNow.Contains(rid);
            var shown = !sensitive || area.HasInGrid(Permissions.Registry.Sensitive, v.GridId) || v.VisitorId == area.UserId;
            return new View(v.Id, v.GridId, v.ResidentId, v.ResidentId is { } r ? names.GetValueOrDefault(r) : null, v.HouseholdId,
                v.HouseholdId is { } h ? numbers.GetValueOrDefault(h) : null, v.Date, v.Time, v.EnteredAtUtc, v.Method, v.VisitorId, v.VisitorName,
                v.CorrectedAtUtc, v.Version,
                shown ? new Content(v.Companions, v.Place, v.FamilySituation, v.Difficulties, v.Requests, v.Measures, v.Result, v.FollowUp, v.Checks,
                    v.Need, v.CaseReference, photos[v.Id].ToList()) : null);
        }).ToList();
    }
}
