using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Tasks;

/// <summary>任务看板 (the street): every community side by side for each task, and per department the month's numbers, each a link to its list.</summary>
[Authorize(Policy = Permissions.Tasks.Read)]
public sealed class BoardModel(CurrentUser me, TaskReader reader) : PageModel
{
    public TaskBoard Board { get; private set; } = new([], [], [], default);
    public string Month { get; private set; } = "";

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        var m = TaskReader.ParseMonth(month) ?? reader.Today;
        Board = await reader.BoardAsync(await me.AreaAsync(ct), m, ct);
        Month = TaskReader.MonthText(Board.Month);
    }

    public string Link(string show, string? department = null) =>
        $"/Tasks?month={Month}&show={show}{(department is null ? "" : "&department=" + Uri.EscapeDataString(department))}";
}
