using System.Net;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Audit;

/// <summary>The auditor reads names and words on /Audit; the ids and codes the rows store stay in the tooltips.</summary>
public class AuditPageNamesTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheAuditPageShowsNamesAndWordsWithTheCodesInTooltips(string engine)
    {
        await using var app = await AuditKit.StartAsync(engine);
        long residentId, cadreId, gridId;
        await using (var db = app.Database.Target.CreateContext())
        {
            cadreId = (await db.Users.SingleAsync(u => u.UserName == "cadre")).Id;
            gridId = (await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-XFL-03")).Id;
            var resident = new Resident { GridId = gridId, Name = "欧阳建国", Gender = Gender.Male };
            db.Residents.Add(resident);
            await db.SaveChangesAsync();
            residentId = resident.Id;
        }
        using (var scope = app.Web.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AuditLog>()
                .WriteAsync(AuditActions.Reveal, AuditTarget.Resident(residentId), gridId, $"查看完整身份证号，理由：核对低保", new AuditActor(cadreId, "cadre"));
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync("/Audit")).StatusCode);
        var html = await (await AuditKit.LoggedInClientAsync(app, Roles.Auditor)).GetStringAsync("/Audit");

        // A resident by the masked name, the kind and id in the tooltip; the full name nowhere.
        Assert.Contains($"title=\"居民 {residentId}\" data-target=\"resident:{residentId}\">居民 欧**国</a>", html);
        Assert.DoesNotContain("欧阳建国", html);
        // An account by its holder's name and user name.
        Assert.Contains($"title=\"账号 {cadreId}\" data-target=\"user:{cadreId}\">账号 王秀兰（cadre）</a>", html);
        // The permission the cadre lacked, in words.
        Assert.Contains("缺少权限 <span class=\"term\" title=\"audit.read\">查看审计日志</span>", html);
        Assert.DoesNotContain(">缺少权限 audit.read", html);
    }

    [Theory]
    [InlineData("王秀兰", "王*兰")]
    [InlineData("李娜", "李*")]
    [InlineData("司马云峰", "司**峰")]
    [InlineData("张", "张")]
    public void NamesAreMaskedToTheirFirstAndLastCharacters(string name, string masked) =>
        Assert.Equal(masked, RegistryAuditNames.MaskedName(name));

    [Fact]
    public void OnlyWholeCodesBecomeWords()
    {
        var words = new Dictionary<string, string> { ["registry.read"] = "查看人口房屋" };
        var parts = Linli.Features.Audit.IndexModel.InWords("缺少权限 registry.read、registry.reader", words);
        Assert.Equal([("缺少权限 ", null), ("查看人口房屋", "registry.read"), ("、registry.reader", null)], parts);
    }
}
