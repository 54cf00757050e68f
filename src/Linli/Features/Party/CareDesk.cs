using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Linli.Features.Party;

/// <summary>
/// The writes of 党费 (declarations, waivers, payments), 困难党员 (flag, support, holiday visits — a member who is a resident
/// gets the visit recorded in the visits module too, through <see cref="IVisitIntake"/>), 谈心谈话 and meeting photos. Each
/// write is one transaction with its audit row; a record outside the communities where the user holds
/// <see cref="Permissions.Party.Write"/> is not found (null). Every message goes through the localizer.
/// </summary>
public sealed class CareDesk(LinliDb db, AuditLog audit, TimeProvider clock, IStringLocalizer say, IEnumerable<IVisitIntake> visits)
{
    DateOnly Today => clock.Today();

    async Task<PartyMember?> MemberAsync(UserArea area, long? memberId, CancellationToken ct)
    {
        if (memberId is not { } id) return null;
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        return await db.Set<PartyMember>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(m => m.Id == id, ct);
    }

    async Task AuditAsync(long memberId, long communityId, AuditDetail text, CancellationToken ct) =>
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.PartyMember, memberId), communityId, text, ct: ct);

    /// <summary>"2026-03" (or a date) → the first day of that month; null when it is not one.</summary>
    public static DateOnly? ParseMonth(string? text)
    {
        var t = Text.Clean(text);
        if (t is null) return null;
        if (DateOnly.TryParseExact(t, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)) return m;
        return DateOnly.TryParse(t, CultureInfo.InvariantCulture, out var d) ? DuesRules.MonthOf(d) : null;
    }

    // ---- 党费 ----

    public sealed class DuesForm
    {
        public long? MemberId { get; set; }
        public DuesKind Kind { get; set; }
        public decimal? MonthlyIncome { get; set; }
        /// <summary>yyyy-MM.</summary>
        public string? FromMonth { get; set; }
        public string? ApprovedBy { get; set; }
        public string? Reason { get; set; }
    }

    /// <summary>申报党费基数 (or a 困难减免 with its approver), from a month on; the monthly amount by <see cref="DuesRules"/>.</summary>
    public async Task<PartyDesk.Outcome<DuesDeclaration>?> DeclareAsync(UserArea area, DuesForm f, CancellationToken ct)
    {
        if (f.MemberId is null) return PartyDesk.Outcome<DuesDeclaration>.Fail(nameof(f.MemberId), say["请选择本支部的党员。"]);
        if (await MemberAsync(area, f.MemberId, ct) is not { } m) return null;
        var errors = new Dictionary<string, string>();
        if (!m.IsActive) errors[nameof(f.MemberId)] = say["这名党员的组织关系已转出，不再在本支部交纳党费。"];
        if (!Enum.IsDefined(f.Kind)) errors[nameof(f.Kind)] = say["请选择党费计算类别。"];
        var from = ParseMonth(f.FromMonth);
        if (from is null) errors[nameof(f.FromMonth)] = say["请填写起始月份（如 2026-01）。"];
        else if (from > DuesRules.MonthOf(Today).AddMonths(12)) errors[nameof(f.FromMonth)] = say["起始月份最多在一年之后。"];
        else if (from < DuesRules.MonthOf(m.JoinedOn)) errors[nameof(f.FromMonth)] = say["起始月份不能早于入党的月份。"];
        if (DuesRules.TakesIncome(f.Kind))
        {
            if (f.MonthlyIncome is not { } income) errors[nameof(f.MonthlyIncome)] = f.Kind == DuesKind.Pension ? say["请填写每月养老金（元）。"] : say["请填写每月税后工资收入（元）。"];
            else if (income <= 0 || income > 1_000_000) errors[nameof(f.MonthlyIncome)] = say["月收入应大于0、不超过100万元。"];
            else if (decimal.Round(income, 2) != income) errors[nameof(f.MonthlyIncome)] = say["月收入最多精确到分（两位小数）。"];
        }
        var approver = Text.Clean(f.ApprovedBy);
        var reason = Text.Clean(f.Reason);
        if (f.Kind == DuesKind.Waived)
        {
            if (approver is null) errors[nameof(f.ApprovedBy)] = say["困难减免须写明批准人。"];
            if (reason is null) errors[nameof(f.Reason)] = say["请写明减免理由。"];
        }
        if (approver is { Length: > 64 }) errors[nameof(f.ApprovedBy)] = say["批准人最多{0}个字。", 64];
        if (reason is { Length: > 200 }) errors[nameof(f.Reason)] = say["理由最多{0}个字。", 200];
        if (errors.Count > 0) return PartyDesk.Outcome<DuesDeclaration>.Fail(errors);

        var income2 = DuesRules.TakesIncome(f.Kind) ? f.MonthlyIncome : null;
        var d = new DuesDeclaration
        {
            CommunityId = m.CommunityId, BranchId = m.BranchId, MemberId = m.Id, Kind = f.Kind, MonthlyIncome = income2, MonthlyAmount = DuesRules.Monthly(f.Kind, income2),
            FromMonth = from!.Value, DeclaredOn = Today, ApprovedBy = f.Kind == DuesKind.Waived ? approver : null, Reason = reason,
            RecordedById = area.UserId, RecordedByName = area.DisplayName,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(d);
        await db.SaveChangesAsync(ct);
        await AuditAsync(m.Id, m.CommunityId, $"党费基数：{m.Name} {DuesRules.KindWord(d.Kind)} 每月{d.MonthlyAmount:0.00}元，{d.FromMonth:yyyy-MM}起", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<DuesDeclaration>.Done(d);
    }

    public sealed class PaymentForm
    {
        public long? MemberId { get; set; }
        /// <summary>yyyy-MM, the first month paid for.</summary>
        public string? FromMonth { get; set; }
        /// <summary>How many months, 1–12.</summary>
        public int? Months { get; set; }
        /// <summary>Empty = what is due for those months.</summary>
        public decimal? Amount { get; set; }
        public DateOnly? PaidOn { get; set; }
        public string? Note { get; set; }
    }

    /// <summary>收缴党费: months not yet paid, at least what the declarations make due (more is 自愿多交), paid on a day not after today.</summary>
    public async Task<PartyDesk.Outcome<DuesPayment>?> PayAsync(UserArea area, PaymentForm f, CancellationToken ct)
    {
        if (f.MemberId is null) return PartyDesk.Outcome<DuesPayment>.Fail(nameof(f.MemberId), say["请选择本支部的党员。"]);
        if (await MemberAsync(area, f.MemberId, ct) is not { } m) return null;
        var errors = new Dictionary<string, string>();
        var from = ParseMonth(f.FromMonth);
        var count = f.Months ?? 1;
        var today = Today;
        if (from is null) errors[nameof(f.FromMonth)] = say["请填写所缴月份（如 2026-01）。"];
        if (count is < 1 or > 12) errors[nameof(f.Months)] = say["一次最多缴纳12个月。"];
        if (f.PaidOn is not { } paidOn) errors[nameof(f.PaidOn)] = say["请填写缴纳日期。"];
        else if (paidOn > today) errors[nameof(f.PaidOn)] = say["缴纳日期不能晚于今天。"];
        var note = Text.Clean(f.Note);
        if (note is { Length: > 200 }) errors[nameof(f.Note)] = say["备注最多{0}个字。", 200];
        if (errors.Count > 0) return PartyDesk.Outcome<DuesPayment>.Fail(errors);

        var to = from!.Value.AddMonths(count - 1);
        if (to > DuesRules.MonthOf(today).AddMonths(12)) return PartyDesk.Outcome<DuesPayment>.Fail(nameof(f.Months), say["预交党费最多到一年之后的月份。"]);
        var declarations = (await db.Set<DuesDeclaration>().AsNoTracking().Where(d => d.MemberId == m.Id).Select(d => new { d.FromMonth, d.Kind, d.MonthlyAmount }).ToListAsync(ct))
            .Select(d => (d.FromMonth, d.Kind, d.MonthlyAmount)).ToList();
        if (declarations.Count == 0 || declarations.Min(d => d.FromMonth) > from)
            return PartyDesk.Outcome<DuesPayment>.Fail(nameof(f.FromMonth), say["{0}起还没有申报党费基数，请先申报。", from.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture)]);
        var paid = (await db.Set<DuesPayment>().AsNoTracking().Where(p => p.MemberId == m.Id && p.FromMonth <= to && p.ToMonth >= from)
            .Select(p => new { p.FromMonth, p.ToMonth }).ToListAsync(ct)).Select(p => (p.FromMonth, p.ToMonth)).ToList();
        var months = DuesRules.Months(declarations, paid, to).Where(x => x.Month >= from).ToList();
        if (months.FirstOrDefault(x => x.Paid) is { } twice)
            return PartyDesk.Outcome<DuesPayment>.Fail(nameof(f.FromMonth), say["{0}的党费已经缴纳，不能重复登记。", twice.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)]);
        var due = months.Sum(x => x.Due);
        var amount = f.Amount ?? due;
        if (amount < 0 || decimal.Round(amount, 2) != amount) return PartyDesk.Outcome<DuesPayment>.Fail(nameof(f.Amount), say["金额应为不小于0、最多两位小数的元数。"]);
        if (amount < due) return PartyDesk.Outcome<DuesPayment>.Fail(nameof(f.Amount), say["实缴金额少于应缴的{0}元；按规定不能少交（确有困难的请先办理减免）。", due.ToString("0.00", CultureInfo.InvariantCulture)]);
        if (amount > 100_000) return PartyDesk.Outcome<DuesPayment>.Fail(nameof(f.Amount), say["金额过大，请核对。"]);

        var payment = new DuesPayment
        {
            CommunityId = m.CommunityId, BranchId = m.BranchId, MemberId = m.Id, FromMonth = from.Value, ToMonth = to, Amount = amount, PaidOn = f.PaidOn!.Value,
            Note = note, RecordedById = area.UserId, RecordedByName = area.DisplayName, RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(payment);
        await db.SaveChangesAsync(ct);
        var months2 = count > 1 ? $"{from:yyyy-MM}至{to:yyyy-MM}" : $"{from:yyyy-MM}";
        await AuditAsync(m.Id, m.CommunityId, $"收缴党费：{m.Name} {months2} {amount:0.00}元", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<DuesPayment>.Done(payment);
    }

    // ---- 困难党员 ----

    public sealed class HardshipForm
    {
        public long? MemberId { get; set; }
        public string? Kind { get; set; }
        public string? Health { get; set; }
        public string? Situation { get; set; }
        public long? PairedMemberId { get; set; }
        public DateOnly? PairedOn { get; set; }
        /// <summary>A support given, appended to the record's list with today's date.</summary>
        public string? Support { get; set; }
        public DateOnly? EndedOn { get; set; }
    }

    /// <summary>Flags a member in hardship (<paramref name="hardshipId"/> null) or changes the record (pairing, support given, end).</summary>
    public async Task<PartyDesk.Outcome<HardshipRecord>?> SaveHardshipAsync(UserArea area, long? hardshipId, HardshipForm f, CancellationToken ct)
    {
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        HardshipRecord? h = null;
        if (hardshipId is { } hid && (h = await db.Set<HardshipRecord>().Where(x => EF.Parameter(communities).Contains(x.CommunityId)).FirstOrDefaultAsync(x => x.Id == hid, ct)) is null) return null;
        var m = await MemberAsync(area, h?.MemberId ?? f.MemberId, ct);
        if (m is null) return h is null && f.MemberId is null ? PartyDesk.Outcome<HardshipRecord>.Fail(nameof(f.MemberId), say["请选择本支部的党员。"]) : null;
        var errors = new Dictionary<string, string>();
        if (h is null && await db.Set<HardshipRecord>().AnyAsync(x => x.MemberId == m.Id && x.EndedOn == null, ct)) errors[nameof(f.MemberId)] = say["这名党员已在困难党员名单中。"];
        var kind = Text.Clean(f.Kind);
        if (kind is null || !Care.HardshipKinds.Contains(kind)) errors[nameof(f.Kind)] = say["请选择困难类型。"];
        var situation = Text.Clean(f.Situation, multiline: true);
        if (situation is null) errors[nameof(f.Situation)] = say["请填写困难情况。"];
        else if (situation.Length > 1000) errors[nameof(f.Situation)] = say["困难情况最多{0}个字。", 1000];
        var health = Text.Clean(f.Health);
        if (health is { Length: > 64 }) errors[nameof(f.Health)] = say["健康状况最多{0}个字。", 64];
        if (f.PairedMemberId is { } pid)
        {
            if (pid == m.Id) errors[nameof(f.PairedMemberId)] = say["结对党员不能是本人。"];
            else if (!await db.Set<PartyMember>().AnyAsync(x => x.Id == pid && x.BranchId == m.BranchId && x.RelationOutOn == null, ct)) errors[nameof(f.PairedMemberId)] = say["结对党员请选择本支部的党员。"];
        }
        if (f.PairedOn is { } po && po > Today) errors[nameof(f.PairedOn)] = say["结对时间不能晚于今天。"];
        var support = Text.Clean(f.Support);
        if (support is { Length: > 200 }) errors[nameof(f.Support)] = say["帮扶措施每次最多{0}个字。", 200];
        if (f.EndedOn is { } end && (end > Today || (h is not null && end < h.FlaggedOn))) errors[nameof(f.EndedOn)] = say["解除日期应在列入日期和今天之间。"];
        if (errors.Count > 0) return PartyDesk.Outcome<HardshipRecord>.Fail(errors);

        var isNew = h is null;
        h ??= new HardshipRecord { CommunityId = m.CommunityId, BranchId = m.BranchId, MemberId = m.Id, Kind = kind!, Situation = situation!, FlaggedOn = Today };
        h.Kind = kind!;
        h.Situation = situation!;
        h.Health = health;
        h.PairedMemberId = f.PairedMemberId;
        h.PairedOn = f.PairedMemberId is null ? null : f.PairedOn ?? h.PairedOn ?? Today;
        if (support is not null)
        {
            var all = (h.Support is null ? "" : h.Support + "\n") + $"{Today:yyyy-MM-dd} {support}";
            if (all.Length > 4000) return PartyDesk.Outcome<HardshipRecord>.Fail(nameof(f.Support), say["帮扶记录已满（4000字）。"]);
            h.Support = all;
        }
        h.EndedOn = isNew ? null : f.EndedOn;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (isNew) db.Add(h);
        else h.Version++;
        await db.SaveChangesAsync(ct);
        var what = isNew ? $"列为困难党员：{m.Name}（{h.Kind}）" : h.EndedOn is null ? $"困难党员帮扶记录：{m.Name}" : $"解除困难党员：{m.Name}";
        await AuditAsync(m.Id, m.CommunityId, $"{what}", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<HardshipRecord>.Done(h);
    }

    public sealed class VisitForm
    {
        public string? Festival { get; set; }
        public int? RoundYear { get; set; }
        public DateOnly? Date { get; set; }
        public string? Visitors { get; set; }
        public decimal? Money { get; set; }
        public string? Goods { get; set; }
        public string? Notes { get; set; }
    }

    /// <summary>
    /// 走访慰问 of a member in hardship for a round. When the member is a resident the visit is recorded in the visits module
    /// first (it commits its own record, with this visit named as its source), so it shows among the resident's visits; a user
    /// who may not record visits where the member lives still records the party's visit, without that link.
    /// </summary>
    public async Task<PartyDesk.Outcome<HardshipVisit>?> VisitAsync(UserArea area, long hardshipId, VisitForm f, CancellationToken ct)
    {
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        var h = await db.Set<HardshipRecord>().AsNoTracking().Where(x => EF.Parameter(communities).Contains(x.CommunityId)).FirstOrDefaultAsync(x => x.Id == hardshipId, ct);
        if (h is null) return null;
        var m = await db.Set<PartyMember>().AsNoTracking().FirstAsync(x => x.Id == h.MemberId, ct);
        var errors = new Dictionary<string, string>();
        var festival = Care.FestivalOf(f.Festival);
        if (festival is null) errors[nameof(f.Festival)] = say["请选择慰问的节日。"];
        if (f.RoundYear is not (>= 2000 and <= 2100)) errors[nameof(f.RoundYear)] = say["请填写年度。"];
        if (f.Date is not { } date) errors[nameof(f.Date)] = say["请填写走访日期。"];
        else if (date > Today) errors[nameof(f.Date)] = say["走访日期不能晚于今天。"];
        else if (date < h.FlaggedOn.AddYears(-1)) errors[nameof(f.Date)] = say["走访日期早于列为困难党员一年以上，请核对。"];
        var visitors = Text.Clean(f.Visitors);
        if (visitors is null) errors[nameof(f.Visitors)] = say["请填写走访人。"];
        else if (visitors.Length > 100) errors[nameof(f.Visitors)] = say["走访人最多{0}个字。", 100];
        if (f.Money is { } money && (money < 0 || money > 100_000 || decimal.Round(money, 2) != money)) errors[nameof(f.Money)] = say["慰问金应为0到10万元、最多两位小数。"];
        var goods = Text.Clean(f.Goods);
        if (goods is { Length: > 200 }) errors[nameof(f.Goods)] = say["慰问品最多{0}个字。", 200];
        var notes = Text.Clean(f.Notes, multiline: true);
        if (notes is { Length: > 1000 }) errors[nameof(f.Notes)] = say["走访情况最多{0}个字。", 1000];
        if (f.Money is null && goods is null) errors[nameof(f.Goods)] = say["请填写慰问金或慰问品。"];
        if (errors.Count > 0) return PartyDesk.Outcome<HardshipVisit>.Fail(errors);

        var visit = new HardshipVisit
        {
            CommunityId = h.CommunityId, HardshipId = h.Id, MemberId = m.Id, Festival = festival!.Key, RoundYear = f.RoundYear!.Value, Date = f.Date!.Value,
            Visitors = visitors!, Money = f.Money, Goods = goods, Notes = notes, RecordedById = area.UserId, RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        // The visits module first (it commits its own record); ours follows with the link.
        if (m.ResidentId is { } rid && visits.FirstOrDefault() is { } intake)
        {
            var findings = $"{Care.RoundName(visit.Festival, visit.RoundYear)}走访慰问困难党员" + (visit.Money is { } mo ? $"，慰问金{mo:0.##}元" : "") + (goods is null ? "" : $"，{goods}")
                + (notes is null ? "" : $"。{notes}");
            try
            {
                var at = new DateTimeOffset(visit.Date.ToDateTime(new TimeOnly(10, 0)), clock.GetLocalNow().Offset);
                visit.VisitId = (await intake.RecordAsync(area, new VisitIntakeRequest(rid, at, "door", Text.Cut(findings, 1000)!, "party-hardship", h.Id), ct)).VisitId;
            }
            catch (UnauthorizedAccessException) { visit.VisitId = null; }
            catch (ArgumentException e) { return PartyDesk.Outcome<HardshipVisit>.Fail(nameof(f.Notes), e.Message); }
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(visit);
        await db.SaveChangesAsync(ct);
        var link = visit.VisitId is { } v ? $"，走访记录 {v}" : "";
        await AuditAsync(m.Id, m.CommunityId, $"走访慰问困难党员：{m.Name}（{Care.RoundName(visit.Festival, visit.RoundYear)}）{link}", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<HardshipVisit>.Done(visit);
    }

    // ---- 谈心谈话 ----

    public sealed class TalkForm
    {
        public long? MemberId { get; set; }
        public string? Talker { get; set; }
        public DateOnly? Date { get; set; }
        public string? Topic { get; set; }
        public string? Notes { get; set; }
    }

    public async Task<PartyDesk.Outcome<PartyTalk>?> TalkAsync(UserArea area, TalkForm f, CancellationToken ct)
    {
        if (await MemberAsync(area, f.MemberId, ct) is not { } m) return f.MemberId is null ? PartyDesk.Outcome<PartyTalk>.Fail(nameof(f.MemberId), say["请选择谈话对象。"]) : null;
        var errors = new Dictionary<string, string>();
        var talker = Text.Clean(f.Talker);
        if (talker is null) errors[nameof(f.Talker)] = say["请填写谈话人。"];
        else if (talker.Length > 64) errors[nameof(f.Talker)] = say["谈话人最多{0}个字。", 64];
        else if (talker == m.Name) errors[nameof(f.Talker)] = say["谈话人和谈话对象不能是同一人。"];
        if (f.Date is not { } date) errors[nameof(f.Date)] = say["请填写谈话日期。"];
        else if (date > Today) errors[nameof(f.Date)] = say["谈话日期不能晚于今天。"];
        var topic = Text.Clean(f.Topic);
        if (topic is null) errors[nameof(f.Topic)] = say["请填写谈话主题。"];
        else if (topic.Length > 200) errors[nameof(f.Topic)] = say["谈话主题最多{0}个字。", 200];
        var notes = Text.Clean(f.Notes, multiline: true);
        if (notes is { Length: > 2000 }) errors[nameof(f.Notes)] = say["谈话记录最多{0}个字。", 2000];
        if (errors.Count > 0) return PartyDesk.Outcome<PartyTalk>.Fail(errors);
        var talk = new PartyTalk
        {
            CommunityId = m.CommunityId, BranchId = m.BranchId, Talker = talker!, MemberId = m.Id, Date = f.Date!.Value, Topic = topic!, Notes = notes,
            RecordedById = area.UserId, RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(talk);
        await db.SaveChangesAsync(ct);
        await AuditAsync(m.Id, m.CommunityId, $"谈心谈话：{talk.Talker}与{m.Name} {talk.Date:yyyy-MM-dd}", ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<PartyTalk>.Done(talk);
    }

    // ---- meeting photos ----

    /// <summary>A photo of a meeting: JPG or PNG (checked by its first bytes, not only its declared type), at most 2 MB, 12 a meeting.</summary>
    public async Task<PartyDesk.Outcome<MeetingPhoto>?> AddPhotoAsync(UserArea area, long meetingId, IFormFile? file, CancellationToken ct)
    {
        var communities = await PartyScope.CommunitiesAsync(db, area, Permissions.Party.Write, ct);
        var meeting = await db.Set<BranchMeeting>().AsNoTracking().InScopeOf(communities).FirstOrDefaultAsync(x => x.Id == meetingId, ct);
        if (meeting is null) return null;
        if (file is null || file.Length == 0) return PartyDesk.Outcome<MeetingPhoto>.Fail("Photo", say["请选择照片。"]);
        if (file.Length > Care.PhotoMaxBytes) return PartyDesk.Outcome<MeetingPhoto>.Fail("Photo", say["会议照片最大2 MB。"]);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        var fileName = file.FileName;
        var type = ImageType(bytes);
        if (type is null) return PartyDesk.Outcome<MeetingPhoto>.Fail("Photo", say["会议照片只能是 JPG 或 PNG 图片。"]);
        if (await db.Set<MeetingPhoto>().CountAsync(p => p.MeetingId == meeting.Id, ct) >= 12) return PartyDesk.Outcome<MeetingPhoto>.Fail("Photo", say["每次会议最多12张照片。"]);
        var photo = new MeetingPhoto
        {
            MeetingId = meeting.Id, CommunityId = meeting.CommunityId, FileName = Text.Cut(Text.Clean(Path.GetFileName(fileName)), 200) ?? "照片", ContentType = type, Bytes = bytes,
            AddedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(photo);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.PartyWrite, new AuditTarget(AuditTargets.PartyMeeting, meeting.Id), meeting.CommunityId, $"上传会议照片 {meeting.Date:yyyy-MM-dd}", ct: ct);
        await tx.CommitAsync(ct);
        return PartyDesk.Outcome<MeetingPhoto>.Done(photo);
    }

    static string? ImageType(byte[] b) =>
        b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? "image/jpeg"
        : b.Length > 8 && b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G' ? "image/png"
        : null;
}
