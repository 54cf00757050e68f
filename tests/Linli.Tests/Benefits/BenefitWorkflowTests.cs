using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Benefits;
using Linli.Features.Calendar;
using Linli.Features.Cases;
using Linli.Features.Registry;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Benefits;

/// <summary>
/// Issue 14, benefits: an application through all its steps with deadlines on the working-day calendar; the 公示 window
/// and an objection answered in time; the label set by the grant and ended with it; scope.
/// </summary>
public class BenefitWorkflowTests
{
    static readonly WorkCalendar Calendar = new(WorkCalendars.Shipped);

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ADibaoApplicationGoesFromIntakeToGrantAndEndSettingAndEndingTheLabel(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var (household, head, headName) = (await BenefitKit.HouseholdsAsync(app, "第三居民组", 1))[0];
        var social = await app.LoggedInClientAsync(Roles.SocialWorker);
        var today = BenefitKit.Today;

        // 受理: the members come from the registry; the process's last day is 30 working days on the calendar.
        var opened = await BenefitKit.OpenAsync(social, BenefitKind.Dibao, household);
        var id = opened.GetProperty("id").GetInt64();
        Assert.Equal(head, opened.GetProperty("applicantId").GetInt64());
        Assert.True(opened.GetProperty("members").GetArrayLength() >= 2);
        var expectedDue = Deadline.Compute(new TimeLimit(DateTime.Now, 30, DeadlineUnit.WorkingDays), Calendar).LastDay;
        Assert.Equal(expectedDue, DateOnly.Parse(opened.GetProperty("dueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("家庭收入证明", opened.GetProperty("documentsMissing").EnumerateArray().Select(e => e.GetString()));

        // A step out of order is refused with a sentence, not a 500.
        var early = await social.PostAsJsonAsync($"/api/v1/benefits/{id}/steps", new { action = "forward" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("不能报街道审批", await early.Content.ReadAsStringAsync());

        // 入户调查 recorded as a visit of the visits module, linked.
        var investigated = await BenefitKit.StepAsync(social, id, new { action = "investigate", text = "家中两人，户主卧床，无存款，住房为公房。" });
        var visitId = investigated.GetProperty("visitId").GetInt64();
        await using (var db = BenefitKit.Db(app))
            Assert.Equal(head, (await db.Set<Visit>().SingleAsync(v => v.Id == visitId)).ResidentId);

        // 民主评议 with bad numbers: each error next to its field.
        var bad = await social.PostAsJsonAsync($"/api/v1/benefits/{id}/steps", new { action = "review", attendees = 2, agreed = 5, amount = -3 });
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("参加评议人数", problem.GetProperty("errors").GetProperty("attendees")[0].GetString());
        Assert.Contains("拟保障金额", problem.GetProperty("errors").GetProperty("amount")[0].GetString());
        await BenefitKit.StepAsync(social, id, new { action = "review", attendees = 11, agreed = 10, amount = 620m, text = "居民代表一致认为情况属实。" });

        // 公示: 7 days, counting the first; the public page shows the masked head, never the full name.
        var published = await BenefitKit.StepAsync(social, id, new { action = "publish" });
        var notice = published.GetProperty("notices")[0];
        Assert.Equal(today.AddDays(7), DateOnly.Parse(notice.GetProperty("removeOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(BenefitWorkflow.MaskName(headName), notice.GetProperty("headName").GetString());
        var page = await app.Client().GetStringAsync("/Notices/CGJD-XFL");
        Assert.Contains(BenefitWorkflow.MaskName(headName), page, StringComparison.Ordinal);
        Assert.DoesNotContain(headName, page, StringComparison.Ordinal);
        Assert.Contains("620", page, StringComparison.Ordinal);

        // Not to the street while the notice is up.
        var tooSoon = await social.PostAsJsonAsync($"/api/v1/benefits/{id}/steps", new { action = "forward" });
        Assert.Contains("期满后才能报街道审批", await tooSoon.Content.ReadAsStringAsync());

        // An objection from the public page: answered within 5 days; the office makes it a grievance case and answers it.
        long noticeId;
        await using (var db = BenefitKit.Db(app)) noticeId = await db.Set<BenefitNotice>().Where(n => n.ApplicationId == id).Select(n => n.Id).SingleAsync();
        var visitor = app.Client();
        var token = await LinliApp.AntiforgeryTokenAsync(visitor, "/Notices/CGJD-XFL");
        var lodged = await visitor.PostAsync("/Notices/CGJD-XFL", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["NoticeId"] = noticeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Text"] = "这家儿子有车，请核实。",
        }));
        Assert.Equal(HttpStatusCode.OK, lodged.StatusCode);
        Assert.Contains("异议已收到", await lodged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var withObjection = await social.GetFromJsonAsync<JsonElement>($"/api/v1/benefits/{id}");
        var objection = withObjection.GetProperty("objections")[0];
        var answerDue = DateOnly.Parse(objection.GetProperty("answerDue").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Calendar.OnOrAfter(today.AddDays(5)), answerDue);
        var objectionId = objection.GetProperty("id").GetInt64();
        var asCase = await BenefitKit.StepAsync(social, id, new { action = "objection-case", objectionId });
        var caseReference = asCase.GetProperty("objections")[0].GetProperty("caseReference").GetString();
        await using (var db = BenefitKit.Db(app))
        {
            var theCase = await db.Set<Case>().SingleAsync(c => c.Reference == caseReference);
            Assert.Equal((CaseType.Grievance, "benefit", id), (theCase.Kind, theCase.Source, theCase.SourceId));
        }
        await BenefitKit.LetNoticeExpireAsync(app, id);
        var unanswered = await social.PostAsJsonAsync($"/api/v1/benefits/{id}/steps", new { action = "forward" });
        Assert.Contains("未答复的异议", await unanswered.Content.ReadAsStringAsync());
        var answered = await BenefitKit.StepAsync(social, id, new { action = "answer", objectionId, text = "经核实，车辆登记在已分户的儿子名下，不影响本户。" });
        Assert.NotEqual(JsonValueKind.Null, answered.GetProperty("objections")[0].GetProperty("answeredAt").ValueKind);
        await BenefitKit.StepAsync(social, id, new { action = "forward" });

        // The street decides what was forwarded to it; the grant sets 低保户 on the applicant.
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var startMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        var granted = await BenefitKit.StepAsync(street, id, new { action = "decide", grant = true, amount = 620m, category = "B类", coveredPersons = 2 });
        Assert.Equal("Granted", granted.GetProperty("state").GetString());
        Assert.Equal(startMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), granted.GetProperty("startMonth").GetString());
        Assert.Equal(startMonth.AddMonths(12), DateOnly.Parse(granted.GetProperty("nextReviewOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await HasLabelAsync(app, head, "MinimumLivingAllowance"));

        // The resident page shows the benefit to the social worker, not to the grid's cadre (no sensitive grant).
        Assert.Contains("救助情况", await social.GetStringAsync($"/Registry/Resident/{head}"), StringComparison.Ordinal);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var cadrePage = await cadre.GetStringAsync($"/Registry/Resident/{head}");
        Assert.DoesNotContain("救助情况", cadrePage, StringComparison.Ordinal);
        Assert.DoesNotContain("低保", cadrePage, StringComparison.Ordinal);

        // Ending the benefit ends the label; every write left an audit row.
        var ended = await BenefitKit.StepAsync(social, id, new { action = "end", text = "家庭收入超过保障标准" });
        Assert.Equal("Ended", ended.GetProperty("state").GetString());
        Assert.False(await HasLabelAsync(app, head, "MinimumLivingAllowance"));
        await using (var db = BenefitKit.Db(app))
            Assert.True(await db.AuditEntries.CountAsync(e => e.Action == "benefit-write" && e.TargetId == id) >= 10);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ARefusalMustBeNotifiedWithinThreeWorkingDaysAndNeedsItsReason(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var (household, _, _) = (await BenefitKit.HouseholdsAsync(app, "第四居民组", 1))[0];
        var social = await app.LoggedInClientAsync(Roles.SocialWorker);
        // 高龄津贴 has no investigation and no 民主评议: straight to its notice.
        var id = (await BenefitKit.OpenAsync(social, BenefitKind.Elderly, household)).GetProperty("id").GetInt64();
        var published = await BenefitKit.StepAsync(social, id, new { action = "publish" });
        Assert.Equal(JsonValueKind.Null, published.GetProperty("notices")[0].GetProperty("householdSize").ValueKind);   // the kind's policy hides it
        await BenefitKit.LetNoticeExpireAsync(app, id);
        await BenefitKit.StepAsync(social, id, new { action = "forward" });
        var noReason = await social.PostAsJsonAsync($"/api/v1/benefits/{id}/steps", new { action = "decide", grant = false });
        Assert.Contains("不予批准须写明理由", await noReason.Content.ReadAsStringAsync());
        var refused = await BenefitKit.StepAsync(social, id, new { action = "decide", grant = false, text = "申请人未满80周岁" });
        var due = Deadline.Compute(new TimeLimit(BenefitKit.Today.ToDateTime(TimeOnly.MinValue), 3, DeadlineUnit.WorkingDays), Calendar).LastDay;
        Assert.Equal(due, DateOnly.Parse(refused.GetProperty("refusalNoticeDue").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var told = await BenefitKit.StepAsync(social, id, new { action = "notify-refusal" });
        Assert.NotEqual(JsonValueKind.Null, told.GetProperty("refusalNotifiedOn").ValueKind);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnApplicationIsNotFoundOutsideTheUsersScopeAndTheStreetSeesOnlyWhatIsForwarded(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var households = await BenefitKit.HouseholdsAsync(app, "第五居民组", 2);
        var social = await app.LoggedInClientAsync(Roles.SocialWorker);
        var a = (await BenefitKit.OpenAsync(social, BenefitKind.Temporary, households[0].Household)).GetProperty("id").GetInt64();
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        Assert.Equal(HttpStatusCode.NotFound, (await street.GetAsync($"/api/v1/benefits/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await street.GetAsync($"/Benefits/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.LoggedInClientAsync(Roles.GridCadre)).GetAsync($"/api/v1/benefits/{a}")).StatusCode);
        // 临时救助: no notice; forwarded after the investigation, the street then sees it and decides.
        await BenefitKit.StepAsync(social, a, new { action = "investigate", text = "突发重病，住院押金无着。" });
        await BenefitKit.StepAsync(social, a, new { action = "forward" });
        Assert.Equal(HttpStatusCode.OK, (await street.GetAsync($"/api/v1/benefits/{a}")).StatusCode);
        var listed = await street.GetFromJsonAsync<JsonElement>("/api/v1/benefits?state=Forwarded");
        Assert.Contains(a, listed.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        // A second open 低保 for the same household is refused with a sentence.
        await BenefitKit.OpenAsync(social, BenefitKind.Dibao, households[1].Household);
        var twice = await social.PostAsJsonAsync("/api/v1/benefits", new { kind = "dibao", householdId = households[1].Household, reason = "再次申请", monthlyIncome = 0 });
        Assert.Contains("已有进行中或正在享受的低保", await twice.Content.ReadAsStringAsync());
        // Bad input on the form page: the message next to the field, never a 500.
        var token = await LinliApp.AntiforgeryTokenAsync(social, $"/Benefits/New?household={households[0].Household}");
        var form = await social.PostAsync($"/Benefits/New?household={households[0].Household}&kind=housing", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.Reason"] = "", ["Form.MonthlyIncome"] = "-5",
        }));
        var html = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("请填写申请理由", html, StringComparison.Ordinal);
        Assert.Contains("家庭月收入应在0到1,000,000元之间", html, StringComparison.Ordinal);
    }

    static async Task<bool> HasLabelAsync(LinliApp app, long residentId, string code)
    {
        await using var db = BenefitKit.Db(app);
        return await db.ResidentTags.AnyAsync(rt => rt.ResidentId == residentId && db.Tags.Any(t => t.Id == rt.TagId && t.Code == code));
    }
}
