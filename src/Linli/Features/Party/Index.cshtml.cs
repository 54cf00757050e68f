using Linli.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>The branch page: members in numbers, the meetings of this month, quarter and year done or missing against their
/// rhythm, the rectification items by progress; every number opens its list. A community without a branch sets one up here.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class IndexModel(CurrentUser me, PartyReader reader, PartyDesk desk, YearReader years) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public PartyDesk.BranchForm Form { get; set; } = new() { Groups = "第一党小组\n第二党小组" };

    public IReadOnlyList<PartyReader.BranchChoice> Branches { get; private set; } = [];
    public PartyReader.Overview? Overview { get; private set; }
    public IReadOnlyList<(long Id, string Name)> WithoutBranch { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public IReadOnlyDictionary<CommitmentState, int> PromiseStates { get; private set; } = new Dictionary<CommitmentState, int>();
    /// <summary>The grades of the latest year that has any (this year's once given, else last year's).</summary>
    public (int Year, IReadOnlyDictionary<EvaluationGrade, int> Counts)? Grades { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await desk.CreateBranchAsync(await me.AreaAsync(ct), Form, ct);
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party?branch={outcome.Value!.Id}");
        foreach (var (field, message) in outcome.Errors) ModelState.AddModelError("Form." + field, message);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        Today = reader.Today;
        Branches = await reader.BranchesAsync(area, ct);
        WithoutBranch = await reader.CommunitiesWithoutBranchAsync(area, ct);
        var branch = Branch is { } id ? Branches.FirstOrDefault(b => b.Id == id) : Branches.Count > 0 ? Branches[0] : null;
        if (Branch is not null && branch is null) return false;
        if (Year is not (>= 2000 and <= 2100)) Year = null;
        if (branch is not null)
        {
            Overview = await reader.OverviewAsync(branch, Year, ct);
            var promises = await years.PromisesAsync(branch.Id, Overview.Year, false, ct);
            PromiseStates = Enum.GetValues<CommitmentState>().ToDictionary(s => s, s => promises.Count(p => p.State == s));
            foreach (var y in new[] { Overview.Year, Overview.Year - 1 })
            {
                var grades = await years.GradesAsync(branch.Id, y, ct);
                if (grades.All(g => g.Grade is null)) continue;
                Grades = (y, Enum.GetValues<EvaluationGrade>().ToDictionary(g => g, g => grades.Count(x => x.Grade == g)));
                break;
            }
        }
        return true;
    }

    public static string Css(PeriodState s) => s switch { PeriodState.Done => "ok", PeriodState.Missing => "overdue", _ => "due" };

    public static string PeriodName(RhythmPeriod p, int n) => p switch { RhythmPeriod.Month => $"{n}月", RhythmPeriod.Quarter => $"第{n}季度", _ => "全年" };
}
