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
        await using var db = world.Db();
        Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
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
        // The import adds what it wrote to the dashboards' numbers; a recount finds the same.
        await using var db = world.Db();
        Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
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
        Assert.Equal(await GridCountsTests.LiveRowsAsync(db), await GridCountsTests.StoredRowsAsync(db));
    }

    /// <summary>
    /// "Update the existing records from this roster": the preview lists the fields in which a registered person's row
    /// says otherwise; only the ticked ones are written, each one history row, through the registry's editor; unticked
    /// fields and fields the roster leaves empty stay byte for byte; a record changed since the preview refuses the whole
    /// import (new people included), and nothing is written.
    /// </summary>
    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TickedDifferencesUpdateRegisteredResidentsAndAStalePreviewWritesNothing(string engine)
    {
        await using var world = await ImportWorld.CreateAsync(engine);
        var people = CleanRoster.People(3, firstNumber: 4200);
        Assert.Equal(3, (await world.ImportAsync(CleanRoster.Xlsx(people), world.Grid(1))).Imported);
        long userId;
        await using (var db = world.Db())
        {
            var first = await db.Residents.SingleAsync(r => r.Name == people[0].Name);
            first.Notes = "原有备注";
            first.MaritalStatus = "已婚";
            var user = new Linli.Features.Access.LinliUser { UserName = "import-lead", DisplayName = "导入测试员" };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            db.RoleAssignments.Add(new Linli.Features.Access.RoleAssignment { UserId = user.Id, Role = Linli.Features.Access.Roles.CommunityLead, OrgUnitId = world.Community.Id });
            await db.SaveChangesAsync();
            userId = user.Id;
        }
        // The office's newer roster: the first person with 民族, 文化程度 and a mobile, no 备注 or 婚姻状况 (empty cells); the
        // others' cells empty; and one new person.
        var newcomer = CleanRoster.People(1, firstNumber: 4300)[0];
        byte[] Roster()
        {
            var rows = people.Append(newcomer).Select((p, i) => new Dictionary<string, object?>
            {
                ["户号"] = p.Household, ["姓名"] = p.Name, ["与户主关系"] = p.Relation, ["公民身份号码"] = p.Id, ["现住址"] = p.Address,
                ["民族"] = i == 0 ? "回族" : null, ["文化程度"] = i == 0 ? "大学本科" : null, ["联系电话"] = i == 0 ? Synthetic.Phone(17) : null,
                ["婚姻状况"] = null, ["备注"] = null,
            }).ToList();
            using var stream = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(stream, rows);
            return stream.ToArray();
        }
        var file = Roster();
        async Task<List<string>> StoredAsync()
        {
            await using var db = world.Db();
            return await db.Residents.OrderBy(r => r.Id).Select(r => $"{r.Id}|{r.Name}|{r.Ethnicity}|{r.Education}|{r.MaritalStatus}|{r.Notes}|{r.PhoneMasked}|{r.Version}").ToListAsync();
        }

        var preview = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(DryRun: true));
        Assert.Equal(1, preview.Importable);
        Assert.Equal(["民族", "联系电话", "文化程度"], preview.Differences.Select(d => d.Field).ToArray());
        var phone = preview.Differences.Single(d => d.Field == "联系电话");
        Assert.Null(phone.Stored);
        Assert.Equal(Linli.Features.Registry.PhoneNumber.Mask(Synthetic.Phone(17)), phone.Roster);
        Assert.DoesNotContain(Synthetic.Phone(17), preview.ToJson());
        Assert.Contains("\"differences\":[{\"row\":2,\"sheet\":null,\"fields\":[\"民族\",\"联系电话\",\"文化程度\"]}]", preview.ToJson());
        var ticked = preview.Differences.Where(d => d.Field != "文化程度").Select(d => ImportUpdate.Parse(d.Choice)!).ToList();

        // Someone edits the person after the preview: the import refuses, and writes nothing (not even the newcomer).
        await using (var db = world.Db())
        {
            var first = await db.Residents.SingleAsync(r => r.Name == people[0].Name);
            first.Notes = "预览之后他人改的备注";
            await db.SaveChangesAsync();
        }
        var before = await StoredAsync();
        var area = await Linli.Features.Access.UserArea.LoadAsync(world.Db(), userId, default);
        var stale = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(Updates: ticked, Area: area));
        Assert.True(stale.StaleUpdate && stale.Blocked);
        Assert.Contains("预览之后已被他人修改", stale.Errors.Single().Message);
        Assert.Equal(before, await StoredAsync());

        // Previewed again and ticked: exactly 民族 and 联系电话 change, each one history row; the rest is as it was.
        var again = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(DryRun: true));
        ticked = again.Differences.Where(d => d.Field != "文化程度").Select(d => ImportUpdate.Parse(d.Choice)!).ToList();
        var done = await world.ImportAsync(file, world.Grid(1), new RosterImport.Options(Updates: ticked, Area: area));
        Assert.Equal((1, 1, 2), (done.Imported, done.UpdatedResidents, done.UpdatedFields));
        await using (var db = world.Db())
        {
            var first = await db.Residents.SingleAsync(r => r.Name == people[0].Name);
            Assert.Equal(("回族", null, "已婚", "预览之后他人改的备注"), (first.Ethnicity, first.Education, first.MaritalStatus, first.Notes));
            Assert.Equal(world.Cipher.Hash(Synthetic.Phone(17)), first.PhoneHash);
            var history = await db.ResidentChanges.Where(c => c.ResidentId == first.Id).OrderBy(c => c.Id).Select(c => new { c.Field, c.OldValue, c.NewValue, c.UserName }).ToListAsync();
            Assert.Equal(["民族", "联系电话"], history.Select(h => h.Field).Order(StringComparer.Ordinal).ToArray());
            Assert.All(history, h => Assert.Equal("导入测试员", h.UserName));
            Assert.Equal("回族", history.Single(h => h.Field == "民族").NewValue);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Detail!.Contains("按名册更新已登记居民 1 人、2 项")));
        }
        var after = await StoredAsync();
        Assert.Equal(before.Skip(1).Take(2), after.Skip(1).Take(2));
        Assert.Equal(before.Count + 1, after.Count);
    }
}
