using System.Net;
using Linli.Features.Access;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>
/// The import page's column mapping, the rows as they will be stored, duplicates named by name and masked ID with a
/// link, the done page's link to the imported residents, and the blank template.
/// </summary>
public partial class ImportPageTests
{
    Linli.Data.FieldCipher Cipher => Linli.Data.FieldCipher.OpenOrCreate(demo.App.Database.DataDir);

    [Fact]
    public async Task AnUnreadColumnOfIdsIsMappedOnThePageAndTheDonePageLinksToTheList()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var grid = await GridIdAsync("幸福里社区", "第一居民组");
        Resident existing;
        await using (var db = demo.App.Database.Target.CreateContext())
            existing = await db.Residents.Where(r => r.GridId == grid && r.NationalIdCipher != null).OrderBy(r => r.Id).FirstAsync();
        var existingId = Cipher.Decrypt(existing.NationalIdCipher!);
        var newId = Synthetic.Id("19700707", 601, male: true);
        var file = new XlsxBuilder()
            .Row(1, "姓名", "性别", "证号", "与户主关系")
            .Row(2, "测试映射", "男", newId, "户主")
            .Row(3, existing.Name, "男", existingId, "户主")
            .Build();

        var preview = await (await PreviewAsync(client, file, grid)).Content.ReadAsStringAsync();
        Assert.Contains("列的对应", preview);
        Assert.Contains("data-column=\"C\" class=\"unread-sensitive\"", preview);
        Assert.Contains("像身份证号", preview);
        Assert.DoesNotContain(newId, preview);

        var remap = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden(preview, "__RequestVerificationToken"),
            ["Confirm.Upload"] = Hidden(preview, "Confirm.Upload"), ["Confirm.UnitId"] = Hidden(preview, "Confirm.UnitId"),
            ["Confirm.FileName"] = Hidden(preview, "Confirm.FileName"), ["Confirm.Choices[C]"] = "NationalId",
        };
        var again = await (await client.PostAsync("/Registry/Import?handler=Remap", new FormUrlEncodedContent(remap))).Content.ReadAsStringAsync();
        Assert.Contains("将要保存的前几行", again);
        Assert.Contains("测试映射", again);
        Assert.Contains(Linli.Features.Registry.NationalId.Mask(newId), again);
        // The duplicate is named, with its masked number and a link, not by an internal number.
        Assert.Contains($"<a href=\"/Registry/Resident/{existing.Id}\">{existing.Name}（{existing.NationalIdMasked}）</a>", again);
        Assert.Contains("name=\"Confirm.Choices[C]\" value=\"NationalId\"", again);

        var confirm = new Dictionary<string, string>(remap) { ["__RequestVerificationToken"] = Hidden(again, "__RequestVerificationToken"), ["Confirm.Upload"] = Hidden(again, "Confirm.Upload") };
        var done = await (await client.PostAsync("/Registry/Import?handler=Confirm", new FormUrlEncodedContent(confirm))).Content.ReadAsStringAsync();
        Assert.Contains("已导入 1 名居民", done);
        Assert.Contains($"href=\"/Registry/Residents?grid={grid}\"", done);
        await using var check = demo.App.Database.Target.CreateContext();
        var imported = await check.Residents.SingleAsync(r => r.Name == "测试映射");
        Assert.Equal(Cipher.Hash(newId), imported.NationalIdHash);
    }

    [Fact]
    public async Task TheBlankTemplateHasTheHeadingsAndOneExampleRow()
    {
        var client = await demo.App.LoggedInClientAsync(Roles.CommunityLead);
        var response = await client.GetAsync("/Registry/Import?handler=Template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var sheet = Linli.Features.Registry.Import.RosterFile.Read(bytes).Single();
        var header = Linli.Features.Registry.Import.RosterHeader.Find(sheet)!;
        Assert.True(header.All.Count >= 15);
        Assert.All(header.All, c => Assert.NotNull(c.Column));
        Assert.Equal(2, sheet.Rows.Count);
    }
}
