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

public class ResidentEditTests
{
    static async Task<(Resident Own, Resident Other)> ResidentsAsync(LinliApp app)
    {
        await using var db = app.Database.Target.CreateContext();
        var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
        var third = await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组");
        var own = await db.Residents.Where(r => r.GridId == third.Id && r.PhoneCipher != null).OrderBy(r => r.Id).Skip(30).FirstAsync();
        var other = await db.Residents.Where(r => r.GridId != third.Id).OrderBy(r => r.Id).FirstAsync();
        return (own, other);
    }

    static Dictionary<string, string> Form(Resident r, string token) => new()
    {
        ["__RequestVerificationToken"] = token,
        ["Input.Name"] = r.Name, ["Input.Gender"] = r.Gender.ToString(), ["Input.BirthDate"] = r.BirthDate?.ToString("yyyy-MM-dd") ?? "",
        ["Input.Ethnicity"] = r.Ethnicity ?? "", ["Input.RelationToHead"] = r.RelationToHead.ToString(), ["Input.ResidenceKind"] = r.ResidenceKind.ToString(),
        ["Input.Education"] = r.Education ?? "", ["Input.PoliticalStatus"] = r.PoliticalStatus ?? "", ["Input.MaritalStatus"] = r.MaritalStatus ?? "",
        ["Input.Notes"] = r.Notes ?? "", ["Input.NationalId"] = r.NationalIdMasked ?? "", ["Input.Phone"] = r.PhoneMasked ?? "",
        ["Input.Version"] = r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    static async Task<List<long>> FindAsync(HttpClient client, string q) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents?limit=200&q={Uri.EscapeDataString(q)}"))
            .GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ACadreRenamesAResidentAndChangesThePhoneAndTheHistoryAuditAndSearchFollow(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var (own, _) = await ResidentsAsync(app);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Contains(own.Id, await FindAsync(cadre, Pinyin.Initials(own.Name).Split(' ')[0]));

        var edit = $"/Registry/Resident/{own.Id}/Edit";
        var form = Form(own, await LinliApp.AntiforgeryTokenAsync(cadre, edit));
        form["Input.Name"] = "欧阳春晓";
        form["Input.Phone"] = "139 0000 1234";
        var saved = await cadre.PostAsync(edit, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = await cadre.GetStringAsync($"/Registry/Resident/{own.Id}");
        Assert.Contains("欧阳春晓", page);
        Assert.Contains("139****1234", page);
        Assert.DoesNotContain("13900001234", page);
        await using (var db = app.Database.Target.CreateContext())
        {
            var changes = await db.ResidentChanges.Where(c => c.ResidentId == own.Id).ToListAsync();
            Assert.Contains(changes, c => c.Field == "姓名" && c.OldValue == own.Name && c.NewValue == "欧阳春晓" && c.UserName == app.Account(Roles.GridCadre).DisplayName);
            Assert.Contains(changes, c => c.Field == "联系电话" && c.OldValue == own.PhoneMasked && c.NewValue == "139****1234");
            Assert.DoesNotContain(changes, c => (c.NewValue ?? "").Contains("13900001234", StringComparison.Ordinal));
        }
        var audit = (await AuditKit.RowsAsync(app)).Last(e => e.Action == AuditActions.Write);
        Assert.Equal(own.Id, audit.TargetId);
        Assert.Contains("姓名", audit.Detail);

        Assert.Contains(own.Id, await FindAsync(cadre, "oycx"));
        Assert.Contains(own.Id, await FindAsync(cadre, "春晓"));
        Assert.Contains(own.Id, await FindAsync(cadre, "欧阳春晓"));
        Assert.DoesNotContain(own.Id, await FindAsync(cadre, own.Name));
    }

    [Fact]
    public async Task ADuplicateIdNumberIsRefusedNextToTheFieldAndNothingChanges()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var (own, other) = await ResidentsAsync(app);
        var cipher = FieldCipher.OpenOrCreate(app.Database.DataDir);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var edit = $"/Registry/Resident/{own.Id}/Edit";
        var form = Form(own, await LinliApp.AntiforgeryTokenAsync(lead, edit));
        form["Input.NationalId"] = cipher.Decrypt(other.NationalIdCipher!);
        form["Input.Name"] = "改了也不该保存";
        var answer = await lead.PostAsync(edit, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("这个身份证号已登记在另一位居民名下", await answer.Content.ReadAsStringAsync());
        await using var db = app.Database.Target.CreateContext();
        Assert.Equal(own.Name, (await db.Residents.SingleAsync(r => r.Id == own.Id)).Name);
        Assert.False(await db.ResidentChanges.AnyAsync(c => c.ResidentId == own.Id));
    }

    [Fact]
    public async Task MovingOutKeepsTheResidentWithAStatusAndOutOfTheDailyList()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        var (_, other) = await ResidentsAsync(app);
        Resident own, head;
        await using (var db = app.Database.Target.CreateContext())
        {
            var third = await db.OrgUnits.Where(o => o.Name == "第三居民组" && db.OrgUnits.Any(c => c.Id == o.ParentId && c.Name == "幸福里社区")).SingleAsync();
            own = await db.Residents.Where(r => r.GridId == third.Id && r.RelationToHead != RelationToHead.Self).OrderBy(r => r.Id).Skip(30).FirstAsync();
            head = await db.Residents.Where(r => r.GridId == third.Id && r.RelationToHead == RelationToHead.Self
                && db.Residents.Count(m => m.HouseholdId == r.HouseholdId) > 1).OrderBy(r => r.Id).FirstAsync();
        }
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var edit = $"/Registry/Resident/{own.Id}/Edit";
        var token = await LinliApp.AntiforgeryTokenAsync(cadre, edit);
        var moved = await cadre.PostAsync($"{edit}?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Leave.Status"] = "MovedOut", ["Leave.Date"] = "2026-11-20", ["Leave.Note"] = "随子女迁往外省", ["Leave.Confirmed"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var page = await cadre.GetStringAsync($"/Registry/Resident/{own.Id}");
        Assert.Contains("迁出", page);
        Assert.Contains("随子女迁往外省", page);
        Assert.DoesNotContain(own.Id, await FindAsync(cadre, own.Name));
        var all = await cadre.GetFromJsonAsync<JsonElement>($"/api/v1/residents?includeInactive=true&q={Uri.EscapeDataString(own.Name)}");
        Assert.Contains(own.Id, all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));

        Assert.Equal(HttpStatusCode.NotFound, (await cadre.GetAsync($"/Registry/Resident/{other.Id}/Edit")).StatusCode);
        var hotline = await app.LoggedInClientAsync(Roles.HotlineOperator);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotline.GetAsync(edit)).StatusCode);

        // A head who leaves others behind is sent to the household's step that names the new head; nothing is registered yet.
        var headEdit = $"/Registry/Resident/{head.Id}/Edit";
        var headToken = await LinliApp.AntiforgeryTokenAsync(cadre, headEdit);
        var sent = await cadre.PostAsync($"{headEdit}?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = headToken, ["Leave.Status"] = "Deceased", ["Leave.Date"] = "2026-11-20", ["Leave.Confirmed"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal($"/Registry/Household/{head.HouseholdId}/Change?op=leave&resident={head.Id}", sent.Headers.Location?.OriginalString);
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(ResidentStatus.Active, (await db.Residents.SingleAsync(r => r.Id == head.Id)).Status);
    }
}

public class HouseholdMemberTests
{
    [Fact]
    public async Task ACadreRegistersANewbornInAHouseholdAndTheLeadLabelsHer()
    {
        await using var app = await LinliApp.StartWithDemoAsync();
        long householdId, gridId;
        await using (var db = app.Database.Target.CreateContext())
        {
            var community = await db.OrgUnits.SingleAsync(o => o.Name == "幸福里社区");
            gridId = (await db.OrgUnits.SingleAsync(o => o.ParentId == community.Id && o.Name == "第三居民组")).Id;
            householdId = await db.Households.Where(h => h.GridId == gridId).OrderBy(h => h.Id).Skip(9).Select(h => h.Id).FirstAsync();
        }
        var first17 = "41010220260901002";
        var id = first17 + NationalId.CheckDigit(first17);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var add = $"/Registry/Household/{householdId}/AddMember";
        var token = await LinliApp.AntiforgeryTokenAsync(cadre, add);
        var created = await cadre.PostAsync(add, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = "司马小满", ["Input.NationalId"] = id,
            ["Input.Gender"] = "", ["Input.RelationToHead"] = "Grandchild", ["Input.ResidenceKind"] = "Registered", ["Input.Ethnicity"] = "汉族",
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var residentId = long.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        await using (var db = app.Database.Target.CreateContext())
        {
            var baby = await db.Residents.SingleAsync(r => r.Id == residentId);
            Assert.Equal((householdId, gridId, Gender.Female, new DateOnly(2026, 9, 1)), (baby.HouseholdId!.Value, baby.GridId, baby.Gender, baby.BirthDate!.Value));
            Assert.Contains(await db.ResidentChanges.Where(c => c.ResidentId == residentId).ToListAsync(), c => c.Field == "登记");
        }
        var byInitials = await cadre.GetFromJsonAsync<JsonElement>("/api/v1/residents?q=smxm");
        Assert.Contains(residentId, byInitials.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));

        // The lead ticks a sensitive label; the cadre sees neither the label nor its line in the history.
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var edit = $"/Registry/Resident/{residentId}/Edit";
        int disabledTag;
        await using (var db = app.Database.Target.CreateContext())
            disabledTag = (int)(await db.Tags.SingleAsync(t => t.Code == "Disabled")).Id;
        // The form as the page shows it, with one more box ticked.
        var fields = PageForm.Fields(await lead.GetStringAsync(edit), "edit-form");
        fields.Add(new("Input.TagIds", disabledTag.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var saved = await lead.PostAsync(edit, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("残疾人", await lead.GetStringAsync($"/Registry/Resident/{residentId}"));
        Assert.DoesNotContain("残疾人", await cadre.GetStringAsync($"/Registry/Resident/{residentId}"));
    }
}
