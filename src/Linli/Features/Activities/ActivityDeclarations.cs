using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>The home page's numbers: this month's activities, hours volunteers proposed that wait for confirmation, certificates ready to issue.</summary>
public sealed class ActivityHomeCards(LinliDb db, TimeProvider clock) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        var cards = new List<HomeCard>();
        var today = clock.Today();
        var read = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct);
        if (read.Length > 0)
        {
            var first = new DateOnly(today.Year, today.Month, 1);
            var last = first.AddMonths(1).AddDays(-1);
            var month = await db.Set<Activity>().InCommunities(read).CountAsync(a => a.Date >= first && a.Date <= last && a.State != ActivityState.Cancelled, ct);
            cards.Add(new("活动", "本月活动", month, "/Activities", Order: 60));
        }
        var manage = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Manage, ct);
        if (manage.Length > 0)
        {
            var proposed = await db.Set<VolunteerHours>().CountAsync(h => h.State == HoursState.Proposed && EF.Parameter(manage).Contains(h.CommunityId), ct);
            cards.Add(new("志愿", "待确认服务时长", proposed, "/Volunteers?list=proposed", proposed > 0 ? Tone.Due : Tone.Normal, Order: 61));
        }
        return cards;
    }
}

/// <summary>参加活动 and 志愿服务 on a resident's page; nothing in the caller view (the hotline does not need them).</summary>
public sealed class ActivityPersonSections(LinliDb db, VolunteerReader volunteers, TimeProvider clock) : IPersonSections
{
    const int Shown = 5;

    public async Task<IReadOnlyDictionary<long, PersonSection>> ForAsync(UserArea area, IReadOnlyCollection<long> residentIds, PersonView view, CancellationToken ct)
    {
        var result = new Dictionary<long, PersonSection>();
        if (view != PersonView.Resident) return result;
        var read = await ActivityScope.CommunitiesAsync(db, area, Permissions.Activities.Read, ct);
        if (read.Length == 0) return result;
        var ids = residentIds.ToArray();
        var rows = await db.Set<ActivitySignup>().AsNoTracking().Where(s => s.ResidentId != null && EF.Parameter(ids).Contains(s.ResidentId.Value) && s.State != SignupState.Cancelled)
            .Join(db.Set<Activity>().InCommunities(read), s => s.ActivityId, a => a.Id, (s, a) => new { ResidentId = s.ResidentId!.Value, a.Id, a.Title, a.Kind, a.Date, s.State, s.AttendedAtUtc })
            .OrderByDescending(x => x.Date).ToListAsync(ct);
        var year = clock.GetLocalNow().Year;
        var volunteerRead = await ActivityScope.CommunitiesAsync(db, area, Permissions.Volunteers.Read, ct);
        var asVolunteers = volunteerRead.Length == 0 ? [] : await db.Set<Volunteer>().AsNoTracking().InCommunities(volunteerRead)
            .Where(v => v.ResidentId != null && EF.Parameter(ids).Contains(v.ResidentId.Value)).ToListAsync(ct);
        var vids = asVolunteers.Select(v => v.Id).ToArray();
        var hours = (await db.Set<VolunteerHours>().AsNoTracking().Where(h => EF.Parameter(vids).Contains(h.VolunteerId) && h.State == HoursState.Confirmed)
            .Select(h => new { h.VolunteerId, h.Date, h.Hours }).ToListAsync(ct));
        var say = Web.UiText.Shared;
        foreach (var id in ids)
        {
            var mine = rows.Where(r => r.ResidentId == id).ToList();
            var facts = new List<PersonFact>();
            foreach (var v in asVolunteers.Where(v => v.ResidentId == id))
            {
                var total = hours.Where(h => h.VolunteerId == v.Id).Sum(h => h.Hours);
                var stars = StarLevels.Of(total, volunteers.Stars);
                facts.Add(new PersonFact(say["志愿者 · 累计服务 {0:0.##} 小时 · 今年 {1:0.##} 小时", total, hours.Where(h => h.VolunteerId == v.Id && h.Date.Year == year).Sum(h => h.Hours)],
                    null, stars > 0 ? StarLevels.Stars(stars) : null, $"/Volunteers/{v.Id}", Tone.Ok));
            }
            var attendedThisYear = mine.Count(r => r.AttendedAtUtc is not null && r.Date.Year == year);
            facts.Add(new PersonFact(say["今年参加社区活动 {0} 次", attendedThisYear], null, null, null));
            facts.AddRange(mine.Take(Shown).Select(r => new PersonFact($"{say[r.Kind]} · {r.Title}", new DateTimeOffset(r.Date.ToDateTime(TimeOnly.MinValue)),
                r.AttendedAtUtc is not null ? "已参加" : ActivityText.Of(r.State), $"/Activities/{r.Id}")));
            result[id] = new PersonSection("活动", "社区活动与志愿服务", facts, "还没有参加过社区活动。", Order: 40);
        }
        return result;
    }
}
