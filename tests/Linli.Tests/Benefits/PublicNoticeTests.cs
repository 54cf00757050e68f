using System.Text.RegularExpressions;
using Linli.Features.Access;
using Linli.Features.Benefits;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Benefits;

/// <summary>
/// 公示 privacy (issue 14, "public notices contain only what the policy allows, checked by a test that scans every public
/// page for ID, phone and address patterns"): one notice of every kind that has one, then every community's public page
/// and printed sheet, scanned.
/// </summary>
public partial class PublicNoticeTests
{
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task EveryPublicNoticePageShowsOnlyWhatItsKindsPolicyAllows(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var social = await app.LoggedInClientAsync(Roles.SocialWorker);
        var kinds = BenefitKind.Presets.Where(k => k.NeedsNotice).ToList();
        var households = await BenefitKit.HouseholdsAsync(app, "第六居民组", kinds.Count);
        foreach (var (kind, (household, _, _)) in kinds.Zip(households))
        {
            var id = (await BenefitKit.OpenAsync(social, kind.Code, household)).GetProperty("id").GetInt64();
            if (kind.NeedsInvestigation) await BenefitKit.StepAsync(social, id, new { action = "investigate", text = "家住3号楼2单元301室，电话13912345678，身份证420106195001011234，患尿毒症。" });
            if (kind.NeedsReview) await BenefitKit.StepAsync(social, id, new { action = "review", attendees = 9, agreed = 9, amount = 600m });
            await BenefitKit.StepAsync(social, id, new { action = "publish" });
        }

        await using var db = BenefitKit.Db(app);
        var notices = await db.Set<BenefitNotice>().ToListAsync();
        Assert.True(notices.Count >= kinds.Count);
        foreach (var n in notices)
        {
            var policy = BenefitKind.Find(n.Kind)!.Policy;
            Assert.True(policy.HouseholdSize || n.HouseholdSize is null, $"{n.Kind}: household size shown against its policy");
            Assert.True(policy.MonthlyAmount || n.MonthlyAmount is null, $"{n.Kind}: amount shown against its policy");
            Assert.True(!policy.MaskName || n.HeadName is null || n.HeadName.Length < 2 || n.HeadName.Contains('*', StringComparison.Ordinal), $"{n.Kind}: name not masked");
        }
        var fullNames = await db.Set<BenefitNotice>().Join(db.Set<BenefitApplication>(), n => n.ApplicationId, a => a.Id, (n, a) => a.HouseholdId)
            .Join(db.Households, h => h, x => x.Id, (_, x) => x.HeadId).Join(db.Residents, h => h, r => r.Id, (_, r) => r.Name).Distinct().ToListAsync();
        var communities = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Community).Select(o => o.Code).ToListAsync();
        var visitor = app.Client();
        var scanned = 0;
        foreach (var code in communities)
            foreach (var path in new[] { $"/Notices/{code}", $"/Notices/{code}/Print" })
            {
                var html = await visitor.GetStringAsync(path);
                var text = Tags().Replace(html, " ");
                Assert.DoesNotMatch(IdLike(), text);
                Assert.DoesNotMatch(MobileLike(), text);
                Assert.DoesNotMatch(AddressLike(), text);
                foreach (var word in new[] { "尿毒症", "残疾", "银行", "账号：" }) Assert.DoesNotContain(word + "：", text, StringComparison.Ordinal);
                Assert.DoesNotContain("尿毒症", text, StringComparison.Ordinal);
                foreach (var name in fullNames.Where(n => n.Length >= 2)) Assert.DoesNotContain(name, text, StringComparison.Ordinal);
                scanned++;
            }
        Assert.Equal(communities.Count * 2, scanned);
        Assert.Contains("*", Tags().Replace(await visitor.GetStringAsync("/Notices/CGJD-XFL"), " "), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")]
    private static partial Regex IdLike();

    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex MobileLike();

    [GeneratedRegex(@"[0-9]+\s*(号楼|栋|幢)|[0-9]+\s*单元|[0-9]{3,4}\s*(室|号房)")]
    private static partial Regex AddressLike();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
