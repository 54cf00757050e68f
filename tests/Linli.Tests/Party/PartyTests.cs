using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Party;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Party;

/// <summary>The party module on the demo street, both engines, through the real API: the demo branch, the meetings with their
/// quorum and rhythm, a problem from 查摆 to 销号 (refused to its owner), and party data hidden from everyone without it.</summary>
public class PartyTests
{
    static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    static async Task<(long Branch, long Inspection)> DemoBranchAsync(HttpClient party)
    {
        var branches = await JsonAsync(await party.GetAsync("/api/v1/party/branches"));
        var branch = Assert.Single(branches.EnumerateArray()).GetProperty("id").GetInt64();
        var inspections = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/inspections"));
        return (branch, inspections[0].GetProperty("id").GetInt64());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheDemoBranchHasItsMembersItsMeetingsAndADozenProblemsInEveryState(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var (branch, inspection) = await DemoBranchAsync(party);
        var overview = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}"));
        var members = overview.GetProperty("members").GetProperty("active").GetInt32();
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grids = await db.OrgUnits.Where(o => o.ParentId == community.Id).Select(o => o.Id).ToListAsync();
            var adultBorn = DateOnly.FromDateTime(DateTime.Today).AddYears(-18);
            var adults = await db.Residents.CountAsync(r => grids.Contains(r.GridId) && r.Status == Linli.Features.Registry.ResidentStatus.Active && r.BirthDate <= adultBorn);
            var share = members * 100.0 / adults;
            Assert.InRange(share, 5.0, 10.0);
            Assert.True(await db.Set<BranchMeeting>().CountAsync() > 50);
        }
        Assert.Equal(5, overview.GetProperty("members").GetProperty("committee").GetInt32());
        Assert.Contains(overview.GetProperty("periods").EnumerateArray(), p => p.GetProperty("state").GetString() == "Done");

        var rows = await JsonAsync(await party.GetAsync($"/api/v1/party/inspections/{inspection}/rectifications"));
        Assert.Equal(12, rows.GetArrayLength());
        var progress = rows.EnumerateArray().Select(r => r.GetProperty("progress").GetString()).ToHashSet();
        Assert.Equal(4, progress.Count);   // 未启动, 进行中, 已完成, 已销号
        Assert.Equal(3, rows.EnumerateArray().Count(r => r.GetProperty("overdue").GetBoolean()));
        var overdue = await JsonAsync(await party.GetAsync($"/api/v1/party/inspections/{inspection}/rectifications?overdue=true"));
        Assert.Equal(3, overdue.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AMembersMeetingChecksItsQuorumAndFillsItsQuarter(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var (branch, _) = await DemoBranchAsync(party);
        var members = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/members"));
        var ids = members.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToList();
        var committee = members.EnumerateArray().Where(m => m.GetProperty("isCommittee").GetBoolean()).Select(m => m.GetProperty("id").GetInt64()).ToList();
        var today = DateOnly.FromDateTime(DateTime.Today);

        // Fewer than half: recorded, and said to be short of the quorum.
        var thin = await JsonAsync(await party.PostAsJsonAsync("/api/v1/party/meetings", new
        {
            branchId = branch, kind = "MembersMeeting", date = today, topic = "讨论发展党员", present = ids.Take(ids.Count / 2).ToArray(),
            reasons = new Dictionary<string, string> { [ids[^1].ToString()] = "请假（生病）" },
        }));
        Assert.False(thin.GetProperty("quorumMet").GetBoolean());
        Assert.Equal(ids.Count, thin.GetProperty("expected").GetInt32());
        Assert.Contains("不足法定人数", thin.GetProperty("quorum").GetString());
        var meeting = await JsonAsync(await party.GetAsync($"/api/v1/party/meetings/{thin.GetProperty("id").GetInt64()}"));
        Assert.Equal(ids.Count, meeting.GetProperty("attendance").GetArrayLength());
        Assert.Contains(meeting.GetProperty("attendance").EnumerateArray(), a => a.GetProperty("reason").GetString() == "请假（生病）");

        // A 支委会 expects the committee only; someone from outside it in the list is refused.
        var committeeMeeting = await JsonAsync(await party.PostAsJsonAsync("/api/v1/party/meetings", new { branchId = branch, kind = "CommitteeMeeting", date = today, topic = "研究本月工作", present = committee.Take(3).ToArray() }));
        Assert.True(committeeMeeting.GetProperty("quorumMet").GetBoolean());
        Assert.Equal(committee.Count, committeeMeeting.GetProperty("expected").GetInt32());
        var stranger = ids.First(i => !committee.Contains(i));
        Assert.Contains("不属于应到范围", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/meetings", new { branchId = branch, kind = "CommitteeMeeting", date = today, topic = "研究工作", present = new[] { stranger } })));
        Assert.Contains("不能晚于今天", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/meetings", new { branchId = branch, kind = "ThemeDay", date = today.AddDays(3), topic = "主题党日" })));
        Assert.Contains("请选择党小组", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/meetings", new { branchId = branch, kind = "GroupMeeting", date = today, topic = "党小组学习" })));

        var overview = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}"));
        var quarter = overview.GetProperty("current").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "MembersMeeting");
        Assert.Equal("Done", quarter.GetProperty("state").GetString());
        Assert.Equal((today.Month - 1) / 3 + 1, quarter.GetProperty("number").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AProblemGoesFromTheRecordToItsSignOffWhichItsOwnerIsRefused(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var lead = await app.ClientForAsync(Roles.CommunityLead);
        var (_, inspection) = await DemoBranchAsync(party);
        long partyId, leadId;
        await using (var db = app.Database.Target.CreateContext())
        {
            partyId = (await db.Users.SingleAsync(u => u.UserName == app.Account(Roles.PartyWorker).UserName)).Id;
            leadId = (await db.Users.SingleAsync(u => u.UserName == app.Account(Roles.CommunityLead).UserName)).Id;
        }
        var today = DateOnly.FromDateTime(DateTime.Today);
        object Problem(string text, long owner, long reviewer) => new
        {
            rule = "准则·严格党的组织生活制度", problem = text, source = "自己查摆", foundOn = today, goal = "主题党日每月按时开展", measures = "年初排定全年主题党日日期并公布",
            ownerId = owner, reviewerId = reviewer, deadline = today.AddDays(30),
        };
        var url = $"/api/v1/party/inspections/{inspection}/rectifications";
        Assert.Contains("要具体", await RefusalAsync(await party.PostAsJsonAsync(url, Problem("学习不够", partyId, leadId))));
        Assert.Contains("复核人不能是责任人本人", await RefusalAsync(await party.PostAsJsonAsync(url, Problem("主题党日2026年7月因换届推迟未开展，未补开。", partyId, partyId))));
        Assert.Contains("对照的准则条例", await RefusalAsync(await party.PostAsJsonAsync(url, new { problem = "主题党日2026年7月因换届推迟未开展，未补开。", source = "自己查摆", goal = "g", measures = "m", ownerId = partyId, reviewerId = leadId, deadline = today })));

        var created = await JsonAsync(await party.PostAsJsonAsync(url, Problem("主题党日2026年7月因换届推迟未开展，未补开。", partyId, leadId)));
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("NotStarted", created.GetProperty("progress").GetString());
        Assert.Equal(13, created.GetProperty("seq").GetInt32());
        var steps = $"/api/v1/party/rectifications/{id}/steps";

        Assert.Contains("整改完成", await RefusalAsync(await lead.PostAsJsonAsync(steps, new { action = "signoff" })));
        var moving = await JsonAsync(await party.PostAsJsonAsync(steps, new { action = "progress", note = "已排定下半年主题党日日期" }));
        Assert.Equal("InProgress", moving.GetProperty("progress").GetString());
        Assert.Contains("请填写整改结果", await RefusalAsync(await party.PostAsJsonAsync(steps, new { action = "done" })));
        Assert.Contains("佐证材料", await RefusalAsync(await party.PostAsJsonAsync(steps, new { action = "done", result = "8月补开主题党日" })));
        var done = await JsonAsync(await party.PostAsJsonAsync(steps, new { action = "done", result = "8月补开主题党日，此后每月按时开展", evidence = "会议记录、签到表" }));
        Assert.Equal("Done", done.GetProperty("progress").GetString());

        // The owner may not sign off their own item; nor may the owner send it back.
        Assert.Contains("责任人不能为自己的整改事项销号", await RefusalAsync(await party.PostAsJsonAsync(steps, new { action = "signoff" })));
        Assert.Contains("只有本事项的复核人", await RefusalAsync(await party.PostAsJsonAsync(steps, new { action = "return", note = "再看看" })));
        var returned = await JsonAsync(await lead.PostAsJsonAsync(steps, new { action = "return", note = "请补充签到表照片" }));
        Assert.Equal("InProgress", returned.GetProperty("progress").GetString());
        await JsonAsync(await party.PostAsJsonAsync(steps, new { action = "done", evidence = "会议记录、签到表照片" }));
        var signed = await JsonAsync(await lead.PostAsJsonAsync(steps, new { action = "signoff", note = "复核属实" }));
        Assert.Equal("SignedOff", signed.GetProperty("progress").GetString());
        Assert.Equal(today.ToString("yyyy-MM-dd"), signed.GetProperty("signedOffOn").GetString());
        Assert.Contains("已经销号", await RefusalAsync(await lead.PostAsJsonAsync(steps, new { action = "signoff" })));

        await using (var db = app.Database.Target.CreateContext())
        {
            var audited = await db.AuditEntries.Where(e => e.Action == AuditActions.PartyWrite && e.TargetKind == AuditTargets.Rectification && e.TargetId == id).CountAsync();
            Assert.Equal(6, audited);   // 查摆, 进度, 完成, 退回, 完成, 销号
            var history = await db.Set<RectificationEvent>().Where(e => e.RectificationId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
            Assert.Equal(["查摆", "报告进度", "整改完成", "退回重改", "整改完成", "销号"], history);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task PartyDataShowsToNoRoleWithoutItAndToNoCommunityButOnesOwn(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var (branch, inspection) = await DemoBranchAsync(party);
        var rectification = (await JsonAsync(await party.GetAsync($"/api/v1/party/inspections/{inspection}/rectifications")))[0].GetProperty("id").GetInt64();
        foreach (var role in new[] { Roles.GridCadre, Roles.SocialWorker, Roles.HotlineOperator, Roles.StreetOfficer, Roles.Auditor })
        {
            var client = await app.ClientForAsync(role);
            foreach (var path in new[] { "/api/v1/party/branches", $"/api/v1/party/branches/{branch}", $"/api/v1/party/rectifications/{rectification}", "/Party", $"/Party/Ledger/{inspection}" })
                Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.Forbidden, $"{role} {path}");
            if (role != Roles.Auditor)
            {
                var home = await client.GetStringAsync("/");
                Assert.DoesNotContain("逾期整改事项", home);
                Assert.DoesNotContain("href=\"/Party\"", home);
            }
        }
        var leadHome = await (await app.ClientForAsync(Roles.CommunityLead)).GetStringAsync("/");
        Assert.Contains("逾期整改事项", leadHome);
        Assert.Contains("href=\"/Party\"", leadHome);

        // 和平社区's own party worker sets up its branch: neither side sees the other's.
        var heping = await app.ClientForAsync(Roles.PartyWorker, "和平社区");
        long hepingId;
        await using (var db = app.Database.Target.CreateContext())
            hepingId = (await db.OrgUnits.SingleAsync(o => o.Name == "和平社区")).Id;
        Assert.Equal(HttpStatusCode.NotFound, (await party.PostAsJsonAsync("/api/v1/party/branches", new { communityId = hepingId, name = "和平社区党支部" })).StatusCode);
        var created = await JsonAsync(await heping.PostAsJsonAsync("/api/v1/party/branches", new { communityId = hepingId, name = "和平社区党支部", groups = "第一党小组\n第二党小组" }));
        var hepingBranch = created.GetProperty("id").GetInt64();
        var outsider = await JsonAsync(await heping.PostAsJsonAsync("/api/v1/party/members", new { branchId = hepingBranch, name = "钱学文", gender = "男", joinedOn = "1999-07-01", category = "Full" }));
        var meeting = await JsonAsync(await heping.PostAsJsonAsync("/api/v1/party/meetings", new { branchId = hepingBranch, kind = "ThemeDay", date = DateOnly.FromDateTime(DateTime.Today), topic = "主题党日", present = new[] { outsider.GetProperty("id").GetInt64() } }));

        Assert.Single((await JsonAsync(await heping.GetAsync("/api/v1/party/branches"))).EnumerateArray());
        Assert.Single((await JsonAsync(await party.GetAsync("/api/v1/party/branches"))).EnumerateArray());
        foreach (var path in new[] { $"/api/v1/party/branches/{hepingBranch}", $"/api/v1/party/members/{outsider.GetProperty("id").GetInt64()}", $"/api/v1/party/meetings/{meeting.GetProperty("id").GetInt64()}", $"/Party?branch={hepingBranch}" })
            Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync(path)).StatusCode);
        foreach (var path in new[] { $"/api/v1/party/branches/{branch}", $"/api/v1/party/rectifications/{rectification}", $"/api/v1/party/inspections/{inspection}/rectifications", $"/Party/Inspection/{inspection}", $"/Party/Rectification/{rectification}" })
            Assert.Equal(HttpStatusCode.NotFound, (await heping.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await heping.PostAsJsonAsync($"/api/v1/party/rectifications/{rectification}/steps", new { action = "progress", note = "x" })).StatusCode);

        // A member is linked only to a resident of the branch's own community.
        long elsewhere;
        await using (var db = app.Database.Target.CreateContext())
            elsewhere = await db.Residents.Where(r => r.GridId == db.OrgUnits.First(o => o.Name == "第三居民组" && o.ParentId != hepingId).Id).Select(r => r.Id).FirstAsync();
        Assert.Contains("不在本社区", await RefusalAsync(await heping.PostAsJsonAsync("/api/v1/party/members", new { branchId = hepingBranch, residentId = elsewhere, joinedOn = "2001-07-01" })));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AMemberLinkedToAResidentTakesTheRegistrysNameAndIsCheckedForDates(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var (branch, _) = await DemoBranchAsync(party);
        long resident;
        string name;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var grids = await db.OrgUnits.Where(o => o.ParentId == community.Id).Select(o => o.Id).ToListAsync();
            var linked = await db.Set<PartyMember>().Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value).ToListAsync();
            var r = await db.Residents.Where(x => grids.Contains(x.GridId) && x.BirthDate < new DateOnly(1980, 1, 1) && !linked.Contains(x.Id)).OrderBy(x => x.Id).FirstAsync();
            (resident, name) = (r.Id, r.Name);
        }
        Assert.Contains("入党日期不能晚于今天", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/members", new { branchId = branch, residentId = resident, joinedOn = DateOnly.FromDateTime(DateTime.Today).AddDays(1) })));
        Assert.Contains("预备党员没有转正日期", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/members", new { branchId = branch, residentId = resident, joinedOn = "2020-07-01", category = "Probationary", fullOn = "2021-07-01" })));
        var m = await JsonAsync(await party.PostAsJsonAsync("/api/v1/party/members", new { branchId = branch, residentId = resident, joinedOn = "2005-07-01", fullOn = "2006-07-01", name = "别的名字" }));
        Assert.Equal(name, m.GetProperty("name").GetString());
        Assert.Contains("已登记为党员", await RefusalAsync(await party.PostAsJsonAsync("/api/v1/party/members", new { branchId = branch, residentId = resident, joinedOn = "2005-07-01" })));
        var moved = await JsonAsync(await party.PutAsJsonAsync($"/api/v1/party/members/{m.GetProperty("id").GetInt64()}", new { branchId = branch, residentId = resident, joinedOn = "2005-07-01", fullOn = "2006-07-01", relationOutOn = "2026-01-05", relationTo = "某区机关党委" }));
        Assert.Equal("2026-01-05", moved.GetProperty("relationOutOn").GetString());
        var list = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/members?q={Uri.EscapeDataString(name)}"));
        Assert.DoesNotContain(list.EnumerateArray(), x => x.GetProperty("id").GetInt64() == m.GetProperty("id").GetInt64());
        var withFormer = await JsonAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/members?former=true&q={Uri.EscapeDataString(name)}"));
        Assert.Contains(withFormer.EnumerateArray(), x => x.GetProperty("id").GetInt64() == m.GetProperty("id").GetInt64());
    }
}
