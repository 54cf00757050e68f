using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Features.Registry;
using Linli.Privacy;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// Opening a case and moving it through 登记 → 受理 → 办理 → 答复/办结 → 回访 → 归档 (and 转派, 上报街道, 延期, 暂停,
/// 关联重复, 退回再办, 终止, 退单). Each step is one transaction: the case, one history row, one audit row, the street's
/// tally. Shared by the pages, the API, the hotline and <see cref="ICaseIntake"/>.
/// </summary>
public sealed class CaseWorkflow(LinliDb db, AuditLog audit, WorkCalendars calendars, TimeProvider clock, FieldCipher cipher, IEnumerable<IVisitIntake> visits, UiText say)
{
    public sealed class OpenForm
    {
        public string Kind { get; set; } = CaseType.Help;
        public long? GridId { get; set; }
        public long? ResidentId { get; set; }
        public long? HouseholdId { get; set; }
        public string? CallerName { get; set; }
        public string? CallerPhone { get; set; }
        public string? CallerAddress { get; set; }
        public string? Channel { get; set; }
        public string? Title { get; set; }
        public string? Content { get; set; }
        public string? ExternalNumber { get; set; }
        public bool Designated { get; set; }
        /// <summary>Mediation: the other side, one party per line ("姓名" or "姓名 说明").</summary>
        public string? OtherParties { get; set; }
        /// <summary>Dispatch at once to this handler (转派).</summary>
        public long? OwnerId { get; set; }
        public string? Source { get; set; }
        public long? SourceId { get; set; }
    }

    public sealed class ActForm
    {
        public string Action { get; set; } = "";
        public string? Note { get; set; }
        public long? OwnerId { get; set; }
        public int? Amount { get; set; }
        public bool? Solved { get; set; }
        public bool? Agreement { get; set; }
        public string? AgreementText { get; set; }
        public string? Original { get; set; }
    }

    /// <summary>The case when it went through; otherwise the errors by field ("" for the form as a whole).</summary>
    public sealed record Outcome(Case? Case, IReadOnlyDictionary<string, string> Errors)
    {
        public bool Ok => Case is not null && Errors.Count == 0;
        public static Outcome Fail(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
    }

    public static readonly IReadOnlyList<string> Channels = ["热线", "来访", "走访", "12345", "其他"];

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Opens a case; null when the grid or resident is outside where the user may open cases (404).</summary>
    public async Task<Outcome?> OpenAsync(UserArea area, OpenForm f, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var type = await db.Set<CaseType>().AsNoTracking().FirstOrDefaultAsync(t => t.Code == f.Kind, ct);
        if (type is null) errors[nameof(f.Kind)] = "请选择事件类型。";
        long? gridId = f.GridId;
        Resident? resident = null;
        if (f.ResidentId is { } rid)
        {
            resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, ct);
            if (resident is null || !(area.HasInGrid(Permissions.Registry.Read, resident.GridId) || area.HasInGrid(Permissions.Registry.CallerView, resident.GridId))
                || !area.HasInGrid(Permissions.Cases.Open, resident.GridId))
                return null;
            gridId = resident.GridId;
        }
        if (gridId is null) return Outcome.Fail(nameof(f.GridId), "请选择事件所在的网格（按来电人的住址）。");
        if (!area.HasInGrid(Permissions.Cases.Open, gridId.Value)) return null;
        var grid = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == gridId && o.Kind == OrgUnitKind.Grid, ct);
        if (grid?.ParentId is not { } communityId) return null;

        var title = Clean(f.Title);
        var content = Clean(f.Content, multiline: true);
        if (title is null) errors[nameof(f.Title)] = "请填写事由（一句话说明事情）。";
        else if (title.Length > 100) errors[nameof(f.Title)] = "事由最多100个字。";
        if (content is null) errors[nameof(f.Content)] = "请填写具体情况。";
        else if (content.Length > 4000) errors[nameof(f.Content)] = "具体情况最多4000个字。";
        var callerName = resident?.Name ?? Clean(f.CallerName);
        if (callerName is null) errors[nameof(f.CallerName)] = "请填写来电人或当事人姓名（不知道时填“匿名”）。";
        else if (callerName.Length > 64) errors[nameof(f.CallerName)] = "姓名最多64个字。";
        string? phoneMasked = resident?.PhoneMasked, suffix = null;
        byte[]? phoneCipher = null;   // a caller not in the registry: the full number, encrypted, for the call back
        if (resident is null && Clean(f.CallerPhone) is { } phone)
        {
            var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length is < 7 or > 12) errors[nameof(f.CallerPhone)] = "联系电话应为7到12位数字。";
            else
            {
                phoneMasked = Masking.Phone(digits);
                phoneCipher = cipher.Encrypt(digits);
            }
        }
        if (phoneMasked is { Length: >= 4 } pm && pm[^4..].All(char.IsAsciiDigit)) suffix = pm[^4..];
        var address = Clean(f.CallerAddress);
        if (address is { Length: > 200 }) errors[nameof(f.CallerAddress)] = "住址最多200个字。";
        var channel = Clean(f.Channel) ?? "热线";
        if (!Channels.Contains(channel)) errors[nameof(f.Channel)] = "请选择来源。";
        var external = Clean(f.ExternalNumber);
        if (external is { Length: > 32 }) errors[nameof(f.ExternalNumber)] = "工单号最多32个字符。";
        var others = (Clean(f.OtherParties, multiline: true) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (f.Kind == CaseType.Mediation && others.Length == 0) errors[nameof(f.OtherParties)] = "调解须有对方当事人：每行一人（姓名，可加说明）。";
        if (others.Any(o => o.Length > 200)) errors[nameof(f.OtherParties)] = "每位当事人一行，最多200个字。";
        UserArea? owner = null;
        if (f.OwnerId is { } oid)
        {
            owner = await UserArea.LoadAsync(db, oid, ct);
            if (!owner.HasInGrid(Permissions.Cases.Handle, gridId.Value)) errors[nameof(f.OwnerId)] = "所选承办人不负责这个网格，请另选。";
        }
        if (errors.Count > 0) return new Outcome(null, errors);

        var now = Now;
        var calendar = await calendars.CurrentAsync(db, ct);
        var community = await db.OrgUnits.AsNoTracking().FirstAsync(o => o.Id == communityId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = new Case
        {
            Reference = await NextReferenceAsync(community, now, ct), Kind = type!.Code, CommunityId = communityId, GridId = gridId.Value,
            ResidentId = resident?.Id, HouseholdId = resident?.HouseholdId ?? f.HouseholdId, CallerName = callerName!,
            CallerPhoneMasked = phoneMasked, CallerPhoneCipher = phoneCipher, PhoneSuffix = suffix, CallerAddress = address, NeedsRegistration = resident is null && f.HouseholdId is null,
            Channel = channel, Source = f.Source, SourceId = f.SourceId, Title = title!, Content = content!,
            ExternalNumber = external, Designated = f.Designated, State = CaseState.Registered, CreatedById = area.UserId, CreatedAt = now,
            TypeSnapshot = type.Snapshot(),
        };
        CaseClock.Start(c, type, CaseStage.Accept, now, calendar, clock.LocalTimeZone, [], []);
        db.Add(c);
        await db.SaveChangesAsync(ct);
        if (resident is not null && f.Kind == CaseType.Mediation) db.Add(new CaseParty { CaseId = c.Id, Side = "甲方", ResidentId = resident.Id, Name = resident.Name });
        else if (f.Kind == CaseType.Mediation) db.Add(new CaseParty { CaseId = c.Id, Side = "甲方", Name = callerName! });
        foreach (var o in others)
        {
            var (name, note) = o.IndexOfAny([' ', '，', ',']) is var i and > 0 ? (o[..i], o[(i + 1)..].Trim()) : (o, null);
            db.Add(new CaseParty { CaseId = c.Id, Side = "乙方", Name = name.Length > 64 ? name[..64] : name, Note = note });
        }
        History(c, area, CaseActions.Open, null, CaseState.Registered, f.Source is null ? $"来源：{channel}" : $"来源：{channel}（{f.Source} {f.SourceId}）");
        await TallyAsync(c.CommunityId, c.Kind, c.State.ToString(), +1, ct);
        await CaseDue.SyncAsync(db, c, ct);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.CaseWrite, AuditTarget.Case(c.Id), c.GridId, $"登记{CaseType.NameOf(c.Kind)} {c.Reference}", ct: ct);
        if (owner is not null) await DispatchAsync(area, c, owner, null, ct);
        await tx.CommitAsync(ct);
        return new Outcome(c, new Dictionary<string, string>());
    }

    /// <summary>One step of the workflow on a case the user sees; null when the case is not found in the user's scope.</summary>
    public async Task<Outcome?> ActAsync(UserArea area, long caseId, ActForm f, CancellationToken ct)
    {
        var c = await db.Set<Case>().VisibleTo(area).FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null) return null;
        var type = (await db.Set<CaseType>().AsNoTracking().FirstAsync(t => t.Code == c.Kind, ct)).AsOpened(c.TypeSnapshot);
        var lead = area.HasInGrid(Permissions.Cases.Lead, c.GridId);
        var owner = c.OwnerId == area.UserId && area.HasInGrid(Permissions.Cases.Handle, c.GridId);
        var works = lead || owner;
        var note = Clean(f.Note, multiline: true);
        if (note is { Length: > 2000 }) return Outcome.Fail(nameof(f.Note), "说明最多2000个字。");
        string? Refuse(bool allowed, string who) => allowed ? null : say["只有{0}可以{1}。", say[who], say[CaseActions.Word(f.Action)]];
        string? NotIn(params CaseState[] states) => states.Contains(c.State) ? null : say["这件事现在是“{0}”，不能{1}。", say[CaseClock.StateWord(c.State)], say[CaseActions.Word(f.Action)]];
        string? Need(string? value, string what) => value is null ? say["请填写{0}。", say[what]] : null;
        var now = Now;
        var from = c.State;
        var calendar = await calendars.CurrentAsync(db, ct);
        var zone = clock.LocalTimeZone;
        // 走访: the handler goes to the resident and records it as a visit in the visits module (IVisitIntake), which
        // commits its own record first (as a benefit's investigation does); then the case's step names the visit.
        string? visitDetail = null;
        string? error0;
        if (f.Action == CaseActions.Visit)
        {
            if ((error0 = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Accepted, CaseState.Handling) ?? Need(note, "走访情况")) is not null)
                return Outcome.Fail(error0.StartsWith('请') ? nameof(f.Note) : "", error0);
            if (c.ResidentId is not { } visited) return Outcome.Fail("", "来电人未在册，不能登记走访；请先登记居民。");
            if (visits.FirstOrDefault() is not { } intake) return Outcome.Fail("", "走访模块未启用。");
            try
            {
                var recorded = await intake.RecordAsync(area, new VisitIntakeRequest(visited, clock.GetUtcNow(), "door", $"事件 {c.Reference}：{note}", "case", c.Id), ct);
                visitDetail = $"上门走访（走访记录 #{recorded.VisitId}）：{note}";
            }
            catch (UnauthorizedAccessException) { return Outcome.Fail("", "你不能为这位居民登记走访。"); }
            catch (ArgumentException e) { return Outcome.Fail(nameof(f.Note), e.Message); }
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pauses = await db.Set<CasePause>().Where(p => p.CaseId == c.Id).ToListAsync(ct);
        var extensions = await db.Set<CaseExtension>().Where(e => e.CaseId == c.Id).ToListAsync(ct);
        string? error;
        var detail = note;
        // 延期: the amount within the type's cap, on a running clock; then the extension itself, approved by the user.
        Outcome? ExtensionRefused(int? amount)
        {
            if (amount is not (> 0)) return Outcome.Fail(nameof(f.Amount), "请填写延长的天数（正整数）。");
            if (c.ExtendedBy + amount > type.MaxExtension) return Outcome.Fail(nameof(f.Amount), say["{0}最多延期{1}天，已延{2}天。", type.Name, type.MaxExtension, c.ExtendedBy]);
            return c.ClockStage is null ? Outcome.Fail("", "这件事现在没有计时，不需要延期。") : null;
        }
        string Extend(int amount, string reason)
        {
            var stage = c.ClockStage!.Value;
            var extension = new CaseExtension { CaseId = c.Id, Stage = stage, Amount = amount, ApproverId = area.UserId, ApproverName = area.DisplayName, Reason = Cut(reason, 500)!, At = now };
            db.Add(extension);
            extensions.Add(extension);
            c.ExtendedBy += amount;
            CaseClock.Apply(c, type, calendar, zone, pauses, extensions);
            return $"延长{amount}{(stage == CaseStage.Accept ? UnitWord(type.AcceptUnit) : UnitWord(type.HandleUnit))}，审批人{area.DisplayName}：{reason}";
        }
        switch (f.Action)
        {
            case CaseActions.Accept:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Registered)) is not null) return Outcome.Fail("", error);
                c.State = CaseState.Accepted;
                c.AcceptedAt = now;
                c.OwnerId ??= area.HasInGrid(Permissions.Cases.Handle, c.GridId) ? area.UserId : null;
                CaseClock.Start(c, type, CaseStage.Handle, type.HandleFromRegistration ? c.CreatedAt : now, calendar, zone, pauses, extensions);
                break;
            case CaseActions.Handle:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Accepted, CaseState.Handling) ?? Need(note, "办理情况")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                c.State = CaseState.Handling;
                break;
            case CaseActions.Answer:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Accepted, CaseState.Handling)) is not null) return Outcome.Fail("", error);
                if (note is null) return Outcome.Fail(nameof(f.Note), c.Kind == CaseType.Grievance ? "请填写处理意见（诉求、查明的事实、处理意见和依据）。" : "请填写答复或办理结果。");
                if (c.Kind == CaseType.Mediation && f.Agreement is null) return Outcome.Fail(nameof(f.Agreement), "请选择是否达成调解协议。");
                if (f.Agreement == true && Clean(f.AgreementText, multiline: true) is null) return Outcome.Fail(nameof(f.AgreementText), "请填写协议内容。");
                c.State = CaseState.Answered;
                c.AnsweredAt = now;
                c.Answer = note;
                if (c.Kind == CaseType.Mediation)
                {
                    c.AgreementReached = f.Agreement;
                    c.AgreementText = f.Agreement == true ? Cut(Clean(f.AgreementText, multiline: true), 4000) : null;
                }
                ClosePause(c, pauses, now);
                CaseClock.Stop(c);
                break;
            case CaseActions.FollowUp:
                if ((error = Refuse(lead || c.CreatedById == area.UserId || (area.HasInGrid(Permissions.Cases.Open, c.GridId) && c.OwnerId != area.UserId), "承办人以外的工作人员")
                    ?? NotIn(CaseState.Answered)) is not null) return Outcome.Fail("", error);
                if (f.Solved is null) return Outcome.Fail(nameof(f.Solved), "请选择回访结果：已解决或未解决。");
                c.State = CaseState.FollowedUp;
                c.FollowUpSolved = f.Solved;
                c.FollowUpNote = note;
                detail = (f.Solved == true ? "已解决" : "未解决") + (note is null ? "" : "：" + note);
                break;
            case CaseActions.Reopen:
                if ((error = Refuse(lead || c.CreatedById == area.UserId || area.HasInGrid(Permissions.Cases.Open, c.GridId), "回访人或社区负责人")) is not null) return Outcome.Fail("", error);
                if (c.State != CaseState.FollowedUp || c.FollowUpSolved != false) return Outcome.Fail("", "只有回访未解决的事件可以退回再办。");
                c.State = CaseState.Handling;
                c.FollowUpSolved = null;
                CaseClock.Start(c, type, CaseStage.Handle, now, calendar, zone, [], []);
                break;
            case CaseActions.Archive:
                if ((error = Refuse(works || c.CreatedById == area.UserId, "承办人、登记人或社区负责人")) is not null) return Outcome.Fail("", error);
                if (!(c.State == CaseState.FollowedUp && c.FollowUpSolved == true)) return Outcome.Fail("", "回访确认已解决后才能归档。");
                c.State = CaseState.Archived;
                c.ClosedAt = now;
                break;
            case CaseActions.Dispatch:
                if ((error = Refuse(works || (c.CreatedById == area.UserId && c.OwnerId is null), "登记人、承办人或社区负责人") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling)) is not null)
                    return Outcome.Fail("", error);
                if (f.OwnerId is not { } target) return Outcome.Fail(nameof(f.OwnerId), "请选择承办人。");
                var to = await UserArea.LoadAsync(db, target, ct);
                if (!to.HasInGrid(Permissions.Cases.Handle, c.GridId)) return Outcome.Fail(nameof(f.OwnerId), "所选承办人不负责这个网格，请另选。");
                await DispatchAsync(area, c, to, note, ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return new Outcome(c, new Dictionary<string, string>());
            case CaseActions.Escalate:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling) ?? Need(note, "上报的理由")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.Escalated) return Outcome.Fail("", "这件事已上报街道。");
                c.Escalated = true;
                c.EscalatedAt = now;
                CaseClock.Apply(c, type, calendar, zone, pauses, extensions);   // the street's yellow line from now on
                await TallyAsync(c.CommunityId, c.Kind, "Escalated", +1, ct);
                break;
            case CaseActions.Extend:
                if ((error = Refuse(lead, "社区负责人（审批人）") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling) ?? Need(note, "延期理由")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.Kind == CaseType.Grievance) return Outcome.Fail("", "信访件延期须由承办人申请、社区负责人审批：请用“申请延期”。");
                if (ExtensionRefused(f.Amount) is { } refusedExtension) return refusedExtension;
                detail = Extend(f.Amount!.Value, note!);
                break;
            case CaseActions.RequestExtension:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling) ?? Need(note, "延期理由")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.Kind != CaseType.Grievance) return Outcome.Fail("", "只有信访件的延期要申请审批；其他事件由社区负责人直接延期。");
                if (ExtensionRefused(f.Amount) is { } refusedRequest) return refusedRequest;
                if (await db.Set<CaseExtensionRequest>().AnyAsync(r => r.CaseId == c.Id && r.Approved == null, ct))
                    return Outcome.Fail("", "已有一项延期申请等待审批。");
                db.Add(new CaseExtensionRequest { CaseId = c.Id, Amount = f.Amount!.Value, Reason = note!, RequestedById = area.UserId, RequestedByName = area.DisplayName, RequestedAt = now });
                detail = $"申请延长{f.Amount}日：{note}";
                if (!lead)
                    foreach (var head in await LeadsOfAsync(c.GridId, ct))
                        db.Add(new CaseNotice { UserId = head, CaseId = c.Id, At = now, Text = $"{area.DisplayName}申请{c.Reference}延期{f.Amount}日，待审批" });
                break;
            case CaseActions.ApproveExtension:
            case CaseActions.RefuseExtension:
                var approve = f.Action == CaseActions.ApproveExtension;
                if ((error = Refuse(lead, "社区负责人（审批人）") ?? (approve ? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling) : null)
                    ?? (approve ? null : Need(note, "不批准的理由"))) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                var pending = await db.Set<CaseExtensionRequest>().Where(r => r.CaseId == c.Id && r.Approved == null).OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
                if (pending is null) return Outcome.Fail("", "没有等待审批的延期申请。");
                if (approve && ExtensionRefused(pending.Amount) is { } overCap) return overCap;
                pending.Approved = approve;
                pending.DecidedById = area.UserId;
                pending.DecidedByName = area.DisplayName;
                pending.DecidedAt = now;
                pending.DecisionNote = note;
                detail = approve
                    ? Extend(pending.Amount, $"{pending.Reason}（{pending.RequestedByName}申请）") + (note is null ? "" : "；" + note)
                    : $"不批准{pending.RequestedByName}申请的延期{pending.Amount}日：{note}";
                if (pending.RequestedById != area.UserId)
                    db.Add(new CaseNotice { UserId = pending.RequestedById, CaseId = c.Id, At = now, Text = $"{c.Reference} 的延期申请{(approve ? "已批准" : "未获批准")}" });
                break;
            case CaseActions.Pause:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling) ?? Need(note, "暂停的理由")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.PausedSince is not null) return Outcome.Fail("", "计时已经暂停。");
                if (c.ClockStage is not { } pausedStage) return Outcome.Fail("", "这件事现在没有计时。");
                db.Add(new CasePause { CaseId = c.Id, Stage = pausedStage, From = now, Reason = note! });
                c.PausedSince = now;
                break;
            case CaseActions.Resume:
                if ((error = Refuse(works, "承办人或社区负责人")) is not null) return Outcome.Fail("", error);
                if (c.PausedSince is null) return Outcome.Fail("", "计时没有暂停。");
                ClosePause(c, pauses, now);
                CaseClock.Apply(c, type, calendar, zone, pauses, extensions);
                var paused = now - pauses.Where(p => p.To == now).Select(p => p.From).DefaultIfEmpty(now).First();
                detail = $"暂停了{Duration(paused)}";
                break;
            case CaseActions.Link:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling)) is not null) return Outcome.Fail("", error);
                var reference = Clean(f.Original)?.ToUpperInvariant();
                if (reference is null) return Outcome.Fail(nameof(f.Original), "请填写原件的编号，如 XFL-2026-000123。");
                var original = await db.Set<Case>().VisibleTo(area).FirstOrDefaultAsync(x => x.Reference == reference && x.CommunityId == c.CommunityId, ct);
                if (original is null || original.Id == c.Id) return Outcome.Fail(nameof(f.Original), "本社区没有找到这个编号的事件。");
                if (original.State == CaseState.Merged) return Outcome.Fail(nameof(f.Original), "这个编号本身是重复件，请关联到它的原件。");
                c.DuplicateOfId = original.Id;
                c.State = CaseState.Merged;
                c.ClosedAt = now;
                ClosePause(c, pauses, now);
                CaseClock.Stop(c);
                detail = $"并入 {original.Reference}" + (note is null ? "" : "：" + note);
                History(original, area, CaseActions.Linked, null, null, $"{c.Reference}（{c.CallerName}，{c.Title}）" + (note is null ? "" : "：" + note));
                break;
            case CaseActions.Terminate:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling) ?? Need(note, "终止的理由")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.Kind != CaseType.Mediation) return Outcome.Fail("", "只有矛盾纠纷调解可以终止。");
                c.State = CaseState.Terminated;
                c.ClosedAt = now;
                c.AgreementReached = false;
                ClosePause(c, pauses, now);
                CaseClock.Stop(c);
                break;
            case CaseActions.Withdraw:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Registered, CaseState.Accepted, CaseState.Handling) ?? Need(note, "退单理由（不属于本社区职责的依据）")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.Kind != CaseType.Hotline12345) return Outcome.Fail("", "只有12345转办工单可以退单。");
                if (c.Designated) return Outcome.Fail("", "已指定由本社区办理的工单不能退单。");
                c.State = CaseState.Withdrawn;
                c.ClosedAt = now;
                ClosePause(c, pauses, now);
                CaseClock.Stop(c);
                break;
            case CaseActions.Review:
                if ((error = Refuse(works, "承办人或社区负责人") ?? NotIn(CaseState.Answered, CaseState.FollowedUp, CaseState.Archived) ?? Need(note, "申请的内容")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.Kind != CaseType.Grievance) return Outcome.Fail("", "只有信访件有复查、复核。");
                if (c.Review == "复核") return Outcome.Fail("", "复核意见为最终意见，不再受理复查或复核。");
                c.Review = c.Review is null ? "复查" : "复核";
                // 信访工作条例 art 35–36: decided within 30 日 of the request.
                var reviewDue = Deadline.Compute(new TimeLimit(zone.LocalOf(now), 30, DeadlineUnit.Days), calendar);
                c.ReviewDueAt = zone.UtcOf(reviewDue.Until);
                detail = $"{c.Review}申请，{reviewDue.LastDay:yyyy-MM-dd}前作出意见：{note}";
                break;
            case CaseActions.Visit:
                detail = visitDetail;
                if (c.State == CaseState.Accepted) c.State = CaseState.Handling;
                break;
            case CaseActions.Note:
                if ((error = Refuse(works || CaseScope.Handles(area, c), "承办人、登记人或社区负责人") ?? Need(note, "记录内容")) is not null)
                    return Outcome.Fail(error.StartsWith('请') ? nameof(f.Note) : "", error);
                if (c.DuplicateOfId is { } originalId && await db.Set<Case>().FirstOrDefaultAsync(x => x.Id == originalId, ct) is { } o)
                    History(o, area, CaseActions.Note, null, null, $"（来自重复件 {c.Reference}）{note}");
                break;
            default:
                return Outcome.Fail("", "未知的办理操作。");
        }
        if (from != c.State)
        {
            await TallyAsync(c.CommunityId, c.Kind, from.ToString(), -1, ct);
            await TallyAsync(c.CommunityId, c.Kind, c.State.ToString(), +1, ct);
            if (c.Escalated && !c.IsOpen && (from is CaseState.Registered or CaseState.Accepted or CaseState.Handling))
                await TallyAsync(c.CommunityId, c.Kind, "Escalated", -1, ct);
            if (c.Escalated && c.IsOpen && !(from is CaseState.Registered or CaseState.Accepted or CaseState.Handling))
                await TallyAsync(c.CommunityId, c.Kind, "Escalated", +1, ct);
        }
        History(c, area, f.Action, from, c.State == from ? null : c.State, detail);
        await CaseDue.SyncAsync(db, c, ct);
        c.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Fail("", "这件事刚被他人办理过，请刷新页面后再试。");
        }
        await audit.WriteAsync(db, AuditActions.CaseWrite, AuditTarget.Case(c.Id), c.GridId, $"{CaseActions.Word(f.Action)} {c.Reference}", ct: ct);
        await tx.CommitAsync(ct);
        return new Outcome(c, new Dictionary<string, string>());
    }

    async Task DispatchAsync(UserArea area, Case c, UserArea to, string? note, CancellationToken ct)
    {
        var previous = c.OwnerId;
        c.OwnerId = to.UserId;
        // The earlier owner keeps sight of it (CaseScope.VisibleTo says for which types).
        if (previous is { } p && p != to.UserId && !await db.Set<CaseFormerOwner>().AnyAsync(x => x.CaseId == c.Id && x.UserId == p, ct))
            db.Add(new CaseFormerOwner { CaseId = c.Id, UserId = p, Until = Now });
        c.Version++;
        History(c, area, CaseActions.Dispatch, null, null, $"交{to.DisplayName}办理" + (note is null ? "" : "：" + note));
        db.Add(new CaseNotice { UserId = to.UserId, CaseId = c.Id, At = Now, Text = $"{area.DisplayName}转来{CaseType.NameOf(c.Kind)} {c.Reference}：{Cut(c.Kind == CaseType.Grievance ? "信访件" : c.Title, 100)}" });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(db, AuditActions.CaseWrite, AuditTarget.Case(c.Id), c.GridId,
            $"转派 {c.Reference}：{(previous is null ? "" : "原承办人 " + previous + " → ")}{to.UserName}", ct: ct);
    }

    /// <summary>The users who lead the grid's community (审批人 of a grievance's extension), as role assignments say.</summary>
    async Task<List<long>> LeadsOfAsync(long gridId, CancellationToken ct)
    {
        var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == gridId).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (path is null) return [];
        var roles = Roles.All.Where(r => Roles.PermissionsOf(r).Contains(Permissions.Cases.Lead)).ToList();
        var rows = await (
            from a in db.RoleAssignments
            join o in db.OrgUnits on a.OrgUnitId equals o.Id
            join u in db.Users on a.UserId equals u.Id
            where roles.Contains(a.Role) && !u.IsDisabled
            select new { u.Id, o.Path }).ToListAsync(ct);
        return rows.Where(r => path.StartsWith(r.Path, StringComparison.Ordinal)).Select(r => r.Id).Distinct().ToList();
    }

    static void ClosePause(Case c, List<CasePause> pauses, DateTime now)
    {
        if (c.PausedSince is null) return;
        foreach (var p in pauses.Where(p => p.To is null)) p.To = now;
        c.PausedSince = null;
    }

    void History(Case c, UserArea area, string action, CaseState? from, CaseState? to, string? note) =>
        db.Add(new CaseEvent { CaseId = c.Id, At = Now, ActorId = area.UserId == 0 ? null : area.UserId, ActorName = area.DisplayName is { Length: > 0 } n ? n : "系统",
            Action = action, FromState = from, ToState = to, Note = Cut(note, 2000) });

    /// <summary>Adds <paramref name="delta"/> to one of the street's numbers, in the caller's transaction.</summary>
    async Task TallyAsync(long communityId, string kind, string state, int delta, CancellationToken ct)
    {
        var n = await db.Set<CaseTally>().Where(t => t.CommunityId == communityId && t.Kind == kind && t.State == state)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Count, t => t.Count + delta), ct);
        if (n == 0)
        {
            db.Add(new CaseTally { CommunityId = communityId, Kind = kind, State = state, Count = delta });
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>XFL-2026-000123: the community's code (its last part), the year, the next number of the year.</summary>
    async Task<string> NextReferenceAsync(OrgUnit community, DateTime now, CancellationToken ct)
    {
        var code = community.Code.Split('-', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "SQ";
        var prefix = $"{code}-{clock.LocalOf(now).Year}-";
        var last = await db.Set<Case>().Where(c => c.CommunityId == community.Id && c.Reference.StartsWith(prefix))
            .OrderByDescending(c => c.Reference).Select(c => c.Reference).FirstOrDefaultAsync(ct);
        var next = last is not null && int.TryParse(last[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
        return prefix + next.ToString("D6", CultureInfo.InvariantCulture);
    }

    public static string UnitWord(DeadlineUnit u) => u switch { DeadlineUnit.WorkingDays => "个工作日", DeadlineUnit.Hours => "小时", _ => "日" };

    public static string Duration(TimeSpan t) => t.TotalDays >= 1 ? $"{(int)t.TotalDays}天{t.Hours}小时" : t.TotalHours >= 1 ? $"{(int)t.TotalHours}小时{t.Minutes}分" : $"{Math.Max(0, t.Minutes)}分钟";

    static string? Clean(string? s, bool multiline = false)
    {
        if (s is null) return null;
        var t = multiline ? s.ReplaceLineEndings("\n") : s.ReplaceLineEndings(" ");
        t = new string(t.Where(ch => ch == '\n' || !char.IsControl(ch)).ToArray()).Trim();
        return t.Length == 0 ? null : t;
    }

    static string? Cut(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..(max - 1)] + "…";
}
