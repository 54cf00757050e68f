using Linli.Data;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Access;

/// <summary>What Access owns, named for the audit page: accounts, access tokens, units, and the permissions in refusals.</summary>
public sealed class AccessAuditNames(LinliDb db) : IAuditNames
{
    /// <summary>The permissions as an auditor reads them; the code stays in the tooltip.</summary>
    public static readonly IReadOnlyDictionary<string, string> PermissionNames = new Dictionary<string, string>
    {
        [Permissions.Registry.Read] = "查看人口房屋",
        [Permissions.Registry.Write] = "修改居民信息",
        [Permissions.Registry.Import] = "导入名册",
        [Permissions.Registry.Export] = "导出名册",
        [Permissions.Registry.Sensitive] = "查看敏感标签",
        [Permissions.Registry.Reveal] = "查看完整号码",
        [Permissions.Registry.CallerView] = "来电查询",
        [Permissions.Registry.DefineTags] = "定义人员标签",
        // Held by community leads until 2026-11-30, when label definitions went to the street: older rows still name it.
        ["registry.manage-tags"] = "管理人员标签",
        [Permissions.Registry.SetVisitCycles] = "设置走访周期",
        [Permissions.Registry.ApproveExport] = "审批导出",
        [Permissions.Registry.ApproveSensitiveExport] = "审批含敏感标签的导出",
        [Permissions.Policies.ExportRequests] = "导出审批列表",
        [Permissions.Policies.RegistryRecords] = "查看居民记录",
        [Permissions.Policies.Labels] = "查看人员标签",
        [Permissions.Visits.Read] = "查看走访",
        [Permissions.Visits.Write] = "登记走访",
        [Permissions.Cases.Open] = "登记事件",
        [Permissions.Cases.Read] = "查看本网格事件",
        [Permissions.Cases.Handle] = "办理事件",
        [Permissions.Cases.Lead] = "管理社区事件",
        [Permissions.Cases.Supervise] = "督办事件",
        [Permissions.Benefits.Read] = "查看救助申请",
        [Permissions.Benefits.Write] = "办理救助申请",
        [Permissions.Benefits.Decide] = "审批救助申请",
        [Permissions.Benefits.Configure] = "设置救助类别",
        [Permissions.Ledgers.Fill] = "填报台账",
        [Permissions.Ledgers.Define] = "定义台账模板",
        [Permissions.Ledgers.Review] = "审核台账",
        [Permissions.Tasks.Read] = "查看上级任务",
        [Permissions.Tasks.Report] = "办理上级任务",
        [Permissions.Tasks.Assign] = "下达任务",
        [Permissions.Tasks.Accept] = "验收任务",
        [Permissions.Activities.Read] = "查看社区活动",
        [Permissions.Activities.SignUp] = "活动报名签到",
        [Permissions.Activities.Manage] = "管理社区活动",
        [Permissions.Volunteers.Read] = "查看志愿者",
        [Permissions.Volunteers.Manage] = "管理志愿者",
        [Permissions.Party.Read] = "查看党建",
        [Permissions.Party.Write] = "管理党建",
        [Permissions.Services.Read] = "查看服务单",
        [Permissions.Services.Order] = "下服务单",
        [Permissions.Services.Manage] = "管理服务单与服务目录",
        [Permissions.System.Manage] = "管理账号",
        [Permissions.System.GrantRoles] = "授予角色",
        [Permissions.System.ViewAccounts] = "查看账号列表",
        [Permissions.Audit.Read] = "查看审计日志",
    };

    public IReadOnlyDictionary<string, string> Words => PermissionNames;

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(string kind, IReadOnlyCollection<long> ids, CancellationToken ct) => kind switch
    {
        AuditTargets.Actor => await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct),
        AuditTargets.User => await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName == u.UserName ? u.UserName! : $"{u.DisplayName}（{u.UserName}）", ct),
        AuditTargets.Token => await db.AccessTokens.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.Id, t.Prefix, u.DisplayName })
            .ToDictionaryAsync(t => t.Id, t => $"{t.Prefix}…（{t.DisplayName}）", ct),
        AuditTargets.OrgUnit => await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct),
        _ => new Dictionary<long, string>(),
    };
}
