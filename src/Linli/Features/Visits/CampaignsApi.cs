using Linli.Data;
using Linli.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// /api/v1/visits/campaigns: 慰问 campaigns as the pages keep them — listed in the user's communities, made with their
/// rules (which add the people they pick), adjusted (people added by hand or removed), and delivered: each delivery a
/// visit with the sign-off. The same <see cref="CampaignDesk"/> as the pages, so scope and audit are theirs.
/// </summary>
public static class CampaignsApi
{
    public sealed record RuleBody(IReadOnlyList<long>? TagIds, int? MinAge, string? PoliticalStatus, bool LivingAlone);
    public sealed record CreateBody(long CommunityId, string? Name, string? Season, string? Gift, IReadOnlyList<RuleBody>? Rules);
    public sealed record AdjustBody(IReadOnlyList<long>? Add, IReadOnlyList<long>? Remove);
    public sealed record DeliveryBody(long RecipientId, string? Deliverer, string? SignedBy);

    public sealed record CampaignDto(long Id, long CommunityId, string Community, string Name, string Season, string Gift, int Recipients, int Delivered);
    public sealed record RecipientDto(long Id, long ResidentId, string Name, long GridId, string Grid, string Address, string? Phone, string Source,
        string? Deliverer, long? VisitId, DateOnly? DeliveredOn, string? SignedBy, IReadOnlyList<string> AlsoInThisSeason);
    public sealed record CampaignDetailDto(CampaignDto Campaign, bool MayEdit, IReadOnlyList<RecipientDto> Recipients);
    public sealed record RuleResultDto(int Added, CampaignDetailDto Detail);

    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder visits)
    {
        var g = visits.MapGroup("/campaigns");
        g.MapGet("", List).WithSummary("慰问活动：用户所在社区的活动，及名单人数、已送达人数");
        g.MapGet("/{id:long}", Get).WithSummary("一次慰问活动及其名单（本季在其他活动中也被慰问的人标出 alsoInThisSeason）");
        g.MapPost("", Create).RequireAuthorization(Permissions.Visits.Write)
            .WithSummary("新建慰问活动（社区、名称、时节、慰问内容），可带 rules：每条规则（标签之一、年龄下限、政治面貌、独居）选出的人加入名单");
        g.MapPost("/{id:long}/rules", AddByRule).RequireAuthorization(Permissions.Visits.Write).WithSummary("按一条规则把选中的人加入名单");
        g.MapPatch("/{id:long}/recipients", Adjust).RequireAuthorization(Permissions.Visits.Write)
            .WithSummary("调整名单：add 为居民 id（手动添加），remove 为名单行 id（已送达的不能移出）");
        g.MapPost("/{id:long}/deliveries", Deliver).RequireAuthorization(Permissions.Visits.Write)
            .WithSummary("登记送达：记为一次上门走访，签收人必填");
        return visits;
    }

    static async Task<Ok<List<CampaignDto>>> List(CurrentUser me, CampaignDesk desk, CancellationToken ct) =>
        TypedResults.Ok((await desk.ListAsync(await me.AreaAsync(ct), ct)).Select(x => Dto(x.Campaign, x.Community, x.Recipients, x.Delivered)).ToList());

    static async Task<Results<Ok<CampaignDetailDto>, NotFound>> Get(long id, CurrentUser me, CampaignDesk desk, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        return await desk.FindAsync(area, id, ct) is { } c ? TypedResults.Ok(await DetailAsync(area, c, desk, db, ct)) : TypedResults.NotFound();
    }

    static async Task<Results<Created<CampaignDetailDto>, NotFound, ValidationProblem>> Create(CreateBody body, CurrentUser me, CampaignDesk desk, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var rules = new List<CampaignRule>();
        foreach (var (rule, i) in (body.Rules ?? []).Select((r, i) => (r, i)))
        {
            if (await RuleOf(rule, db, area, ct) is not { } parsed) return Invalid($"rules[{i}]", "每条规则至少要有一个条件（标签、年龄下限、政治面貌或独居），年龄在0到130之间，标签须是你能看到的。");
            rules.Add(parsed);
        }
        var (campaign, error) = await desk.CreateAsync(area, body.CommunityId, body.Name, body.Season, body.Gift, ct);
        if (campaign is null) return error is null ? TypedResults.NotFound() : Invalid("campaign", error);
        foreach (var rule in rules) await desk.AddByRuleAsync(area, campaign, rule, ct);
        return TypedResults.Created($"/api/v1/visits/campaigns/{campaign.Id}", await DetailAsync(area, campaign, desk, db, ct));
    }

    static async Task<Results<Ok<RuleResultDto>, NotFound, ProblemHttpResult, ValidationProblem>> AddByRule(long id, RuleBody body, CurrentUser me, CampaignDesk desk, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (await desk.FindAsync(area, id, ct) is not { } c) return TypedResults.NotFound();
        if (!await desk.MayEditAsync(area, c, ct)) return NotEditor();
        if (await RuleOf(body, db, area, ct) is not { } rule) return Invalid("rule", "规则至少要有一个条件（标签、年龄下限、政治面貌或独居），年龄在0到130之间，标签须是你能看到的。");
        var added = await desk.AddByRuleAsync(area, c, rule, ct);
        return TypedResults.Ok(new RuleResultDto(added, await DetailAsync(area, c, desk, db, ct)));
    }

    static async Task<Results<Ok<CampaignDetailDto>, NotFound, ProblemHttpResult, ValidationProblem>> Adjust(long id, AdjustBody body, CurrentUser me, CampaignDesk desk, LinliDb db, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (await desk.FindAsync(area, id, ct) is not { } c) return TypedResults.NotFound();
        if (!await desk.MayEditAsync(area, c, ct)) return NotEditor();
        if ((body.Add?.Count ?? 0) + (body.Remove?.Count ?? 0) is 0 or > 500) return Invalid("add", "请给出要添加的居民（add）或要移出的名单行（remove），一次最多500个。");
        var errors = new Dictionary<string, string[]>();
        foreach (var (resident, i) in (body.Add ?? []).Select((r, i) => (r, i)))
            if (await desk.AddResidentAsync(area, c, resident, ct) is { } error)
                errors[$"add[{i}]"] = [error.Length == 0 ? Web.UiText.Shared["找不到居民 {0}，或不在你能登记走访的本社区网格中。", resident] : error];
        foreach (var (row, i) in (body.Remove ?? []).Select((r, i) => (r, i)))
            if (!await desk.RemoveAsync(area, c, row, ct))
                errors[$"remove[{i}]"] = [Web.UiText.Shared["名单中没有第 {0} 行，或已送达、或不在你的网格中。", row]];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "名单调整有误（其余各项已完成）");
        return TypedResults.Ok(await DetailAsync(area, c, desk, db, ct));
    }

    static async Task<Results<Ok<RecipientDto>, NotFound, ValidationProblem>> Deliver(long id, DeliveryBody body, CurrentUser me, CampaignDesk desk, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        if (await desk.FindAsync(area, id, ct) is not { } c) return TypedResults.NotFound();
        if (!(await desk.RecipientsAsync(area, c, ct)).Any(r => r.Id == body.RecipientId))
            return Invalid("recipientId", Web.UiText.Shared["这次慰问的名单中没有第 {0} 行。", body.RecipientId]);
        var error = await desk.DeliverAsync(area, c, body.RecipientId, body.Deliverer, body.SignedBy, ct);
        if (error == "") return TypedResults.NotFound();
        if (error is not null) return Invalid(error.Contains("签收", StringComparison.Ordinal) ? "signedBy" : "recipientId", error);
        var row = (await desk.RecipientsAsync(area, c, ct)).Single(r => r.Id == body.RecipientId);
        return TypedResults.Ok(RecipientOf(row));
    }

    /// <summary>The rule, or null when it names nothing, an age out of range, or a label the user may not see.</summary>
    static async Task<CampaignRule?> RuleOf(RuleBody body, LinliDb db, UserArea area, CancellationToken ct)
    {
        var ids = (body.TagIds ?? []).Distinct().ToList();
        var sensitive = area.Has(Permissions.Registry.Sensitive);
        var known = await db.Tags.AsNoTracking().CountAsync(t => ids.Contains(t.Id) && (sensitive || !t.IsSensitive), ct);
        var rule = new CampaignRule(ids, body.MinAge, Registry.TextElements.Clean(body.PoliticalStatus), body.LivingAlone);
        return rule.IsEmpty || known != ids.Count || body.MinAge is < 0 or > 130 ? null : rule;
    }

    static async Task<CampaignDetailDto> DetailAsync(UserArea area, Campaign c, CampaignDesk desk, LinliDb db, CancellationToken ct)
    {
        var recipients = await desk.RecipientsAsync(area, c, ct);
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Id == c.CommunityId).Select(o => o.Name).FirstAsync(ct);
        return new CampaignDetailDto(Dto(c, community, recipients.Count, recipients.Count(r => r.VisitId != null)), await desk.MayEditAsync(area, c, ct),
            recipients.Select(RecipientOf).ToList());
    }

    static CampaignDto Dto(Campaign c, string community, int recipients, int delivered) =>
        new(c.Id, c.CommunityId, community, c.Name, c.Season, c.Gift, recipients, delivered);

    static RecipientDto RecipientOf(CampaignDesk.Recipient r) =>
        new(r.Id, r.ResidentId, r.Name, r.GridId, r.Grid, r.Address, r.Phone, r.Source, r.Deliverer, r.VisitId, r.DeliveredOn, r.SignedBy, r.AlsoIn);

    /// <summary>The campaign is in sight (a cadre of one of its grids) but its list is the community office's to change.</summary>
    static ProblemHttpResult NotEditor() =>
        TypedResults.Problem("名单由社区办公室调整；你可以登记送达。", statusCode: StatusCodes.Status403Forbidden, title: "无权调整慰问名单");

    static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "慰问活动有误");
}
