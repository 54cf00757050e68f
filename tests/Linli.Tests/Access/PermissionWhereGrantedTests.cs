using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Access;

/// <summary>
/// A permission counts only where the role that grants it is held: what lies behind the doors of the
/// authorization matrix, for an account with two roles, for the hotline, and for an ID number registered elsewhere.
/// </summary>
public class PermissionWhereGrantedTests(DemoAppFixture demo) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task ACadreWhoIsAlsoTheHotlineElsewhereReadsAndRevealsOnlyInHerGridAndFindsCallersOnlyInTheOtherCommunity()
    {
        var client = await MixedClientAsync("mixed-content");
        await using var db = demo.App.Database.Target.CreateContext();
        var (gridA, a) = await ResidentWithPhoneAsync(db, "幸福里社区", "第一居民组");
        var (gridB, b) = await ResidentWithPhoneAsync(db, "和平社区", "第一网格");

        var inA = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?gridId={gridA}");
        Assert.NotEmpty(inA.GetProperty("items").EnumerateArray());
        var inB = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?gridId={gridB}");
        Assert.Empty(inB.GetProperty("items").EnumerateArray());
        var byName = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?q={Uri.EscapeDataString(b.Name)}");
        Assert.DoesNotContain(byName.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == b.Id);

        var revealA = await client.PostAsJsonAsync($"/api/v1/residents/{a.Id}/reveal", new { field = "Phone", reason = "联系本人" });
        Assert.Equal(HttpStatusCode.OK, revealA.StatusCode);
        var revealB = await client.PostAsJsonAsync($"/api/v1/residents/{b.Id}/reveal", new { field = "Phone", reason = "联系本人" });
        Assert.Equal(HttpStatusCode.NotFound, revealB.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Registry/Resident/{b.Id}/Edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Registry/Resident/{b.Id}")).StatusCode);

        var callerB = await client.GetStringAsync($"/Hotline?q={b.PhoneLast4}");
        Assert.Contains(b.Name, callerB);
        var callerA = await client.GetFromJsonAsync<JsonElement>($"/api/v1/caller?q={Uri.EscapeDataString(a.Name)}");
        Assert.DoesNotContain(callerA.GetProperty("callers").EnumerateArray(), c => c.GetProperty("id").GetInt64() == a.Id);
    }

    [Fact]
    public async Task TheHotlineSeesOnlyTheCallerViewsFieldsAndNoRecordPages()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var (grid, caller) = await ResidentWithPhoneAsync(db, "幸福里社区", "第三居民组");
        var resident = await db.Residents.SingleAsync(r => r.Id == caller.Id);
        var members = await db.Residents.Where(r => r.HouseholdId == resident.HouseholdId && r.Status == ResidentStatus.Active).Select(r => r.Name).ToListAsync();
        var hotline = await demo.App.LoggedInClientAsync(Roles.HotlineOperator);

        var page = await hotline.GetStringAsync($"/Hotline?q={Uri.EscapeDataString(resident.Name)}");
        Assert.Contains(resident.PhoneMasked!, page);
        Assert.Contains("同户成员", page);
        foreach (var m in members) Assert.Contains(m, page);
        Assert.DoesNotContain(resident.BirthDate!.Value.ToString("yyyy-MM-dd"), page);
        foreach (var word in new[] { "出生日期", "政治面貌", "婚姻状况", "文化程度", "人员标签", "变更记录", "/Registry/Household/", "/Registry/Grid/" })
            Assert.DoesNotContain(word, page);

        var json = await hotline.GetStringAsync($"/api/v1/caller?q={Uri.EscapeDataString(resident.Name)}");
        Assert.Contains(resident.PhoneMasked!, json);
        foreach (var word in new[] { "birthDate", "politicalStatus", "tags", "gender" }) Assert.DoesNotContain(word, json, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NotFound, (await hotline.GetAsync($"/Registry/Grid/{grid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hotline.GetAsync($"/Registry/Household/{resident.HouseholdId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hotline.GetAsync($"/Registry/Resident/{resident.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotline.GetAsync($"/api/v1/residents/{resident.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotline.GetAsync("/Registry/Search?q=" + Uri.EscapeDataString(resident.Name))).StatusCode);
    }

    [Fact]
    public async Task AnIdNumberRegisteredOutsideTheCadresAreaIsNotSaidToBelongToAnyone()
    {
        await using var db = demo.App.Database.Target.CreateContext();
        var cipher = FieldCipher.OpenOrCreate(demo.App.Database.DataDir);
        var first = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-XFL-01");
        var third = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-XFL-03");
        var elsewhere = await db.Residents.Where(r => r.GridId == first.Id && r.NationalIdCipher != null).OrderBy(r => r.Id).FirstAsync();
        var mine = await db.Residents.Where(r => r.GridId == third.Id && r.NationalIdCipher != null).OrderBy(r => r.Id).FirstAsync();
        var household = await db.Households.Where(h => h.GridId == third.Id).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        var cadre = await demo.App.LoggedInClientAsync(Roles.GridCadre);

        var outside = await cadre.PostAsJsonAsync("/api/v1/residents", new { householdId = household, resident = new { name = "测试居民", nationalId = cipher.Decrypt(elsewhere.NationalIdCipher!) } });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var message = (await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("nationalId")[0].GetString();
        Assert.Equal("该身份证号已登记，请联系社区核实。", message);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Denied && e.TargetId == elsewhere.Id && (e.Detail ?? "").Contains("管辖范围外")));

        var inside = await cadre.PostAsJsonAsync("/api/v1/residents", new { householdId = household, resident = new { name = "测试居民", nationalId = cipher.Decrypt(mine.NationalIdCipher!) } });
        var known = (await inside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("nationalId")[0].GetString();
        Assert.Contains(mine.Name, known);
    }

    [Fact]
    public async Task ARoleGrantedOrRevokedThroughAnotherConnectionCountsAtTheNextRequest()
    {
        var client = await MixedClientAsync("mixed-stamp");
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(2, before.GetProperty("roles").GetArrayLength());
        // As `linli user grant` on another machine would: its own context, nothing shared with the server but the database.
        await using (var db = demo.App.Database.Target.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "mixed-stamp");
            var grid = await db.OrgUnits.SingleAsync(o => o.Code == "CGJD-XFL-02");
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = Roles.GridCadre, OrgUnitId = grid.Id });
            await db.SaveChangesAsync();
        }
        var granted = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(3, granted.GetProperty("roles").GetArrayLength());
        await using (var db = demo.App.Database.Target.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "mixed-stamp");
            db.RoleAssignments.RemoveRange(await db.RoleAssignments.Where(a => a.UserId == user.Id && a.Role == Roles.HotlineOperator).ToListAsync());
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Registry/Caller?q=王")).StatusCode);
    }

    sealed record Person(long Id, string Name, string PhoneLast4);

    static async Task<(long Grid, Person Person)> ResidentWithPhoneAsync(LinliDb db, string community, string grid)
    {
        var c = await db.OrgUnits.SingleAsync(o => o.Name == community);
        var g = await db.OrgUnits.SingleAsync(o => o.ParentId == c.Id && o.Name == grid);
        var others = db.Residents.Where(x => x.GridId != g.Id);
        // A name nobody else in the street has, so that a search by it finds this person or nobody.
        var r = await db.Residents.Where(x => x.GridId == g.Id && x.PhoneMasked != null && x.HouseholdId != null && x.BirthDate != null && x.Status == ResidentStatus.Active
                && !others.Any(o => o.Name == x.Name)).OrderBy(x => x.Id).FirstAsync();
        return (g.Id, new Person(r.Id, r.Name, r.PhoneMasked![^4..]));
    }

    async Task<HttpClient> MixedClientAsync(string userName)
    {
        string password;
        using (var scope = demo.App.Web.Services.CreateScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<Accounts>();
            var db = scope.ServiceProvider.GetRequiredService<LinliDb>();
            password = Accounts.NewPassword();
            Assert.True((await accounts.AddAsync(userName, "两岗干部", Roles.GridCadre, await OrgUnitTree.ResolveAsync(db, "CGJD-XFL-01", default), password, default)).Ok);
            Assert.True((await accounts.GrantAsync(userName, Roles.HotlineOperator, (await OrgUnitTree.ResolveAsync(db, "CGJD-HP", default))!, default)).Ok);
        }
        var client = demo.App.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await LinliApp.LoginAsync(client, userName, password)).StatusCode);
        return client;
    }
}
