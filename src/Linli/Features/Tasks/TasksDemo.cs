using System.Text;
using System.Text.Json;
using Linli.Features.Access;
using Linli.Features.Calendar;
using Linli.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Tasks;

/// <summary>
/// The demo's tasks from above: five tasks of several departments to the demo communities in mixed states — one overdue,
/// one 清单外, one asking for the 80岁以上高龄老人名册 — with 催办, evidence and a return; and one inspection of 幸福里 with
/// its ledgers and a task's evidence, so the board, the lists and the 迎检 pack are alive on the first run.
/// </summary>
public sealed class TasksDemo : IDemoData
{
    public int Order => 70;

    public async Task FillAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var street = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Street).OrderBy(o => o.Id).FirstAsync(ct);
        var communities = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Community).OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct);
        if (communities.Count == 0) return;
        long C(int i) => communities[Math.Min(i, communities.Count - 1)];
        var calendar = await new WorkCalendars(TimeProvider.System).CurrentAsync(db, ct);
        var today = demo.Today;
        var streetUser = demo.UserIds["street"];
        var now = DateTime.UtcNow;
        DateTime Utc(DateOnly d, int hour = 10) => d.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Local).ToUniversalTime();

        async Task<(AssignedTask Task, Dictionary<long, TaskAssignment> Parts)> AddAsync(string department, string title, string? duty, string requirements,
            DateOnly assigned, DateOnly due, string? ledgerKey, string? ledgerName, params long[] to)
        {
            var task = new AssignedTask
            {
                StreetId = street.Id, Department = department, Title = title, DutyItem = duty, Requirements = requirements, AssignedOn = assigned, DueDate = due, DueAsked = due,
                LedgerKey = ledgerKey, LedgerName = ledgerName, CreatedById = streetUser, CreatedByName = "陈志刚", CreatedUtc = Utc(assigned, 9),
            };
            db.Add(task);
            await db.SaveChangesAsync(ct);
            var parts = new Dictionary<long, TaskAssignment>();
            foreach (var c in to.Distinct())
            {
                var part = new TaskAssignment { TaskId = task.Id, CommunityId = c, State = TaskState.Todo };
                db.Add(part);
                await db.SaveChangesAsync(ct);
                db.Add(new TaskEvent { AssignmentId = part.Id, Kind = TaskEventKind.Assigned, AtUtc = Utc(assigned, 9), ByName = "陈志刚" });
                parts[c] = part;
            }
            return (task, parts);
        }

        void Move(TaskAssignment part, TaskState state, DateOnly on, string by, string? note = null)
        {
            part.State = state;
            var kind = state switch
            {
                TaskState.InProgress => TaskEventKind.Started,
                TaskState.Submitted => TaskEventKind.Submitted,
                TaskState.Accepted => TaskEventKind.Accepted,
                _ => TaskEventKind.Returned,
            };
            if (state == TaskState.Submitted) { part.SubmittedOn = on; part.SubmittedUtc = Utc(on, 15); part.SubmittedByName = by; part.ReportNote = note; }
            if (state is TaskState.Accepted or TaskState.Returned) { part.ReviewedUtc = Utc(on, 16); part.ReviewedByName = by; part.ReturnReason = state == TaskState.Returned ? note : null; }
            db.Add(new TaskEvent { AssignmentId = part.Id, Kind = kind, AtUtc = Utc(on, state == TaskState.Submitted ? 15 : 16), ByName = by, Note = note });
        }

        void Evidence(AssignedTask task, TaskAssignment part, string name, string text, DateOnly on) =>
            db.Add(new TaskFile
            {
                TaskId = task.Id, AssignmentId = part.Id, FileName = name, ContentType = "text/csv; charset=utf-8",
                Bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(), Size = text.Length * 3, UploadedByName = "李建华", UploadedUtc = Utc(on, 15),
            });

        // 1. 民政, past its deadline: 幸福里 accepted on time, 和平 submitted late, 光明 still open (overdue), reminded twice.
        var assigned1 = calendar.AddWorkingDays(today.AddDays(-28), 0);
        var due1 = calendar.AddWorkingDays(assigned1, 10);
        var (t1, p1) = await AddAsync("民政", "核查高龄津贴发放对象在世情况", "高龄津贴申领初审", "逐户核对享受高龄津贴老人的在世情况，填写核查表并上传。",
            assigned1, due1, null, null, C(0), C(1), C(2));
        Move(p1[C(0)], TaskState.Submitted, calendar.AddWorkingDays(assigned1, 6), "李建华", "已核查 312 人，发现 2 人已故，已停发。");
        Evidence(t1, p1[C(0)], "高龄津贴核查表.csv", "姓名,核查结果\n张桂英,在世\n王秀兰,在世\n", calendar.AddWorkingDays(assigned1, 6));
        Move(p1[C(0)], TaskState.Accepted, calendar.AddWorkingDays(assigned1, 7), "陈志刚");
        if (p1.TryGetValue(C(1), out var late)) Move(late, TaskState.Submitted, calendar.AddWorkingDays(due1, 2), "和平社区", "已核查 96 人。");
        if (p1.TryGetValue(C(2), out var overdue) && overdue.State == TaskState.Todo)
        {
            overdue.Reminders = 2;
            overdue.LastRemindedUtc = Utc(calendar.AddWorkingDays(due1, 1));
            db.Add(new TaskEvent { AssignmentId = overdue.Id, Kind = TaskEventKind.Reminded, AtUtc = Utc(due1.AddDays(-2)), ByName = "陈志刚", Note = "后天到期，请抓紧。" });
            db.Add(new TaskEvent { AssignmentId = overdue.Id, Kind = TaskEventKind.Reminded, AtUtc = Utc(calendar.AddWorkingDays(due1, 1)), ByName = "陈志刚", Note = "已逾期，请今天报来。" });
        }

        // 2. 综治, outside the duty list (清单外), due tomorrow-ish.
        var (_, p2) = await AddAsync("综治", "出租房屋消防安全排查", null, "排查辖区出租房屋的消防隐患，填写排查登记表。",
            today.AddDays(-3), TaskClock.DueIn(today, 1, calendar), null, null, C(0), C(1));
        Move(p2[C(0)], TaskState.InProgress, today.AddDays(-1), "李建华");

        // 3. 老龄, asks for a ledger: submitting the 80岁以上高龄老人名册 from the task's page completes it.
        await AddAsync("老龄", "报送本月80岁以上高龄老人名册", "高龄津贴申领初审", "生成并报送本月名册，街道汇总后报区老龄办。",
            today.AddDays(-1), TaskClock.DueIn(today, 5, calendar), "registry.elderly-80", "80岁以上高龄老人名册", C(0));

        // 4. 人社, in progress in several ways: 幸福里 submitted with evidence, 和平 returned, 光明 to do.
        var assigned4 = today.AddDays(-6);
        var (t4, p4) = await AddAsync("人社", "就业困难人员摸底", "就业援助", "摸清辖区就业困难人员底数和就业意向，上传摸底表。",
            assigned4, TaskClock.DueIn(today, 8, calendar), null, null, C(0), C(1), C(2));
        Move(p4[C(0)], TaskState.Submitted, today.AddDays(-1), "李建华", "摸底 48 人，有意向参加培训 17 人。");
        Evidence(t4, p4[C(0)], "就业困难人员摸底表.csv", "姓名,意向\n刘洋,电工培训\n陈静,家政培训\n", today.AddDays(-1));
        if (p4.TryGetValue(C(1), out var back))
        {
            Move(back, TaskState.Submitted, today.AddDays(-3), "和平社区", "已摸底。");
            Move(back, TaskState.Returned, today.AddDays(-2), "陈志刚", "缺少摸底表，请补传。");
        }

        // 5. 残联, just arrived.
        await AddAsync("残联", "残疾人两项补贴资格复核", "残疾人服务", "复核两项补贴享受对象资格，有变化的当月报告。",
            today, TaskClock.DueIn(today, 3, calendar), null, null, C(0));
        // The demo's context does not detect changes by itself (bulk loading): the moves above changed tracked parts.
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);

        db.Add(new Inspection
        {
            CommunityId = C(0), Date = calendar.AddWorkingDays(today.AddDays(-9), 0), Kind = "检查", By = "区民政局", Items = "高龄津贴发放、独居老人关爱服务台账",
            Result = "台账齐全，发放准确；建议独居老人名册每月更新联系电话。",
            LedgerKeysJson = JsonSerializer.Serialize(new[] { "registry.elderly-80", "registry.living-alone" }), TaskIdsJson = JsonSerializer.Serialize(new[] { t1.Id }),
            CreatedById = demo.UserIds["lead"], CreatedByName = "李建华", CreatedUtc = now,
        });
        await db.SaveChangesAsync(ct);
    }
}
