using Linli.Data;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// After a year's holiday schedule is imported: every case whose clock still runs gets its deadline recomputed on the
/// new calendar; each change is one history row and one audit row, and an owner whose deadline moved earlier finds a
/// notice on the workbench. Cases whose clock has stopped keep the deadline they were judged by.
/// </summary>
public sealed class CaseDeadlines(IServiceScopeFactory scopes, TimeProvider clock) : IOpenDeadlines
{
    public async Task<int> RecomputeAsync(LinliDb db, WorkCalendar calendar, IReadOnlyCollection<int> years, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var open = await db.Set<Case>().Where(c => c.ClockStage != null).ToListAsync(ct);
        if (open.Count == 0) return 0;
        var types = await db.Set<CaseType>().AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
        var ids = open.Select(c => c.Id).ToList();
        var pauses = (await db.Set<CasePause>().AsNoTracking().Where(p => ids.Contains(p.CaseId)).ToListAsync(ct)).ToLookup(p => p.CaseId);
        var extensions = (await db.Set<CaseExtension>().AsNoTracking().Where(e => ids.Contains(e.CaseId)).ToListAsync(ct)).ToLookup(e => e.CaseId);
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = clock.LocalTimeZone;
        var moved = 0;
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var c in open)
        {
            var before = c.DueAt;
            var wasProvisional = c.DueProvisional;
            CaseClock.Apply(c, types[c.Kind].AsOpened(c.TypeSnapshot), calendar, zone, pauses[c.Id], extensions[c.Id]);
            if (c.DueAt == before && c.DueProvisional == wasProvisional) continue;
            if (c.DueAt == before) continue;   // only the 暂定 mark went: no change to tell
            moved++;
            var local = (DateTime? t) => t is { } v ? zone.LocalOf(v).AddTicks(-1).ToString("yyyy-MM-dd") : "—";
            var text = $"节假日安排导入后期限重算：{local(before)} → {local(c.DueAt)}";
            db.Add(new CaseEvent { CaseId = c.Id, At = now, ActorName = "系统", Action = CaseActions.Recompute, Note = text });
            if (c.DueAt < before && c.OwnerId is { } owner)
                db.Add(new CaseNotice { UserId = owner, CaseId = c.Id, At = now, Text = $"{c.Reference} 的期限提前到 {local(c.DueAt)}（节假日安排已更新）" });
            c.Version++;
            await CaseDue.SyncAsync(db, c, ct);
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(db, AuditActions.CaseWrite, AuditTarget.Case(c.Id), c.GridId, $"期限重算 {c.Reference}：{local(before)} → {local(c.DueAt)}", ct: ct);
        }
        await db.SaveChangesAsync(ct);
        if (own is not null) await own.CommitAsync(ct);
        return moved;
    }
}
