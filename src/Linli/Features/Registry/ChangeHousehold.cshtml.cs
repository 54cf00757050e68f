using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// The household page's changes (<see cref="HouseholdChanges"/>), one form per kind (<see cref="Op"/>): filled in, then a
/// confirmation that says in words what will change, then done. The form carries the household's version: a change made
/// by someone else in the meantime is refused with the page shown again.
/// </summary>
[Authorize(Policy = Permissions.Registry.Write)]
public sealed class ChangeHouseholdModel(Data.LinliDb db, CurrentUser me, HouseholdChanges changes, TimeProvider clock, UiText say) : PageModel
{
    /// <summary>head 变更户主 · leave 迁出或死亡 · move 迁往另一户 · split 分户 · merge 合户 · movein 外地迁入.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ops = new Dictionary<string, string>
    {
        ["head"] = "变更户主", ["leave"] = "登记迁出或死亡", ["move"] = "迁往另一户", ["split"] = "分户", ["merge"] = "合户", ["movein"] = "外地迁入",
    };

    [BindProperty(SupportsGet = true)] public string Op { get; set; } = "head";
    [BindProperty(SupportsGet = true)] public long? Resident { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public long? NewHeadId { get; set; }
    [BindProperty] public Dictionary<long, RelationToHead> Relations { get; set; } = [];
    /// <summary>The head <see cref="Relations"/> were worked out for: another head chosen without a new page gets new defaults.</summary>
    [BindProperty] public long? RelationsFor { get; set; }
    [BindProperty] public ResidentStatus LeaveStatus { get; set; } = ResidentStatus.Deceased;
    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool LabelLivingAlone { get; set; }
    [BindProperty] public string? TargetNumber { get; set; }
    [BindProperty] public RelationToHead Relation { get; set; } = RelationToHead.Other;
    [BindProperty] public List<long> Members { get; set; } = [];
    [BindProperty] public long? HeadOfRest { get; set; }
    [BindProperty] public long GridId { get; set; }
    [BindProperty] public string? Building { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Room { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public ResidentEditor.Form Input { get; set; } = new() { Gender = null };
    /// <summary>Set by the confirmation's button: do it.</summary>
    [BindProperty] public bool Confirmed { get; set; }

    public Household Household { get; private set; } = null!;
    public string Address { get; private set; } = "";
    public IReadOnlyList<Resident> People { get; private set; } = [];
    public IReadOnlyList<Resident> Active => People.Where(p => p.Status == ResidentStatus.Active).ToList();
    public Resident? Head => People.FirstOrDefault(p => p.Id == Household.HeadId);
    public IReadOnlyList<(long Id, string Name)> Grids { get; private set; } = [];
    public IReadOnlyList<Tag> Tags { get; private set; } = [];
    public HouseholdChanges.LeavePreview? Leave { get; private set; }
    /// <summary>What the change will do, line by line: shown before it is done.</summary>
    public IReadOnlyList<string>? Confirmation { get; private set; }
    public string? Error { get; private set; }
    public bool Stale { get; private set; }
    public string Title => Ops.GetValueOrDefault(Op, "变更户主");

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!Ops.ContainsKey(Op)) return NotFound();
        if (!await LoadAsync(id, ct)) return NotFound();
        Version = Household.Version;
        Date = clock.Today();
        GridId = Household.GridId;
        if (Op == "head") FillRelations(NewHeadId ??= Active.FirstOrDefault(p => p.Id != Household.HeadId)?.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!Ops.ContainsKey(Op)) return NotFound();
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        if (Version != Household.Version) return Refused(stale: true);
        var area = await me.AreaAsync(ct);
        if (Op == "head" && RelationsFor != NewHeadId)
        {
            Relations.Clear();
            FillRelations(NewHeadId);
            RelationsFor = NewHeadId;
            Confirmed = false;
        }
        var confirmation = await DescribeAsync(ct);
        if (Error is not null) return Refused();
        if (!Confirmed)
        {
            Confirmation = confirmation;
            return Page();
        }
        HouseholdChanges.Result result;
        long? residentId = null;
        switch (Op)
        {
            case "head":
                result = await changes.ChangeHeadAsync(area, id, Version, NewHeadId ?? 0, Relations, ct);
                break;
            case "leave":
                result = await changes.LeaveAsync(area, id, Version, Resident ?? 0, LeaveStatus, Date ?? default, Note, NewHeadId, null, LabelLivingAlone, ct);
                break;
            case "move":
                var target = await TargetAsync(ct);
                result = await changes.MoveMemberAsync(area, id, Version, Resident ?? 0, target?.Id ?? 0, null, Relation, ct);
                break;
            case "split":
                result = await changes.SplitAsync(area, id, Version, Members, NewHeadId ?? 0, new HouseholdChanges.Address(GridId, Building, Unit, Room), HeadOfRest, ct);
                break;
            case "merge":
                var other = await TargetAsync(ct);
                result = await changes.MergeAsync(area, id, Version, other?.Id ?? 0, null, null, ct);
                break;
            default:
                var (r, outcome) = await changes.MoveInAsync(area, id, Version, Input, From, Date, ct);
                result = r;
                residentId = outcome?.ResidentId;
                if (outcome is { Ok: false })
                {
                    foreach (var (field, message) in outcome.Errors) ModelState.AddModelError($"Input.{field}", message);
                    return Refused();
                }
                break;
        }
        if (result.Status == HouseholdChanges.Status.Stale) return Refused(stale: true);
        if (result.Status == HouseholdChanges.Status.NotFound) { Error = "没有找到要迁往或并入的户：请核对户号（须在您的管辖范围内）。"; return Refused(); }
        if (!result.Ok) { Error = result.Error; return Refused(); }
        TempData["Saved"] = say["已{0}", say[Title]];
        return Redirect(Op == "movein" && residentId is { } rid ? $"/Registry/Resident/{rid}" : $"/Registry/Household/{result.HouseholdId ?? id}");
    }

    PageResult Refused(bool stale = false)
    {
        Stale = stale;
        Confirmation = null;
        if (stale) Version = Household.Version;
        Response.StatusCode = stale ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    void FillRelations(long? newHead)
    {
        var head = Active.FirstOrDefault(p => p.Id == newHead);
        if (head is null) return;
        var was = head.Id == Household.HeadId ? RelationToHead.Self : head.RelationToHead;
        RelationsFor = head.Id;
        foreach (var p in People.Where(p => p.Id != head.Id && p.Status != ResidentStatus.Merged))
            Relations.TryAdd(p.Id, HouseholdChanges.RelationToNewHead(was, p.Id == Household.HeadId ? RelationToHead.Self : p.RelationToHead));
    }

    async Task<Household?> TargetAsync(CancellationToken ct)
    {
        var number = TextElements.Clean(TargetNumber);
        if (number is null) return null;
        var area = await me.AreaAsync(ct);
        var communityId = await db.OrgUnits.Where(o => o.Id == Household.GridId).Select(o => o.ParentId).FirstAsync(ct);
        return await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Write)
            .Where(h => h.Number == number && db.OrgUnits.Any(o => o.Id == h.GridId && o.ParentId == communityId)).FirstOrDefaultAsync(ct);
    }

    string NameOf(long? id) => People.FirstOrDefault(p => p.Id == id)?.Name ?? "—";

    /// <summary>The confirmation's lines, or <see cref="Error"/> when the form is not yet complete.</summary>
    async Task<List<string>> DescribeAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        switch (Op)
        {
            case "head":
                if (Active.All(p => p.Id != NewHeadId)) { Error = "请选择新户主（须是本户在册成员）。"; break; }
                lines.Add(say["户主由{0}变更为{1}。", Head?.Name ?? say["（无）"], NameOf(NewHeadId)]);
                foreach (var (pid, rel) in Relations.Where(r => r.Key != NewHeadId))
                    if (People.FirstOrDefault(p => p.Id == pid) is { } p && (pid == Household.HeadId ? RelationToHead.Self : p.RelationToHead) != rel)
                        lines.Add(say["{0}与户主关系：{1} → {2}。", p.Name, say[RegistryText.Of(pid == Household.HeadId ? RelationToHead.Self : p.RelationToHead)], say[RegistryText.Of(rel)]]);
                break;
            case "leave":
                if (Leave is null) { Error = "此人不是这一户的在册成员。"; break; }
                if (LeaveStatus is not (ResidentStatus.MovedOut or ResidentStatus.Deceased)) { Error = "请选择迁出或死亡。"; break; }
                if (Date is null) { Error = "请填写日期。"; break; }
                if (Leave.IsHead && Leave.Staying.Count > 0 && Leave.Staying.All(p => p.Id != NewHeadId)) { Error = say["{0}是户主：请选择新户主。", Leave.Leaving.Name]; break; }
                lines.Add(say["{0}登记为{1}（{2:yyyy-MM-dd}），保留在户中，不再计入在册人口。", Leave.Leaving.Name, say[RegistryText.Of(LeaveStatus)], Date]);
                if (Leave.IsHead && NewHeadId is { } nh && Leave.Staying.Count > 0)
                {
                    var head = Leave.Staying.First(p => p.Id == nh);
                    lines.Add(say["户主由{0}变更为{1}。", Leave.Leaving.Name, head.Name]);
                    foreach (var p in Leave.Staying.Where(p => p.Id != nh))
                    {
                        var rel = HouseholdChanges.RelationToNewHead(head.RelationToHead, p.RelationToHead);
                        if (rel != p.RelationToHead) lines.Add(say["{0}与户主关系：{1} → {2}。", p.Name, say[RegistryText.Of(p.RelationToHead)], say[RegistryText.Of(rel)]]);
                    }
                }
                if (LeaveStatus == ResidentStatus.Deceased && Leave.Staying.FirstOrDefault(p => Leave.IsHead ? p.RelationToHead == RelationToHead.Spouse : Leave.Leaving.RelationToHead == RelationToHead.Spouse && p.Id == Household.HeadId) is { } w)
                    lines.Add(say["{0}婚姻状况记为丧偶。", w.Name]);
                if (LabelLivingAlone && Leave.OfferLivingAlone) lines.Add(say["{0}（{1}岁）独自居住，标为独居老人。", Leave.LeftAlone!.Name, Leave.LeftAloneAge]);
                break;
            case "move":
                var to = await TargetAsync(ct);
                var mover = Active.FirstOrDefault(p => p.Id == Resident);
                if (mover is null) { Error = "请从户成员中选择要迁走的人。"; break; }
                if (to is null) { Error = "没有找到这个户号的户：请核对户号（须在本社区、您的管辖范围内）。"; break; }
                lines.Add(say["{0}迁往户号{1}（{2}），与户主关系：{3}。", mover.Name, to.Number, await Addresses.OfDwellingAsync(db, to.DwellingId, ct), say[RegistryText.Of(Relation)]]);
                break;
            case "split":
                var leaving = Active.Where(p => Members.Contains(p.Id)).ToList();
                if (leaving.Count == 0) { Error = "请勾选要分出去的成员。"; break; }
                if (leaving.All(p => p.Id != NewHeadId)) { Error = "请在分出去的成员中选定新户的户主。"; break; }
                if (Places.BuildingName(Building) is not { } b || Places.RoomName(Room) is not { } room) { Error = "请填写新户的楼栋和室号。"; break; }
                lines.Add(say["{0}分出，在{1}另立一户，户主{2}。", string.Join("、", leaving.Select(p => p.Name)), RegistryText.Address(b, Places.UnitName(Unit), room), NameOf(NewHeadId)]);
                if (leaving.Any(p => p.Id == Household.HeadId))
                {
                    if (Active.Where(p => !Members.Contains(p.Id)).All(p => p.Id != HeadOfRest)) { Error = "户主随新户分出：请为留下的成员选定新户主。"; break; }
                    lines.Add(say["留下的成员由{0}任户主。", NameOf(HeadOfRest)]);
                }
                break;
            case "merge":
                var other = await TargetAsync(ct);
                if (other is null || other.Id == Household.Id) { Error = "没有找到这个户号的另一户：请核对户号（须在本社区、您的管辖范围内）。"; break; }
                var joining = await db.Residents.AsNoTracking().Where(r => r.HouseholdId == other.Id && r.Status == ResidentStatus.Active).Select(r => r.Name).ToListAsync(ct);
                lines.Add(say["户号{0}（{1}）的{2}名在册成员（{3}）并入本户，与户主关系记为“其他”，请合户后逐一核对。", other.Number, await Addresses.OfDwellingAsync(db, other.DwellingId, ct), joining.Count, string.Join("、", joining)]);
                lines.Add(say["户号{0}注销，它的变更记录保留。", other.Number]);
                break;
            default:
                if (TextElements.Clean(From) is null) { Error = "请填写从何处迁入（迁出地）。"; break; }
                if (TextElements.Clean(Input.Name) is null) { Error = "请填写迁入居民的姓名。"; break; }
                lines.Add(say["{0}自{1}迁入本户（{2:yyyy-MM-dd}），与户主关系：{3}。", TextElements.Clean(Input.Name), TextElements.Clean(From), Date ?? clock.Today(), say[RegistryText.Of(Input.RelationToHead)]]);
                break;
        }
        return lines;
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var area = await me.AreaAsync(ct);
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(h => h.Id == id, ct);
        if (household is null) return false;
        Household = household;
        Address = await Addresses.OfDwellingAsync(db, household.DwellingId, ct);
        People = await db.Residents.AsNoTracking().Where(r => r.HouseholdId == id && r.Status != ResidentStatus.Merged)
            .OrderBy(r => r.Status).ThenBy(r => r.RelationToHead).ThenBy(r => r.BirthDate).ToListAsync(ct);
        var communityId = await db.OrgUnits.Where(o => o.Id == household.GridId).Select(o => o.ParentId).FirstAsync(ct);
        Grids = (await db.OrgUnits.AsNoTracking().GridsInScopeOf(area, Permissions.Registry.Write).Where(o => o.ParentId == communityId)
            .OrderBy(o => o.SortOrder).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
        Tags = await db.Tags.ListedFor(area, household.GridId).ToListAsync(ct);
        if (Op == "leave" && Resident is { } r) Leave = await changes.PreviewLeaveAsync(area, id, r, ct);
        if (Op is "leave" or "move" && People.All(p => p.Id != Resident || p.Status != ResidentStatus.Active)) Resident = null;
        return true;
    }
}

/// <summary>What the _AddressFields partial draws.</summary>
public sealed record AddressFieldsView(IReadOnlyList<(long Id, string Name)> Grids, long GridId, string? Building, string? Unit, string? Room);
