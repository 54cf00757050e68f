using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// 批量加标签 / 批量去标签: one label added to, or taken from, the residents chosen on a list, in one transaction.
/// Every resident whose labels change gets a history row (<see cref="ResidentChange"/>) and a new version; the grids'
/// numbers are recounted in the same transaction (<see cref="GridCounts"/>); the whole step is ONE audit row naming the label and
/// how many. All or nothing: when any chosen id is outside the grids where the user may write (or, for a sensitive
/// label, may see it), nothing changes and the refusal is audited.
/// </summary>
public sealed class BulkLabel(LinliDb db, AuditLog audit, TimeProvider clock, IEnumerable<IResidentsWrittenInBulk> modules, UiText say)
{
    /// <summary>A list's "select all N matching" takes at most this many residents in one step.</summary>
    public const int MaxResidents = 20_000;

    public enum Answer { Ok, NotFound, Refused, Invalid }

    public sealed record Outcome(Answer Answer, string Message, int Changed = 0, int Unchanged = 0);

    /// <param name="what">The list's filter in words, for the audit row; null when ids were picked one by one.</param>
    public async Task<Outcome> ApplyAsync(UserArea area, long tagId, bool add, IReadOnlyCollection<long> residentIds, string? what, CancellationToken ct)
    {
        var tag = await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tagId, ct);
        if (tag is null || (tag.IsSensitive && !area.Has(Permissions.Registry.Sensitive))) return new(Answer.NotFound, "找不到这个人员标签。");
        var ids = residentIds.Distinct().ToList();
        if (ids.Count == 0) return new(Answer.Invalid, "请先勾选居民，或选择“全部符合条件的居民”。");
        if (ids.Count > MaxResidents) return new(Answer.Invalid, say["一次最多处理 {0:N0} 人，现在选了 {1:N0} 人，请缩小筛选范围。", MaxResidents, ids.Count]);

        var found = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Registry.Write)
            .Where(r => EF.Parameter(ids).Contains(r.Id)).Select(r => new { r.Id, r.GridId, r.HouseholdId, r.BirthDate, r.Status }).ToListAsync(ct);
        var refused = ids.Count - found.Count
            + (tag.IsSensitive ? found.Count(r => !area.HasInGrid(Permissions.Registry.Sensitive, r.GridId)) : 0);
        if (refused > 0)
        {
            await audit.DeniedAsync(null, $"批量{(add ? "添加" : "移除")}人员标签：选中的 {ids.Count} 人中有 {refused} 人不在可修改的范围内，未做修改", ct);
            return new(Answer.Refused, say["选中的 {0} 人中有 {1} 人不在你可以修改的范围内，没有做任何修改。", ids.Count, refused]);
        }

        var having = (await db.ResidentTags.AsNoTracking().Where(rt => rt.TagId == tag.Id && EF.Parameter(ids).Contains(rt.ResidentId))
            .Select(rt => rt.ResidentId).ToListAsync(ct)).ToHashSet();
        var targets = found.Where(r => add != having.Contains(r.Id)).ToList();
        if (targets.Count == 0)
            return new(Answer.Ok, add ? say["选中的 {0} 人都已有“{1}”标签，无需修改。", ids.Count, tag.Name] : say["选中的 {0} 人都没有“{1}”标签，无需修改。", ids.Count, tag.Name], 0, ids.Count);

        var now = clock.GetUtcNow().UtcDateTime;
        var userName = await db.Users.Where(u => u.Id == area.UserId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        var targetIds = targets.Select(r => r.Id).ToList();
        var grids = targets.Select(r => r.GridId).Distinct().ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Set-based: the labels and the history rows go in through one prepared statement (PostgreSQL: COPY), the
        // removal is one DELETE, the versions one UPDATE, the grids' numbers one recount — not 2,000 tracked entities,
        // which SaveChanges wrote one INSERT at a time (about 500 ms for 1,000 residents; bench label-1000).
        if (add)
            await BulkWriter.InsertAsync(db, targets.Select(r => new ResidentTag { ResidentId = r.Id, TagId = tag.Id, GridId = r.GridId, BirthDate = r.BirthDate, HouseholdId = r.HouseholdId, Status = r.Status }).ToList(), ct);
        else
            await db.ResidentTags.Where(rt => rt.TagId == tag.Id && EF.Parameter(targetIds).Contains(rt.ResidentId)).ExecuteDeleteAsync(ct);
        await BulkWriter.InsertAsync(db, targets.Select(r => new ResidentChange
        {
            ResidentId = r.Id, GridId = r.GridId, HouseholdId = r.HouseholdId, AtUtc = now, UserId = area.UserId, UserName = userName,
            Field = "人员标签", OldValue = add ? null : tag.Name, NewValue = add ? tag.Name : null, IsSensitive = tag.IsSensitive,
        }).ToList(), ct);
        // The labels are part of what a resident's version (the API's ETag) vouches for.
        await db.Residents.Where(r => EF.Parameter(targetIds).Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version + 1), ct);
        // These writes bypass SaveChanges, so the grids whose labels changed are recounted here, in the same transaction.
        await GridCounts.RecountAsync(db, grids, ct);
        // …and the modules that keep aggregates over labels (visits' standings) are told, in the same transaction.
        foreach (var module in modules) await module.WrittenAsync(db, targetIds, ct);
        var unit = grids.Count == 1 ? grids[0] : await CommonCommunityAsync(grids, ct);
        await audit.WriteAsync(db, AuditActions.Write, null, unit,
            $"批量{(add ? "添加" : "移除")}人员标签“{tag.Name}”：{targets.Count} 人{(what is null ? "" : $"（名单：{what}）")}", ct: ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new(Answer.Ok, add ? say["已为 {0} 人添加“{1}”标签。", targets.Count, tag.Name] : say["已为 {0} 人移除“{1}”标签。", targets.Count, tag.Name],
            targets.Count, ids.Count - targets.Count);
    }

    async Task<long?> CommonCommunityAsync(List<long> grids, CancellationToken ct)
    {
        var parents = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id)).Select(o => o.ParentId).Distinct().ToListAsync(ct);
        return parents.Count == 1 ? parents[0] : null;
    }
}
