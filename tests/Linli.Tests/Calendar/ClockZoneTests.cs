using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Visits;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Calendar;

/// <summary>Pages show times in the clock's zone (OfficeTime), not in the zone of the machine the server runs on.</summary>
public class ClockZoneTests
{
    /// <summary>Now, in Beijing time: 8 hours from this machine's UTC, so a page that used the machine's zone would show otherwise.</summary>
    sealed class BeijingClock : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone { get; } = TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "北京时间", "北京时间");
    }

    [Fact]
    public async Task AVisitsEntryTimeIsShownInTheClocksZone()
    {
        var clock = new BeijingClock();
        await using var app = await LinliApp.StartOnAsync(await TestDatabase.CreateWithDemoAsync(TestDatabase.Sqlite), demo: true, ownsDatabase: true,
            configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var elder = await app.SeedAsync(new ResidentBuilder().InGrid("第三居民组").Named("欧阳秀英").Aged(85));
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var response = await cadre.PostAsJsonAsync("/api/v1/visits", new { residentId = elder.Id, date = clock.Today().AddDays(-1), method = "Door" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using var db = app.Database.Target.CreateContext();
        var entered = OfficeTime.AsUtc((await db.Set<Visit>().SingleAsync(v => v.Id == id)).EnteredAtUtc);
        var page = await cadre.GetStringAsync($"/Visits/Detail/{id}");
        Assert.Contains(entered.AddHours(8).ToString("yyyy-MM-dd HH:mm"), page);
        if (TimeZoneInfo.Local.GetUtcOffset(entered) != TimeSpan.FromHours(8))
            Assert.DoesNotContain(entered.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), page);
    }
}
