using System.Net;
using System.Net.Http.Headers;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;

namespace Linli.Tests.Audit;

public class AuditPrivacyTests
{
    /// <summary>
    /// People type ID and phone numbers where they do not belong: as a user name, in an address, in a
    /// display name. Whatever reached the log, no row holds one unmasked.
    /// </summary>
    [Fact]
    public async Task NoAuditRowHoldsAnUnmaskedIdOrMobileNumber()
    {
        await using var app = await AuditKit.StartAsync();
        var first17 = "42010619800101123";
        var id = first17 + NationalId.CheckDigit(first17);
        const string mobile = "13907551234", legacy = "420106800101123";

        foreach (var name in new[] { id, mobile, legacy, $"wang{mobile}" })
            await LinliApp.LoginAsync(app.Client(), name, "wrong-password-1");
        var cadre = await AuditKit.LoggedInClientAsync(app, Roles.GridCadre);
        await cadre.GetAsync($"/Audit?person={id}&id={mobile}");
        await cadre.GetAsync($"/api/v1/no-such/{id}");
        var encoded = string.Concat(mobile.Select(c => $"%{(int)c:X2}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await cadre.GetAsync($"/Audit?person={encoded}")).StatusCode);
        await cadre.PostAsync($"/Account/Logout?next={mobile}", new FormUrlEncodedContent([]));
        var anonymous = app.Client();
        await anonymous.PostAsync($"/Account/Login?ReturnUrl=/Registry/{id}", new FormUrlEncodedContent([]));
        var added = await AuditKit.Cli(app, "wuye2026xq\n", "user", "add", "wugang", "--role", "GridCadre", "--org", "CGJD-XFL-05", "--display-name", $"吴刚{mobile}");
        Assert.Equal(0, added.Exit);
        var stranger = app.Client();
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"linli_{id}{mobile}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/me")).StatusCode);

        var rows = await AuditKit.RowsAsync(app);
        Assert.True(rows.Count >= 10, $"the scenario should have written at least ten rows, wrote {rows.Count}");
        foreach (var r in rows)
            foreach (var text in new[] { r.ActorName, r.Detail, r.TargetKind, r.ClientIp, r.Action })
                Assert.False(text is not null && Linli.Tests.Infrastructure.KeptLog.UnmaskedNumber().IsMatch(text), $"row {r.Id} holds an unmasked number: {text}");
        // Masked, not dropped: the auditor still sees that something was typed, and which one.
        Assert.Contains(rows, r => r.ActorName == NationalId.Mask(id));
        Assert.Contains(rows, r => r.ActorName == PhoneNumber.Mask(mobile));
        Assert.Contains(rows, r => r.Detail?.Contains($"吴刚{PhoneNumber.Mask(mobile)}", StringComparison.Ordinal) == true);
        Assert.Contains(rows, r => r.Detail == $"GET /Audit?person={PhoneNumber.Mask(mobile)}：缺少权限 audit.read");

        // The auditor finds the masked name by typing the number.
        var auditor = await AuditKit.LoggedInClientAsync(app, Roles.Auditor);
        var html = await auditor.GetStringAsync($"/Audit?person={mobile}");
        Assert.Contains("data-count=\"1\"", html);
        Assert.Contains($">{PhoneNumber.Mask(mobile)}</a>", html);
    }
}
