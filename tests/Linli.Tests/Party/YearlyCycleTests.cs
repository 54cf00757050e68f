using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Party;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Party;

/// <summary>The branch's year, both engines, through the API: posts → promises → 审诺 → 亮诺 → 践诺 → 评诺 → 民主评议 with the
/// one-third rule → publication; and what the public page shows.</summary>
public class YearlyCycleTests
{
    static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    static async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData(10, 3, null)]
    [InlineData(10, 4, "最多3名优秀")]
    [InlineData(2, 1, "最多0名优秀")]
    [InlineData(602, 200, null)]
    [InlineData(602, 201, "最多200名优秀")]
    public void AtMostOneThirdAreExcellent(int members, int excellent, string? refusal)
    {
        var said = YearlyCycle.GradesRefusal(members, excellent);
        if (refusal is null) Assert.Null(said);
        else Assert.Contains(refusal, said);
    }

    [Fact]
    public void APromisesScoreIsTheMeanOfItsThreeScores()
    {
        Assert.Null(new Commitment { CommunityId = 1, BranchId = 1, Year = 2026, Text = "t", Measure = "m", ScoreByMembers = 90, ScoreByResidents = 80 }.Score);
        Assert.Equal(87, new Commitment { CommunityId = 1, BranchId = 1, Year = 2026, Text = "t", Measure = "m", ScoreByMembers = 90, ScoreByResidents = 80, ScoreByBranch = 90 }.Score);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task APromiseGoesFromMadeToScoredAndTheYearsGradesArePublished(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var party = await app.ClientForAsync(Roles.PartyWorker);
        var branch = (await OkAsync(await party.GetAsync("/api/v1/party/branches")))[0].GetProperty("id").GetInt64();
        var year = DateTime.Today.Year;
        var members = await OkAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/members"));
        var committee = members.EnumerateArray().First(m => m.GetProperty("isCommittee").GetBoolean()).GetProperty("id").GetInt64();
        long member;
        await using (var db = app.Database.Target.CreateContext())
        {
            var busy = await db.Set<Commitment>().Where(c => c.MemberId != null).Select(c => c.MemberId!.Value).Distinct().ToListAsync();
            var posted = await db.Set<PostAssignment>().Select(p => p.MemberId).ToListAsync();
            member = await db.Set<PartyMember>().Where(m => m.RelationOutOn == null && !m.IsCommittee && !busy.Contains(m.Id) && !posted.Contains(m.Id)).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        }

        // 设岗定责: a member without office; the committee is not posted; publication follows the 责任书.
        Assert.Contains("无职党员", await RefusedAsync(await party.PostAsJsonAsync("/api/v1/party/posts", new { branchId = branch, year, memberId = committee, post = "政策宣传岗", duties = "宣传政策" })));
        var post = await OkAsync(await party.PostAsJsonAsync("/api/v1/party/posts", new { branchId = branch, year, memberId = member, post = "环境卫生监督岗", duties = "每周巡查楼道卫生", route = "本人申请" }));
        var postSteps = $"/api/v1/party/posts/{post.GetProperty("id").GetInt64()}/steps";
        Assert.Contains("签订责任书后", await RefusedAsync(await party.PostAsJsonAsync(postSteps, new { action = "publish" })));
        await OkAsync(await party.PostAsJsonAsync(postSteps, new { action = "sign", signedOn = DateOnly.FromDateTime(DateTime.Today) }));
        await OkAsync(await party.PostAsJsonAsync(postSteps, new { action = "publish" }));
        await OkAsync(await party.PostAsJsonAsync(postSteps, new { action = "report", quarter = 3, note = "巡查楼道12次，发现堆物3处已清理" }));
        Assert.Contains("0到100", await RefusedAsync(await party.PostAsJsonAsync(postSteps, new { action = "score", score = 120 })));
        Assert.Equal(92, (await OkAsync(await party.PostAsJsonAsync(postSteps, new { action = "score", score = 92 }))).GetProperty("score").GetInt32());

        // 承诺: 2–5 a member; 审诺 needs at least two.
        var first = await OkAsync(await party.PostAsJsonAsync("/api/v1/party/commitments", new { branchId = branch, year, memberId = member, text = "结对帮扶一户独居老人", measure = "每月上门2次" }));
        var steps = $"/api/v1/party/commitments/{first.GetProperty("id").GetInt64()}/steps";
        Assert.Contains("请先补足承诺", await RefusedAsync(await party.PostAsJsonAsync(steps, new { action = "check" })));
        Assert.Contains("怎样衡量", await RefusedAsync(await party.PostAsJsonAsync("/api/v1/party/commitments", new { branchId = branch, year, memberId = member, text = "多做好事" })));
        for (var i = 0; i < 4; i++)
            await OkAsync(await party.PostAsJsonAsync("/api/v1/party/commitments", new { branchId = branch, year, memberId = member, text = $"参加志愿服务{i}", measure = "每季度3次" }));
        Assert.Contains("已有5项", await RefusedAsync(await party.PostAsJsonAsync("/api/v1/party/commitments", new { branchId = branch, year, memberId = member, text = "第六项", measure = "每月1次" })));
        Assert.Contains("审诺后才能亮诺", await RefusedAsync(await party.PostAsJsonAsync(steps, new { action = "publish" })));
        Assert.Equal("Checked", (await OkAsync(await party.PostAsJsonAsync(steps, new { action = "check" }))).GetProperty("state").GetString());
        Assert.Equal("Published", (await OkAsync(await party.PostAsJsonAsync(steps, new { action = "publish", @public = true }))).GetProperty("state").GetString());
        var kept = await OkAsync(await party.PostAsJsonAsync(steps, new { action = "progress", note = "10月上门3次，帮助办理高龄津贴" }));
        Assert.Contains("帮助办理高龄津贴", kept.GetProperty("progress").GetString());
        Assert.Contains("都要填写", await RefusedAsync(await party.PostAsJsonAsync(steps, new { action = "evaluate", scoreByMembers = 90, scoreByBranch = 95 })));
        var scored = await OkAsync(await party.PostAsJsonAsync(steps, new { action = "evaluate", scoreByMembers = 90, scoreByResidents = 86, scoreByBranch = 95 }));
        Assert.Equal("Evaluated", scored.GetProperty("state").GetString());
        Assert.Equal(90, scored.GetProperty("score").GetInt32());
        Assert.Contains("亮诺之后", await RefusedAsync(await party.PostAsJsonAsync(steps, new { action = "progress", note = "又去了一次" })));

        // The public page shows the published public promise and the published post, to anyone; nothing unpublished.
        var page = await app.Client().GetStringAsync($"/Party/Public?branch={branch}&year={year}");
        Assert.Contains("结对帮扶一户独居老人", page);
        Assert.Contains("环境卫生监督岗", page);
        Assert.DoesNotContain("参加志愿服务0", page);

        // 民主评议: more than a third 优秀 is refused as a whole; a third is accepted; published, the grades are final.
        var active = members.GetArrayLength();
        var ids = members.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToList();
        var max = active / 3;
        var tooMany = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id.ToString(), x => x.i <= max ? "Excellent" : "Qualified");
        Assert.Contains("三分之一", await RefusedAsync(await party.PutAsJsonAsync($"/api/v1/party/branches/{branch}/evaluations", new { year, grades = tooMany })));
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(0, await db.Set<MemberEvaluation>().CountAsync(e => e.Year == year));
        var allowed = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id.ToString(), x => x.i < max ? "Excellent" : x.i == max ? "BasicallyQualified" : "Qualified");
        var saved = await OkAsync(await party.PutAsJsonAsync($"/api/v1/party/branches/{branch}/evaluations", new { year, grades = allowed }));
        Assert.Equal(max, saved.GetProperty("excellent").GetInt32());
        Assert.Contains("三分之一", await RefusedAsync(await party.PutAsJsonAsync($"/api/v1/party/branches/{branch}/evaluations", new { year, grades = new Dictionary<string, string> { [ids[max + 1].ToString()] = "Excellent" } })));

        // The form goes 党小组 by 党小组 (the first group when none is chosen); the quota above it counts the whole branch.
        List<(long Group, long Member)> grouped;
        await using (var db = app.Database.Target.CreateContext())
            grouped = (await db.Set<PartyMember>().Where(m => m.BranchId == branch && m.RelationOutOn == null && m.GroupId != null)
                .Join(db.Set<PartyGroup>(), m => m.GroupId, g => g.Id, (m, g) => new { Group = g.Id, g.SortOrder, Member = m.Id }).ToListAsync())
                .OrderBy(x => x.SortOrder).ThenBy(x => x.Group).Select(x => (x.Group, x.Member)).ToList();
        var (firstGroup, lastGroup) = (grouped.First().Group, grouped.Last().Group);
        Assert.NotEqual(firstGroup, lastGroup);
        var opening = await party.GetStringAsync($"/Party/Evaluations?branch={branch}&year={year}");
        Assert.Contains($"已评优秀 {max} / 上限 {max}（全支部{active}名党员的三分之一）", opening);
        Assert.Contains($"name=\"Grades[{grouped.First(x => x.Group == firstGroup).Member}]\"", opening);
        Assert.DoesNotContain($"name=\"Grades[{grouped.First(x => x.Group == lastGroup).Member}]\"", opening);
        var lastGroupPage = await party.GetStringAsync($"/Party/Evaluations?branch={branch}&year={year}&group={lastGroup}");
        Assert.Contains($"name=\"Grades[{grouped.First(x => x.Group == lastGroup).Member}]\"", lastGroupPage);
        Assert.DoesNotContain($"name=\"Grades[{grouped.First(x => x.Group == firstGroup).Member}]\"", lastGroupPage);
        Assert.Contains($"已评优秀 {max} / 上限 {max}", lastGroupPage);
        await OkAsync(await party.PostAsJsonAsync($"/api/v1/party/branches/{branch}/evaluations/publish", new { year }));
        Assert.Contains("已经公布", await RefusedAsync(await party.PutAsJsonAsync($"/api/v1/party/branches/{branch}/evaluations", new { year, grades = new Dictionary<string, string> { [ids[0].ToString()] = "Qualified" } })));
        var results = await OkAsync(await party.GetAsync($"/api/v1/party/branches/{branch}/evaluations?year={year}"));
        var mine = results.EnumerateArray().Single(r => r.GetProperty("memberId").GetInt64() == member);
        Assert.Equal(DateTime.Today.ToString("yyyy-MM-dd"), mine.GetProperty("publishedOn").GetString());
        Assert.Equal(90, mine.GetProperty("promiseScore").GetInt32());
        var evaluationPage = await party.GetStringAsync($"/Party/Evaluations?branch={branch}&year={year}");
        Assert.Contains(DateTime.Today.ToString("yyyy-MM-dd"), evaluationPage);
        Assert.DoesNotContain("保存评议等次", evaluationPage);
        // Published, the results show everyone, under their group's heading.
        Assert.Contains("class=\"group-row\"", evaluationPage);
        Assert.Contains($"data-member=\"{grouped.First(x => x.Group == lastGroup).Member}\"", evaluationPage);
        Assert.Contains($"data-member=\"{grouped.First(x => x.Group == firstGroup).Member}\"", evaluationPage);
    }
}
