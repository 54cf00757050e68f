using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>
/// Inspections, evaluations and assessments a community received (检查、评比、考核), and the 迎检 pack: one zip of the
/// chosen ledgers' latest submissions (the department's xlsx, frozen as sent) and the evidence files of the chosen tasks,
/// with a list of what is in it and what was missing.
/// </summary>
public sealed class Inspections(LinliDb db, AuditLog audit, IEnumerable<ILedgerShelf> shelves, TimeProvider clock)
{
    readonly ILedgerShelf? shelf = shelves.FirstOrDefault();

    public sealed record Form(long CommunityId, DateOnly? Date, string Kind, string By, string Items, string? Result, IReadOnlyList<string> LedgerKeys, IReadOnlyList<long> TaskIds);

    public sealed record Row(Inspection Inspection, string Community);

    public sealed record Pack(byte[] Content, string FileName, int Ledgers, int Files, IReadOnlyList<string> Missing);

    public async Task<List<Row>> ListAsync(UserArea area, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        var rows = await db.Set<Inspection>().AsNoTracking().InScopeOf(communities)
            .Join(db.OrgUnits, i => i.CommunityId, o => o.Id, (i, o) => new { i, o.Name })
            .OrderByDescending(x => x.i.Date).ThenByDescending(x => x.i.Id).Take(500).ToListAsync(ct);
        return rows.Select(r => new Row(r.i, r.Name)).ToList();
    }

    public async Task<Row?> FindAsync(UserArea area, long id, CancellationToken ct)
    {
        var communities = await TaskScope.CommunitiesAsync(db, area, Permissions.Tasks.Read, ct);
        var found = await db.Set<Inspection>().AsNoTracking().InScopeOf(communities).Where(i => i.Id == id)
            .Join(db.OrgUnits, i => i.CommunityId, o => o.Id, (i, o) => new { i, o.Name }).FirstOrDefaultAsync(ct);
        return found is null ? null : new Row(found.i, found.Name);
    }

    /// <summary>Who may record an inspection of a community: the community (tasks.report) or its street (tasks.assign).</summary>
    public static bool MayRecord(UserArea area, OrgUnit community) =>
        area.HasIn(Permissions.Tasks.Report, community) || area.HasIn(Permissions.Tasks.Assign, community);

    public async Task<TaskOutcome<Inspection>> RecordAsync(UserArea area, Form form, CancellationToken ct)
    {
        var community = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == form.CommunityId && o.Kind == OrgUnitKind.Community, ct);
        if (community is null || !area.HasIn(Permissions.Tasks.Read, community)) return Refusals.NotFound<Inspection>("找不到该社区，或它不在你的管辖范围内。");
        if (!MayRecord(area, community)) return new(null, TaskRefusal.Forbidden, "你不能登记该社区的检查考核。");
        if (form.Date is not { } date) return Refusals.Invalid<Inspection>("检查日期：请选择日期。");
        var today = clock.Today();
        if (date > today.AddYears(1) || date < today.AddYears(-5)) return Refusals.Invalid<Inspection>("检查日期：请选择五年内的日期。");
        if (!Inspection.Kinds.Contains(form.Kind)) return Refusals.Invalid<Inspection>("类别：请选择检查、评比或考核。");
        var by = form.By?.Trim() ?? "";
        if (by.Length is 0 or > 100) return Refusals.Invalid<Inspection>("检查单位：请填写，不超过 100 字。");
        var items = form.Items?.Trim() ?? "";
        if (items.Length is 0 or > 2000) return Refusals.Invalid<Inspection>("检查内容：请填写，不超过 2000 字。");
        var result = form.Result?.Trim() is { Length: > 0 } r ? r : null;
        if (result is { Length: > 2000 }) return Refusals.Invalid<Inspection>("检查结果：不超过 2000 字。");
        var keys = form.LedgerKeys.Where(k => k is { Length: > 0 and <= 64 }).Distinct().Take(30).ToArray();
        var taskIds = form.TaskIds.Distinct().Take(30).ToArray();
        var known = await db.Set<TaskAssignment>().AsNoTracking().Where(a => a.CommunityId == community.Id && taskIds.Contains(a.TaskId)).Select(a => a.TaskId).ToListAsync(ct);
        if (known.Count != taskIds.Length) return Refusals.Invalid<Inspection>("佐证材料：所选任务不是下达给该社区的。");
        var inspection = new Inspection
        {
            CommunityId = community.Id, Date = date, Kind = form.Kind, By = by, Items = items, Result = result,
            LedgerKeysJson = JsonSerializer.Serialize(keys), TaskIdsJson = JsonSerializer.Serialize(taskIds),
            CreatedById = area.UserId, CreatedByName = area.DisplayName, CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(inspection);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.TaskWrite, AuditTarget.Inspection(inspection.Id), community.Id,
            $"登记{form.Kind}：{by}，{date:yyyy-MM-dd}，{community.Name}（台账 {keys.Length} 份，任务 {taskIds.Length} 项）", ct: ct);
        await tx.CommitAsync(ct);
        return new(inspection);
    }

    /// <summary>The 迎检 pack of an inspection: 台账/… the latest submission of each ledger shown, 佐证材料/… each chosen task's evidence, 清单.txt.</summary>
    public async Task<Pack?> PackAsync(UserArea area, long id, CancellationToken ct)
    {
        if (await FindAsync(area, id, ct) is not { } row) return null;
        var inspection = row.Inspection;
        var missing = new List<string>();
        var list = new StringBuilder().AppendLine($"{row.Community} 迎检材料（{inspection.Kind}：{inspection.By}，{inspection.Date:yyyy-MM-dd}）").AppendLine();
        int ledgers = 0, files = 0;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            string Unique(string path)
            {
                var candidate = path;
                for (var n = 2; !names.Add(candidate); n++)
                    candidate = Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}（{n}）{Path.GetExtension(path)}").Replace('\\', '/');
                return candidate;
            }
            async Task AddAsync(string path, byte[] bytes)
            {
                var entry = zip.CreateEntry(Unique(path), CompressionLevel.Fastest);
                await using var stream = entry.Open();
                await stream.WriteAsync(bytes, ct);
            }

            list.AppendLine("一、台账（最近一次报送，按报送时的内容）");
            foreach (var key in inspection.LedgerKeys)
            {
                var file = shelf is null ? null : await shelf.LatestAsync(area, key, inspection.CommunityId, ct);
                if (file is null) { missing.Add($"台账 {key}：没有报送记录"); list.AppendLine($"  × {key}：没有报送记录"); continue; }
                await AddAsync("台账/" + Safe(file.FileName), file.Content);
                list.AppendLine($"  {++ledgers}. {file.TemplateName}（{file.PeriodFrom:yyyy-MM-dd}–{file.PeriodTo:yyyy-MM-dd}，报送编号 {file.SubmissionId}）");
            }
            list.AppendLine().AppendLine("二、佐证材料");
            foreach (var taskId in inspection.TaskIds)
            {
                var found = await db.Set<TaskAssignment>().AsNoTracking().Where(a => a.TaskId == taskId && a.CommunityId == inspection.CommunityId)
                    .Join(db.Set<AssignedTask>(), a => a.TaskId, t => t.Id, (a, t) => new { a.Id, t.Title }).FirstOrDefaultAsync(ct);
                if (found is null) continue;
                var evidence = await db.Set<TaskFile>().AsNoTracking().Where(f => f.AssignmentId == found.Id).OrderBy(f => f.Id).ToListAsync(ct);
                if (evidence.Count == 0) { missing.Add($"任务《{found.Title}》：没有佐证材料"); list.AppendLine($"  × 任务《{found.Title}》：没有佐证材料"); continue; }
                foreach (var f in evidence)
                {
                    await AddAsync($"佐证材料/{Safe(found.Title)}/{Safe(f.FileName)}", f.Bytes);
                    list.AppendLine($"  {++files}. 《{found.Title}》{f.FileName}（{f.UploadedByName}，{f.UploadedUtc:yyyy-MM-dd}）");
                }
            }
            await AddAsync("清单.txt", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(list.ToString())).ToArray());
        }
        await audit.WriteAsync(AuditActions.Export, AuditTarget.Inspection(id), inspection.CommunityId,
            $"下载迎检材料包：{row.Community}，{inspection.Kind}（{inspection.By}），台账 {ledgers} 份，佐证材料 {files} 个", ct: ct);
        return new Pack(buffer.ToArray(), $"{row.Community}迎检材料（{inspection.Date:yyyy-MM-dd}）.zip", ledgers, files, missing);
    }

    static string Safe(string name)
    {
        var clean = new string(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c).ToArray()).Trim();
        return clean.Length == 0 ? "文件" : clean.Length > 100 ? clean[..100] : clean;
    }
}
