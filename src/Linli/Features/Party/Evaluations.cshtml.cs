using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>民主评议党员 for a year: each member's grade beside their promises' score, 优秀 at most a third (refused otherwise), then
/// the results published to the members. A branch of hundreds evaluates group by group: the form shows one 党小组 at a time
/// (<see cref="Group"/>), while the one-third rule counts the whole branch (saved grades of the other groups included).</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class EvaluationsModel(PartyHead head, YearReader year, YearDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The 党小组 shown: its id, <see cref="Ungrouped"/> for members in no group, <see cref="All"/> for everyone grouped;
    /// none chosen, the form opens on the first group and published results on everyone.</summary>
    [BindProperty(SupportsGet = true)] public long? Group { get; set; }
    public const long All = 0, Ungrouped = -1;
    /// <summary>The grades chosen; a member left at “—” is not graded (null), not 优秀 (the enum's default).</summary>
    [BindProperty] public Dictionary<long, EvaluationGrade?> Grades { get; set; } = [];

    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    /// <summary>Every active member of the branch (the counts and the one-third rule).</summary>
    public IReadOnlyList<YearReader.GradeRow> Rows { get; private set; } = [];
    /// <summary>The groups with members, in order (id, name, members, graded); members in no group last as <see cref="Ungrouped"/>.</summary>
    public IReadOnlyList<(long Id, string Name, int Members, int Graded)> Groups { get; private set; } = [];
    /// <summary>The members shown, by group.</summary>
    public IReadOnlyList<(long Id, string Name, IReadOnlyList<YearReader.GradeRow> Rows)> Shown { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public DateOnly? PublishedOn { get; private set; }
    UserArea? Area { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Branch is null ? Redirect("/Party") : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await desk.GradeAsync(Area!, BranchChoice!.Id, new YearDesk.GradesForm { Year = Year, Grades = Grades.Where(g => g.Value is not null).ToDictionary(g => g.Key, g => g.Value!.Value) }, ct);
        return await AnswerAsync(outcome, ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        return await AnswerAsync(await desk.PublishGradesAsync(Area!, BranchChoice!.Id, Year!.Value, ct), ct);
    }

    async Task<IActionResult> AnswerAsync(PartyDesk.Outcome<YearDesk.GradesResult>? outcome, CancellationToken ct)
    {
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Evaluations?branch={BranchChoice!.Id}&year={Year}&group={Group}&saved=1");
        foreach (var (_, message) in outcome.Errors) ModelState.AddModelError("", message);
        await LoadAsync(ct);
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await head.LoadAsync(Branch, ct) is not { } h) return false;
        (Area, BranchChoice, CanWrite) = (h.Area, h.Branch, h.CanWrite);
        if (Year is not (>= 2000 and <= 2100)) Year = h.Today.Year;
        Rows = await year.GradesAsync(BranchChoice.Id, Year.Value, ct);
        PublishedOn = Rows.Select(r => r.PublishedOn).FirstOrDefault(p => p is not null);
        var groups = await year.GroupsAsync(BranchChoice.Id, ct);
        var names = groups.ToDictionary(g => g.Id, g => g.Name);
        var order = groups.Select(g => (long?)g.Id).Append(null).ToList();
        var byGroup = Rows.GroupBy(r => r.GroupId is { } g && names.ContainsKey(g) ? r.GroupId : null).OrderBy(g => order.IndexOf(g.Key))
            .Select(g => (Id: g.Key ?? Ungrouped, Name: g.Key is { } k ? names[k] : "未编入党小组", Rows: (IReadOnlyList<YearReader.GradeRow>)g.ToList())).ToList();
        Groups = byGroup.Select(g => (g.Id, g.Name, g.Rows.Count, g.Rows.Count(r => r.Grade is not null))).ToList();
        if (Group is null || (Group != All && Groups.All(g => g.Id != Group)))
            Group = CanWrite && PublishedOn is null && Groups.Count > 1 ? Groups[0].Id : All;
        Shown = Group == All ? byGroup : byGroup.Where(g => g.Id == Group).ToList();
        return true;
    }
}
