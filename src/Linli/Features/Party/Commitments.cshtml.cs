using Linli.Features.Access;
using Linli.Features.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Party;

/// <summary>The branch's year: 设岗定责 posts and 承诺践诺 — each promise made (2–5 a member), checked (审诺), published (亮诺, to
/// residents too where chosen), kept (践诺) and scored (评诺) on one page, filtered by member.</summary>
[Authorize(Policy = Permissions.Party.Read)]
public sealed class CommitmentsModel(PartyHead head, PartyReader reader, YearReader year, YearDesk desk, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public YearDesk.PromiseForm Promise { get; set; } = new();
    [BindProperty] public YearDesk.PromiseStepForm Step { get; set; } = new();
    [BindProperty] public YearDesk.PostForm Post { get; set; } = new();

    public PartyReader.BranchChoice? BranchChoice { get; private set; }
    public IReadOnlyList<YearReader.PromiseRow> Promises { get; private set; } = [];
    public IReadOnlyList<YearReader.PostRow> Posts { get; private set; } = [];
    public IReadOnlyList<PartyReader.MemberRow> Members { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public string? Message { get; private set; }
    UserArea? Area { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Branch is null ? Redirect("/Party") : NotFound();

    public async Task<IActionResult> OnPostPromiseAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Promise.BranchId = BranchChoice!.Id;
        Promise.Year = Year;
        return Answer(await desk.AddPromiseAsync(Area!, Promise, ct), "Promise.");
    }

    public async Task<IActionResult> OnPostStepAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        return Answer(await desk.PromiseStepAsync(Area!, id, Step, ct), "");
    }

    public async Task<IActionResult> OnPostPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Post.BranchId = BranchChoice!.Id;
        Post.Year = Year;
        return Answer(await desk.AssignPostAsync(Area!, Post, ct), "Post.");
    }

    public async Task<IActionResult> OnPostPostStepAsync(long id, string? action, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var form = new YearDesk.PostStepForm { Action = action, SignedOn = clock.Today() };
        return Answer(await desk.PostStepAsync(Area!, id, form, ct), "");
    }

    IActionResult Answer<T>(PartyDesk.Outcome<T>? outcome, string prefix) where T : class
    {
        if (outcome is null) return NotFound();
        if (outcome.Ok) return Redirect($"/Party/Commitments?branch={BranchChoice!.Id}&year={Year}&q={Uri.EscapeDataString(Q ?? "")}#saved");
        PartyHead.Refusals(ModelState, outcome.Errors, prefix);
        return Page();
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await head.LoadAsync(Branch, ct) is not { } h) return false;
        (Area, BranchChoice, CanWrite) = (h.Area, h.Branch, h.CanWrite);
        if (Year is not (>= 2000 and <= 2100)) Year = h.Today.Year;
        var all = await year.PromisesAsync(BranchChoice.Id, Year.Value, false, ct);
        Promises = Text.Clean(Q) is { } q ? all.Where(p => p.Who.Contains(q, StringComparison.Ordinal)).ToList() : all;
        var posts = await year.PostsAsync(BranchChoice.Id, Year.Value, ct);
        Posts = Text.Clean(Q) is { } q2 ? posts.Where(p => p.Member.Contains(q2, StringComparison.Ordinal)).ToList() : posts;
        if (CanWrite) Members = await reader.MembersAsync(BranchChoice, null, null, false, ct);
        return true;
    }
}
