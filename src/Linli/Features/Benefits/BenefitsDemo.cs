using System.Globalization;
using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Demo;
using Linli.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Benefits;

/// <summary>
/// The demo's benefits in 幸福里社区, consistent with the registry: every 低保户 label of the demo is a granted 低保 here
/// (amount, class, start month, last review), every 困难户 household may have a 特困 or 临时救助 grant, most residents of
/// 80 and over a 高龄津贴; then a few applications in every state — one on notice today, so the public page is alive.
/// Written in bulk, in the demo's transaction.
/// </summary>
public sealed class BenefitsDemo : IDemoData
{
    public int Order => 60;

    sealed record Household(long Id, long GridId, long HeadId, int Size, DateOnly? HeadBirth, bool Dibao, bool Hardship);

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var random = demo.Random;
        var today = demo.Today;
        var calendar = new WorkCalendar(WorkCalendars.Shipped);
        var community = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (community is null) return;
        var social = demo.UserIds.GetValueOrDefault("social");
        var socialName = await db.Users.AsNoTracking().Where(u => u.Id == social).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "社工";
        var grids = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == community.Id).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var gridIds = grids.Keys.ToList();
        var tags = await db.Tags.AsNoTracking().Where(t => t.Code == "MinimumLivingAllowance" || t.Code == "HardshipHousehold").ToDictionaryAsync(t => t.Code, t => t.Id, ct);
        var dibaoTag = tags.GetValueOrDefault("MinimumLivingAllowance");
        var hardshipTag = tags.GetValueOrDefault("HardshipHousehold");
        var heads = await db.Households.AsNoTracking().Where(h => gridIds.Contains(h.GridId) && h.HeadId != null)
            .Join(db.Residents.AsNoTracking(), h => h.HeadId, r => r.Id, (h, r) => new { h.Id, h.GridId, Head = r.Id, r.BirthDate })
            .OrderBy(h => h.Id).ToListAsync(ct);
        var tagged = (await db.ResidentTags.AsNoTracking().Where(t => gridIds.Contains(t.GridId) && (t.TagId == dibaoTag || t.TagId == hardshipTag))
            .Select(t => new { t.ResidentId, t.TagId }).ToListAsync(ct)).ToLookup(t => t.ResidentId, t => t.TagId);
        var sizes = await db.Residents.AsNoTracking().Where(r => gridIds.Contains(r.GridId) && r.HouseholdId != null && r.Status == ResidentStatus.Active)
            .GroupBy(r => r.HouseholdId!.Value).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
        var households = heads.Select(h => new Household(h.Id, h.GridId, h.Head, sizes.GetValueOrDefault(h.Id), h.BirthDate,
            tagged[h.Head].Contains(dibaoTag), tagged[h.Head].Contains(hardshipTag))).ToList();
        var members = (await db.Residents.AsNoTracking().Where(r => gridIds.Contains(r.GridId) && r.HouseholdId != null && r.Status == ResidentStatus.Active)
                .Select(r => new { r.Id, Household = r.HouseholdId!.Value, r.BirthDate }).ToListAsync(ct))
            .GroupBy(r => r.Household).ToDictionary(g => g.Key, g => g.ToList());

        var apps = new List<BenefitApplication>();
        var numbers = new Dictionary<string, int>();
        var zone = TimeZoneInfo.Local;
        DateTime Utc(DateOnly d) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(d.ToDateTime(new TimeOnly(9, 30)), DateTimeKind.Unspecified), zone);
        BenefitApplication New(BenefitKind kind, Household h, long applicant, DateOnly created, BenefitState state, string reason)
        {
            var n = numbers[kind.Prefix + created.Year] = numbers.GetValueOrDefault(kind.Prefix + created.Year) + 1;
            var due = Deadline.Compute(new TimeLimit(created.ToDateTime(new TimeOnly(9, 30)), kind.LimitWorkingDays, DeadlineUnit.WorkingDays), calendar);
            var a = new BenefitApplication
            {
                Reference = $"{kind.Prefix}-{created.Year}-{n.ToString("D6", CultureInfo.InvariantCulture)}", Kind = kind.Code, CommunityId = community.Id,
                GridId = h.GridId, HouseholdId = h.Id, ApplicantId = applicant, State = state, Reason = reason,
                MonthlyIncome = random.Next(0, 13) * 100, Assets = random.Next(0, 30) * 500, IncomeUnstable = random.Next(5) == 0,
                Documents = string.Join('、', kind.Documents.Take(kind.Documents.Count - (random.Next(4) == 0 ? 1 : 0))),
                CreatedById = social, CreatedAt = Utc(created), DueOn = due.LastDay, DueProvisional = due.Provisional,
            };
            apps.Add(a);
            return a;
        }
        void Granted(BenefitApplication a, BenefitKind kind, DateOnly decided, decimal amount, string? category)
        {
            a.State = BenefitState.Granted;
            a.InvestigatedOn = kind.NeedsInvestigation ? decided.AddDays(-20) : null;
            a.Findings = kind.NeedsInvestigation ? "入户核实家庭收入、财产情况属实。" : null;
            if (kind.NeedsReview) (a.ReviewHeldOn, a.ReviewAttendees, a.ReviewAgreed, a.ProposedAmount) = (decided.AddDays(-15), 9 + random.Next(6), 9, amount);
            a.ForwardedAt = Utc(decided.AddDays(-5));
            a.DecidedOn = decided;
            a.DecidedBy = "陈志刚";
            a.MonthlyAmount = amount;
            a.Category = category;
            a.CoveredPersons = Math.Max(1, members.GetValueOrDefault(a.HouseholdId)?.Count ?? 1);
            a.StartMonth = new DateOnly(decided.Year, decided.Month, 1).AddMonths(1);
            var checkedOn = kind.ReviewMonths is { } m && a.StartMonth < today.AddMonths(-m) ? today.AddDays(-random.Next(20, 400)) : (DateOnly?)null;
            a.LastCheckedOn = checkedOn;
            a.NextReviewOn = BenefitWorkflow.NextReview(kind, a, checkedOn ?? a.StartMonth.Value);
        }

        // Every 低保户 of the demo holds a granted 低保 (the label and the benefit are one fact).
        var dibao = BenefitKind.Find(BenefitKind.Dibao)!;
        foreach (var h in households.Where(h => h.Dibao))
        {
            var decided = today.AddDays(-random.Next(60, 1500));
            var a = New(dibao, h, h.HeadId, decided.AddDays(-35), BenefitState.Granted, Reasons[random.Next(Reasons.Length)]);
            Granted(a, dibao, decided, 380 + random.Next(0, 12) * 45, BenefitKind.Categories[random.Next(3)]);
        }
        // 特困 for a few households in hardship headed by someone old; 临时救助 for some others (one-off amounts).
        var tekun = BenefitKind.Find(BenefitKind.Tekun)!;
        var temporary = BenefitKind.Find(BenefitKind.Temporary)!;
        foreach (var (h, i) in households.Where(h => h.Hardship && !h.Dibao).Select((h, i) => (h, i)).Take(40))
        {
            var decided = today.AddDays(-random.Next(20, 700));
            if (i % 5 == 0 && h.HeadBirth is { } b && b.Year < today.Year - 60)
                Granted(New(tekun, h, h.HeadId, decided.AddDays(-30), BenefitState.Granted, "无劳动能力、无生活来源、无法定赡养人。"), tekun, decided, 1100, "全额");
            else if (i % 2 == 1)
            {
                var a = New(temporary, h, h.HeadId, decided.AddDays(-6), BenefitState.Granted, "家庭成员突发重病，医疗费用支出较大。");
                Granted(a, temporary, decided, 500 + random.Next(0, 10) * 300, "一次性");
                a.UrgentAid = random.Next(3) == 0 ? 500 : null;
            }
        }
        // 高龄津贴 for most residents of 80 and over (30 / 60 / 300 元 by age band).
        var elderly = BenefitKind.Find(BenefitKind.Elderly)!;
        var byHousehold = households.ToDictionary(h => h.Id);
        foreach (var (household, list) in members)
            foreach (var r in list.Where(r => r.BirthDate is { } b && b.AddYears(80) <= today && random.Next(10) < 8))
            {
                if (!byHousehold.TryGetValue(household, out var h)) continue;
                var age = today.Year - r.BirthDate!.Value.Year;
                var decided = r.BirthDate.Value.AddYears(80).AddDays(random.Next(20, 90));
                if (decided > today.AddDays(-10)) decided = today.AddDays(-10);
                Granted(New(elderly, h, r.Id, decided.AddDays(-25), BenefitState.Granted, "年满80周岁，申请高龄津贴。"), elderly, decided, age >= 100 ? 300 : age >= 90 ? 60 : 30, null);
            }

        // A few applications in every state, in the grids the demo accounts work in.
        var fresh = households.Where(h => !h.Dibao && h.Size >= 2).OrderBy(_ => random.Next()).Take(14).ToList();
        var states = new[]
        {
            BenefitState.Intake, BenefitState.Intake, BenefitState.Investigated, BenefitState.Reviewed, BenefitState.OnNotice, BenefitState.OnNotice,
            BenefitState.OnNotice, BenefitState.Forwarded, BenefitState.Forwarded, BenefitState.Refused, BenefitState.Ended, BenefitState.Withdrawn,
            BenefitState.Investigated, BenefitState.Intake,
        };
        var notices = new List<(BenefitApplication App, Household H)>();
        foreach (var (h, i) in fresh.Select((h, i) => (h, i)))
        {
            var state = states[i];
            var kind = i == 13 ? BenefitKind.Find(BenefitKind.Housing)! : i == 12 ? BenefitKind.Find(BenefitKind.Disability)! : dibao;
            var created = state switch
            {
                BenefitState.Intake => today.AddDays(-random.Next(1, 8) - (i == 0 ? 50 : 0)),   // one past its 30 working days
                BenefitState.Investigated => today.AddDays(-random.Next(8, 15)),
                BenefitState.Reviewed => today.AddDays(-random.Next(14, 20)),
                BenefitState.OnNotice => today.AddDays(-random.Next(18, 25)),
                BenefitState.Forwarded => today.AddDays(-random.Next(26, 35)),
                _ => today.AddDays(-random.Next(40, 200)),
            };
            var a = New(kind, h, h.HeadId, created, state, Reasons[random.Next(Reasons.Length)]);
            if (state >= BenefitState.Investigated) (a.InvestigatedOn, a.Findings) = (created.AddDays(5), "入户调查：家中生活困难，收入来源不稳定，邻居反映情况属实。");
            if (state >= BenefitState.Reviewed && kind.NeedsReview) (a.ReviewHeldOn, a.ReviewAttendees, a.ReviewAgreed, a.ProposedAmount) = (created.AddDays(9), 11, 10, 450 + random.Next(0, 8) * 40);
            if (state >= BenefitState.OnNotice && state != BenefitState.Withdrawn) notices.Add((a, h));
            if (state >= BenefitState.Forwarded && state != BenefitState.Withdrawn) a.ForwardedAt = Utc(created.AddDays(20));
            if (state == BenefitState.Refused)
            {
                a.DecidedOn = created.AddDays(30);
                a.DecidedBy = "陈志刚";
                a.RefusalReason = "经核查，家庭人均收入高于本市最低生活保障标准。";
                a.RefusalNoticeDue = Deadline.Compute(new TimeLimit(a.DecidedOn.Value.ToDateTime(TimeOnly.MinValue), 3, DeadlineUnit.WorkingDays), calendar).LastDay;
                a.RefusalNotifiedOn = a.DecidedOn.Value.AddDays(1);
            }
            if (state == BenefitState.Ended)
            {
                Granted(a, kind, created.AddDays(30), 520, "B类");
                a.State = BenefitState.Ended;
                a.EndedOn = today.AddDays(-10);
                a.EndReason = "家庭成员就业，收入超过保障标准。";
            }
        }

        await BulkWriter.InsertAsync(db, apps, ct);
        var memberRows = apps.SelectMany(a => a.Kind == BenefitKind.Elderly
            ? [new BenefitMember { ApplicationId = a.Id, ResidentId = a.ApplicantId }]
            : (members.GetValueOrDefault(a.HouseholdId) ?? []).Select(m => new BenefitMember { ApplicationId = a.Id, ResidentId = m.Id })).ToList();
        await BulkWriter.InsertAsync(db, memberRows, ct);
        var events = new List<BenefitEvent>();
        foreach (var a in apps)
        {
            events.Add(new BenefitEvent { ApplicationId = a.Id, At = a.CreatedAt, ActorId = social, ActorName = socialName, Action = BenefitSteps.Open, Note = "演示数据" });
            if (a.InvestigatedOn is { } inv) events.Add(new BenefitEvent { ApplicationId = a.Id, At = Utc(inv), ActorId = social, ActorName = socialName, Action = BenefitSteps.Investigate, Note = $"入户调查 {inv:yyyy-MM-dd}" });
            if (a.ReviewHeldOn is { } rev) events.Add(new BenefitEvent { ApplicationId = a.Id, At = Utc(rev), ActorId = social, ActorName = socialName, Action = BenefitSteps.Review, Note = $"民主评议 {rev:yyyy-MM-dd}" });
            if (a.DecidedOn is { } dec) events.Add(new BenefitEvent { ApplicationId = a.Id, At = Utc(dec), ActorName = a.DecidedBy ?? "街道", Action = BenefitSteps.Decide, Note = a.State == BenefitState.Refused ? a.RefusalReason : $"批准：{a.MonthlyAmount:0.##}元/月" });
        }
        await BulkWriter.InsertAsync(db, events, ct);

        // The notices: those still up today (公示中), those that came down before the application went on.
        var names = await db.Residents.AsNoTracking().Where(r => notices.Select(n => n.H.HeadId).Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var noticeRows = new List<BenefitNotice>();
        foreach (var (a, h) in notices)
        {
            var kind = BenefitKind.Find(a.Kind)!;
            var from = a.State == BenefitState.OnNotice ? today.AddDays(-random.Next(0, 5)) : DateOnly.FromDateTime(a.CreatedAt).AddDays(12);
            noticeRows.Add(new BenefitNotice
            {
                ApplicationId = a.Id, CommunityId = a.CommunityId, Kind = a.Kind, HeadName = kind.Policy.HeadName ? (kind.Policy.MaskName ? BenefitWorkflow.MaskName(names[h.HeadId]) : names[h.HeadId]) : null,
                HouseholdSize = kind.Policy.HouseholdSize ? h.Size : null, MonthlyAmount = kind.Policy.MonthlyAmount ? a.MonthlyAmount ?? a.ProposedAmount : null,
                GridName = kind.Policy.Grid ? grids[a.GridId] : null, PublishedAt = Utc(from), PublishedBy = socialName, FromDay = from,
                RemoveOn = BenefitWorkflow.NoticeWindow(from, BenefitKind.NoticeDays, calendar),
            });
        }
        await BulkWriter.InsertAsync(db, noticeRows, ct);
        var onNotice = noticeRows.FirstOrDefault(n => n.RemoveOn > today);
        if (onNotice is not null)
            await BulkWriter.InsertAsync(db, new List<BenefitObjection>
            {
                new() { NoticeId = onNotice.Id, ApplicationId = onNotice.ApplicationId, Reference = $"YY-{today.Year}-00001", Channel = "公示页",
                    Content = "听说这户家里有门面出租，请社区核实。", LodgedAt = Utc(today.AddDays(-1)), AnswerDue = calendar.OnOrAfter(today.AddDays(4)) },
            }, ct);
    }

    static readonly string[] Reasons =
    [
        "户主患病失去劳动能力，配偶无固定收入，家庭收入低于保障标准。",
        "家庭成员重度残疾，需长期照护，无其他收入来源。",
        "单亲家庭，子女在读，母亲打零工收入不稳定。",
        "老两口无子女，仅靠少量养老金生活，医疗支出大。",
        "户主下岗多年，身体不好，家庭生活困难。",
    ];
}
