namespace Linli.Features;

/// <summary>The modules of DESIGN.md as the navigation shows them; a module without a page yet has no link.</summary>
public static class Modules
{
    public sealed record Module(string Name, string Icon, string? Href);

    public static readonly IReadOnlyList<Module> All =
    [
        new("人口房屋", "▦", null),
        new("走访", "✎", null),
        new("事件", "☰", null),
        new("服务", "♡", null),
        new("党建", "★", null),
        new("活动与志愿", "✿", null),
        new("任务台账", "☷", null),
        new("统计报表", "▤", null),
        new("居务公开", "◉", null),
        new("用户与权限", "⚿", null),
        new("审计日志", "⎙", null),
    ];
}
