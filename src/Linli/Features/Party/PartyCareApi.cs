using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Linli.Features.Party;

/// <summary>/api/v1/party: 党费 (declarations, payments, the year's register with arrears), 困难党员 (records, support, holiday
/// visits, who is not yet visited for the coming round), 谈心谈话, meeting photos — the same reads and writes as the pages.</summary>
public static class PartyCareApi
{
    public sealed record DuesDto(int Year, IReadOnlyList<DuesRowDto> Members, IReadOnlyList<CareReader.MonthTotal> Months, decimal Due, decimal Collected, int Flagged, int Warned);
    public sealed record DuesRowDto(long MemberId, string Name, string? Group, string? Kind, decimal? Income, string Rate, decimal Monthly, IReadOnlyList<string> Months,
        decimal DueInYear, decimal PaidInYear, int UnpaidMonths, int UnpaidInARow, decimal Owed, bool Flagged, bool Warned);
    public sealed record UnvisitedDto(string Festival, string Round, int Year, IReadOnlyList<CareReader.HardshipRow> Members);

    public static RouteGroupBuilder MapPartyCareApi(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/party").WithTags("Party").RequireAuthorization(Permissions.Party.Read);
        var write = api.MapGroup("/party").WithTags("Party").RequireAuthorization(Permissions.Party.Write);
        read.MapGet("/branches/{id:long}/dues", Dues).WithSummary("党费收缴情况：每名党员的类别、基数、比例、月缴额，全年每月 paid/unpaid/waived/none，欠缴月数（满3个月标记，连续6个月警示）");
        read.MapGet("/branches/{id:long}/dues/payments", Payments).WithSummary("党费收缴登记：month = yyyy-MM 当月收到的党费；memberId 时为该党员的全部缴费");
        write.MapPost("/dues/declarations", Declare).WithSummary("申报党费基数（memberId, kind = Wage/Pension/Student/Unemployed/Dibao/Waived, monthlyIncome, fromMonth = yyyy-MM；Waived 须 approvedBy 和 reason）");
        write.MapPost("/dues/payments", Pay).WithSummary("登记收缴党费（memberId, fromMonth = yyyy-MM, months 1–12, amount 空为应缴额, paidOn, note）");
        read.MapGet("/branches/{id:long}/hardship", Hardship).WithSummary("困难党员：困难类型、情况、结对党员、帮扶和走访慰问；ended = true 含已解除");
        read.MapGet("/branches/{id:long}/hardship/unvisited", Unvisited).WithSummary("即将到来的慰问（元旦春节或七一）尚未走访的困难党员");
        read.MapGet("/branches/{id:long}/hardship/round", Round).WithSummary("走访慰问轮次（festival = spring/july1/mid-autumn/double-ninth, year；空为即将到来的一轮）：时间窗口、应走访的困难党员、已走访（日期、走访人、慰问、居民走访记录）和尚未走访");
        write.MapPost("/hardship", FlagHardship).WithSummary("列为困难党员（memberId, kind, health, situation, pairedMemberId, pairedOn, support）");
        write.MapPut("/hardship/{id:long}", ChangeHardship).WithSummary("修改困难党员记录；support 追加一条帮扶措施；endedOn 解除");
        write.MapPost("/hardship/{id:long}/visits", Visit).WithSummary("走访慰问（festival = spring/july1/mid-autumn/double-ninth, roundYear, date, visitors, money, goods, notes）；党员是本社区居民时同时记入居民的走访记录");
        read.MapGet("/branches/{id:long}/talks", Talks).WithSummary("谈心谈话记录（year）及本年度尚未谈话的党员");
        write.MapPost("/talks", Talk).WithSummary("登记谈心谈话（memberId 谈话对象, talker 谈话人, date, topic, notes）");
        read.MapGet("/meetings/{id:long}/photos", Photos).WithSummary("会议照片列表");
        read.MapGet("/meetings/{id:long}/photos/{photoId:long}", Photo).WithSummary("一张会议照片");
        write.MapPost("/meetings/{id:long}/photos", AddPhoto).DisableAntiforgery().WithSummary("上传会议照片（multipart，字段 photo；JPG/PNG，最大2 MB）");
        return api;
    }

    static string MonthWord(DuesRules.MonthDue? m) => m is null ? "none" : m.Waived ? "waived" : m.Paid ? "paid" : "unpaid";

    static async Task<Results<Ok<DuesDto>, NotFound>> Dues(long id, int? year, CurrentUser me, PartyReader reader, CareReader care, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } b) return TypedResults.NotFound();
        var r = await care.DuesAsync(b.Id, year is >= 2000 and <= 2100 ? year.Value : reader.Today.Year, reader.Today, ct);
        return TypedResults.Ok(new DuesDto(r.Year, r.Rows.Select(x => new DuesRowDto(x.MemberId, x.Name, x.Group, x.Kind?.ToString(), x.Income, x.Rate, x.Monthly,
            x.Months.Select(MonthWord).ToList(), x.DueInYear, x.PaidInYear, x.Unpaid, x.InARow, x.Owed, x.Flagged, x.Warned)).ToList(), r.Months, r.Due, r.Collected,
            r.Rows.Count(x => x.Flagged), r.Rows.Count(x => x.Warned)));
    }

    static async Task<Results<Ok<List<CareReader.PaymentRow>>, NotFound>> Payments(long id, string? month, long? memberId, CurrentUser me, PartyReader reader, CareReader care, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } b) return TypedResults.NotFound();
        var m = CareDesk.ParseMonth(month) ?? DuesRules.MonthOf(reader.Today);
        return TypedResults.Ok((await care.PaymentsAsync(b.Id, m, m.AddMonths(1).AddDays(-1), memberId, ct)).ToList());
    }

    static object Dto(DuesDeclaration d) => new { d.Id, d.MemberId, Kind = d.Kind.ToString(), KindName = DuesRules.KindWord(d.Kind), d.MonthlyIncome, Rate = DuesRules.RateWord(d.Kind, d.MonthlyIncome),
        d.MonthlyAmount, FromMonth = d.FromMonth.ToString("yyyy-MM"), d.DeclaredOn, d.ApprovedBy, d.Reason };
    static object Dto(DuesPayment p) => new { p.Id, p.MemberId, FromMonth = p.FromMonth.ToString("yyyy-MM"), ToMonth = p.ToMonth.ToString("yyyy-MM"), p.Amount, p.PaidOn, p.Note, RecordedBy = p.RecordedByName };
    static object Dto(HardshipRecord h) => new { h.Id, h.MemberId, h.Kind, h.Health, h.Situation, h.PairedMemberId, h.PairedOn, h.Support, h.FlaggedOn, h.EndedOn };
    static object Dto(HardshipVisit v) => new { v.Id, v.HardshipId, v.MemberId, v.Festival, Round = Care.RoundName(v.Festival, v.RoundYear), v.RoundYear, v.Date, v.Visitors, v.Money, v.Goods, v.Notes, v.VisitId };
    static object Dto(PartyTalk t) => new { t.Id, t.MemberId, t.Talker, t.Date, t.Topic, t.Notes };

    static async Task<IResult> Declare(CareDesk.DuesForm form, CurrentUser me, CareDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.DeclareAsync(await me.AreaAsync(ct), form, ct), d => TypedResults.Created($"/api/v1/party/dues/declarations/{d.Id}", Dto(d)));

    static async Task<IResult> Pay(CareDesk.PaymentForm form, CurrentUser me, CareDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.PayAsync(await me.AreaAsync(ct), form, ct), p => TypedResults.Created($"/api/v1/party/dues/payments/{p.Id}", Dto(p)));

    static async Task<Results<Ok<List<CareReader.HardshipRow>>, NotFound>> Hardship(long id, bool? ended, CurrentUser me, PartyReader reader, CareReader care, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } b) return TypedResults.NotFound();
        return TypedResults.Ok((await care.HardshipAsync(b.Id, ended ?? false, Care.Coming(reader.Today), ct)).ToList());
    }

    static async Task<Results<Ok<UnvisitedDto>, NotFound>> Unvisited(long id, CurrentUser me, PartyReader reader, CareReader care, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } b) return TypedResults.NotFound();
        var coming = Care.Coming(reader.Today);
        var rows = (await care.HardshipAsync(b.Id, false, coming, ct)).Where(h => !h.VisitedForComing).ToList();
        return TypedResults.Ok(new UnvisitedDto(coming.Festival.Key, Care.RoundName(coming.Festival.Key, coming.Year), coming.Year, rows));
    }

    static async Task<Results<Ok<CareReader.Round>, NotFound, ValidationProblem>> Round(long id, string? festival, int? year, CurrentUser me, PartyReader reader, CareReader care, IStringLocalizer say, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } b) return TypedResults.NotFound();
        var coming = Care.Coming(reader.Today);
        var f = festival is null ? coming.Festival : Care.FestivalOf(festival);
        if (f is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["festival"] = [say["慰问节日应为 spring（元旦春节）、july1（七一）、mid-autumn（中秋）或 double-ninth（重阳）。"].Value] });
        return TypedResults.Ok(await care.RoundAsync(b.Id, f, year is >= 2000 and <= 2100 ? year.Value : coming.Year, ct));
    }

    static async Task<IResult> FlagHardship(CareDesk.HardshipForm form, CurrentUser me, CareDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.SaveHardshipAsync(await me.AreaAsync(ct), null, form, ct), h => TypedResults.Created($"/api/v1/party/hardship/{h.Id}", Dto(h)));

    static async Task<IResult> ChangeHardship(long id, CareDesk.HardshipForm form, CurrentUser me, CareDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.SaveHardshipAsync(await me.AreaAsync(ct), id, form, ct), h => TypedResults.Ok(Dto(h)));

    static async Task<IResult> Visit(long id, CareDesk.VisitForm form, CurrentUser me, CareDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.VisitAsync(await me.AreaAsync(ct), id, form, ct), v => TypedResults.Created($"/api/v1/party/hardship/{id}/visits/{v.Id}", Dto(v)));

    static async Task<IResult> Talks(long id, int? year, CurrentUser me, PartyReader reader, CareReader care, CancellationToken ct)
    {
        if (await reader.BranchAsync(await me.AreaAsync(ct), id, ct) is not { } b) return TypedResults.NotFound();
        var y = year is >= 2000 and <= 2100 ? year.Value : reader.Today.Year;
        return TypedResults.Ok(new { Year = y, Talks = await care.TalksAsync(b.Id, y, null, ct),
            NotYet = (await care.NotTalkedWithAsync(b.Id, y, ct)).Select(m => new { m.Id, m.Name }) });
    }

    static async Task<IResult> Talk(CareDesk.TalkForm form, CurrentUser me, CareDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.TalkAsync(await me.AreaAsync(ct), form, ct), t => TypedResults.Created($"/api/v1/party/talks/{t.Id}", Dto(t)));

    static async Task<IResult> Photos(long id, CurrentUser me, PartyReader reader, CareReader care, CancellationToken ct) =>
        await reader.MeetingAsync(await me.AreaAsync(ct), id, ct) is { } m
            ? TypedResults.Ok((await care.PhotosAsync(m.Id, ct)).Select(p => new { p.Id, p.FileName, Href = $"/api/v1/party/meetings/{m.Id}/photos/{p.Id}" }))
            : TypedResults.NotFound();

    static async Task<IResult> Photo(long id, long photoId, CurrentUser me, PartyReader reader, CareReader care, CancellationToken ct) =>
        await reader.MeetingAsync(await me.AreaAsync(ct), id, ct) is { } m && await care.PhotoAsync(m.Id, photoId, ct) is { } p
            ? TypedResults.File(p.Bytes, p.ContentType)
            : TypedResults.NotFound();

    static async Task<IResult> AddPhoto(long id, IFormFile? photo, CurrentUser me, CareDesk desk, CancellationToken ct) =>
        PartyApi.Answer(await desk.AddPhotoAsync(await me.AreaAsync(ct), id, photo, ct),
            p => TypedResults.Created($"/api/v1/party/meetings/{id}/photos/{p.Id}", new { p.Id, p.FileName, p.ContentType }));
}
