using Linli.Data;
using Linli.Features.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linli.Features.Activities;

/// <summary>
/// Volunteers as lists show them (names as consent allows), a volunteer's record, and the totals: per volunteer, per team,
/// per year. Hours are summed in memory: SQLite cannot sum decimals, and a community's volunteer hours are a few thousand rows.
/// </summary>
public sealed class VolunteerReader(LinliDb db, IOptions<VolunteerOptions> options)
{
    public IReadOnlyList<decimal> Stars => options.Value.StarHours;

    public sealed record Row(long Id, long CommunityId, string Name, bool Consent, bool IsResident, string? Skills, string? Availability,
        IReadOnlyList<string> Teams, decimal Hours, decimal HoursThisYear, int StarLevel, bool HasLeft);

    public sealed record HoursRow(long Id, DateOnly Date, decimal Hours, string Content, int ServedCount, int? Satisfaction, string Source, long? SourceId,
        HoursState State, string EnteredBy, string? DecidedBy, string? RejectReason, string? Team);

    public sealed record Record(Volunteer Volunteer, string Community, string? ResidentGrid, IReadOnlyList<VolunteerTeam> Teams, IReadOnlyList<HoursRow> Hours,
        decimal Confirmed, decimal ThisYear, int StarLevel, decimal? ToNextStar, decimal Balance, IReadOnlyList<TimeBankEntry> Bank,
        IReadOnlyList<ServiceCertificate> Certificates, IReadOnlyList<(long AssignmentId, string Project, string Opportunity, OpportunityMode Mode, DateOnly? From)> Assignments,
        bool MayManage);

    public sealed record TeamRow(long Id, long CommunityId, string Name, string? Leader, string? Description, int Members, decimal HoursThisYear, decimal Hours);

    public async Task<IReadOnlyList<Row>> ListAsync(UserArea area, long? teamId, string? skill, int year, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Read, ct);
        var q = db.Set<Volunteer>().AsNoTracking().InCommunities(communities);
        if (teamId is { } t) q = q.Where(v => db.Set<VolunteerTeamMember>().Any(m => m.TeamId == t && m.VolunteerId == v.Id));
        var people = await q.OrderBy(v => v.HasLeft).ThenBy(v => v.Id).Take(5000).ToListAsync(ct);
        if (skill is { Length: > 0 }) people = people.Where(v => v.SkillList.Contains(skill)).ToList();
        var ids = people.Select(v => v.Id).ToArray();
        var teams = await db.Set<VolunteerTeamMember>().AsNoTracking().Where(m => EF.Parameter(ids).Contains(m.VolunteerId))
            .Join(db.Set<VolunteerTeam>(), m => m.TeamId, x => x.Id, (m, x) => new { m.VolunteerId, x.Name }).ToListAsync(ct);
        var hours = await db.Set<VolunteerHours>().AsNoTracking().Where(h => EF.Parameter(ids).Contains(h.VolunteerId) && h.State == HoursState.Confirmed)
            .Select(h => new { h.VolunteerId, h.Date, h.Hours }).ToListAsync(ct);
        var total = hours.GroupBy(h => h.VolunteerId).ToDictionary(g => g.Key, g => g.Sum(h => h.Hours));
        var thisYear = hours.Where(h => h.Date.Year == year).GroupBy(h => h.VolunteerId).ToDictionary(g => g.Key, g => g.Sum(h => h.Hours));
        return people.Select(v => new Row(v.Id, v.CommunityId, VolunteerPrivacy.ListedName(v), v.ConsentToShare, v.ResidentId is not null,
            v.ConsentToShare ? v.Skills : v.Skills, v.Availability, teams.Where(x => x.VolunteerId == v.Id).Select(x => x.Name).ToList(),
            total.GetValueOrDefault(v.Id), thisYear.GetValueOrDefault(v.Id), StarLevels.Of(total.GetValueOrDefault(v.Id), Stars), v.HasLeft)).ToList();
    }

    public async Task<Record?> OneAsync(UserArea area, long id, int year, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Read, ct);
        var v = await db.Set<Volunteer>().AsNoTracking().InCommunities(communities).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (v is null) return null;
        var community = await db.OrgUnits.Where(o => o.Id == v.CommunityId).Select(o => o.Name).FirstAsync(ct);
        var grid = v.GridId is { } g ? await db.OrgUnits.Where(o => o.Id == g).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var teams = await db.Set<VolunteerTeamMember>().AsNoTracking().Where(m => m.VolunteerId == v.Id)
            .Join(db.Set<VolunteerTeam>(), m => m.TeamId, t => t.Id, (m, t) => t).OrderBy(t => t.Id).ToListAsync(ct);
        var teamNames = await db.Set<VolunteerTeam>().AsNoTracking().Where(t => t.CommunityId == v.CommunityId).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var hours = (await db.Set<VolunteerHours>().AsNoTracking().Where(h => h.VolunteerId == v.Id).OrderByDescending(h => h.Date).ThenByDescending(h => h.Id).ToListAsync(ct))
            .Select(h => new HoursRow(h.Id, h.Date, h.Hours, h.Content, h.ServedCount, h.Satisfaction, h.Source, h.SourceId, h.State, h.EnteredBy, h.DecidedBy, h.RejectReason,
                h.TeamId is { } t ? teamNames.GetValueOrDefault(t) : null)).ToList();
        var confirmed = hours.Where(h => h.State == HoursState.Confirmed).Sum(h => h.Hours);
        var bank = await db.Set<TimeBankEntry>().AsNoTracking().Where(e => e.VolunteerId == v.Id).OrderByDescending(e => e.Id).ToListAsync(ct);
        var certificates = await db.Set<ServiceCertificate>().AsNoTracking().Where(c => c.VolunteerId == v.Id).OrderByDescending(c => c.Id).ToListAsync(ct);
        var assignments = (await db.Set<VolunteerAssignment>().AsNoTracking().Where(a => a.VolunteerId == v.Id)
            .Join(db.Set<VolunteerOpportunity>(), a => a.OpportunityId, o => o.Id, (a, o) => new { a.Id, o })
            .Join(db.Set<VolunteerProject>(), x => x.o.ProjectId, p => p.Id, (x, p) => new { x.Id, Project = p.Name, x.o.Title, x.o.Mode, x.o.From })
            .OrderByDescending(x => x.Id).ToListAsync(ct)).Select(x => (x.Id, x.Project, x.Title, x.Mode, x.From)).ToList();
        var mayManage = (await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct)).Contains(v.CommunityId);
        return new Record(v, community, grid, teams, hours, confirmed, hours.Where(h => h.State == HoursState.Confirmed && h.Date.Year == year).Sum(h => h.Hours),
            StarLevels.Of(confirmed, Stars), StarLevels.ToNext(confirmed, Stars), bank.Sum(e => e.Hours), bank, certificates, assignments, mayManage);
    }

    public async Task<IReadOnlyList<TeamRow>> TeamsAsync(UserArea area, int year, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Read, ct);
        var teams = await db.Set<VolunteerTeam>().AsNoTracking().Where(t => EF.Parameter(communities).Contains(t.CommunityId)).OrderBy(t => t.CommunityId).ThenBy(t => t.Id)
            .Select(t => new { t, Members = db.Set<VolunteerTeamMember>().Count(m => m.TeamId == t.Id) }).ToListAsync(ct);
        var ids = teams.Select(x => x.t.Id).ToArray();
        var hours = await db.Set<VolunteerHours>().AsNoTracking().Where(h => h.TeamId != null && EF.Parameter(ids).Contains(h.TeamId.Value) && h.State == HoursState.Confirmed)
            .Select(h => new { TeamId = h.TeamId!.Value, h.Date, h.Hours }).ToListAsync(ct);
        return teams.Select(x => new TeamRow(x.t.Id, x.t.CommunityId, x.t.Name, x.t.Leader, x.t.Description, x.Members,
            hours.Where(h => h.TeamId == x.t.Id && h.Date.Year == year).Sum(h => h.Hours), hours.Where(h => h.TeamId == x.t.Id).Sum(h => h.Hours))).ToList();
    }

    /// <summary>Hours proposed by volunteers and waiting for staff, oldest first.</summary>
    public async Task<IReadOnlyList<(long HoursId, long VolunteerId, string Name, DateOnly Date, decimal Hours, string Content)>> ProposedAsync(UserArea area, CancellationToken ct)
    {
        var communities = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct);
        var rows = await db.Set<VolunteerHours>().AsNoTracking().Where(h => h.State == HoursState.Proposed && EF.Parameter(communities).Contains(h.CommunityId))
            .Join(db.Set<Volunteer>(), h => h.VolunteerId, v => v.Id, (h, v) => new { h.Id, h.VolunteerId, v.Name, h.Date, h.Hours, h.Content })
            .OrderBy(x => x.Id).Take(200).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.VolunteerId, r.Name, r.Date, r.Hours, r.Content)).ToList();
    }
}
