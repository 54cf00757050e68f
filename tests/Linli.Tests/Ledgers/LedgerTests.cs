using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Ledgers;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Linli.Tests.Ledgers;

/// <summary>Ledgers generated from the registry and the visits, typed columns through xlsx, frozen submissions, grants, scope and the saving, over HTTP on both engines.</summary>
public class LedgerTests
{
    static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);
    static string Month => Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A template the lead saves: registry and visits fields, one typed column (签名), for elders living alone aged 80 and over.</summary>
    static async Task<string> SaveElderTemplateAsync(HttpClient lead, long community, params object[] extra)
    {
        var columns = new List<object>
        {
            new { heading = "姓名", fieldKey = "registry.name" }, new { heading = "身份证号", fieldKey = "registry.national-id" },
            new { heading = "年龄", fieldKey = "registry.age" }, new { heading = "联系电话", fieldKey = "registry.phone" },
            new { heading = "最近走访日期", fieldKey = "visits.last-date" }, new { heading = "走访人", fieldKey = "visits.last-visitor" },
            new { heading = "签名", fieldKey = (string?)null },
        };
        columns.AddRange(extra);
        var response = await lead.PostAsJsonAsync("/api/v1/ledgers/templates", new
        {
            unitId = community, department = "老龄", name = "高龄独居老人探访表", dutyItem = "老年人关爱", cycle = "monthly", dueDay = 25, streetApproves = true,
            subject = "resident", labels = new[] { "ElderlyLivingAlone" }, ageFrom = 80, columns,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    static JsonElement? RowOf(JsonElement sheet, long rowId) =>
        sheet.GetProperty("rows").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("rowId").GetInt64() == rowId);

    static string? Cell(JsonElement row, int column) => row.GetProperty("cells")[column].ValueKind == JsonValueKind.Null ? null : row.GetProperty("cells")[column].GetString();

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ALedgerIsGeneratedTypedThroughXlsxAndSubmittedFrozen(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var community = await app.UnitIdAsync("CGJD-XFL");
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("欧阳秀英").Aged(85).WithPhone("13912345678").WithTag("独居老人"));
        var younger = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("司马红梅").Aged(79).WithTag("独居老人"));
        var notAlone = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("诸葛文华").Aged(91));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Created, (await cadre.PostAsJsonAsync("/api/v1/visits", new { residentId = elder.Id, date = Today.AddDays(-2), method = "Door" })).StatusCode);

        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var key = await SaveElderTemplateAsync(lead, community);
        var url = $"/api/v1/ledgers/templates/{key}/sheet?unit={community}&month={Month}";
        var sheet = await lead.GetFromJsonAsync<JsonElement>(url);

        // The rows: the filter's people only; the values from the registry and the visits.
        Assert.Null(RowOf(sheet, younger.Id));
        Assert.Null(RowOf(sheet, notAlone.Id));
        var row = RowOf(sheet, elder.Id)!.Value;
        Assert.Equal("欧阳秀英", Cell(row, 0));
        Assert.Contains("*", Cell(row, 1));
        Assert.DoesNotContain("13912345678", Cell(row, 3));
        Assert.Equal("85", Cell(row, 2));
        Assert.Equal(Today.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Cell(row, 4));
        Assert.False(string.IsNullOrEmpty(Cell(row, 5)));
        Assert.Null(Cell(row, 6));
        var rows = sheet.GetProperty("rows").GetArrayLength();
        Assert.True(rows >= 1);

        // Typed column filled in the downloaded xlsx and uploaded again.
        var xlsx = await lead.GetByteArrayAsync($"/api/v1/ledgers/templates/{key}/xlsx?unit={community}&month={Month}");
        var cells = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
        Assert.Contains("高龄独居老人探访表", cells[0]["A"]?.ToString());
        Assert.Equal("序号", cells[1]["A"]);
        Assert.StartsWith("填报人", cells[^1]["A"]?.ToString());
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx)))
        {
            var sheetXml = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync();
            Assert.Contains("paperSize=\"9\"", sheetXml);
            Assert.Contains("orientation=\"landscape\"", sheetXml);
        }
        var index = sheet.GetProperty("rows").EnumerateArray().ToList().FindIndex(r => r.GetProperty("rowId").GetInt64() == elder.Id);
        var elderLine = cells[2 + index];
        Assert.Equal("欧阳秀英", elderLine["B"]);
        elderLine["H"] = "欧阳秀英（本人）";

        var saved = await UploadAsync(lead, $"/api/v1/ledgers/templates/{key}/typed-xlsx?unit={community}&month={Month}", cells);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        sheet = await lead.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("欧阳秀英（本人）", Cell(RowOf(sheet, elder.Id)!.Value, 6));

        // Changing anything but the typed column refuses the whole file, naming the row and the column.
        elderLine["H"] = "另一个签名";
        elderLine["B"] = "欧阳秀";
        var refused = await UploadAsync(lead, $"/api/v1/ledgers/templates/{key}/typed-xlsx?unit={community}&month={Month}", cells);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"第 {3 + index} 行", problem);
        Assert.Contains("姓名", problem);
        sheet = await lead.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("欧阳秀英（本人）", Cell(RowOf(sheet, elder.Id)!.Value, 6));

        // Submitted: frozen. The saving counts the cells filled.
        var submitted = await lead.PostAsync($"/api/v1/ledgers/templates/{key}/submissions?unit={community}&month={Month}", null);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var submission = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        var id = submission.GetProperty("id").GetInt64();
        var expectedField = sheet.GetProperty("rows").EnumerateArray().Sum(r => Enumerable.Range(0, 6).Count(c => !string.IsNullOrEmpty(Cell(r, c))));
        Assert.Equal(expectedField, submission.GetProperty("fieldCells").GetInt32());
        Assert.Equal(1, submission.GetProperty("typedCells").GetInt32());
        Assert.Equal(sheet.GetProperty("fieldCells").GetInt32(), expectedField);

        await using (var db = app.Database.Target.CreateContext())
        {
            var r = await db.Residents.SingleAsync(x => x.Id == elder.Id);
            r.Name = "欧阳秀英改";
            await db.SaveChangesAsync();
        }
        var frozen = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/ledgers/submissions/{id}");
        Assert.Contains(frozen.GetProperty("cells").EnumerateArray(), r => r[0].GetString() == "欧阳秀英");
        Assert.DoesNotContain(frozen.GetProperty("cells").EnumerateArray(), r => r[0].GetString() == "欧阳秀英改");
        Assert.Equal("Submitted", frozen.GetProperty("state").GetString());
        sheet = await lead.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("欧阳秀英改", Cell(RowOf(sheet, elder.Id)!.Value, 0));

        // The street sees the saving and approves; the lead cannot approve.
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var savings = await street.GetFromJsonAsync<JsonElement>($"/api/v1/ledgers/savings?month={Month}");
        var mine = savings.EnumerateArray().Single(s => s.GetProperty("templateKey").GetString() == key);
        Assert.Equal(expectedField, mine.GetProperty("fieldCells").GetInt32());
        Assert.Equal(1, mine.GetProperty("typedCells").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsJsonAsync($"/api/v1/ledgers/submissions/{id}/review", new { approve = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await street.PostAsJsonAsync($"/api/v1/ledgers/submissions/{id}/review", new { approve = true })).StatusCode);
        var home = await street.GetStringAsync("/");
        var (auto, typed) = (savings.EnumerateArray().Sum(s => s.GetProperty("fieldCells").GetInt32()), savings.EnumerateArray().Sum(s => s.GetProperty("typedCells").GetInt32()));
        Assert.Contains($"本月自动填写 {auto} 项，手工填写 {typed} 项", home);
    }

    static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, List<Dictionary<string, object?>> rows)
    {
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(rows, printHeader: false);
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", "ledger.xlsx");
        return await client.PostAsync(url, content);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ASensitiveFieldKeepsTheLedgerFromUsersWithoutTheGrantAndScopeHolds(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var community = await app.UnitIdAsync("CGJD-XFL");
        var other = await app.UnitIdAsync("CGJD-HP");
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var key = await SaveElderTemplateAsync(lead, community, new { heading = "特殊人群类别", fieldKey = "registry.sensitive-labels" });

        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/v1/ledgers/templates/{key}/sheet?unit={community}&month={Month}")).StatusCode);
        var street = await app.LoggedInClientAsync(Roles.StreetOfficer);
        var refused = await street.GetAsync($"/api/v1/ledgers/templates/{key}/sheet?unit={community}&month={Month}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("特殊人群类别", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await street.GetAsync($"/api/v1/ledgers/templates/{key}/xlsx?unit={community}&month={Month}")).StatusCode);

        // Another community's ledger is not found for this lead; a cadre has no ledgers at all.
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/v1/ledgers/templates/registry.elderly-80/sheet?unit={other}&month={Month}")).StatusCode);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync($"/api/v1/ledgers/templates/registry.elderly-80/sheet?unit={community}&month={Month}")).StatusCode);

        // The built-in 高龄 register: every row 80 or over, with the subsidy of its age band.
        var elderly = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/ledgers/templates/registry.elderly-80/sheet?unit={community}&month={Month}");
        Assert.True(elderly.GetProperty("rows").GetArrayLength() > 50);
        foreach (var r in elderly.GetProperty("rows").EnumerateArray())
        {
            var age = int.Parse(Cell(r, 4)!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(age >= 80);
            Assert.Equal(age >= 100 ? "300.00" : age >= 90 ? "60.00" : "30.00", Cell(r, 6));
        }
        // The cases' register is there too, for the lead.
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/api/v1/ledgers/templates/cases.mediation/sheet?unit={community}&month={Month}")).StatusCode);
    }

    /// <summary>One roster, three modules' fields: the registry's name, the visits' last visit and the benefits the household holds.</summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ATemplateTakesItsFieldsFromTheRegistryTheVisitsAndTheBenefits(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var community = await app.UnitIdAsync("CGJD-XFL");
        var endOfMonth = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1).AddDays(-1);
        long applicant, household;
        decimal amount;
        string gridCode;
        await using (var db = app.Database.Target.CreateContext())
        {
            var grids = await db.OrgUnits.Where(o => o.ParentId == community).Select(o => o.Id).ToListAsync();
            var held = await db.Set<Linli.Features.Benefits.BenefitApplication>()
                .Where(a => grids.Contains(a.GridId) && a.State == Linli.Features.Benefits.BenefitState.Granted && a.StartMonth <= endOfMonth)
                .Select(a => new { a.HouseholdId, a.ApplicantId, a.Kind, a.MonthlyAmount }).ToListAsync();
            var only = held.GroupBy(a => a.HouseholdId).First(g => g.Count() == 1 && g.Single().Kind == "dibao").Single();
            (applicant, household, amount) = (only.ApplicantId, only.HouseholdId, only.MonthlyAmount!.Value);
            gridCode = await db.Residents.Where(r => r.Id == applicant).Join(db.OrgUnits, r => r.GridId, o => o.Id, (r, o) => o.Code).SingleAsync();
        }
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var created = await lead.PostAsJsonAsync("/api/v1/ledgers/templates", new
        {
            unitId = community, department = "民政", name = "低保家庭走访情况表", dutyItem = "社会救助", cycle = "monthly", dueDay = 25, streetApproves = false,
            subject = "resident", labels = new[] { "MinimumLivingAllowance" },
            columns = new object[]
            {
                new { heading = "姓名", fieldKey = "registry.name" }, new { heading = "最近走访日期", fieldKey = "visits.last-date" },
                new { heading = "享受救助", fieldKey = "benefits.person-kinds" }, new { heading = "月救助金额", fieldKey = "benefits.person-amount" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        var sheet = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/ledgers/templates/{key}/sheet?unit={community}&month={Month}");
        var row = RowOf(sheet, applicant)!.Value;
        await using (var db = app.Database.Target.CreateContext())
            Assert.Equal(await db.Residents.Where(r => r.Id == applicant).Select(r => r.Name).SingleAsync(), Cell(row, 0));
        Assert.Equal("低保", Cell(row, 2));
        Assert.Equal(amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), Cell(row, 3));
        // A cadre's visit today is the household's latest.
        var cadre = await app.ClientForAsync(Roles.GridCadre, gridCode);
        Assert.Equal(HttpStatusCode.Created, (await cadre.PostAsJsonAsync("/api/v1/visits", new { residentId = applicant, date = Today, method = "Door" })).StatusCode);
        sheet = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/ledgers/templates/{key}/sheet?unit={community}&month={Month}");
        Assert.Equal(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Cell(RowOf(sheet, applicant)!.Value, 1));
        Assert.All(sheet.GetProperty("rows").EnumerateArray(), r => Assert.False(Cell(r, 0) is null));
        Assert.True(household > 0);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task ADepartmentsBlankFormIsMappedByItsWords(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        // ledger-layouts.txt, jdbhlx and zyzmd: a title row, then the header.
        var blank = new List<Dictionary<string, object?>>
        {
            new() { ["A"] = "幸福里社区困难群众帮扶名册", ["B"] = null, ["C"] = null, ["D"] = null, ["E"] = null, ["F"] = null, ["G"] = null, ["H"] = null, ["I"] = null },
            new() { ["A"] = "序号", ["B"] = "姓名", ["C"] = "性别", ["D"] = "出生年月", ["E"] = "身份证", ["F"] = "文化程度", ["G"] = "家庭住址", ["H"] = "电话", ["I"] = "备注" },
        };
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(blank, printHeader: false);
        var content = new MultipartFormDataContent { { new ByteArrayContent(buffer.ToArray()), "file", "blank.xlsx" } };
        var response = await lead.PostAsync("/api/v1/ledgers/templates/propose", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var proposal = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("resident", proposal.GetProperty("subject").GetString());
        var map = proposal.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("heading").GetString()!,
            c => c.GetProperty("fieldKey").ValueKind == JsonValueKind.Null ? null : c.GetProperty("fieldKey").GetString());
        Assert.Equal(["姓名", "性别", "出生年月", "身份证", "文化程度", "家庭住址", "电话", "备注"], map.Keys);
        Assert.Equal("registry.name", map["姓名"]);
        Assert.Equal("registry.birth-month", map["出生年月"]);
        Assert.Equal("registry.national-id", map["身份证"]);
        Assert.Equal("registry.address", map["家庭住址"]);
        Assert.Equal("registry.phone", map["电话"]);
        Assert.Null(map["备注"]);
        Assert.Equal("幸福里社区困难群众帮扶名册", proposal.GetProperty("title").GetString());

        var notXlsx = await lead.PostAsync("/api/v1/ledgers/templates/propose", new MultipartFormDataContent { { new ByteArrayContent("not a sheet"u8.ToArray()), "file", "x.xlsx" } });
        Assert.Equal(HttpStatusCode.BadRequest, notXlsx.StatusCode);
    }
}
