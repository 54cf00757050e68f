using Linli.Features.Access;
using Linli.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Ledgers;

/// <summary>
/// The demo's ledgers: a template 幸福里 made from a department's blank form (困难群众探访表, ledger-layouts.txt hszfwzbk-like),
/// and last month's 80岁以上高龄老人名册 and 独居老人名册 submitted by the lead, one approved by the street, so the catalogue,
/// the submissions and the saving on the street's home page are alive on the first run. The modules' fields are found
/// as the server finds them (every public <see cref="ILedgerFields"/>), never named here.
/// </summary>
public sealed class LedgersDemo : IDemoData
{
    public int Order => 60;

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).OrderBy(o => o.Id).FirstAsync(ct);
        var lead = demo.UserIds["lead"];
        db.Add(new LedgerTemplate
        {
            OwnerUnitId = community.Id, Department = "民政", Name = "困难群众探访表", DutyItem = "困难群众帮扶", Cycle = "monthly", DueDay = 25,
            Subject = LedgerSubjects.Resident, FilterJson = LedgerCatalog.ToJson(new LedgerFilter(["HardshipHousehold"])),
            ColumnsJson = LedgerCatalog.ToJson(new List<LedgerColumn>
            {
                new("姓名", "registry.name"), new("性别", "registry.gender"), new("出生年月", "registry.birth-month"), new("住址", "registry.address"),
                new("联系电话", "registry.phone"), new("最近走访日期", "visits.last-date"), new("困难情况", null), new("帮困金额(元)", null), new("备注", null),
            }),
            CreatedById = lead, CreatedUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync(ct);

        var services = new ServiceCollection().AddSingleton(db).AddSingleton(demo.Cipher).AddSingleton(TimeProvider.System).BuildServiceProvider();
        IEnumerable<T> Found<T>() => typeof(T).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(T).IsAssignableFrom(t))
            .Select(t => (T)ActivatorUtilities.CreateInstance(services, t));
        var catalog = new LedgerCatalog(db, Found<ILedgerFields>().ToList(), Found<ILedgerRows>().ToList(), Found<ILedgerDeclarations>().ToList());
        var generator = new LedgerGenerator(db, catalog);
        var area = await UserArea.LoadAsync(db, lead, ct);
        var month = demo.Today.AddMonths(-1);
        foreach (var (key, approved) in new[] { ("registry.elderly-80", true), ("registry.living-alone", false) })
        {
            if (catalog.BuiltIns.FirstOrDefault(t => t.Key == key) is not { } template) continue;
            var sheet = (await generator.GenerateAsync(area, template, community, month, false, ct)).Value;
            if (sheet is null) continue;
            var typedColumn = sheet.Columns.ToList().FindIndex(c => c.Typed);
            if (typedColumn >= 0)
                foreach (var row in sheet.Rows.Where((_, i) => i % 3 == 0)) row.Cells[typedColumn] = key == "registry.elderly-80" ? month.ToString("yyyy-MM-20") : "身体尚可，已电话问候";
            var submitted = DateTime.UtcNow.AddDays(1 - demo.Today.Day);   // sent on the first of this month, for last month
            db.Add(new LedgerSubmission
            {
                TemplateKey = key, TemplateName = template.Name, Department = template.Department, UnitId = community.Id, PeriodFrom = sheet.From, PeriodTo = sheet.To,
                HeadingsJson = LedgerCatalog.ToJson(sheet.Columns.Select(c => c.Heading).ToArray()), TypedJson = LedgerCatalog.ToJson(sheet.Columns.Select(c => c.Typed).ToArray()),
                CellsJson = LedgerCatalog.ToJson(sheet.Rows.Select(r => r.Cells).ToArray()), RowCount = sheet.Rows.Count, FieldCells = sheet.FieldCells, TypedCells = sheet.TypedCells,
                FilledById = lead, FilledByName = area.DisplayName, SubmittedUtc = submitted, SubmittedOn = DateOnly.FromDateTime(submitted),
                StreetApproves = true, State = approved ? LedgerSubmissionState.Approved : LedgerSubmissionState.Submitted,
                ReviewedById = approved ? demo.UserIds["street"] : null, ReviewedByName = approved ? "陈志刚" : null, ReviewedUtc = approved ? submitted.AddDays(1) : null,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
