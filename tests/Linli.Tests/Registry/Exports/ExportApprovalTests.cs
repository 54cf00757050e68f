using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Features.Registry.Exports;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Exports;

/// <summary>导出审批: an unmasked or sensitive roster leaves only with a second person's approval, once, and on record.</summary>
public class ExportApprovalTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ASecondLeadApprovesAndTheRequesterDownloadsFullNumbersExactlyOnce(string engine)
    {
        await using var world = await ExportWorld.CreateAsync(engine);
        var lead = await world.As(Roles.CommunityLead);
        var id = await ExportWorld.RequestAsync(lead, unmasked: true, sensitiveLabels: false);

        // Nobody approves their own request; the refusal is on record.
        var own = await ExportWorld.DecideAsync(lead, id, approve: true);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("不能审批自己", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await lead.GetAsync($"/api/v1/exports/requests/{id}/file")).StatusCode);

        // A lead of another community neither sees it nor can approve it: 404, as if it did not exist.
        var far = await world.AsUser("far");
        Assert.Equal(HttpStatusCode.NotFound, (await ExportWorld.DecideAsync(far, id, approve: true)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ExportWorld.DecideAsync(far, id + 1000, approve: true)).StatusCode);
        Assert.Empty((await far.GetFromJsonAsync<JsonElement>("/api/v1/exports/requests")).EnumerateArray());

        var lead2 = await world.AsUser("lead2");
        var waiting = (await lead2.GetFromJsonAsync<JsonElement>("/api/v1/exports/requests")).EnumerateArray().Single();
        Assert.Equal(("Pending", true, false), (waiting.GetProperty("state").GetString(), waiting.GetProperty("mayDecide").GetBoolean(), waiting.GetProperty("mine").GetBoolean()));
        var approved = await ExportWorld.DecideAsync(lead2, id, approve: true, note: "同意，用后即删");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await ExportWorld.DecideAsync(lead2, id, approve: false, note: "改主意")).StatusCode);
        // Only the requester downloads.
        Assert.Equal(HttpStatusCode.Forbidden, (await lead2.GetAsync($"/api/v1/exports/requests/{id}/file")).StatusCode);

        var file = await lead.GetAsync($"/api/v1/exports/requests/{id}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var cells = ExportWorld.Cells(await file.Content.ReadAsByteArrayAsync());
        Assert.All(world.People, p => Assert.Contains(p.Id, cells));
        Assert.DoesNotContain(cells, c => c is not null && c.Contains(ExportWorld.Sensitive, StringComparison.Ordinal));
        Assert.Contains(ExportWorld.Plain, cells);

        var again = await lead.GetAsync($"/api/v1/exports/requests/{id}/file");
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("只能下载一次", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var rows = (await AuditKit.RowsAsync(world.App)).Where(r => r.TargetKind == AuditTargets.ExportRequest && r.TargetId == id).ToList();
        Assert.Equal([AuditActions.ExportRequest, AuditActions.Denied, AuditActions.Denied, AuditActions.ExportApprove, AuditActions.Denied, AuditActions.Export], rows.Select(r => r.Action));
        Assert.Equal(["lead", "lead", "far", "lead2", "lead2", "lead"], rows.Select(r => r.ActorName));
        Assert.Contains("理由：民政局核对低保名单", rows[0].Detail);
        Assert.Contains("不能审批自己", rows[1].Detail);
        Assert.Contains("意见：同意，用后即删", rows[3].Detail);
        Assert.Contains("完整身份证号和电话、不含敏感标签，12 人", rows[5].Detail);
        await using var db = world.App.Database.Target.CreateContext();
        var stored = await db.ExportRequests.SingleAsync(r => r.Id == id);
        Assert.Equal((ExportRequestState.Used, 12), (stored.State, stored.RowCount!.Value));
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ARejectedOrExpiredApprovalDownloadsNothing(string engine)
    {
        await using var world = await ExportWorld.CreateAsync(engine);
        var social = await world.As(Roles.SocialWorker);
        var lead = await world.As(Roles.CommunityLead);
        var rejected = await ExportWorld.RequestAsync(social, unmasked: true, sensitiveLabels: false);
        var noNote = await ExportWorld.DecideAsync(lead, rejected, approve: false, note: null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noNote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ExportWorld.DecideAsync(lead, rejected, approve: false, note: "用途不需要完整号码")).StatusCode);
        var refused = await social.GetAsync($"/api/v1/exports/requests/{rejected}/file");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("已被驳回：用途不需要完整号码", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var expired = await ExportWorld.RequestAsync(social, unmasked: true, sensitiveLabels: false);
        Assert.Equal(HttpStatusCode.OK, (await ExportWorld.DecideAsync(lead, expired, approve: true)).StatusCode);
        await using (var db = world.App.Database.Target.CreateContext())
            await db.ExportRequests.Where(r => r.Id == expired).ExecuteUpdateAsync(s => s.SetProperty(r => r.DecidedUtc, DateTime.UtcNow.AddHours(-25)));
        Assert.Equal(HttpStatusCode.Gone, (await social.GetAsync($"/api/v1/exports/requests/{expired}/file")).StatusCode);
        var list = (await social.GetFromJsonAsync<JsonElement>("/api/v1/exports/requests")).EnumerateArray().ToList();
        Assert.Equal(["Expired", "Rejected"], list.Select(r => r.GetProperty("state").GetString()));

        var rows = await AuditKit.RowsAsync(world.App);
        Assert.Single(rows, r => r.Action == AuditActions.ExportReject && r.Detail!.Contains("用途不需要完整号码", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Action == AuditActions.Export);
    }

    [Fact]
    public async Task SensitiveLabelsLeaveOnlyWhenAskedForAndApprovedByTheCommunityOrTheStreet()
    {
        await using var world = await ExportWorld.CreateAsync(TestDatabase.Sqlite);
        var lead = await world.As(Roles.CommunityLead);
        var street = await world.As(Roles.StreetOfficer);
        var labels = await ExportWorld.RequestAsync(lead, unmasked: false, sensitiveLabels: true);

        // The social worker sees the labels but approves nothing; the street's approver holds the grant for releasing
        // them (a community with one lead has nobody else to ask) without seeing them himself.
        Assert.Equal(HttpStatusCode.Forbidden, (await ExportWorld.DecideAsync(await world.As(Roles.SocialWorker), labels, approve: true)).StatusCode);
        Assert.Contains("handler=Approve", await street.GetStringAsync("/Registry/Exports"));
        Assert.Equal(HttpStatusCode.OK, (await ExportWorld.DecideAsync(street, labels, approve: true)).StatusCode);
        var cells = ExportWorld.Cells(await lead.GetByteArrayAsync($"/api/v1/exports/requests/{labels}/file"));
        Assert.Contains(ExportWorld.Sensitive, cells);
        Assert.DoesNotContain(world.People, p => cells.Contains(p.Id));
        Assert.Contains(NationalId.Mask(world.People[0].Id), cells);

        // Full numbers alone: the street officer approves; the labels stay out.
        var numbers = await ExportWorld.RequestAsync(lead, unmasked: true, sensitiveLabels: false);
        Assert.Equal(HttpStatusCode.OK, (await ExportWorld.DecideAsync(street, numbers, approve: true)).StatusCode);
        cells = ExportWorld.Cells(await lead.GetByteArrayAsync($"/api/v1/exports/requests/{numbers}/file"));
        Assert.Contains(world.People[0].Id, cells);
        Assert.DoesNotContain(ExportWorld.Sensitive, cells);

        // Nothing to approve without one of the two; the unit must be in the requester's area; cadres and hotline cannot ask.
        var nothing = await lead.PostAsJsonAsync("/api/v1/exports/requests", new { from = ExportWorld.Grid, reason = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        var elsewhere = await lead.PostAsJsonAsync("/api/v1/exports/requests", new { from = "CGJD-HP", unmasked = true, reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        var cadre = await world.As(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.PostAsJsonAsync("/api/v1/exports/requests", new { from = ExportWorld.Grid, unmasked = true, reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task ThePageTakesARequestShowsItToTheApproverAndHandsOutTheFile()
    {
        await using var world = await ExportWorld.CreateAsync(TestDatabase.Sqlite);
        var lead = await world.As(Roles.CommunityLead);
        Assert.Contains("/Registry/Exports", await lead.GetStringAsync("/Registry"));
        var token = await LinliApp.AntiforgeryTokenAsync(lead, "/Registry/Exports");
        var posted = await lead.PostAsync("/Registry/Exports?handler=Request", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Unit"] = ExportWorld.Grid, ["Input.Unmasked"] = "true", ["Input.Reason"] = "区残联入户核查", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var mine = await lead.GetStringAsync("/Registry/Exports");
        Assert.Contains("区残联入户核查", mine);
        Assert.Contains("待审批", mine);
        Assert.DoesNotContain("handler=Approve", mine);

        var lead2 = await world.AsUser("lead2");
        var page = await lead2.GetStringAsync("/Registry/Exports");
        Assert.Contains("handler=Approve", page);
        await using (var db = world.App.Database.Target.CreateContext())
        {
            var id = await db.ExportRequests.Select(r => r.Id).SingleAsync();
            var approve = await lead2.PostAsync("/Registry/Exports?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["id"] = id.ToString(), ["note"] = "同意", ["__RequestVerificationToken"] = await LinliApp.AntiforgeryTokenAsync(lead2, "/Registry/Exports"),
            }));
            Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
            Assert.Contains($"handler=File&amp;id={id}", await lead.GetStringAsync("/Registry/Exports"));
            var file = await lead.GetAsync($"/Registry/Exports?handler=File&id={id}");
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Contains(world.People[0].Id, ExportWorld.Cells(await file.Content.ReadAsByteArrayAsync()));
            var second = await lead.GetAsync($"/Registry/Exports?handler=File&id={id}");
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
            Assert.Contains("已经用过", await lead.GetStringAsync("/Registry/Exports"));
        }
    }

    [Fact]
    public async Task TheRequesterIsToldWhoMayDecideAndPlainlyWhenNobodyCan()
    {
        await using var world = await ExportWorld.CreateAsync(TestDatabase.Sqlite);
        var lead = await world.As(Roles.CommunityLead);
        await ExportWorld.RequestAsync(lead, unmasked: false, sensitiveLabels: true);
        var page = await lead.GetStringAsync("/Registry/Exports");
        Assert.Contains("可审批：", page);
        Assert.Contains("陈志刚（街道干部）", page);
        Assert.DoesNotContain("李建华（", page);

        await using (var db = world.App.Database.Target.CreateContext())
        {
            var requester = await db.ExportRequests.Select(r => r.RequesterId).SingleAsync();
            foreach (var u in await db.Users.Where(u => u.Id != requester).ToListAsync()) u.IsDisabled = true;
            await db.SaveChangesAsync();
        }
        page = await lead.GetStringAsync("/Registry/Exports");
        Assert.Contains("目前没有人能审批这项申请", page);
    }
}
