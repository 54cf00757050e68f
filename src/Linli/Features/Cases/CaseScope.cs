using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// Who sees which case, inside the query (issue 13): its handlers (the owner and who registered it), the community's
/// leads, for mediation and help the cadre of the parties' grid, the street for 督办. A case outside this is not found.
/// Grievance content goes only to handlers and leads (<see cref="SeesContent"/>); a person's grievances are listed
/// only to those handling them (<see cref="OfPerson"/>): no one else can search grievances by person.
/// <para>转派: whoever a case was handed on from keeps sight of it (read only, as <see cref="CaseFormerOwner"/>) for
/// mediation, help, 12345 and other cases, so they can answer the caller who phones them again. A grievance does not:
/// its content goes to the handlers of the moment and the leads only, so the earlier owner loses sight of it once it
/// is handed on (unless they registered it).</para>
/// </summary>
public static class CaseScope
{
    /// <param name="asIds">
    /// Ask it as a list of the ids each way of seeing gives (owner, registrar, lead's grids, cadre's grids, former owner),
    /// each read from its own index, instead of one OR over every case. For lists on SQLite: SQLite cannot use an index
    /// for an OR that holds an EXISTS, and scanned all 200,000 cases of a 1,000,000-resident district for a lead's list
    /// (case list p95 143 ms; 7 ms as ids). PostgreSQL plans the OR well (bitmap OR, 19–29 ms) and the ids worse (80 ms),
    /// and a street officer's grids hold most cases, so both keep the OR.
    /// </param>
    public static IQueryable<Case> VisibleTo(this IQueryable<Case> q, UserArea area, bool asIds = false)
    {
        var me = area.UserId;
        var lead = area.GridsWhere(Permissions.Cases.Lead);
        var read = area.GridsWhere(Permissions.Cases.Read);
        var street = area.GridsWhere(Permissions.Cases.Supervise);
        if (!asIds || street.Count > 0)
            return q.Where(c => c.OwnerId == me || c.CreatedById == me
                || EF.Parameter(lead).Contains(c.GridId) || EF.Parameter(street).Contains(c.GridId)
                || ((c.Kind == CaseType.Mediation || c.Kind == CaseType.Help) && EF.Parameter(read).Contains(c.GridId))
                || (c.Kind != CaseType.Grievance && c.FormerOwners.Any(f => f.UserId == me)));
        var visible = q.Where(c => c.OwnerId == me).Select(c => c.Id)
            .Concat(q.Where(c => c.CreatedById == me).Select(c => c.Id))
            .Concat(q.Where(c => EF.Parameter(lead).Contains(c.GridId)).Select(c => c.Id))
            .Concat(q.Where(c => (c.Kind == CaseType.Mediation || c.Kind == CaseType.Help) && EF.Parameter(read).Contains(c.GridId)).Select(c => c.Id))
            .Concat(q.Where(c => c.Kind != CaseType.Grievance).SelectMany(c => c.FormerOwners).Where(f => f.UserId == me).Select(f => f.CaseId));
        return q.Where(c => visible.Contains(c.Id));
    }

    /// <summary>
    /// The cases of one person: a grievance only where the user handles it (owner or who registered it) — not for leads,
    /// not for the street, not for the cadre of the grid. Everything else as <see cref="VisibleTo"/>.
    /// </summary>
    public static IQueryable<Case> OfPerson(this IQueryable<Case> q, UserArea area, long residentId)
    {
        var me = area.UserId;
        return q.VisibleTo(area).Where(c => c.ResidentId == residentId && (c.Kind != CaseType.Grievance || c.OwnerId == me || c.CreatedById == me));
    }

    public static bool Handles(UserArea area, Case c) => c.OwnerId == area.UserId || c.CreatedById == area.UserId;

    /// <summary>The content of a grievance: handlers and leads only; other types: whoever sees the case.</summary>
    public static bool SeesContent(UserArea area, string kind, long gridId, long? ownerId, long createdById) =>
        kind != CaseType.Grievance || ownerId == area.UserId || createdById == area.UserId || area.HasInGrid(Permissions.Cases.Lead, gridId);

    public static bool SeesContent(UserArea area, Case c) => SeesContent(area, c.Kind, c.GridId, c.OwnerId, c.CreatedById);

    /// <summary>What the street and others without the content read in place of a grievance's title and content.</summary>
    public const string Withheld = "（信访件内容仅承办人和社区负责人可见）";
}
