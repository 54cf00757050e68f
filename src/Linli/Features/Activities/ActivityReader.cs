using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>What the pages and the API read of activities: the list of a period, one activity with its list, a resident's activities.</summary>
public sealed class ActivityReader(LinliDb db)
{
    public sealed record Row(long Id, long CommunityId, string Community, long? SeriesId, string Title, string Kind, string Audience, DateOnly Date,
        TimeOnly Starts, TimeOnly Ends, string Place, int? Capacity, string Organiser, ActivityState State, int SignedUp, int Waiting, int Attended);

    public sealed record Person(long SignupId, long? ResidentId, string Name, long? GridId, SignupState State, bool IsWalkIn, bool AsVolunteer,
        string CheckInCode, DateTime SignedUpAtUtc, DateTime? AttendedAtUtc, AttendanceWay? AttendedBy);

    public sealed record Detail(Row Activity, string? Content, string? Report, string DoorCode, string RecorderName, IReadOnlyList<Person> People,
        IReadOnlyList<(long Id, string? Caption)> Photos, bool MaySignUp, bool MayManage);

    public async Task<IReadOnlyList<Row>> ListAsync(UserArea area, DateOnly from, DateOnly to, string? kind, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct);
        var q = db.Set<Activity>().AsNoTracking().InCommunities(communities).Where(a => a.Date >= from && a.Date <= to);
        if (kind is { Length: > 0 }) q = q.Where(a => a.Kind == kind);
        return await Rows(q.OrderBy(a => a.Date).ThenBy(a => a.Starts).ThenBy(a => a.Id)).Take(2000).ToListAsync(ct);
    }

    IQueryable<Row> Rows(IQueryable<Activity> q) => q.Select(a => new Row(a.Id, a.CommunityId, db.OrgUnits.Where(o => o.Id == a.CommunityId).Select(o => o.Name).First(),
        a.SeriesId, a.Title, a.Kind, a.Audience, a.Date, a.Starts, a.Ends, a.Place, a.Capacity, a.Organiser, a.State,
        db.Set<ActivitySignup>().Count(s => s.ActivityId == a.Id && s.State == SignupState.Confirmed),
        db.Set<ActivitySignup>().Count(s => s.ActivityId == a.Id && s.State == SignupState.Waiting),
        db.Set<ActivitySignup>().Count(s => s.ActivityId == a.Id && s.AttendedAtUtc != null)));

    public async Task<Detail?> OneAsync(UserArea area, long id, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct);
        var row = await Rows(db.Set<Activity>().AsNoTracking().InCommunities(communities).Where(a => a.Id == id)).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var extra = await db.Set<Activity>().AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Content, a.Report, a.DoorCode, a.RecorderName }).FirstAsync(ct);
        var people = await db.Set<ActivitySignup>().AsNoTracking().Where(s => s.ActivityId == id && s.State != SignupState.Cancelled)
            .OrderBy(s => s.State).ThenBy(s => s.SignedUpAtUtc).ThenBy(s => s.Id)
            .Select(s => new Person(s.Id, s.ResidentId, s.Name, s.GridId, s.State, s.IsWalkIn, s.AsVolunteer, s.CheckInCode, s.SignedUpAtUtc, s.AttendedAtUtc, s.AttendedBy))
            .ToListAsync(ct);
        var photos = (await db.Set<ActivityPhoto>().AsNoTracking().Where(p => p.ActivityId == id).OrderBy(p => p.Id).Select(p => new { p.Id, p.Caption }).ToListAsync(ct))
            .Select(p => (p.Id, p.Caption)).ToList();
        var maySignUp = (await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.SignUp, ct)).Contains(row.CommunityId);
        var mayManage = (await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Manage, ct)).Contains(row.CommunityId);
        return new Detail(row, extra.Content, extra.Report, extra.DoorCode, extra.RecorderName, people, photos, maySignUp, mayManage);
    }

    public async Task<ActivityPhoto?> PhotoAsync(UserArea area, long photoId, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct);
        return await db.Set<ActivityPhoto>().AsNoTracking()
            .Where(p => p.Id == photoId && db.Set<Activity>().Any(a => a.Id == p.ActivityId && EF.Parameter(communities).Contains(a.CommunityId)))
            .FirstOrDefaultAsync(ct);
    }
}
