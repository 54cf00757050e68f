using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Audit;
using Linli.Tests.Infrastructure;
using Linli.Tests.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

public class RegistryWriteApiTests
{
    [Fact]
    public async Task TheApiRegistersAndChangesAResidentAndRefusesBadInputWithFieldErrors()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        long householdId;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
            householdId = await db.Households.Where(h => h.GridId == third.Id).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        }
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var first17 = "41010219800101003";
        var created = await cadre.PostAsJsonAsync("/api/v1/residents", new
        {
            householdId, resident = new { name = "上官文静", nationalId = first17 + NationalId.CheckDigit(first17), phone = "13800001111", relationToHead = "Other", residenceKind = "Resident" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = dto.GetProperty("id").GetInt64();
        Assert.Equal("138****1111", dto.GetProperty("phone").GetString());
        Assert.Equal("Male", dto.GetProperty("gender").GetString());

        var etag = created.Headers.ETag!.Tag;
        var wrongCheckDigit = first17 + (NationalId.CheckDigit(first17) == '0' ? '1' : '0');
        using var bad = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/residents/{id}") { Content = JsonContent.Create(new { name = "上官文静", nationalId = wrongCheckDigit }) };
        bad.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var refused = await cadre.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("校验位", problem.GetProperty("errors").GetProperty("nationalId")[0].GetString());

        using var rename = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/residents/{id}") { Content = JsonContent.Create(new { name = "上官文婧" }) };
        rename.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var renamed = await cadre.SendAsync(rename);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("上官文婧", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        var hotline = await app.LoggedInClientAsync(Roles.HotlineOperator);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotline.PutAsJsonAsync($"/api/v1/residents/{id}", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task TheApiImportsARosterAndExportsItMaskedWithAnAuditRow()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(CleanRoster.Xlsx(CleanRoster.People(7, firstNumber: 500)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "名册.xlsx");
        form.Add(new StringContent("城关街道/幸福里社区/第八居民组"), "into");
        var imported = await lead.PostAsync("/api/v1/imports", form);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(7, report.GetProperty("imported").GetInt32());
        Assert.Equal(0, report.GetProperty("errors").GetArrayLength());

        var exported = await lead.GetAsync("/api/v1/exports/residents?from=CGJD-XFL-08");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var bytes = await exported.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]); // an xlsx is a zip
        Assert.Contains(await AuditKit.RowsAsync(app), e => e.Action == AuditActions.Export && e.ActorName == "lead");

        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/api/v1/exports/residents?from=CGJD-XFL-03")).StatusCode);
        var otherStreet = await lead.GetAsync("/api/v1/exports/residents?from=CGJD-HP");
        Assert.Equal(HttpStatusCode.NotFound, otherStreet.StatusCode);
    }
}
