using System.Net;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry;

/// <summary>The resident forms choose from the national code tables; a new member's history holds only the registration, by the editor's display name.</summary>
public class CodeTableFormTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ANewMemberIsRegisteredAsEldestSonFromTheCodeTableWithNoInventedHistory(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        long householdId, gridId;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
            (householdId, gridId) = (await db.Households.Where(h => h.GridId == third.Id && h.HeadId != null).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync(), third.Id);
        }
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var add = $"/Registry/Household/{householdId}/AddMember";
        var page = await cadre.GetStringAsync(add);
        Assert.DoesNotContain("不改就保留", page);
        Assert.Contains("<optgroup label=\"子女\">", page);
        Assert.Contains(">长子</option>", page);
        Assert.Contains(">外国血统</option>", page);
        Assert.Contains(">大专</option>", page);

        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await LinliApp.AntiforgeryTokenAsync(cadre, add),
            ["Input.Name"] = "测试长子", ["Input.Gender"] = "Male", ["Input.BirthDate"] = "2001-01-01", ["Input.Ethnicity"] = "回族",
            ["Input.RelationCode"] = "22", ["Input.ResidenceKind"] = "Registered", ["Input.Education"] = "大专",
            ["Input.PoliticalStatus"] = "共青团员", ["Input.MaritalStatus"] = "未婚", ["Input.Notes"] = "", ["Input.NationalId"] = "", ["Input.Phone"] = "",
        };
        var saved = await cadre.PostAsync(add, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await using var check = app.Database.Target.CreateContext();
        var son = await check.Residents.SingleAsync(r => r.Name == "测试长子" && r.GridId == gridId);
        Assert.Equal((RelationToHead.Child, "22", "回族"), (son.RelationToHead, son.RelationCode, son.Ethnicity));
        var history = await check.ResidentChanges.Where(c => c.ResidentId == son.Id).ToListAsync();
        var only = Assert.Single(history);
        Assert.Equal("登记", only.Field);
        var display = await check.Users.Where(u => u.UserName == app.Account(Roles.GridCadre).UserName).Select(u => u.DisplayName).SingleAsync();
        Assert.Equal(display, only.UserName);

        // Editing without touching the relation of a record that has only a category changes nothing.
        var edit = $"/Registry/Resident/{son.Id}/Edit";
        var editPage = await cadre.GetStringAsync(edit);
        Assert.Contains("value=\"22\" selected", editPage.Replace("selected=\"selected\"", "selected", StringComparison.Ordinal));
    }

    [Fact]
    public void StoredWordsMapToTheTablesWords()
    {
        Assert.Equal("汉族", CodeTables.Ethnicity.WordOf("汉"));
        Assert.Equal("中共党员", CodeTables.PoliticalStatus.WordOf("党员"));
        Assert.Equal("共青团员", CodeTables.PoliticalStatus.WordOf("团员"));
        Assert.Equal("大专", CodeTables.Education.WordOf("大学专科"));
        Assert.Equal("离异", CodeTables.MaritalStatus.WordOf("离婚"));
        Assert.Null(CodeTables.Education.WordOf("私塾"));
        Assert.Equal(Gender.Female, CodeTables.GenderOf("2"));
    }
}
