using Linli.Features.Access;

namespace Linli.Features;

/// <summary>
/// The modules of DESIGN.md as the navigation shows them. A module is listed only to the roles whose
/// work it is; one without pages yet is shown greyed, without a link.
/// </summary>
public static class Modules
{
    public sealed record Module(string Name, string Icon, string? Href, string Permission);

    public static readonly IReadOnlyList<Module> All =
    [
        new("人口房屋", "house", "/Registry", Permissions.Registry.Read),
        new("求助热线", "search", "/Hotline", Permissions.Registry.CallerView),
        new("走访", "walk", "/Visits", Permissions.Visits.Read),
        new("事件", "flag", "/Cases", Permissions.Cases.Handle),
        new("事件督办", "flag", "/Cases/Supervise", Permissions.Cases.Supervise),
        new("救助申请", "heart", "/Benefits", Permissions.Benefits.Read),
        new("救助审批", "heart", "/Benefits", Permissions.Benefits.Decide),
        new("服务", "heart", "/Services", Permissions.Services.Read),
        new("党建", "star", "/Party", Permissions.Party.Read),
        new("活动与志愿", "people", "/Activities", Permissions.Activities.Read),
        new("上级任务", "list", "/Tasks", Permissions.Tasks.Report),
        new("任务看板", "list", "/Tasks/Board", Permissions.Tasks.Assign),
        new("任务台账", "list", "/Ledgers", Permissions.Ledgers.Fill),
        new("台账审核", "list", "/Ledgers", Permissions.Ledgers.Review),
        new("统计报表", "chart", null, Permissions.Registry.Read),
        new("居务公开", "board", null, Permissions.Registry.Read),
        new("用户与权限", "key", "/Admin/Users", Permissions.System.ViewAccounts),
        new("系统设置", "gear", "/Admin/Calendar", Permissions.System.Manage),
        new("审计日志", "shield", "/Audit", Permissions.Audit.Read),
    ];

    public static IEnumerable<Module> For(UserArea area) => All.Where(m => area.Has(m.Permission));
}
