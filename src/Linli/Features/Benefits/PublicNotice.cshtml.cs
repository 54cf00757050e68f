using Linli.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Linli.Features.Benefits;

/// <summary>
/// 公示 without login: a community's notices up today, exactly as published (masked by each kind's policy), with an
/// objection form. The page reads only the stored notice rows — never the application or the registry — so nothing the
/// policy withholds can reach it.
/// </summary>
[AllowAnonymous]
public sealed class PublicNoticeModel(LinliDb db, NoticeBoard board, BenefitWorkflow workflow) : PageModel
{
    public NoticeBoard.Board Board { get; private set; } = null!;
    [BindProperty] public long NoticeId { get; set; }
    [BindProperty] public string? ObjectorName { get; set; }
    [BindProperty] public string? Text { get; set; }
    public string? Lodged { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await board.ForAsync(db, code, ct) is not { } b) return NotFound();
        Board = b;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (await board.ForAsync(db, code, ct) is not { } b) return NotFound();
        Board = b;
        var (reference, error) = await workflow.LodgeAsync(b.CommunityId, NoticeId, ObjectorName, Text, ct);
        if (reference is not null)
        {
            Lodged = reference;
            ObjectorName = Text = null;
        }
        else Problem = error;
        return Page();
    }
}

/// <summary>The printed board notice (A4): the same rows, the office's title, the as-of and removal dates, where to object.</summary>
[AllowAnonymous]
public sealed class NoticePrintModel(LinliDb db, NoticeBoard board) : PageModel
{
    public NoticeBoard.Board Board { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await board.ForAsync(db, code, ct) is not { } b) return NotFound();
        Board = b;
        return Page();
    }
}
