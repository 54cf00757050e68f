using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Cases;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linli.Tests.Cases;

/// <summary>
/// The case workflow driven directly, as the pages and the API drive it, on a demo app: the areas of the demo accounts,
/// a grid and one of its residents, and a step that must succeed (<see cref="ActAsync"/>) or be refused (<see cref="RefusedAsync"/>).
/// </summary>
sealed class CaseKit(LinliApp app) : IAsyncDisposable
{
    readonly AsyncServiceScope scope = app.Web.Services.CreateAsyncScope();
    public LinliApp App => app;
    public LinliDb Db => scope.ServiceProvider.GetRequiredService<LinliDb>();
    public CaseWorkflow Workflow => scope.ServiceProvider.GetRequiredService<CaseWorkflow>();

    public async Task<UserArea> AreaAsync(string role) =>
        await UserArea.LoadAsync(Db, (await Db.Users.SingleAsync(u => u.UserName == app.Account(role).UserName)).Id, default);

    public async Task<long> GridAsync(string community, string grid)
    {
        var c = await Db.OrgUnits.SingleAsync(o => o.Name == community);
        return (await Db.OrgUnits.SingleAsync(o => o.ParentId == c.Id && o.Name == grid)).Id;
    }

    /// <summary>A grid of 幸福里社区, the demo's own community.</summary>
    public Task<long> GridAsync(string grid) => GridAsync("幸福里社区", grid);

    /// <summary>
    /// The last day, on the office's calendar, of a limit of <paramref name="days"/> 日 begun at <paramref name="startUtc"/>:
    /// the start day not counted, a last day on a rest day moved to the next working day (民事诉讼法 art 85).
    /// </summary>
    public async Task<DateOnly> RolledLastDayAsync(DateTime startUtc, int days)
    {
        var calendar = await scope.ServiceProvider.GetRequiredService<Linli.Features.Calendar.WorkCalendars>().CurrentAsync(Db, default);
        return calendar.OnOrAfter(LocalDay(startUtc).AddDays(days));
    }

    /// <summary>The last day a due moment (the start of the day after the limit, UTC) closes, in office time.</summary>
    public DateOnly LastDayOf(DateTime dueUtc) => LocalDay(dueUtc.AddTicks(-1));

    DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc),
        scope.ServiceProvider.GetRequiredService<TimeProvider>().LocalTimeZone));

    public async Task<long> ResidentInAsync(long grid) =>
        await Db.Residents.Where(r => r.GridId == grid && r.HouseholdId != null).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();

    public async Task<Case> OpenAsync(UserArea who, CaseWorkflow.OpenForm form)
    {
        var outcome = await Workflow.OpenAsync(who, form, default);
        Assert.NotNull(outcome);
        Assert.True(outcome.Ok, string.Join(" ", outcome.Errors.Values));
        return outcome.Case!;
    }

    public async Task<Case> ActAsync(UserArea who, long id, CaseWorkflow.ActForm form)
    {
        var outcome = await Workflow.ActAsync(who, id, form, default);
        Assert.NotNull(outcome);
        Assert.True(outcome.Ok, string.Join(" ", outcome.Errors.Values));
        return outcome.Case!;
    }

    public async Task<string> RefusedAsync(UserArea who, long id, CaseWorkflow.ActForm form)
    {
        var outcome = await Workflow.ActAsync(who, id, form, default);
        Assert.NotNull(outcome);
        Assert.False(outcome.Ok);
        return string.Join(" ", outcome.Errors.Values);
    }

    /// <summary>The case as stored now, read through a context of its own.</summary>
    public async Task<Case> FreshAsync(long id)
    {
        await using var db = app.Database.Target.CreateContext();
        return await db.Set<Case>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
