using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Visits;

/// <summary>
/// 慰问 campaigns: made and adjusted by the community's office (visits.write over the community), delivered by whoever
/// holds visits.write in the recipient's grid — each delivery a visit with the recipient's sign-off. A person in two
/// campaigns of one season is flagged.
/// </summary>
public sealed class CampaignDesk(LinliDb db, VisitRecorder recorder, AuditLog audit, TimeProvider clock)
{
    public sealed record Recipient(long Id, long ResidentId, string Name, long GridId, string Grid, string Address, string? Phone, string Source,
        string? Deliverer, long? VisitId, DateOnly? DeliveredOn, string? SignedBy, IReadOnlyList<string> AlsoIn);

    DateOnly Today => clock.Today();

    /// <summary>The campaigns of communities where the user reads visits in some grid.</summary>
    public async Task<List<(Campaign Campaign, string Community, int Recipients, int Delivered)>> ListAsync(UserArea area, CancellationToken ct)
    {
        var grids = area.GridsWhere(Permissions.Visits.Read);
        var communities = await db.OrgUnits.AsNoTracking().Where(o => EF.Parameter(grids).Contains(o.Id)).Select(o => o.ParentId!.Value).Distinct().ToListAsync(ct);
        var rows = await db.Set<Campaign>().AsNoTracking().Where(c => communities.Contains(c.CommunityId)).OrderByDescending(c => c.Id)
            .Select(c => new
            {
                Campaign = c, Community = db.OrgUnits.Where(o => o.Id == c.CommunityId).Select(o => o.Name).First(),
                Recipients = db.Set<CampaignRecipient>().Count(r => r.CampaignId == c.Id && EF.Parameter(grids).Contains(r.GridId)),
                Delivered = db.Set<CampaignRecipient>().Count(r => r.CampaignId == c.Id && r.VisitId != null && EF.Parameter(grids).Contains(r.GridId)),
            }).Take(200).ToListAsync(ct);
        return rows.Select(r => (r.Campaign, r.Community, r.Recipients, r.Delivered)).ToList();
    }

    public async Task<Campaign?> FindAsync(UserArea area, long id, CancellationToken ct)
    {
        var grids = area.GridsWhere(Permissions.Visits.Read);
        return await db.Set<Campaign>().AsNoTracking().Where(c => c.Id == id && db.OrgUnits.Any(o => o.ParentId == c.CommunityId && EF.Parameter(grids).Contains(o.Id)))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<bool> MayEditAsync(UserArea area, Campaign c, CancellationToken ct) =>
        await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == c.CommunityId, ct) is { } community && area.HasIn(Permissions.Visits.Write, community);

    public async Task<(Campaign? Campaign, string? Error)> CreateAsync(UserArea area, long communityId, string? name, string? season, string? gift, CancellationToken ct)
    {
        var community = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == communityId && o.Kind == OrgUnitKind.Community, ct);
        if (community is null || !area.HasIn(Permissions.Visits.Write, community)) return (null, null);
        (name, season, gift) = (TextElements.Clean(name), TextElements.Clean(season), TextElements.Clean(gift));
        if (name is null || name.Length > 64) return (null, "请填写活动名称（64字以内）。");
        if (season is null || season.Length > 32) return (null, "请填写所属时节，如“2027春节”（32字以内）。");
        if (gift is null || gift.Length > 100) return (null, "请填写慰问内容，如“慰问金500元”或“米面油一份”（100字以内）。");
        var campaign = new Campaign { CommunityId = communityId, Name = name, Season = season, Gift = gift, CreatedById = area.UserId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(campaign);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, new AuditTarget(AuditTargets.OrgUnit, communityId), communityId, $"新建慰问活动“{name}”（{season}，{gift}）", ct: ct);
        await tx.CommitAsync(ct);
        return (campaign, null);
    }

    /// <summary>Adds everyone the rule picks who is not yet on the list; the number added.</summary>
    public async Task<int> AddByRuleAsync(UserArea area, Campaign campaign, CampaignRule rule, CancellationToken ct)
    {
        var names = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var picked = await rule.PickAsync(db, area, campaign.CommunityId, Today, ct);
        var already = (await db.Set<CampaignRecipient>().Where(r => r.CampaignId == campaign.Id).Select(r => r.ResidentId).ToListAsync(ct)).ToHashSet();
        var source = TextElements.Cut($"按规则：{rule.Describe(names)}", 100, "…");
        var added = picked.Where(p => !already.Contains(p.ResidentId))
            .Select(p => new CampaignRecipient { CampaignId = campaign.Id, ResidentId = p.ResidentId, GridId = p.GridId, Source = source }).ToList();
        if (added.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.AddRange(added);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, new AuditTarget(AuditTargets.OrgUnit, campaign.CommunityId), campaign.CommunityId,
            $"慰问活动“{campaign.Name}”{source}，添加 {added.Count} 人", ct: ct);
        await tx.CommitAsync(ct);
        return added.Count;
    }

    /// <summary>Adds one resident by hand (手动添加); null when added, "" when not in the user's writable grids of the campaign's community, else why not.</summary>
    public async Task<string?> AddResidentAsync(UserArea area, Campaign campaign, long residentId, CancellationToken ct)
    {
        var resident = await db.Residents.AsNoTracking().InScopeOf(area, Permissions.Visits.Write)
            .Where(r => r.Id == residentId && db.OrgUnits.Any(g => g.Id == r.GridId && g.ParentId == campaign.CommunityId))
            .Select(r => new { r.Id, r.GridId, r.Status }).FirstOrDefaultAsync(ct);
        if (resident is null) return "";
        if (resident.Status != ResidentStatus.Active) return "这位居民已迁出或去世，不能加入慰问名单。";
        if (await db.Set<CampaignRecipient>().AnyAsync(r => r.CampaignId == campaign.Id && r.ResidentId == residentId, ct)) return "这位居民已在名单中。";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(new CampaignRecipient { CampaignId = campaign.Id, ResidentId = resident.Id, GridId = resident.GridId, Source = "手动添加" });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, AuditTarget.Resident(resident.Id), resident.GridId, $"加入慰问活动“{campaign.Name}”名单（手动添加）", ct: ct);
        await tx.CommitAsync(ct);
        return null;
    }

    public async Task<bool> RemoveAsync(UserArea area, Campaign campaign, long recipientId, CancellationToken ct)
    {
        var r = await db.Set<CampaignRecipient>().FirstOrDefaultAsync(x => x.Id == recipientId && x.CampaignId == campaign.Id && x.VisitId == null, ct);
        if (r is null || !area.HasInGrid(Permissions.Visits.Write, r.GridId)) return false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Remove(r);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, AuditTarget.Resident(r.ResidentId), r.GridId, $"从慰问活动“{campaign.Name}”名单移出", ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The delivery, as a visit (上门, 送去 the gift) signed for by <paramref name="signedBy"/>.</summary>
    public async Task<string?> DeliverAsync(UserArea area, Campaign campaign, long recipientId, string? deliverer, string? signedBy, CancellationToken ct)
    {
        var r = await db.Set<CampaignRecipient>().FirstOrDefaultAsync(x => x.Id == recipientId && x.CampaignId == campaign.Id, ct);
        if (r is null || !area.HasInGrid(Permissions.Visits.Write, r.GridId)) return "";
        if (r.VisitId is not null) return "已经送达。";
        var signer = TextElements.Clean(signedBy);
        if (signer is null || signer.Length > 64) return "请填写签收人。";
        var outcome = await recorder.RecordAsync(area, new VisitRecorder.Form
        {
            ResidentId = r.ResidentId, Date = Today, Method = VisitMethod.Door, Companions = TextElements.Clean(deliverer),
            Measures = $"{campaign.Name}：送去{campaign.Gift}", Result = $"{signer}签收",
        }, null, ct);
        if (outcome.Visit is not { } visit) return outcome.Errors.Values.FirstOrDefault() ?? "";
        r.VisitId = visit.Id;
        r.SignedBy = signer;
        r.Deliverer = TextElements.Clean(deliverer) ?? area.DisplayName;
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<List<Recipient>> RecipientsAsync(UserArea area, Campaign campaign, CancellationToken ct)
    {
        var grids = area.GridsWhere(Permissions.Visits.Read);
        var rows = await (
            from r in db.Set<CampaignRecipient>().AsNoTracking().Where(r => r.CampaignId == campaign.Id && EF.Parameter(grids).Contains(r.GridId))
            join p in db.Residents on r.ResidentId equals p.Id
            join g in db.OrgUnits on r.GridId equals g.Id
            join v in db.Set<Visit>() on r.VisitId equals v.Id into vj
            from v in vj.DefaultIfEmpty()
            select new { r, p.Name, p.PhoneMasked, p.HouseholdId, Grid = g.Name, GridOrder = g.SortOrder, Delivered = v == null ? (DateOnly?)null : v.Date })
            .ToListAsync(ct);
        var ids = rows.Select(x => x.r.ResidentId).ToList();
        var others = (await db.Set<CampaignRecipient>().AsNoTracking().Where(x => ids.Contains(x.ResidentId) && x.CampaignId != campaign.Id)
            .Join(db.Set<Campaign>().Where(c => c.Season == campaign.Season), x => x.CampaignId, c => c.Id, (x, c) => new { x.ResidentId, c.Name })
            .ToListAsync(ct)).ToLookup(x => x.ResidentId, x => x.Name);
        var list = new List<Recipient>();
        foreach (var x in rows.OrderBy(x => x.GridOrder).ThenBy(x => x.r.Id))
            list.Add(new Recipient(x.r.Id, x.r.ResidentId, x.Name, x.r.GridId, x.Grid, await Addresses.OfHouseholdAsync(db, x.HouseholdId, ct), x.PhoneMasked,
                x.r.Source, x.r.Deliverer, x.r.VisitId, x.Delivered, x.r.SignedBy, others[x.r.ResidentId].ToList()));
        return list;
    }
}
