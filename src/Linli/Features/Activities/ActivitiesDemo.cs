using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Activities;

/// <summary>
/// A year of activities in each demo community (two a week, lectures, culture and sports, festivals, 道德讲堂, party days,
/// volunteer service) with their sign-ups and attendance, the next month planned; three volunteer teams with their
/// members, a year of confirmed hours, a few proposals waiting and one certificate. Written through <see cref="BulkWriter"/>.
/// </summary>
public sealed class ActivitiesDemo : IDemoData
{
    public int Order => 40;

    static readonly (string Kind, string Title, string Audience, string Place)[] Plans =
    [
        ("讲座", "老年人健康知识讲座", "老年人", "社区卫生服务站"), ("讲座", "防范电信诈骗讲座", "全体居民", "社区活动室"), ("文体", "广场舞交流", "全体居民", "小区广场"),
        ("文体", "书法绘画班", "老年人", "社区活动室"), ("我们的节日", "我们的节日·端午包粽子", "全体居民", "社区活动室"), ("我们的节日", "我们的节日·中秋诗会", "全体居民", "社区广场"),
        ("道德讲堂", "道德讲堂·身边好人", "全体居民", "社区会议室"), ("社区党日", "主题党日", "党员", "党群服务中心"), ("志愿服务", "小区环境清洁", "志愿者", "各楼栋"),
        ("志愿服务", "敬老院慰问", "志愿者", "城关敬老院"), ("讲座", "青少年暑期安全课", "青少年", "社区活动室"), ("文体", "亲子手工", "儿童", "社区活动室"),
    ];

    static readonly (string Name, string Leader, string Skill)[] Teams = [("文艺队", "王桂英", "文艺"), ("巡逻队", "张建国", "巡逻"), ("助老队", "李秀兰", "助老")];

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var rng = demo.Random;
        var today = demo.Today;
        var lead = await db.Users.AsNoTracking().Where(u => u.Id == demo.UserIds["lead"]).Select(u => new { u.Id, u.DisplayName }).FirstAsync(ct);
        var communities = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).OrderBy(o => o.SortOrder).ToListAsync(ct);
        var now = DateTime.UtcNow;
        var codes = new HashSet<string>();
        string Door() { string c; do c = rng.Next(100000, 1000000).ToString(System.Globalization.CultureInfo.InvariantCulture); while (!codes.Add(c)); return c; }

        foreach (var (community, index) in communities.Select((c, i) => (c, i)))
        {
            var weekly = index == 0 ? 2 : 1;
            var residents = await db.Residents.AsNoTracking().Where(r => r.Status == ResidentStatus.Active && db.OrgUnits.Any(g => g.Id == r.GridId && g.ParentId == community.Id))
                .OrderBy(r => r.Id).Select(r => new { r.Id, r.Name, r.GridId, r.BirthDate }).ToListAsync(ct);
            if (residents.Count == 0) continue;
            // A community's regulars: most come from a fifth of the residents, the way it is.
            var regulars = residents.Where((_, i) => i % 5 == 0).ToList();

            var activities = new List<Activity>();
            for (var day = today.AddDays(-365); day <= today.AddDays(30); day = day.AddDays(7))
                for (var k = 0; k < weekly; k++)
                {
                    var plan = Plans[rng.Next(Plans.Length)];
                    var date = day.AddDays(rng.Next(7));
                    var start = new TimeOnly(rng.Next(2) == 0 ? 9 : 14, 30);
                    activities.Add(new Activity
                    {
                        CommunityId = community.Id, Title = plan.Title, Kind = plan.Kind, Audience = plan.Audience, Date = date, Starts = start, Ends = start.AddHours(rng.Next(1, 3)),
                        Place = plan.Place, Capacity = rng.Next(3) == 0 ? null : 20 + 10 * rng.Next(4), Organiser = lead.DisplayName, Content = $"{plan.Title}，欢迎居民参加。",
                        State = date < today ? ActivityState.Closed : ActivityState.Planned, Report = date < today ? "活动按计划完成，居民反响良好。" : null,
                        DoorCode = Door(), RecorderId = lead.Id, RecorderName = lead.DisplayName, CreatedAtUtc = now, ClosedAtUtc = date < today ? now : null,
                    });
                }
            await BulkWriter.InsertAsync(db, activities, ct);

            var signups = new List<ActivitySignup>();
            foreach (var a in activities)
            {
                var want = Math.Min(a.Capacity ?? 30, 8 + rng.Next(18));
                var people = new HashSet<int>();
                while (people.Count < want) people.Add(rng.Next(4) == 0 ? rng.Next(residents.Count) : residents.IndexOf(regulars[rng.Next(regulars.Count)]));
                var n = 0;
                foreach (var i in people)
                {
                    var r = residents[i];
                    var came = a.Date < today && rng.Next(100) < 85;
                    signups.Add(new ActivitySignup
                    {
                        ActivityId = a.Id, ResidentId = r.Id, Name = r.Name, GridId = r.GridId, State = SignupState.Confirmed, CheckInCode = (1000 + n++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        SignedUpAtUtc = now, SignedUpByName = lead.DisplayName, AttendedAtUtc = came ? DateTime.SpecifyKind(a.Date.ToDateTime(a.Starts), DateTimeKind.Local).ToUniversalTime() : null,
                        AttendedBy = came ? (rng.Next(3) == 0 ? AttendanceWay.Code : AttendanceWay.List) : null,
                    });
                }
            }
            await BulkWriter.InsertAsync(db, signups, ct);

            // Volunteers: working-age and young-old residents; a few refused to have their data shown.
            var adults = residents.Where(r => r.BirthDate is { } b && b.Year <= today.Year - 20 && b.Year >= today.Year - 72).ToList();
            var count = index == 0 ? 45 : 15;
            var volunteers = adults.OrderBy(_ => rng.Next()).Take(count).Select((r, i) => new Volunteer
            {
                CommunityId = community.Id, ResidentId = r.Id, GridId = r.GridId, Name = r.Name, ConsentToShare = i % 9 != 4, ConsentRecordedAtUtc = now,
                ConsentRecordedBy = lead.DisplayName, Skills = Teams[i % Teams.Length].Skill + (i % 4 == 0 ? "、理发" : i % 4 == 1 ? "、维修" : ""), Availability = i % 2 == 0 ? "周末上午" : "工作日晚上",
                JoinedOn = today.AddDays(-400 + rng.Next(100)), SelfToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
            }).ToList();
            await BulkWriter.InsertAsync(db, volunteers, ct);
            var teams = Teams.Select(t => new VolunteerTeam { CommunityId = community.Id, Name = t.Name, Leader = t.Leader, Description = $"社区{t.Name}" }).ToList();
            await BulkWriter.InsertAsync(db, teams, ct);
            await BulkWriter.InsertAsync(db, volunteers.Select((v, i) => new VolunteerTeamMember { TeamId = teams[i % teams.Count].Id, VolunteerId = v.Id }).ToList(), ct);

            var hours = new List<VolunteerHours>();
            var contents = new[] { "文艺演出排练与演出", "小区夜间治安巡逻", "陪同独居老人就医、代购" };
            foreach (var (v, i) in volunteers.Select((v, i) => (v, i)))
            {
                var sessions = 4 + rng.Next(i % 7 == 0 ? 40 : 14);
                for (var s = 0; s < sessions; s++)
                {
                    var date = today.AddDays(-rng.Next(1, 365));
                    var proposed = s == 0 && i % 10 == 0;
                    hours.Add(new VolunteerHours
                    {
                        VolunteerId = v.Id, CommunityId = community.Id, TeamId = teams[i % teams.Count].Id, Date = date, Hours = 1 + rng.Next(6) * 0.5m,
                        Content = contents[i % contents.Length], ServedCount = rng.Next(1, 12), Satisfaction = 4 + rng.Next(2), Source = proposed ? "self" : "staff",
                        State = proposed ? HoursState.Proposed : HoursState.Confirmed, EnteredAtUtc = now, EnteredBy = proposed ? v.Name : lead.DisplayName,
                        DecidedAtUtc = proposed ? null : now, DecidedBy = proposed ? null : lead.DisplayName,
                    });
                }
            }
            await BulkWriter.InsertAsync(db, hours, ct);
            await BulkWriter.InsertAsync(db, hours.Where(h => h.State == HoursState.Confirmed).Select(h => new TimeBankEntry
            {
                VolunteerId = h.VolunteerId, Date = h.Date, Hours = h.Hours, Note = h.Content, HoursId = h.Id, EnteredBy = lead.DisplayName, EnteredAtUtc = now,
            }).ToList(), ct);
            var first = volunteers.First(v => v.ConsentToShare);
            var mine = hours.Where(h => h.VolunteerId == first.Id && h.State == HoursState.Confirmed).ToList();
            db.Add(new ServiceCertificate
            {
                Number = $"{community.Code}-ZYFW-{today.Year}-0001", VolunteerId = first.Id, CommunityId = community.Id, VolunteerName = first.Name,
                IdMasked = await db.Residents.Where(r => r.Id == first.ResidentId).Select(r => r.NationalIdMasked).FirstOrDefaultAsync(ct),
                From = mine.Min(h => h.Date), To = today, Hours = mine.Sum(h => h.Hours), Content = mine[0].Content, Issuer = $"{community.Name}居民委员会",
                PostedOn = today.AddDays(-10), IssuedOn = today.AddDays(-2), IssuedBy = lead.DisplayName, CreatedBy = lead.DisplayName, CreatedAtUtc = now,
            });
            await db.SaveChangesAsync(ct);
        }
    }
}
