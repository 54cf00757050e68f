using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Registry;

/// <summary>
/// Households that change: 立户 at an address, 变更户主, a member moving to another household, 分户, 合户,
/// 外地迁入, and a head's 迁出 or 死亡 with the new head named in the same step. Each change is one transaction
/// that writes one <see cref="HouseholdChange"/> on each household it touches, one <see cref="ResidentChange"/> on
/// each resident it touches, and one audit row. Every record is found through the scope
/// (<see cref="Permissions.Registry.Write"/>): outside it, <see cref="Status.NotFound"/>. Each household is changed
/// only from the version the caller read (<see cref="Household.Version"/>), else <see cref="Status.Stale"/>; the
/// grid numbers follow through <see cref="RegistrySaveHook"/> as for every save.
/// </summary>
public sealed class HouseholdChanges(LinliDb db, AuditLog audit, ResidentEditor editor, TimeProvider clock, IEnumerable<IRegistryMerges> modules, UiText say)
{
    public enum Status { Done, NotFound, Stale, Invalid }

    /// <summary>The outcome: the household that came out of it (the new one for 立户 and 分户), or why nothing changed.</summary>
    public sealed record Result(Status Status, long? HouseholdId = null, string? Error = null)
    {
        public bool Ok => Status == Status.Done;
        public static readonly Result NotFound = new(Status.NotFound);
        public static readonly Result Stale = new(Status.Stale);
        public static Result Invalid(string error) => new(Status.Invalid, null, error);
    }

    /// <summary>An address inside a grid: 楼栋 (a number alone means 号楼), 单元 (a number alone means 单元), 室.</summary>
    public sealed record Address(long GridId, string? Building, string? Unit, string? Room);

    /// <summary>One resident's part in a change, gathered so that each resident gets one history row.</summary>
    sealed class Touch(Resident r)
    {
        public Resident Resident { get; } = r;
        public List<string> Notes { get; } = [];
    }

    readonly Dictionary<long, Touch> touched = [];
    readonly Dictionary<long, (Household Household, List<(string Kind, string Detail)> Lines)> households = [];

    // ---------- 立户 ----------

    /// <summary>A new, empty household at an address: the building and the dwelling are found, or created when new. Its first member is then registered (登记新成员) as 户主.</summary>
    public async Task<Result> CreateAsync(UserArea area, Address at, string? number, CancellationToken ct)
    {
        if (!area.HasInGrid(Permissions.Registry.Write, at.GridId)) return Result.NotFound;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (dwelling, error) = await DwellingAtAsync(at, ct);
        if (error is not null) return Result.Invalid(error);
        var (num, numError) = await NumberAsync(at.GridId, number, ct);
        if (numError is not null) return Result.Invalid(numError);
        var household = new Household { GridId = at.GridId, DwellingId = dwelling!.Id, Number = num! };
        db.Households.Add(household);
        await db.SaveChangesAsync(ct);
        var address = await Addresses.OfDwellingAsync(db, dwelling.Id, ct);
        Note(household, "立户", $"在{address}立户，户号{household.Number}");
        await FinishAsync(area, household, $"立户：{address}，户号{household.Number}", ct);
        await tx.CommitAsync(ct);
        return new Result(Status.Done, household.Id);
    }

    // ---------- 变更户主 ----------

    /// <summary>
    /// Makes an active member the head. Each other member's relation to the new head is taken from
    /// <paramref name="relations"/> where given, else from <see cref="RelationToNewHead"/>.
    /// </summary>
    public async Task<Result> ChangeHeadAsync(UserArea area, long householdId, int version, long newHeadId,
        IReadOnlyDictionary<long, RelationToHead>? relations, CancellationToken ct)
    {
        var household = await HouseholdAsync(area, householdId, ct);
        if (household is null) return Result.NotFound;
        if (household.Version != version) return Result.Stale;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var members = await MembersAsync(household.Id, ct);
        var error = await ReheadAsync(household, members, newHeadId, relations, ct);
        if (error is not null) return Result.Invalid(error);
        return await CommitAsync(area, household, $"变更户主：{members.First(m => m.Id == newHeadId).Name}", tx, ct);
    }

    /// <summary>
    /// A member's relation to a new head, from their relations to the old one: the old head is the new head's spouse,
    /// parent or child; the spouse of an old head whose child takes over is that child's parent; brothers and sisters
    /// of a child who takes over are siblings. What cannot be told (in-laws, nephews) is 其他, for the office to correct.
    /// </summary>
    public static RelationToHead RelationToNewHead(RelationToHead newHeadWas, RelationToHead memberWas) => (newHeadWas, memberWas) switch
    {
        (_, RelationToHead.Self) => newHeadWas switch
        {
            RelationToHead.Spouse => RelationToHead.Spouse,
            RelationToHead.Child => RelationToHead.Parent,
            RelationToHead.Parent => RelationToHead.Child,
            RelationToHead.Sibling => RelationToHead.Sibling,
            _ => RelationToHead.Other,
        },
        (RelationToHead.Spouse, RelationToHead.Child or RelationToHead.Grandchild) => memberWas,
        (RelationToHead.Child, RelationToHead.Spouse) => RelationToHead.Parent,
        (RelationToHead.Child, RelationToHead.Child) => RelationToHead.Sibling,
        (RelationToHead.Parent, RelationToHead.Parent) => RelationToHead.Spouse,
        (RelationToHead.Parent, RelationToHead.Sibling) => RelationToHead.Child,
        _ => RelationToHead.Other,
    };

    async Task<string?> ReheadAsync(Household household, List<Resident> members, long newHeadId, IReadOnlyDictionary<long, RelationToHead>? relations, CancellationToken ct)
    {
        var head = members.FirstOrDefault(m => m.Id == newHeadId);
        if (head is null || head.Status != ResidentStatus.Active) return "新户主须是这一户的在册成员。";
        if (household.HeadId == newHeadId && head.RelationToHead == RelationToHead.Self) return "此人已是户主。";
        if (relations?.Values.Any(r => !Enum.IsDefined(r) || r == RelationToHead.Self) == true) return "其他成员与新户主的关系不能是“户主”，请重新选择。";
        var was = head.RelationToHead;
        var oldHead = members.FirstOrDefault(m => m.Id == household.HeadId);
        foreach (var m in members.Where(m => m.Id != newHeadId && m.Status != ResidentStatus.Merged))
        {
            var memberWas = m.Id == household.HeadId ? RelationToHead.Self : m.RelationToHead;
            var relation = relations?.TryGetValue(m.Id, out var given) == true ? given : RelationToNewHead(was, memberWas);
            await SetRelationAsync(m, relation, ct);
        }
        await SetRelationAsync(head, RelationToHead.Self, ct);
        Of(head).Notes.Add("成为户主");
        household.HeadId = newHeadId;
        Note(household, "变更户主", $"户主由{oldHead?.Name ?? "（无）"}变更为{head.Name}");
        return null;
    }

    // ---------- 成员迁往另一户 ----------

    /// <summary>
    /// One member moves to another household in the user's area (in another grid too), with their relation to that
    /// household's head. A head moves only when no other active member stays behind: name a new head first.
    /// </summary>
    public async Task<Result> MoveMemberAsync(UserArea area, long householdId, int version, long residentId, long toHouseholdId, int? toVersion,
        RelationToHead relation, CancellationToken ct)
    {
        var from = await HouseholdAsync(area, householdId, ct);
        var to = await HouseholdAsync(area, toHouseholdId, ct);
        if (from is null || to is null) return Result.NotFound;
        if (from.Version != version || (toVersion is { } tv && to.Version != tv)) return Result.Stale;
        if (from.Id == to.Id) return Result.Invalid("迁入的户与原来的户相同。");
        if (!Enum.IsDefined(relation)) return Result.Invalid("与户主关系无效。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var members = await MembersAsync(from.Id, ct);
        var mover = members.FirstOrDefault(m => m.Id == residentId);
        if (mover is null || mover.Status == ResidentStatus.Merged) return Result.Invalid("此人不是这一户的成员。");
        if (from.HeadId == mover.Id && members.Any(m => m.Id != mover.Id && m.Status == ResidentStatus.Active))
            return Result.Invalid(say["{0}是户主，户内还有其他成员：请先变更户主，再迁出。", mover.Name]);
        if (relation == RelationToHead.Self && to.HeadId is not null && await db.Residents.AnyAsync(r => r.Id == to.HeadId && r.Status == ResidentStatus.Active, ct))
            return Result.Invalid("迁入的户已有户主：请选择此人与户主的关系。");
        var fromAddress = await Addresses.OfDwellingAsync(db, from.DwellingId, ct);
        var toAddress = await Addresses.OfDwellingAsync(db, to.DwellingId, ct);
        await MoveAsync(mover, to, relation, ct);
        if (from.HeadId == mover.Id) from.HeadId = null;
        if (relation == RelationToHead.Self) to.HeadId = mover.Id;
        Note(from, "成员迁出", $"{mover.Name}迁往{toAddress}（户号{to.Number}）");
        Note(to, "成员迁入", $"{mover.Name}自{fromAddress}（户号{from.Number}）迁入，与户主关系：{RegistryText.Of(relation)}");
        return await CommitAsync(area, from, $"成员迁往另一户：{mover.Name}，{fromAddress} → {toAddress}", tx, ct);
    }

    // ---------- 分户 ----------

    /// <summary>
    /// 分户: the chosen members go to a new household at an address, <paramref name="headId"/> its head. When the old head
    /// leaves with them, <paramref name="headOfRest"/> heads the members who stay.
    /// </summary>
    public async Task<Result> SplitAsync(UserArea area, long householdId, int version, IReadOnlyCollection<long> memberIds, long headId, Address at,
        long? headOfRest, CancellationToken ct)
    {
        var from = await HouseholdAsync(area, householdId, ct);
        if (from is null || !area.HasInGrid(Permissions.Registry.Write, at.GridId)) return Result.NotFound;
        if (from.Version != version) return Result.Stale;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var members = await MembersAsync(from.Id, ct);
        var leaving = members.Where(m => memberIds.Contains(m.Id) && m.Status == ResidentStatus.Active).ToList();
        if (leaving.Count == 0 || leaving.Count != memberIds.Distinct().Count()) return Result.Invalid("请勾选要分出去的在册成员。");
        if (!leaving.Any(m => m.Id == headId)) return Result.Invalid("新户的户主须是分出去的成员之一。");
        var staying = members.Where(m => m.Status == ResidentStatus.Active && !memberIds.Contains(m.Id)).ToList();
        if (staying.Count == 0) return Result.Invalid("全户都分出去就不是分户：请用“迁往另一户”或修改门牌。");
        var headLeaves = from.HeadId is { } h && leaving.Any(m => m.Id == h);
        if (headLeaves && (headOfRest is null || !staying.Any(m => m.Id == headOfRest)))
            return Result.Invalid("户主随新户分出，请为留下的成员选定新户主。");
        var (dwelling, error) = await DwellingAtAsync(at, ct);
        if (error is not null) return Result.Invalid(error);
        var (number, numError) = await NumberAsync(at.GridId, null, ct);
        if (numError is not null) return Result.Invalid(numError);
        var created = new Household { GridId = at.GridId, DwellingId = dwelling!.Id, Number = number! };
        db.Households.Add(created);
        await db.SaveChangesAsync(ct);
        var fromAddress = await Addresses.OfDwellingAsync(db, from.DwellingId, ct);
        var toAddress = await Addresses.OfDwellingAsync(db, dwelling.Id, ct);
        var newHead = leaving.First(m => m.Id == headId);
        var newHeadWas = newHead.Id == from.HeadId ? RelationToHead.Self : newHead.RelationToHead;
        foreach (var m in leaving)
        {
            var memberWas = m.Id == from.HeadId ? RelationToHead.Self : m.RelationToHead;
            var relation = m.Id == headId ? RelationToHead.Self
                : newHeadWas == RelationToHead.Self ? memberWas
                : RelationToNewHead(newHeadWas, memberWas);
            await MoveAsync(m, created, relation, ct);
        }
        created.HeadId = headId;
        if (headLeaves)
        {
            from.HeadId = null;
            var rehead = await ReheadAsync(from, staying, headOfRest!.Value, null, ct);
            if (rehead is not null) return Result.Invalid(rehead);
        }
        var names = string.Join("、", leaving.Select(m => m.Name));
        Note(from, "分户", $"{names}分出，在{toAddress}另立一户（户号{created.Number}）");
        Note(created, "分户", $"自{fromAddress}（户号{from.Number}）分户而来：{names}，户主{newHead.Name}");
        var result = await CommitAsync(area, from, $"分户：{names}自{fromAddress}分出，新户在{toAddress}", tx, ct);
        return result.Ok ? result with { HouseholdId = created.Id } : result;
    }

    // ---------- 合户 ----------

    /// <summary>
    /// 合户: every member of <paramref name="otherId"/> (the departed too, so that none is left without a household) joins
    /// <paramref name="keepId"/>; the other household's head and members become 其他 unless <paramref name="relations"/> says
    /// otherwise. The other household is then removed; its history rows stay under its old number.
    /// </summary>
    public async Task<Result> MergeAsync(UserArea area, long keepId, int version, long otherId, int? otherVersion,
        IReadOnlyDictionary<long, RelationToHead>? relations, CancellationToken ct)
    {
        var keep = await HouseholdAsync(area, keepId, ct);
        var other = await HouseholdAsync(area, otherId, ct);
        if (keep is null || other is null) return Result.NotFound;
        if (keep.Version != version || (otherVersion is { } ov && other.Version != ov)) return Result.Stale;
        if (keep.Id == other.Id) return Result.Invalid("不能与自己合户。");
        if (relations?.Values.Any(r => !Enum.IsDefined(r) || r == RelationToHead.Self) == true) return Result.Invalid("并入的成员与户主的关系不能是“户主”。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var joining = await MembersAsync(other.Id, ct);
        var keepAddress = await Addresses.OfDwellingAsync(db, keep.DwellingId, ct);
        var otherAddress = await Addresses.OfDwellingAsync(db, other.DwellingId, ct);
        foreach (var m in joining)
            await MoveAsync(m, keep, relations?.TryGetValue(m.Id, out var given) == true ? given : RelationToHead.Other, ct);
        var names = string.Join("、", joining.Where(m => m.Status == ResidentStatus.Active).Select(m => m.Name));
        Note(keep, "合户", $"户号{other.Number}（{otherAddress}）并入本户：{(names.Length > 0 ? names : "无在册成员")}");
        Note(other, "合户", $"并入户号{keep.Number}（{keepAddress}），本户注销");
        other.HeadId = null;
        // The work modules' rows (visits, cases) follow to the household kept, in this transaction.
        foreach (var module in modules) await module.HouseholdMergedAsync(db, other.Id, keep.Id, ct);
        // The members first point at the household they join; then the emptied one can go (residents hold a foreign key to it).
        var result = await CommitAsync(area, keep, $"合户：户号{other.Number}（{otherAddress}）并入户号{keep.Number}（{keepAddress}）", tx, ct, then: () =>
        {
            db.Households.Remove(other);
            return db.SaveChangesAsync(ct);
        });
        return result;
    }

    // ---------- 外地迁入 ----------

    /// <summary>A person moving in from elsewhere: registered into the household with where from and the date, in the same step.</summary>
    public async Task<(Result Result, ResidentEditor.Outcome? Outcome)> MoveInAsync(UserArea area, long householdId, int version, ResidentEditor.Form form,
        string? from, DateOnly? date, CancellationToken ct)
    {
        var household = await HouseholdAsync(area, householdId, ct);
        if (household is null) return (Result.NotFound, null);
        if (household.Version != version) return (Result.Stale, null);
        var place = TextElements.Clean(from);
        if (place is null) return (Result.Invalid("请填写从何处迁入（迁出地）。"), null);
        if (place.Length > 100) return (Result.Invalid("迁出地不能超过100个字。"), null);
        var on = date ?? Today;
        if (on > Today) return (Result.Invalid("迁入日期不能晚于今天。"), null);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await editor.CreateAsync(area, householdId, form, ct, (place, on));
        if (outcome is null) return (Result.NotFound, null);
        if (!outcome.Ok) return (new Result(Status.Invalid, householdId, string.Join(" ", outcome.Errors.Values)), outcome);
        var name = await db.Residents.Where(r => r.Id == outcome.ResidentId).Select(r => r.Name).FirstAsync(ct);
        db.HouseholdChanges.Add(Row(area, household, "外地迁入", $"{name}自{place}迁入（{on:yyyy-MM-dd}）"));
        RowVersions.Touch(db.Entry(household));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (Result.Stale, null);
        }
        await tx.CommitAsync(ct);
        return (new Result(Status.Done, householdId), outcome);
    }

    // ---------- 户主迁出或死亡 ----------

    /// <summary>What a 迁出 / 死亡 registration of one member will do, for the confirmation: whether a new head must be named, and who would be left alone.</summary>
    public sealed record LeavePreview(Resident Leaving, bool IsHead, IReadOnlyList<Resident> Staying, Resident? LeftAlone, int? LeftAloneAge, bool OfferLivingAlone);

    public async Task<LeavePreview?> PreviewLeaveAsync(UserArea area, long householdId, long residentId, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null) return null;
        var members = await db.Residents.AsNoTracking().Where(r => r.HouseholdId == householdId).OrderBy(r => r.RelationToHead).ThenBy(r => r.BirthDate).ToListAsync(ct);
        var leaving = members.FirstOrDefault(m => m.Id == residentId && m.Status == ResidentStatus.Active);
        if (leaving is null) return null;
        var staying = members.Where(m => m.Id != residentId && m.Status == ResidentStatus.Active).ToList();
        var alone = staying.Count == 1 ? staying[0] : null;
        int? age = alone?.BirthDate is { } b ? RegistryText.Age(b, Today) : null;
        var livingAloneTag = await db.Tags.Where(t => t.Code == LivingAloneCode).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        var offer = alone is not null && age >= 60 && livingAloneTag is { } tagId && !await db.ResidentTags.AnyAsync(rt => rt.ResidentId == alone.Id && rt.TagId == tagId, ct);
        return new LeavePreview(leaving, household.HeadId == residentId, staying, alone, age, offer);
    }

    /// <summary>The labels an office starts with (<see cref="Demo.DemoTags"/>): 独居老人 and 空巢老人, by code.</summary>
    public const string LivingAloneCode = "ElderlyLivingAlone", EmptyNestCode = "EmptyNestElderly";

    /// <summary>
    /// 迁出 or 死亡 of a member. When the head leaves and others stay, <paramref name="newHeadId"/> is required and
    /// becomes the head in the same step. When one person aged 60 or more is left alone and
    /// <paramref name="labelLivingAlone"/> is set, they are labelled 独居老人 (and no longer 空巢老人); the survivor of a
    /// spouse's death becomes 丧偶.
    /// </summary>
    public async Task<Result> LeaveAsync(UserArea area, long householdId, int version, long residentId, ResidentStatus status, DateOnly date, string? note,
        long? newHeadId, IReadOnlyDictionary<long, RelationToHead>? relations, bool labelLivingAlone, CancellationToken ct)
    {
        var household = await HouseholdAsync(area, householdId, ct);
        if (household is null) return Result.NotFound;
        if (household.Version != version) return Result.Stale;
        if (status is not (ResidentStatus.MovedOut or ResidentStatus.Deceased)) return Result.Invalid("请选择迁出或死亡。");
        if (date > Today || date.Year < 1900) return Result.Invalid("日期不在合理范围内（不能晚于今天）。");
        var cleanNote = TextElements.Clean(note);
        if (cleanNote is { Length: > 200 }) return Result.Invalid("说明不能超过200字。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var members = await MembersAsync(household.Id, ct);
        var leaving = members.FirstOrDefault(m => m.Id == residentId);
        if (leaving is null || leaving.Status != ResidentStatus.Active) return Result.Invalid("此人不是这一户的在册成员。");
        var staying = members.Where(m => m.Id != residentId && m.Status == ResidentStatus.Active).ToList();
        var isHead = household.HeadId == residentId;
        if (isHead && staying.Count > 0 && (newHeadId is null || !staying.Any(m => m.Id == newHeadId)))
            return Result.Invalid(say["{0}是户主，户内还有{1}名成员：请同时选定新户主。", leaving.Name, staying.Count]);
        var what = status == ResidentStatus.Deceased ? "死亡" : "迁出";
        var wasSpouse = members.Where(m => m.RelationToHead == RelationToHead.Spouse).Select(m => m.Id).ToHashSet();
        var leavingWasSpouse = wasSpouse.Contains(leaving.Id);
        leaving.Status = status;
        Of(leaving, "状态").Notes.Add($"{what}（{date:yyyy-MM-dd}{(cleanNote is null ? "" : "，" + cleanNote)}）");
        Note(household, $"成员{what}", $"{leaving.Name}{(isHead ? "（户主）" : "")}{what}，{date:yyyy-MM-dd}{(cleanNote is null ? "" : "，" + cleanNote)}");
        var oldHeadId = household.HeadId;
        if (isHead && newHeadId is { } nh)
        {
            var error = await ReheadAsync(household, members, nh, relations, ct);
            if (error is not null) return Result.Invalid(error);
        }
        if (status == ResidentStatus.Deceased)
        {
            // The husband or wife of the dead is widowed (丧偶).
            var widowed = staying.Where(m => isHead ? wasSpouse.Contains(m.Id) : leavingWasSpouse && m.Id == oldHeadId);
            foreach (var w in widowed.Where(w => w.MaritalStatus != "丧偶"))
            {
                Of(w).Notes.Add($"婚姻状况：{w.MaritalStatus ?? "—"} → 丧偶");
                w.MaritalStatus = "丧偶";
            }
        }
        if (labelLivingAlone && staying.Count == 1 && staying[0].BirthDate is { } b && RegistryText.Age(b, Today) >= 60)
            await LabelLivingAloneAsync(staying[0], household, ct);
        return await CommitAsync(area, household, $"登记{what}：{leaving.Name}{(isHead ? "（户主）" : "")}", tx, ct);
    }

    async Task LabelLivingAloneAsync(Resident alone, Household household, CancellationToken ct)
    {
        var tags = await db.Tags.Where(t => t.Code == LivingAloneCode || t.Code == EmptyNestCode).ToListAsync(ct);
        var living = tags.FirstOrDefault(t => t.Code == LivingAloneCode);
        if (living is null) return;
        var held = await db.ResidentTags.Where(rt => rt.ResidentId == alone.Id && tags.Select(t => t.Id).Contains(rt.TagId)).ToListAsync(ct);
        if (held.All(rt => rt.TagId != living.Id))
        {
            // Left alone by a death or a move: the change 独居老人's first visit within its hours is about (Tag.VisitWithinHours).
            db.ResidentTags.Add(new ResidentTag { ResidentId = alone.Id, TagId = living.Id, GridId = alone.GridId, AddedAtUtc = clock.GetUtcNow().UtcDateTime });
            Of(alone).Notes.Add($"人员标签：加上{living.Name}");
        }
        foreach (var nest in held.Where(rt => rt.TagId != living.Id))
        {
            db.ResidentTags.Remove(nest);
            Of(alone).Notes.Add($"人员标签：去掉{tags.First(t => t.Id == nest.TagId).Name}");
        }
        Note(household, "人员标签", $"{alone.Name}独自居住，标为{living.Name}");
    }

    // ---------- shared steps ----------

    DateOnly Today => clock.Today();

    Task<Household?> HouseholdAsync(UserArea area, long id, CancellationToken ct) =>
        db.Households.InScopeOf(area, Permissions.Registry.Write).FirstOrDefaultAsync(h => h.Id == id, ct);

    Task<List<Resident>> MembersAsync(long householdId, CancellationToken ct) =>
        db.Residents.Where(r => r.HouseholdId == householdId).OrderBy(r => r.Id).ToListAsync(ct);

    Touch Of(Resident r, string? field = null)
    {
        if (!touched.TryGetValue(r.Id, out var t))
            touched[r.Id] = t = new Touch(r);
        if (field is not null) fields[r.Id] = field;
        return t;
    }

    readonly Dictionary<long, string> fields = [];

    Task SetRelationAsync(Resident r, RelationToHead relation, CancellationToken ct)
    {
        var t = Of(r);
        if (r.RelationToHead != relation)
        {
            t.Notes.Add($"与户主关系：{RegistryText.Of(r.RelationToHead)} → {RegistryText.Of(relation)}");
            r.RelationToHead = relation;
        }
        return Task.CompletedTask;
    }

    async Task MoveAsync(Resident r, Household to, RelationToHead relation, CancellationToken ct)
    {
        var t = Of(r, "所在户");
        var fromAddress = await Addresses.OfHouseholdAsync(db, r.HouseholdId, ct);
        var toAddress = await Addresses.OfDwellingAsync(db, to.DwellingId, ct);
        t.Notes.Add($"所在户：{fromAddress} → {toAddress}（户号{to.Number}）");
        r.HouseholdId = to.Id;
        r.GridId = to.GridId;
        await SetRelationAsync(r, relation, ct);
    }

    void Note(Household h, string kind, string detail)
    {
        if (!households.TryGetValue(h.Id, out var entry)) households[h.Id] = entry = (h, []);
        entry.Lines.Add((kind, detail));
    }

    HouseholdChange Row(UserArea area, Household h, string kind, string detail) => new()
    {
        HouseholdId = h.Id, GridId = h.GridId, AtUtc = clock.GetUtcNow().UtcDateTime, UserId = area.UserId, UserName = area.UserName,
        Kind = TextElements.Cut(kind, 32, ""), Detail = TextElements.Cut(detail, 500, "…"),
    };

    /// <summary>
    /// Writes the gathered history (one row per household, one per resident), moves every touched household's version,
    /// saves, writes the audit row, runs <paramref name="then"/> and commits; a concurrent writer makes it <see cref="Status.Stale"/>.
    /// </summary>
    async Task<Result> CommitAsync(UserArea area, Household main, string summary, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct,
        Func<Task>? then = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var kind = households.GetValueOrDefault(main.Id).Lines?.FirstOrDefault().Kind ?? "户变更";
        foreach (var (h, lines) in households.Values)
        {
            db.HouseholdChanges.Add(Row(area, h, lines[0].Kind, string.Join("；", lines.Select(l => l.Detail))));
            if (db.Entry(h).State == EntityState.Unchanged) RowVersions.Touch(db.Entry(h));
        }
        foreach (var t in touched.Values.Where(t => t.Notes.Count > 0))
            db.ResidentChanges.Add(new ResidentChange
            {
                ResidentId = t.Resident.Id, GridId = t.Resident.GridId, HouseholdId = t.Resident.HouseholdId, AtUtc = now,
                UserId = area.UserId, UserName = area.UserName, Field = fields.GetValueOrDefault(t.Resident.Id, kind),
                OldValue = null, NewValue = TextElements.Cut(string.Join("；", t.Notes), 500, "…"),
            });
        try
        {
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(db, AuditActions.Write, AuditTarget.Household(main.Id), main.GridId, $"{summary}", ct: ct);
            if (then is not null) await then();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Stale;
        }
        await tx.CommitAsync(ct);
        return new Result(Status.Done, main.Id);
    }

    async Task FinishAsync(UserArea area, Household h, string summary, CancellationToken ct)
    {
        var (_, lines) = households[h.Id];
        db.HouseholdChanges.Add(Row(area, h, lines[0].Kind, string.Join("；", lines.Select(l => l.Detail))));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.Write, AuditTarget.Household(h.Id), h.GridId, $"{summary}", ct: ct);
    }

    // ---------- places ----------

    /// <summary>The dwelling at an address, building and dwelling created when new. A building name is unique in its community.</summary>
    async Task<(Dwelling? Dwelling, string? Error)> DwellingAtAsync(Address at, CancellationToken ct)
    {
        var building = Places.BuildingName(at.Building);
        var unit = Places.UnitName(at.Unit);
        var room = Places.RoomName(at.Room);
        if (building is null) return (null, "请填写楼栋（如 3号楼）。");
        if (room is null) return (null, "请填写门牌室号（如 301）。");
        if (building.Length > 64 || (unit?.Length ?? 0) > 16 || room.Length > 16) return (null, "楼栋不超过64个字，单元、室号各不超过16个字。");
        var grid = await db.OrgUnits.FirstOrDefaultAsync(o => o.Id == at.GridId && o.Kind == OrgUnitKind.Grid, ct);
        if (grid is null) return (null, "请选择网格。");
        var existing = await db.Buildings.Where(b => b.Name == building)
            .Join(db.OrgUnits.Where(o => o.ParentId == grid.ParentId), b => b.GridId, o => o.Id, (b, o) => new { Building = b, Grid = o.Name }).ToListAsync(ct);
        var found = existing.FirstOrDefault(x => x.Building.GridId == at.GridId)?.Building;
        if (found is null && existing.FirstOrDefault() is { } elsewhere)
            return (null, say["{0}在本社区的{1}：请在{1}立户，或先核对楼栋。", building, elsewhere.Grid]);
        if (found is null)
        {
            found = new Building { GridId = at.GridId, Name = building, SortOrder = await db.Buildings.CountAsync(b => b.GridId == at.GridId, ct) };
            db.Buildings.Add(found);
            await db.SaveChangesAsync(ct);
        }
        var u = unit ?? "";
        var dwelling = await db.Dwellings.FirstOrDefaultAsync(d => d.BuildingId == found.Id && d.Unit == u && d.Room == room, ct);
        if (dwelling is null)
        {
            dwelling = new Dwelling { BuildingId = found.Id, GridId = found.GridId, Unit = u, Room = room };
            db.Dwellings.Add(dwelling);
            await db.SaveChangesAsync(ct);
        }
        return (dwelling, null);
    }

    /// <summary>户号: as typed (unique in the community), or the community's largest number plus one.</summary>
    async Task<(string? Number, string? Error)> NumberAsync(long gridId, string? typed, CancellationToken ct)
    {
        var communityId = await db.OrgUnits.Where(o => o.Id == gridId).Select(o => o.ParentId).FirstAsync(ct);
        var inCommunity = db.Households.Where(h => db.OrgUnits.Any(o => o.Id == h.GridId && o.ParentId == communityId));
        if (TextElements.Clean(typed) is { } n)
        {
            if (n.Length > 32) return (null, "户号不能超过32个字符。");
            return await inCommunity.AnyAsync(h => h.Number == n, ct) ? (null, say["户号{0}在本社区已有，请换一个或留空自动编号。", n]) : (n, null);
        }
        var numbers = await inCommunity.Select(h => h.Number).ToListAsync(ct);
        var max = numbers.Select(x => long.TryParse(x, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0).DefaultIfEmpty(0).Max();
        return ((max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), null);
    }
}
