using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry;
using Linli.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Linli.Tests.Registry;

/// <summary>One ID number is one resident (issue 10): the database refuses a second, even when two writers race.</summary>
public class NationalIdUniqueTests
{
    static string Id(string first17) => first17 + NationalId.CheckDigit(first17);

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TheMigrationParksSharedNumbersOnTheLowestIdAndTheIndexThenRefusesASecond(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var cipher = FieldCipher.OpenOrCreate(database.DataDir);
        var shared = Id("11010119500101002");
        var alone = Id("11010119600202003");
        long[] ids;
        long gridId;
        await using (var db = database.Target.CreateContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var mine = migrations.FindIndex(m => m.EndsWith("_NationalIdUnique", StringComparison.Ordinal));
            Assert.True(mine > 0);
            await db.GetService<IMigrator>().MigrateAsync(migrations[mine - 1]);
            var street = await OrgUnitTree.AddAsync(db, null, OrgUnitKind.Street, "城关街道", "CGJD", 0, default);
            var community = await OrgUnitTree.AddAsync(db, street, OrgUnitKind.Community, "幸福里社区", "CGJD-XFL", 0, default);
            var grid = await OrgUnitTree.AddAsync(db, community, OrgUnitKind.Grid, "第一居民组", "CGJD-XFL-01", 0, default);
            gridId = grid.Id;
            Resident Person(string name, string? id) => new()
            {
                GridId = grid.Id, Name = name, Gender = Gender.Male, BirthDate = new DateOnly(1950, 1, 1), Notes = $"{name}的备注",
                NationalIdCipher = id is null ? null : cipher.Encrypt(id), NationalIdHash = id is null ? null : cipher.Hash(id),
                NationalIdMasked = id is null ? null : NationalId.Mask(id),
            };
            // Written one by one, so that the ids rise in this order: 张三 is the lowest of the three who share a number. Past
            // SaveChanges (BulkWriter): the save hooks read today's model (e.g. ResidentTags.AddedAtUtc, a later migration),
            // which this older schema does not have.
            var people = new[] { Person("张三", shared), Person("张叁", shared), Person("李四", alone), Person("张三", shared), Person("王五", null), Person("赵六", null) };
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                foreach (var p in people) await BulkWriter.InsertAsync(db, new[] { p }, default);
                await tx.CommitAsync();
            }
            ids = people.Select(p => p.Id).ToArray();
        }

        await Migrator.ApplyAsync(database.Target, default);

        await using (var db = database.Target.CreateContext())
        {
            var after = await db.Residents.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            var kept = after.Single(r => r.Id == ids[0]);
            Assert.Equal(cipher.Hash(shared), kept.NationalIdHash);
            Assert.Equal(shared, cipher.Decrypt(kept.NationalIdCipher!));
            Assert.Equal(NationalId.Mask(shared), kept.NationalIdMasked);
            Assert.Equal(0, kept.Version);
            foreach (var parkedId in new[] { ids[1], ids[3] })
            {
                var parked = after.Single(r => r.Id == parkedId);
                Assert.Equal((null, null, null, 1), (parked.NationalIdHash, parked.NationalIdCipher, parked.NationalIdMasked, parked.Version));
                var history = await db.ResidentChanges.AsNoTracking().SingleAsync(c => c.ResidentId == parkedId);
                Assert.Equal(("公民身份号码", NationalId.Mask(shared), "系统", gridId), (history.Field, history.OldValue, history.UserName, history.GridId));
                Assert.Equal(Duplicates.ParkedNote.Replace("{0}", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), history.NewValue);
                Assert.True(Math.Abs((DateTime.UtcNow - history.AtUtc).TotalMinutes) < 10, $"history written at {history.AtUtc:O}");
                Assert.Equal($"{parked.Name}的备注", parked.Notes);
            }
            Assert.Equal(cipher.Hash(alone), after.Single(r => r.Id == ids[2]).NationalIdHash);
            Assert.Equal(2, await db.ResidentChanges.CountAsync());
            Assert.Equal(6, after.Count);

            // The index now refuses the number a second time; people without a number stay many.
            db.Residents.Add(new Resident { GridId = gridId, Name = "李肆", Gender = Gender.Male, NationalIdHash = cipher.Hash(alone), NationalIdMasked = NationalId.Mask(alone) });
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(DatabaseErrors.IsNationalIdTaken(refused), refused.ToString());
            db.ChangeTracker.Clear();
            db.Residents.Add(new Resident { GridId = gridId, Name = "钱七", Gender = Gender.Female });
            await db.SaveChangesAsync();
            Assert.Equal(5, await db.Residents.CountAsync(r => r.NationalIdHash == null));   // the two parked, 王五, 赵六 and 钱七
        }
    }

    /// <summary>Registers a rival with the same number the moment the editor begins its transaction: after its check, before its save.</summary>
    sealed class RivalAtTransactionStart(Func<Task> rival) : DbTransactionInterceptor
    {
        int fired;

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref fired, 1) == 0) await rival();
            return result;
        }
    }

    static LinliDb ContextWith(DatabaseTarget target, IInterceptor interceptor) => target.IsPostgres
        ? new PostgresLinliDb(new DbContextOptionsBuilder<PostgresLinliDb>(target.PostgresOptions()).AddInterceptors(interceptor).Options)
        : new SqliteLinliDb(new DbContextOptionsBuilder<SqliteLinliDb>(target.SqliteOptions()).AddInterceptors(interceptor).Options);

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task AWriterThatLosesTheRaceForANumberGetsTheRefusalAndNothingOfItIsKept(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        var target = app.Database.Target;
        var cipher = FieldCipher.OpenOrCreate(app.Database.DataDir);
        var number = Id("11010119700303004");
        long householdId, gridId, userId;
        await using (var db = target.CreateContext())
        {
            var third = await db.OrgUnits.SingleAsync(o => o.Name == "第三居民组" && db.OrgUnits.Any(c => c.Id == o.ParentId && c.Name == "幸福里社区"));
            gridId = third.Id;
            householdId = await db.Households.Where(h => h.GridId == third.Id).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
            userId = await db.Users.Where(u => u.UserName == app.Account(Roles.CommunityLead).UserName).Select(u => u.Id).SingleAsync();
        }
        var before = await CountAsync(target);
        var rival = new RivalAtTransactionStart(async () =>
        {
            await using var other = target.CreateContext();
            other.Residents.Add(new Resident
            {
                GridId = gridId, HouseholdId = householdId, Name = "抢先登记", Gender = Gender.Male,
                NationalIdCipher = cipher.Encrypt(number), NationalIdHash = cipher.Hash(number), NationalIdMasked = NationalId.Mask(number),
            });
            await other.SaveChangesAsync();
        });
        await using (var db = ContextWith(target, rival))
        {
            var area = await UserArea.LoadAsync(db, userId, default);
            var editor = new ResidentEditor(db, cipher, new AuditLog(target, new HttpContextAccessor(), TimeProvider.System), TimeProvider.System);
            var outcome = await editor.CreateAsync(area, householdId, new ResidentEditor.Form { Name = "后到登记", NationalId = number, RelationToHead = RelationToHead.Other }, default);
            Assert.NotNull(outcome);
            Assert.False(outcome.Ok);
            Assert.Null(outcome.ResidentId);
            Assert.Equal("该身份证号已登记，请联系社区核实。", outcome.Errors[nameof(ResidentEditor.Form.NationalId)]);
        }
        await using (var db = target.CreateContext())
        {
            Assert.Equal("抢先登记", await db.Residents.Where(r => r.NationalIdHash == cipher.Hash(number)).Select(r => r.Name).SingleAsync());
            Assert.False(await db.Residents.AnyAsync(r => r.Name == "后到登记"));
        }
        Assert.Equal(before.Residents + 1, (await CountAsync(target)).Residents);
        Assert.Equal(before.Changes, (await CountAsync(target)).Changes);
    }

    static async Task<(int Residents, int Changes)> CountAsync(DatabaseTarget target)
    {
        await using var db = target.CreateContext();
        return (await db.Residents.CountAsync(), await db.ResidentChanges.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task TwoConcurrentRegistrationsOfOneNewNumberThroughTheApiMakeOneResident(string engine)
    {
        await using var app = await LinliApp.StartWithDemoAsync(engine);
        long householdId;
        await using (var db = app.Database.Target.CreateContext())
        {
            var third = await db.OrgUnits.SingleAsync(o => o.Name == "第三居民组" && db.OrgUnits.Any(c => c.Id == o.ParentId && c.Name == "幸福里社区"));
            householdId = await db.Households.Where(h => h.GridId == third.Id).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        }
        var lead = await app.LoggedInClientAsync(Roles.CommunityLead);
        var cadre = await app.LoggedInClientAsync(Roles.GridCadre);
        var number = Id("11010119800404005");
        Task<HttpResponseMessage> Register(HttpClient client, string name) =>
            client.PostAsJsonAsync("/api/v1/residents", new { householdId, resident = new { name, nationalId = number, relationToHead = "Other", residenceKind = "Resident" } });
        var answers = await Task.WhenAll(Register(lead, "甲登记"), Register(cadre, "乙登记"));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var refused = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("nationalId")[0].GetString();
        Assert.Contains("身份证号已登记", message);
        await using (var db = app.Database.Target.CreateContext())
        {
            var cipher = FieldCipher.OpenOrCreate(app.Database.DataDir);
            Assert.Equal(1, await db.Residents.CountAsync(r => r.NationalIdHash == cipher.Hash(number)));
            Assert.Equal(1, await db.Residents.CountAsync(r => r.Name == "甲登记" || r.Name == "乙登记"));
        }
    }
}
