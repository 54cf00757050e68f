using Linli.Features.Registry;
using Linli.Features.Registry.Import;
using Linli.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Linli.Tests.Registry.Import;

/// <summary>An import commits every importable row in one transaction, or nothing: also when it is stopped halfway.</summary>
public class AllOrNothingTests
{
    /// <summary>Cancels the import once the first batch of residents is written, as a closed page or Ctrl+C would.</summary>
    sealed class CancelAfter(CancellationTokenSource cts, int residents) : IProgress<int>
    {
        public int Seen { get; private set; }
        public void Report(int written)
        {
            Seen = written;
            if (written >= residents) cts.Cancel();
        }
    }

    /// <summary>Fails the way a crash would: an exception from deep inside the write.</summary>
    sealed class FailAfter(int residents) : IProgress<int>
    {
        public void Report(int written)
        {
            if (written >= residents) throw new IOException("磁盘出错（测试注入）");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnImportCancelledHalfwayLeavesTheRegistryAsItWas(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var earlier = await world.ImportAsync(CleanRoster.Xlsx(CleanRoster.People(30, firstNumber: 12_345)), world.Grid(2));
        Assert.Equal(30, earlier.Imported);
        var before = await world.CountsAsync();

        using var cts = new CancellationTokenSource();
        var progress = new CancelAfter(cts, 2000);
        var file = CleanRoster.Xlsx(CleanRoster.People(5000));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            world.ImportAsync(file, world.Grid(1), new RosterImport.Options(Progress: progress), cts.Token));
        Assert.True(progress.Seen >= 2000, "the import had written residents before it was stopped");
        Assert.Equal(before, await world.CountsAsync());

        // Nothing is half there, so the same file then goes in whole.
        var report = await world.ImportAsync(file, world.Grid(1));
        Assert.Equal(5000, report.Imported);
        Assert.Equal(before.Residents + 5000, (await world.CountsAsync()).Residents);
    }

    /// <summary>
    /// The rows are checked before the write lock is taken; a person registered by someone else in between is found
    /// again under the lock, and the roster goes in without them. A write elsewhere does not disturb the import.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task APersonRegisteredWhileTheRosterIsCheckedIsFoundAgainUnderTheLock(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var people = CleanRoster.People(40, firstNumber: 700);
        var file = CleanRoster.Xlsx(people);
        var third = people[2];
        Resident? other = null;
        var report = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(Checked: async _ =>
        {
            await world.AddResidentAsync("赵另外", "110101199001011237", world.Grid(5));
            other = await world.AddResidentAsync(third.Name, third.Id, world.Grid(3));
        }));
        Assert.Equal(39, report.Imported);
        var duplicate = Assert.Single(report.Duplicates);
        Assert.Equal(3 + report.HeaderRow, duplicate.Row);
        Assert.Equal($"resident {other!.Id}", duplicate.SameAs);
        Assert.Equal(39 + 2, (await world.CountsAsync()).Residents);

        // Another file, and only a write elsewhere in between: written as checked.
        var next = await world.ImportAsync(CleanRoster.Xlsx(CleanRoster.People(20, firstNumber: 900)), world.Grid(2), new RosterImport.Options(Checked: async _ =>
            await world.AddResidentAsync("钱另外", "110101199202021239", world.Grid(6))));
        Assert.Equal(20, next.Imported);
        Assert.Empty(next.Duplicates);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AnImportThatFailsHalfwayLeavesTheRegistryAsItWas(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var before = await world.CountsAsync();
        var file = CleanRoster.Xlsx(CleanRoster.People(4500));
        var failure = await Assert.ThrowsAsync<IOException>(() => world.ImportAsync(file, world.Grid(1), new RosterImport.Options(Progress: new FailAfter(4000))));
        Assert.Contains("测试注入", failure.Message);
        Assert.Equal(before, await world.CountsAsync());
        await using var db = world.Db();
        Assert.False(await db.Households.AnyAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task OneBadRowBlocksTheWholeFileUnlessTheUserAsksToSkipIt(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var people = CleanRoster.People(200);
        people[150] = people[150] with { Id = Synthetic.WithWrongCheckDigit(people[150].Id) };
        var file = CleanRoster.Xlsx(people);

        var blocked = await world.ImportAsync(file, world.Grid(1));
        Assert.Equal(0, blocked.Imported);
        Assert.Equal([(152, "公民身份号码")], blocked.Errors.Select(e => (e.Row, e.Column)).ToArray());
        Assert.Equal(0, (await world.CountsAsync()).Residents);

        var skipped = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(SkipInvalid: true));
        Assert.Equal(199, skipped.Imported);
        Assert.Equal(199, (await world.CountsAsync()).Residents);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task IntoACommunityEachRowGoesToTheGridItNames(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var people = CleanRoster.People(60, gridOf: h => h % 3 == 0 ? "第三居民组" : h % 3 == 1 ? "CGJD-XFL-01" : "第二居民组");
        people[10] = people[10] with { Grid = "第九居民组" };
        people[11] = people[11] with { Grid = null };
        var report = await world.ImportAsync(CleanRoster.Xlsx(people), world.Community, new RosterImport.Options(SkipInvalid: true));
        Assert.Equal([(12, "网格"), (13, "网格")], report.Errors.Select(e => (e.Row, e.Column)).ToArray());
        Assert.Contains("“第九居民组”不是幸福里社区的网格", report.Errors[0].Message);
        Assert.Equal(58, report.Imported);
        await using var db = world.Db();
        var byGrid = await db.Residents.GroupBy(r => r.GridId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N);
        Assert.Equal(58, byGrid.Values.Sum());
        Assert.Equal(3, byGrid.Count);
        Assert.True(byGrid.ContainsKey(world.Grid(1).Id) && byGrid.ContainsKey(world.Grid(2).Id) && byGrid.ContainsKey(world.Grid(3).Id));
    }
}
