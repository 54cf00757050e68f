using Linli.Features.Access;

namespace Linli.Features.Tasks;

/// <summary>
/// 催办 on the home page: for a community, its open tasks with how many are overdue or due within
/// <see cref="TaskClock.RemindBefore"/> working days; for the street, what waits for 验收 and what is overdue.
/// </summary>
public sealed class TaskHomeCards(TaskReader reader) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        if (!area.Has(Permissions.Tasks.Read)) return [];
        var open = await reader.ListAsync(area, new TaskFilter(Show: TaskShow.Open), ct);
        var overdue = open.Count(r => r.Reminder.Kind == ReminderKind.Overdue);
        var soon = open.Count(r => r.Reminder.Kind is ReminderKind.DueSoon or ReminderKind.DueToday);
        var cards = new List<HomeCard>();
        if (area.Has(Permissions.Tasks.Report))
            cards.Add(new HomeCard("上级任务", "待办上级任务", open.Count, "/Tasks", overdue > 0 ? Tone.Overdue : soon > 0 ? Tone.Due : Tone.Ok,
                $"{overdue} 项逾期，{soon} 项 {TaskClock.RemindBefore} 个工作日内到期", Order: 35));
        if (area.Has(Permissions.Tasks.Report) && await reader.MovedEarlierAsync(area, 30, ct) is { Count: > 0 } earlier)
            cards.Add(new HomeCard("上级任务", "期限提前的任务", earlier.Select(e => (e.TaskId, e.CommunityId)).Distinct().Count(), "/Tasks", Tone.Due, "节假日安排已更新", Order: 35));
        if (area.Has(Permissions.Tasks.Accept))
        {
            var waiting = await reader.ListAsync(area, new TaskFilter(Show: TaskShow.Submitted), ct);
            cards.Add(new HomeCard("上级任务", "待验收任务", waiting.Count, "/Tasks?show=submitted", waiting.Count > 0 ? Tone.Due : Tone.Ok, Order: 35));
            cards.Add(new HomeCard("上级任务", "社区逾期未交", overdue, "/Tasks?show=overdue", overdue > 0 ? Tone.Overdue : Tone.Ok, $"{soon} 项即将到期", Order: 36));
        }
        return cards;
    }
}
