using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Services;

/// <summary>最近服务 on a resident's page and in the hotline's caller view: the person's last orders the user sees.</summary>
public sealed class ServicePersonSections(LinliDb db) : IPersonSections
{
    public async Task<IReadOnlyDictionary<long, PersonSection>> ForAsync(UserArea area, IReadOnlyCollection<long> residentIds, PersonView view, CancellationToken ct)
    {
        if (residentIds.Count == 0 || !(area.Has(Permissions.Services.Read) || area.Has(Permissions.Services.Order))) return new Dictionary<long, PersonSection>();
        var ids = residentIds.ToList();
        var rows = await db.Set<ServiceOrder>().AsNoTracking().VisibleTo(area).Where(o => ids.Contains(o.ResidentId))
            .OrderByDescending(o => o.Id).Take(200)
            .Select(o => new { o.Id, o.ResidentId, o.Number, o.ServiceName, o.Tier, o.State, o.CreatedAt }).ToListAsync(ct);
        var say = Web.UiText.Shared;
        return ids.ToDictionary(id => id, id => new PersonSection("services", "最近服务", rows.Where(r => r.ResidentId == id).Take(5)
            .Select(r => new PersonFact(say["{0} {1}（{2}）", r.Number, r.ServiceName, say[ServiceText.Of(r.Tier)]], new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
                ServiceText.Of(r.State), $"/Services/Orders/{r.Id}", r.State == OrderState.Registered ? Tone.Due : Tone.Normal)).ToList(), "没有服务单", Order: 30));
    }
}

/// <summary>The home page: orders waiting to be dispatched and waiting for 回访 (for those who manage them), this month's orders (for readers).</summary>
public sealed class ServiceHomeCards(ServiceLists lists, TimeProvider clock) : IHomeCards
{
    public async Task<IReadOnlyList<HomeCard>> ForAsync(UserArea area, CancellationToken ct)
    {
        var cards = new List<HomeCard>();
        if (area.Has(Permissions.Services.Manage))
        {
            var waiting = await lists.Filtered(area, new ServiceLists.Filter(State: OrderState.Registered)).LongCountAsync(ct);
            cards.Add(new HomeCard("services", "待派服务单", waiting, "/Services?state=Registered", waiting > 0 ? Tone.Due : Tone.Normal, null, 40));
            var feedback = await lists.Filtered(area, new ServiceLists.Filter(State: OrderState.Completed)).LongCountAsync(ct);
            cards.Add(new HomeCard("services", "待回访服务单", feedback, "/Services?state=Completed", Tone.Normal, null, 41));
        }
        else if (area.Has(Permissions.Services.Read))
        {
            var month = clock.GetLocalNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            var n = await lists.Filtered(area, new ServiceLists.Filter(Month: month)).LongCountAsync(ct);
            cards.Add(new HomeCard("services", "本月服务单", n, $"/Services?month={month}", Tone.Normal, null, 40));
        }
        return cards;
    }
}

/// <summary>下服务单 on a 求助 case's page and beside a caller in the hotline: the order page checks scope again.</summary>
public sealed class ServiceRecordActions : IRecordActions
{
    public IReadOnlyList<RecordAction> For(UserArea area, RecordContext record)
    {
        if (!area.Has(Permissions.Services.Order)) return [];
        if (record.GridId is { } grid && !area.HasInGrid(Permissions.Services.Order, grid)) return [];
        return record.Subject switch
        {
            RecordSubjects.Case when record.Kind == "help" && record.ResidentId is { } rid =>
                [new RecordAction("services", "下服务单", $"/Services/New?resident={rid}&case={Uri.EscapeDataString(record.Reference ?? "")}&channel=热线", 50)],
            RecordSubjects.Caller => [new RecordAction("services", "下服务单", $"/Services/New?resident={record.Id}&channel=热线", 50)],
            _ => [],
        };
    }
}

/// <summary>Names service orders on the audit page by their number and service (never by the resident).</summary>
public sealed class ServiceAuditNames(LinliDb db) : IAuditNames
{
    public IReadOnlyDictionary<string, string> Words { get; } = new Dictionary<string, string>();

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(string kind, IReadOnlyCollection<long> ids, CancellationToken ct) => kind == AuditTargets.ServiceOrder
        ? await db.Set<ServiceOrder>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => $"{o.Number}（{o.ServiceName}）", ct)
        : new Dictionary<long, string>();
}
