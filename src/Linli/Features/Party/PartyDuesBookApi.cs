using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linli.Features.Party;

/// <summary>/api/v1/party: the branch's 党费收支 (the year's lines with running balances) and recording 上缴, 下拨, 返还 and 支出.</summary>
public static class PartyDuesBookApi
{
    public sealed record BookDto(int Year, decimal CarriedToRemit, decimal CarriedAvailable, decimal ToRemit, decimal Available, IReadOnlyList<DuesBookRules.Line> Lines);

    public static RouteGroupBuilder MapPartyDuesBookApi(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/party").WithTags("Party").RequireAuthorization(Permissions.Party.Read);
        var write = api.MapGroup("/party").WithTags("Party").RequireAuthorization(Permissions.Party.Write);
        read.MapGet("/branches/{id:long}/dues/book", Book).WithSummary("党费收支（year）：每月收缴和每笔上缴、下拨、返还、支出，及待上缴党费、可用党费的滚动结余");
        write.MapPost("/dues/flows", Record).WithSummary("登记党费收支（branchId, kind = Remit/Allocation/Refund/Spending, date, amount, summary, counterparty；Spending 须 purpose 和 approvedBy）");
        return api;
    }

    static async Task<Results<Ok<BookDto>, NotFound>> Book(long id, int? year, CurrentUser me, PartyReader reader, DuesBookReader books, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } b) return TypedResults.NotFound();
        var y = year is >= 2000 and <= 2100 ? year.Value : reader.Today.Year;
        var book = await books.ReadAsync(b.Id, null, new DateOnly(y, 12, 31), ct);
        var before = book.Lines.LastOrDefault(l => l.Date.Year < y);
        return TypedResults.Ok(new BookDto(y, before?.ToRemit ?? 0, before?.Available ?? 0, book.ToRemit, book.Available, book.Lines.Where(l => l.Date.Year == y).ToList()));
    }

    static async Task<IResult> Record(DuesBookDesk.FlowForm form, CurrentUser me, DuesBookDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.RecordAsync(await me.AreaAsync(ct), form, ct), f => TypedResults.Created($"/api/v1/party/dues/flows/{f.Id}",
            new { f.Id, f.BranchId, Kind = f.Kind.ToString(), KindName = DuesBookRules.KindWord(f.Kind), f.Date, f.Amount, f.Summary, f.Counterparty, f.Purpose, f.ApprovedBy }));
}
