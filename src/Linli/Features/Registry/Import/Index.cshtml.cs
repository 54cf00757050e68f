using System.ComponentModel.DataAnnotations;
using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry.Import;

/// <summary>
/// 导入居民名册: upload a roster and choose where it goes → a preview with every problem → confirm (optionally
/// skipping rows with errors) → the result. Only units inside the user's own area are offered or accepted.
/// </summary>
[Authorize(Policy = Permissions.Registry.Import)]
[RequestFormLimits(MultipartBodyLengthLimit = RosterFile.MaxBytes + 1024 * 1024)]
[RequestSizeLimit(RosterFile.MaxBytes + 1024 * 1024)]
public sealed class IndexModel(CurrentUser me, LinliDb db, RosterImport import, RosterUploads uploads, ImportQueue queue) : PageModel
{
    public enum Step { Upload, Preview, Done }

    public sealed record UnitOption(long Id, string Label, OrgUnitKind Kind);

    public sealed class UploadInput
    {
        [Display(Name = "名册文件")]
        public IFormFile? File { get; set; }

        [Display(Name = "导入到")]
        public long? UnitId { get; set; }
    }

    public sealed class ConfirmInput
    {
        public string? Upload { get; set; }
        public long? UnitId { get; set; }
        public string? FileName { get; set; }

        [Display(Name = "跳过有错误的行，只导入其余的行")]
        public bool SkipInvalid { get; set; }

        /// <summary>The differences ticked to update registered residents from the roster ("resident:version:field", <see cref="ImportDifference.Choice"/>).</summary>
        public List<string> Updates { get; set; } = [];

        /// <summary>Create buildings whose number differs from an existing one of the community only in how it is written, instead of using the existing one.</summary>
        [Display(Name = "按名册的写法新建楼栋")]
        public bool NewBuildingsAsWritten { get; set; }

        public IReadOnlyList<ImportUpdate> ToUpdates() => Updates.Select(ImportUpdate.Parse).OfType<ImportUpdate>().Distinct().ToList();

        /// <summary>The user's choice per column letter: "" as read, "ignore", or a <see cref="RosterColumn"/> name.</summary>
        public Dictionary<string, string> Choices { get; set; } = [];

        public ColumnChoices ToColumnChoices()
        {
            var map = new Dictionary<string, RosterColumn>();
            var ignore = new HashSet<string>();
            foreach (var (letter, choice) in Choices)
            {
                if (choice == Ignore) ignore.Add(letter);
                else if (Enum.TryParse<RosterColumn>(choice, out var c) && Enum.IsDefined(c)) map[letter] = c;
            }
            return new ColumnChoices(map, ignore);
        }
    }

    public const string Ignore = "ignore";

    [BindProperty] public UploadInput Input { get; set; } = new();
    [BindProperty] public ConfirmInput Confirm { get; set; } = new();

    public Step Current { get; private set; } = Step.Upload;
    public IReadOnlyList<UnitOption> Units { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    /// <summary>The server's import queue as this user may see it: another area's unit is not named.</summary>
    public (ImportQueue.Job? Running, string? Unit, int Waiting) Queue { get; private set; }

    public const string QueueFull = "服务器上已有几个名册在排队导入，为了不拖慢大家的工作，这次没有读取文件。请过一两分钟再试。";

    /// <summary>The queue line of the page, fetched again every few seconds while the page is open (htmx).</summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken ct)
    {
        Units = await UnitsAsync(ct);
        SetQueue();
        return Partial("_ImportQueue", this);
    }

    void SetQueue()
    {
        var now = queue.Now;
        var unit = now.Running is { } job ? Units.FirstOrDefault(u => u.Id == job.UnitId)?.Label : null;
        Queue = (now.Running, unit, now.Waiting);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Units = await UnitsAsync(ct);
        SetQueue();
        if (Units.Count == 1) Input.UnitId = Units[0].Id;
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Units = await UnitsAsync(ct);
        var file = Input.File;
        if (file is null || file.Length == 0) ModelState.AddModelError("Input.File", "请选择一个名册文件（.xlsx 或 .csv）");
        else if (file.Length > RosterFile.MaxBytes) ModelState.AddModelError("Input.File", Web.UiText.Shared["文件超过 {0} MB，请分成几个文件导入", RosterFile.MaxBytes / 1024 / 1024]);
        else if (Path.GetExtension(file.FileName).ToLowerInvariant() is not (".xlsx" or ".csv" or ".txt"))
            ModelState.AddModelError("Input.File", "只能导入 .xlsx 或 .csv 文件；旧版 .xls 请先在 Excel 中另存为 .xlsx");
        var unit = await AllowedUnitAsync(Input.UnitId, ct);
        if (unit is null) ModelState.AddModelError("Input.UnitId", "请选择导入到哪个社区或网格");
        if (!ModelState.IsValid) return Page();

        var bytes = new byte[file!.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        var fileName = Path.GetFileName(file.FileName);
        try
        {
            Report = await queue.RunAsync(unit!.Id, dryRun: true, p => import.RunAsync(bytes, fileName, unit, new RosterImport.Options(DryRun: true, Progress: p), ct), ct);
        }
        catch (ImportQueue.FullException)
        {
            ModelState.AddModelError("Input.File", QueueFull);
            SetQueue();
            return Page();
        }
        Confirm = new ConfirmInput { Upload = await uploads.SaveAsync(await UserIdAsync(ct), bytes, ct), UnitId = unit!.Id, FileName = fileName };
        Current = Step.Preview;
        return Page();
    }

    /// <summary>The preview again, with the user's choice for each column (map to a field, or do not import).</summary>
    public async Task<IActionResult> OnPostRemapAsync(CancellationToken ct)
    {
        if (await UploadedAsync(ct) is not (_, var unit, var bytes)) return Page();
        var fileName = Path.GetFileName(Confirm.FileName ?? "名册");
        try
        {
            Report = await queue.RunAsync(unit.Id, dryRun: true, p => import.RunAsync(bytes, fileName, unit,
                new RosterImport.Options(DryRun: true, Progress: p, Columns: Confirm.ToColumnChoices()), ct), ct);
        }
        catch (ImportQueue.FullException)
        {
            ModelState.AddModelError("", QueueFull);
            Input.UnitId = unit.Id;
            SetQueue();
            return Page();
        }
        Current = Step.Preview;
        return Page();
    }

    /// <summary>A blank roster to fill in: the headings the import reads, and one made-up example row.</summary>
    public IActionResult OnGetTemplate()
    {
        var example = new Dictionary<string, object?>
        {
            ["网格"] = "第一居民组", ["户号"] = "H0001", ["姓名"] = "示例甲", ["性别"] = "男", ["出生日期"] = "1956-03-12",
            ["证件类型"] = "居民身份证", ["公民身份号码"] = "（请填写18位号码，单元格设为文本）", ["民族"] = "汉族", ["与户主关系"] = "户主",
            ["联系电话"] = "（11位手机号或带区号的固定电话）", ["现住址"] = "3号楼2单元301", ["户籍类别"] = "户籍", ["人员类别"] = "独居老人",
            ["文化程度"] = "高中", ["政治面貌"] = "群众", ["婚姻状况"] = "已婚", ["备注"] = null,
        };
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, new[] { example }, sheetName: "花名册");
        return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "居民名册模板.xlsx");
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (await UploadedAsync(ct) is not (var userId, var unit, var bytes)) return Page();
        // Taken off the shelf before the import runs, so that a second click cannot import it twice.
        uploads.Delete(userId, Confirm.Upload);
        var fileName = Path.GetFileName(Confirm.FileName ?? "名册");
        var area = await me.AreaAsync(ct);
        try
        {
            Report = await queue.RunAsync(unit.Id, dryRun: false, p => import.RunAsync(bytes, fileName, unit,
                new RosterImport.Options(SkipInvalid: Confirm.SkipInvalid, Progress: p, Columns: Confirm.ToColumnChoices(),
                    Updates: Confirm.ToUpdates(), Area: area, NewBuildingsAsWritten: Confirm.NewBuildingsAsWritten), ct), ct);
        }
        catch (ImportQueue.FullException)
        {
            // Nothing was read or written; the user chooses the file again in a minute.
            ModelState.AddModelError("", QueueFull);
            Input.UnitId = unit.Id;
            SetQueue();
            return Page();
        }
        if (Report.UpdateRefused)
        {
            // A ticked update met a record changed since the preview (or no longer the user's): nothing was written; the
            // preview is shown again as the database now stands, with the reason, and nothing ticked.
            var why = Report.Errors[^1].Message;
            Confirm.Upload = await uploads.SaveAsync(userId, bytes, ct);
            Confirm.Updates = [];
            try
            {
                Report = await queue.RunAsync(unit.Id, dryRun: true, p => import.RunAsync(bytes, fileName, unit,
                    new RosterImport.Options(DryRun: true, Progress: p, Columns: Confirm.ToColumnChoices()), ct), ct);
            }
            catch (ImportQueue.FullException)
            {
                ModelState.AddModelError("", QueueFull);
            }
            ModelState.AddModelError("", why);
            Current = Step.Preview;
            return Page();
        }
        if (Report.Blocked && Report.Importable > 0)
        {
            // Errors and no permission to skip them: nothing was written; the same file waits for the choice.
            Confirm.Upload = await uploads.SaveAsync(userId, bytes, ct);
            ModelState.AddModelError("Confirm.SkipInvalid", Web.UiText.Shared["有 {0} 行有错误，没有导入任何数据。勾选“跳过有错误的行”只导入其余 {1} 行，或改正文件后重新上传。", Report.ErrorRows, Report.Importable]);
            Current = Step.Preview;
            return Page();
        }
        Current = Step.Done;
        return Page();
    }

    /// <summary>A grid's name among the units offered (for the done page's links).</summary>
    public string GridName(long id) => Units.FirstOrDefault(u => u.Id == id)?.Label ?? "";

    /// <summary>
    /// The file chosen at the first step, back from the shelf with its unit (still one the user may import into), for the
    /// preview again or the import; null, with the reason on the page, when it expired, was imported, or the unit is not allowed.
    /// </summary>
    async Task<(long UserId, OrgUnit Unit, byte[] Bytes)?> UploadedAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Units = await UnitsAsync(ct);
        var userId = await UserIdAsync(ct);
        var unit = await AllowedUnitAsync(Confirm.UnitId, ct);
        var bytes = unit is null ? null : await uploads.LoadAsync(userId, Confirm.Upload, ct);
        if (unit is null || bytes is null)
        {
            ModelState.AddModelError("", "上传的文件已过期或已经导入过（文件只保留一小时）。请重新选择文件。");
            Input.UnitId = unit?.Id;
            return null;
        }
        return (userId, unit, bytes);
    }

    async Task<long> UserIdAsync(CancellationToken ct) => (await me.AreaAsync(ct)).UserId;

    /// <summary>The communities and grids at or below the units where the user holds the import permission, in tree order.</summary>
    async Task<IReadOnlyList<UnitOption>> UnitsAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var options = new List<UnitOption>();
        foreach (var top in area.UnitsWhere(Permissions.Registry.Import))
        {
            var prefix = top.Path;
            var below = await db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(prefix)).ToListAsync(ct);
            var children = below.ToLookup(o => o.ParentId);
            void Walk(OrgUnit unit, string? parentName)
            {
                if (unit.Kind == OrgUnitKind.Community) options.Add(new UnitOption(unit.Id, unit.Name, unit.Kind));
                if (unit.Kind == OrgUnitKind.Grid && area.HasInGrid(Permissions.Registry.Import, unit.Id))
                    options.Add(new UnitOption(unit.Id, parentName is null ? unit.Name : $"{parentName} / {unit.Name}", unit.Kind));
                foreach (var c in children[unit.Id].OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal)) Walk(c, unit.Name);
            }
            Walk(below.Single(o => o.Id == top.Id), null);
        }
        return options.DistinctBy(o => o.Id).ToList();
    }

    async Task<OrgUnit?> AllowedUnitAsync(long? id, CancellationToken ct)
    {
        if (id is null || Units.All(u => u.Id != id)) return null;
        return await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
    }
}
