using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Registry.Import;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry.Exports;

/// <summary>
/// 导出审批, shared by the page, the API and the command line. A person who may export asks for a unit's roster
/// with full numbers and/or sensitive labels, giving a reason; another person who may approve exports, over a
/// unit that contains it, approves or rejects it; the requester then downloads it once, within a day.
/// Every step is one audit row, written in the same transaction as the change it records.
/// A request is visible to its requester and to the approvers over its unit; to anyone else it does not exist.
/// Who may decide (<see cref="MayDecide"/>): another person holding registry.approve-export over the request's unit,
/// and, when it releases sensitive labels, registry.approve-sensitive-export there too (社区书记/主任 of the
/// community, or 街道干部: the street's approver judges the reason without seeing the labels). The requester is told
/// who those people are, and plainly when there is nobody (<see cref="Row.Approvers"/>).
/// </summary>
public sealed class ExportApprovals(LinliDb db, FieldCipher cipher, AuditLog audit, TimeProvider clock, UiText say)
{
    public sealed record Ask(string? OrgUnit, bool Unmasked, bool SensitiveLabels, string? Reason);

    public enum Answer { Ok, NotFound, Forbidden, Invalid, Conflict, Gone }

    public sealed record Outcome(Answer Answer, string? Message = null, ExportRequest? Request = null)
    {
        public static readonly Outcome NotFound = new(Answer.NotFound, "找不到这项导出申请。");
    }

    public sealed record Download(byte[] Content, string FileName, int Residents, int Households);

    /// <summary>One request as the list shows it to this user.</summary>
    /// <param name="Approvers">For the requester's own pending request: who may decide it ("李建华（社区书记/主任）"); empty when nobody can.</param>
    public sealed record Row(ExportRequest Request, string UnitName, string UnitCode, string RequesterName, string? ApproverName,
        ExportRequestState State, bool Mine, bool MayDecide, bool MayDownload, IReadOnlyList<string> Approvers);

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome> RequestAsync(UserArea me, Ask ask, CancellationToken ct)
    {
        var reason = ask.Reason?.Trim() ?? "";
        if (reason.Length == 0) return Invalid("请写明导出的理由（用途、接收单位等）。");
        if (reason.Length > ExportRequest.ReasonLength) return Invalid(say["理由不能超过 {0} 个字。", ExportRequest.ReasonLength]);
        if (!ask.Unmasked && !ask.SensitiveLabels)
            return Invalid("请至少选择一项：完整身份证号和电话，或敏感标签。脱敏名册不需要审批，可以直接导出。");
        var unit = ask.OrgUnit is { Length: > 0 } reference ? await OrgUnitTree.ResolveAsync(db, reference.Trim(), ct) : null;
        if (unit is null || !me.HasIn(Permissions.Registry.Export, unit)) return Outcome.NotFound with { Message = say["找不到组织单元“{0}”，或它不在你的管辖范围内。", ask.OrgUnit] };
        if (unit.Kind == OrgUnitKind.Street) return Invalid("只能导出一个社区或网格的名册，不能一次导出整个街道。");
        if (ask.Unmasked && !me.HasIn(Permissions.Registry.Reveal, unit)) return Invalid("你的角色不能查看完整号码，因此不能申请导出完整号码。");
        if (ask.SensitiveLabels && !me.HasIn(Permissions.Registry.Sensitive, unit)) return Invalid("你的角色不能查看敏感标签，因此不能申请导出敏感标签。");

        var request = new ExportRequest
        {
            RequesterId = me.UserId, OrgUnitId = unit.Id, Unmasked = ask.Unmasked, SensitiveLabels = ask.SensitiveLabels,
            Reason = reason, CreatedUtc = Now, State = ExportRequestState.Pending,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ExportRequests.Add(request);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.ExportRequest, AuditTarget.ExportRequest(request.Id), unit.Id,
            $"申请导出 {unit.Name} 的名册（{What(request)}），申请 #{request.Id}，理由：{reason}", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(Answer.Ok, null, request);
    }

    /// <summary>The user's own requests and those they may decide on, newest first.</summary>
    public async Task<List<Row>> ListAsync(UserArea me, CancellationToken ct)
    {
        var found = await db.ExportRequests.AsNoTracking().Where(r => r.RequesterId == me.UserId)
            .OrderByDescending(r => r.Id).Take(100).ToListAsync(ct);
        foreach (var path in me.UnitsWhere(Permissions.Registry.ApproveExport).Select(u => u.Path))
            found.AddRange(await db.ExportRequests.AsNoTracking()
                .Where(r => db.OrgUnits.Any(o => o.Id == r.OrgUnitId && o.Path.StartsWith(path)))
                .OrderByDescending(r => r.Id).Take(100).ToListAsync(ct));
        var requests = found.DistinctBy(r => r.Id).OrderByDescending(r => r.Id).ToList();

        var unitIds = requests.Select(r => r.OrgUnitId).Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var userIds = requests.SelectMany(r => new[] { r.RequesterId, r.ApproverId ?? 0 }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var now = Now;
        var rows = new List<Row>();
        foreach (var r in requests)
        {
            var state = r.StateAt(now);
            var unit = units[r.OrgUnitId];
            var mine = r.RequesterId == me.UserId;
            var approvers = mine && state == ExportRequestState.Pending ? await ApproversAsync(r, unit, ct) : [];
            rows.Add(new Row(r, unit.Name, unit.Code, names.GetValueOrDefault(r.RequesterId, "?"),
                r.ApproverId is { } a ? names.GetValueOrDefault(a) : null, state, mine,
                MayDecide: state == ExportRequestState.Pending && MayDecide(me, r, unit),
                MayDownload: mine && state == ExportRequestState.Approved, approvers));
        }
        return rows;
    }

    /// <summary>Whether this user may approve or reject the request: never their own; the approval grants over its unit.</summary>
    public static bool MayDecide(UserArea me, ExportRequest request, OrgUnit unit) =>
        request.RequesterId != me.UserId && me.HasIn(Permissions.Registry.ApproveExport, unit)
        && (!request.SensitiveLabels || me.HasIn(Permissions.Registry.ApproveSensitiveExport, unit));

    /// <summary>The enabled accounts, other than the requester, who may decide the request, as "姓名（角色）".</summary>
    public async Task<IReadOnlyList<string>> ApproversAsync(ExportRequest request, OrgUnit unit, CancellationToken ct)
    {
        var needed = request.SensitiveLabels ? new[] { Permissions.Registry.ApproveExport, Permissions.Registry.ApproveSensitiveExport } : [Permissions.Registry.ApproveExport];
        var roles = Roles.All.Where(role => needed.All(p => Roles.PermissionsOf(role).Contains(p))).ToList();
        var above = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var found = await db.RoleAssignments.AsNoTracking()
            .Where(a => roles.Contains(a.Role) && above.Contains(a.OrgUnitId) && a.UserId != request.RequesterId)
            .Join(db.Users.Where(u => !u.IsDisabled), a => a.UserId, u => u.Id, (a, u) => new { u.DisplayName, a.Role })
            .ToListAsync(ct);
        return found.Select(f => $"{f.DisplayName}（{Roles.DisplayName(f.Role)}）").Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Approves or rejects a pending request of someone else; a rejection needs a note.</summary>
    public async Task<Outcome> DecideAsync(UserArea me, long id, bool approve, string? note, CancellationToken ct)
    {
        note = note?.Trim() is { Length: > 0 } n ? n : null;
        var (request, unit) = await VisibleAsync(me, id, ct);
        if (request is null || unit is null) return Outcome.NotFound;
        if (request.RequesterId == me.UserId)
        {
            await audit.DeniedAsync(AuditTarget.ExportRequest(id), $"不能审批自己提出的导出申请", ct);
            return new(Answer.Forbidden, "不能审批自己提出的申请。请由另一位有审批权限的负责人（社区书记/主任或街道干部）审批。");
        }
        if (!MayDecide(me, request, unit))
        {
            await audit.DeniedAsync(AuditTarget.ExportRequest(id), $"无权审批这项导出申请", ct);
            return new(Answer.Forbidden, request.SensitiveLabels
                ? "这项申请要导出敏感标签，须由有权审批敏感标签导出的人（社区书记/主任或街道干部）审批。"
                : "你没有审批这项导出的权限。");
        }
        var state = request.StateAt(Now);
        if (state != ExportRequestState.Pending) return new(Answer.Conflict, say["这项申请{0}，不能再审批。", say[StateText(state)]]);
        if (!approve && note is null) return Invalid("驳回时请写明理由，申请人会看到。");
        if (note is { Length: > ExportRequest.ReasonLength }) return Invalid(say["意见不能超过 {0} 个字。", ExportRequest.ReasonLength]);

        var now = Now;
        var newState = approve ? ExportRequestState.Approved : ExportRequestState.Rejected;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the state, so that two people deciding at once cannot both succeed.
        var changed = await db.ExportRequests.Where(r => r.Id == id && r.State == ExportRequestState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, newState).SetProperty(r => r.ApproverId, me.UserId)
                .SetProperty(r => r.DecidedUtc, now).SetProperty(r => r.DecisionNote, note), ct);
        if (changed == 0) return new(Answer.Conflict, "这项申请刚刚已被处理，不能再审批。");
        var requester = await NameOfAsync(request.RequesterId, ct);
        await audit.WriteAsync(db, approve ? AuditActions.ExportApprove : AuditActions.ExportReject, AuditTarget.ExportRequest(id), unit.Id,
            $"{(approve ? "批准" : "驳回")} {requester} 导出 {unit.Name} 名册（{What(request)}）的申请 #{id}{(note is null ? "" : $"，意见：{note}")}", ct: ct);
        await tx.CommitAsync(ct);
        request.State = newState;
        request.ApproverId = me.UserId;
        request.DecidedUtc = now;
        request.DecisionNote = note;
        return new(Answer.Ok, null, request);
    }

    /// <summary>The requester's one download of an approved export, through the web.</summary>
    public async Task<(Outcome Outcome, Download? File)> DownloadAsync(UserArea me, long id, CancellationToken ct)
    {
        var (request, unit) = await VisibleAsync(me, id, ct);
        if (request is null || unit is null) return (Outcome.NotFound, null);
        if (request.RequesterId != me.UserId)
        {
            await audit.DeniedAsync(AuditTarget.ExportRequest(id), $"不是申请人，不能下载批准的导出", ct);
            return (new(Answer.Forbidden, "只有申请人本人可以下载批准的导出。"), null);
        }
        return await UseAsync(request, unit, me, "", ct);
    }

    /// <summary>
    /// The same download from the command line, which runs with the server's own rights: the approval must be for
    /// <paramref name="unit"/>, and the file carries what the requester may see now.
    /// </summary>
    public async Task<(Outcome Outcome, Download? File)> DownloadForCliAsync(long id, OrgUnit unit, CancellationToken ct)
    {
        var request = await db.ExportRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return (Outcome.NotFound with { Message = say["找不到编号为 {0} 的导出申请。", id] }, null);
        if (request.OrgUnitId != unit.Id)
            return (new(Answer.Invalid, $"导出申请 #{id} 批准的是另一个组织单元的名册，不是 {unit.Name}。--from 应与申请的单元相同。"), null);
        var requester = await UserArea.LoadAsync(db, request.RequesterId, ct);
        if (!requester.HasIn(Permissions.Registry.Export, unit))
            return (new(Answer.Forbidden, $"导出申请 #{id} 的申请人已不能导出 {unit.Name} 的名册（账号停用或角色变更）。"), null);
        return await UseAsync(request, unit, requester, "，经命令行", ct);
    }

    async Task<(Outcome, Download?)> UseAsync(ExportRequest request, OrgUnit unit, UserArea requester, string via, CancellationToken ct)
    {
        var state = request.StateAt(Now);
        switch (state)
        {
            case ExportRequestState.Pending: return (new(Answer.Conflict, "这项申请还在等待审批，批准后才能下载。"), null);
            case ExportRequestState.Rejected: return (new(Answer.Conflict, request.DecisionNote is { } n ? say["这项申请已被驳回：{0}。", n] : say["这项申请已被驳回。"]), null);
            case ExportRequestState.Used: return (new(Answer.Gone, "这项批准已经用过：每次批准只能下载一次。如需再次导出，请重新申请。"), null);
            case ExportRequestState.Expired:
                await MarkExpiredAsync(request.Id, ct);
                return (new(Answer.Gone, say["这项批准已过期（批准后 {0:0} 小时内有效）。如仍需要，请重新申请。", ExportRequest.ApprovalValidity.TotalHours]), null);
        }

        // What the file carries is what the requester may see now, whatever was approved.
        var reveal = request.Unmasked && requester.HasIn(Permissions.Registry.Reveal, unit);
        var labels = request.SensitiveLabels && requester.HasIn(Permissions.Registry.Sensitive, unit);
        using var buffer = new MemoryStream();
        var result = await new RosterExport(db, cipher, clock).WriteAsync(unit, buffer, reveal, labels, ct);

        var now = Now;
        var validFrom = now - ExportRequest.ApprovalValidity;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Single use: only the first of two downloads at once finds the approval unused.
        var claimed = await db.ExportRequests
            .Where(r => r.Id == request.Id && r.State == ExportRequestState.Approved && r.DecidedUtc > validFrom)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ExportRequestState.Used).SetProperty(r => r.UsedUtc, now)
                .SetProperty(r => r.RowCount, result.Residents), ct);
        if (claimed == 0) return (new(Answer.Gone, "这项批准已经用过或已过期。如需再次导出，请重新申请。"), null);
        var approver = request.ApproverId is { } a ? await NameOfAsync(a, ct) : "?";
        var what = string.Join("、", new[] { reveal ? "完整身份证号和电话" : "身份证号和电话已脱敏", labels ? "含敏感标签" : "不含敏感标签" });
        await audit.WriteAsync(db, AuditActions.Export, AuditTarget.ExportRequest(request.Id), unit.Id,
            $"按导出申请 #{request.Id}（申请人 {requester.DisplayName}，批准人 {approver}）导出名册：{unit.Name}（{unit.Code}），{what}，{result.Residents} 人，{result.Households} 户{via}", ct: ct);
        await tx.CommitAsync(ct);
        return (new(Answer.Ok, null, request), new Download(buffer.ToArray(), $"{unit.Name}居民名册{clock.GetLocalNow():yyyyMMdd}-{request.Id}.xlsx", result.Residents, result.Households));
    }

    /// <summary>The request and its unit when this user may see it: its requester (still over the unit), or an approver over the unit.</summary>
    async Task<(ExportRequest?, OrgUnit?)> VisibleAsync(UserArea me, long id, CancellationToken ct)
    {
        var found = await db.ExportRequests.AsNoTracking().Where(r => r.Id == id)
            .Join(db.OrgUnits, r => r.OrgUnitId, o => o.Id, (r, o) => new { Request = r, Unit = o }).FirstOrDefaultAsync(ct);
        if (found is null) return (null, null);
        var visible = (found.Request.RequesterId == me.UserId && me.HasIn(Permissions.Registry.Export, found.Unit))
            || me.HasIn(Permissions.Registry.ApproveExport, found.Unit);
        if (!visible)
        {
            await audit.DeniedAsync(AuditTarget.ExportRequest(id), $"不在管辖范围内", ct);
            return (null, null);
        }
        return (found.Request, found.Unit);
    }

    Task<int> MarkExpiredAsync(long id, CancellationToken ct) =>
        db.ExportRequests.Where(r => r.Id == id && (r.State == ExportRequestState.Approved || r.State == ExportRequestState.Pending))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ExportRequestState.Expired), ct);

    async Task<string> NameOfAsync(long userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "?";

    public static string What(ExportRequest r) => (r.Unmasked, r.SensitiveLabels) switch
    {
        (true, true) => "完整身份证号和电话、敏感标签",
        (true, false) => "完整身份证号和电话",
        _ => "敏感标签",
    };

    public static string StateText(ExportRequestState s) => s switch
    {
        ExportRequestState.Pending => "待审批",
        ExportRequestState.Approved => "已批准",
        ExportRequestState.Rejected => "已驳回",
        ExportRequestState.Used => "已下载",
        _ => "已过期",
    };

    static Outcome Invalid(string message) => new(Answer.Invalid, message);
}
