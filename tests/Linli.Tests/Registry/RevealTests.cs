using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

public class RevealTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    async Task<(Resident Own, Resident Other, string OwnId, string OwnPhone)> ResidentsAsync()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var cipher = FieldCipher.OpenOrCreate(demo.App.Database.DataDir);
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
        var own = await db.Residents.Where(r => r.GridId == third.Id && r.PhoneCipher != null).OrderBy(r => r.Id).Skip(20).FirstAsync();
        var other = await db.Residents.Where(r => r.GridId != third.Id).OrderBy(r => r.Id).FirstAsync();
        return (own, other, cipher.Decrypt(own.NationalIdCipher!), cipher.Decrypt(own.PhoneCipher!));
    }

    static FormUrlEncodedContent Form(string token, string? reason) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["reason"] = reason ?? "" });

    [Fact]
    public async Task ACadreRevealsAnIdNumberWithAReasonAndTheRevealIsAudited()
    {
        var (own, _, id, _) = await ResidentsAsync();
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var page = $"/Registry/Resident/{own.Id}";
        var html = await cadre.GetStringAsync(page);
        Assert.DoesNotContain(id, html);
        Assert.Contains("handler=Reveal&amp;field=NationalId", html);

        var token = await LinliApp.AntiforgeryTokenAsync(cadre, page);
        var before = (await AuditKit.RowsAsync(demo.App)).Count;
        var answer = await cadre.PostAsync($"{page}?handler=Reveal&field=NationalId", Form(token, "办理高龄津贴核实身份"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(id, await answer.Content.ReadAsStringAsync());

        var rows = (await AuditKit.RowsAsync(demo.App)).Skip(before).Where(e => e.Action == AuditActions.Reveal).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(AuditTargets.Resident, row.TargetKind);
        Assert.Equal(own.Id, row.TargetId);
        Assert.Equal("cadre", row.ActorName);
        Assert.Contains("办理高龄津贴核实身份", row.Detail);
        Assert.DoesNotContain(id, row.Detail ?? "");
    }

    [Fact]
    public async Task ARevealWithoutAReasonShowsNothingAndWritesNoRevealRow()
    {
        var (own, _, id, _) = await ResidentsAsync();
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var page = $"/Registry/Resident/{own.Id}";
        var token = await LinliApp.AntiforgeryTokenAsync(cadre, page);
        var reveals = (await AuditKit.RowsAsync(demo.App)).Count(e => e.Action == AuditActions.Reveal && e.TargetId == own.Id);
        var answer = await cadre.PostAsync($"{page}?handler=Reveal&field=NationalId", Form(token, " "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Contains("请说明查看的理由", html);
        Assert.DoesNotContain(id, html);
        Assert.Equal(reveals, (await AuditKit.RowsAsync(demo.App)).Count(e => e.Action == AuditActions.Reveal && e.TargetId == own.Id));
    }

    [Fact]
    public async Task TheApiRevealsAPhoneToTheLeadAndRefusesTheHotlineAtTheDoorWithADenialRow()
    {
        var (own, other, _, phone) = await ResidentsAsync();
        var lead = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var ok = await lead.PostAsJsonAsync($"/api/v1/residents/{own.Id}/reveal", new { field = "Phone", reason = "联系本人" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(phone, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());

        var hotline = await demo.App.LoggedInClientAsync(Roles.HotlineOperator);
        var refused = await hotline.PostAsJsonAsync($"/api/v1/residents/{own.Id}/reveal", new { field = "Phone", reason = "联系本人" });
        // The hotline reads callers through its own view only: the registry's API is not its door.
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(phone, await refused.Content.ReadAsStringAsync());
        Assert.Contains(await AuditKit.RowsAsync(demo.App), e => e.Action == AuditActions.Denied && e.ActorName == "hotline");

        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);
        var outside = await cadre.PostAsJsonAsync($"/api/v1/residents/{other.Id}/reveal", new { field = "NationalId", reason = "核实身份" });
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }
}
