using Linli.Data;
using Linli.Features.Access;
using Linli.Features.Audit;
using Linli.Features.Calendar;
using Linli.Web;
using Microsoft.EntityFrameworkCore;

namespace Linli.Features.Cases;

/// <summary>
/// The office changes a case type's clocks (issue 13: "each configurable by the office"): the two limits with their units,
/// the cap on extensions and the yellow lines per stage and level (社区级, and 街道级 for escalated cases). The types are
/// street-wide: one setting per type for all the street's communities (decided in issue 13, so a statutory clock
/// cannot differ between communities of one street), changed by the street officer or a community lead. New cases take the new settings; open cases keep those they were opened
/// with (<see cref="Case.TypeSnapshot"/>). The statutory limits of 信访 cannot be widened. Every change audited.
/// </summary>
public sealed class CaseTypeSettings(LinliDb db, AuditLog audit, UiText say)
{
    public sealed class Form
    {
        public int AcceptAmount { get; set; }
        public DeadlineUnit AcceptUnit { get; set; }
        public int HandleAmount { get; set; }
        public DeadlineUnit HandleUnit { get; set; }
        public int MaxExtension { get; set; }
        public int AcceptYellowPercent { get; set; }
        public int HandleYellowPercent { get; set; }
        /// <summary>The yellow lines once a case is escalated to the street (街道级).</summary>
        public int StreetAcceptYellowPercent { get; set; }
        public int StreetHandleYellowPercent { get; set; }
    }

    public static readonly IReadOnlyList<DeadlineUnit> Units = [DeadlineUnit.Days, DeadlineUnit.WorkingDays, DeadlineUnit.Hours];

    public async Task<IReadOnlyList<CaseType>> ListAsync(CancellationToken ct) =>
        await db.Set<CaseType>().AsNoTracking().OrderBy(t => t.SortOrder).ToListAsync(ct);

    /// <summary>The type saved, or the errors by field; null when no such type (404).</summary>
    public async Task<(CaseType? Type, IReadOnlyDictionary<string, string> Errors)?> SaveAsync(UserArea area, string code, Form f, CancellationToken ct)
    {
        var type = await db.Set<CaseType>().FirstOrDefaultAsync(t => t.Code == code, ct);
        if (type is null) return null;
        var errors = new Dictionary<string, string>();
        if (f.AcceptAmount is < 1 or > 365) errors[nameof(f.AcceptAmount)] = say["{0}：受理时限应为1到365之间的整数。", type.Name];
        if (f.HandleAmount is < 1 or > 365) errors[nameof(f.HandleAmount)] = say["{0}：办理时限应为1到365之间的整数。", type.Name];
        if (!Units.Contains(f.AcceptUnit)) errors[nameof(f.AcceptUnit)] = say["{0}：请选择受理时限的单位（日、工作日或小时）。", type.Name];
        if (!Units.Contains(f.HandleUnit)) errors[nameof(f.HandleUnit)] = say["{0}：请选择办理时限的单位（日、工作日或小时）。", type.Name];
        if (f.MaxExtension is < 0 or > 365) errors[nameof(f.MaxExtension)] = say["{0}：最多延期天数应为0到365。", type.Name];
        if (f.AcceptYellowPercent is < 1 or > 99) errors[nameof(f.AcceptYellowPercent)] = say["{0}：受理预警线应为1%到99%。", type.Name];
        if (f.HandleYellowPercent is < 1 or > 99) errors[nameof(f.HandleYellowPercent)] = say["{0}：办理预警线应为1%到99%。", type.Name];
        if (f.StreetAcceptYellowPercent is < 1 or > 99) errors[nameof(f.StreetAcceptYellowPercent)] = say["{0}：上报街道后的受理预警线应为1%到99%。", type.Name];
        if (f.StreetHandleYellowPercent is < 1 or > 99) errors[nameof(f.StreetHandleYellowPercent)] = say["{0}：上报街道后的办理预警线应为1%到99%。", type.Name];
        if (code == CaseType.Grievance && errors.Count == 0 && (Days(f.AcceptAmount, f.AcceptUnit) > 15 || Days(f.HandleAmount, f.HandleUnit) > 60 || f.MaxExtension > 30))
            errors[""] = "信访的期限不能宽于《信访工作条例》：告知受理15日、办理60日、延期不超过30日。";
        if (errors.Count > 0) return (null, errors);

        var before = type.Snapshot();
        type.AcceptAmount = f.AcceptAmount;
        type.AcceptUnit = f.AcceptUnit;
        type.HandleAmount = f.HandleAmount;
        type.HandleUnit = f.HandleUnit;
        type.MaxExtension = f.MaxExtension;
        type.AcceptYellowPercent = f.AcceptYellowPercent;
        type.HandleYellowPercent = f.HandleYellowPercent;
        type.StreetAcceptYellowPercent = f.StreetAcceptYellowPercent;
        type.StreetHandleYellowPercent = f.StreetHandleYellowPercent;
        var after = type.Snapshot();
        if (after == before) return (type, new Dictionary<string, string>());
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.CaseWrite, null, null, $"修改事件类型“{type.Name}”的时限：{Describe(before)} → {Describe(after)}（新登记的事件适用，已登记的保持原时限）", ct: ct);
        return (type, new Dictionary<string, string>());
    }

    /// <summary>A working day or an hour is never more than a calendar day: enough to hold the statutory caps.</summary>
    static int Days(int amount, DeadlineUnit unit) => unit switch { DeadlineUnit.Hours => (amount + 23) / 24, DeadlineUnit.WorkingDays => amount * 7 / 5, _ => amount };

    static string Describe(string snapshot)
    {
        var t = new CaseType { Code = "", Name = "" }.AsOpened(snapshot);
        return $"受理{t.AcceptAmount}{CaseWorkflow.UnitWord(t.AcceptUnit)}、办理{t.HandleAmount}{CaseWorkflow.UnitWord(t.HandleUnit)}、延期≤{t.MaxExtension}、预警{t.AcceptYellowPercent}%/{t.HandleYellowPercent}%、上报街道后预警{t.StreetAcceptYellowPercent}%/{t.StreetHandleYellowPercent}%";
    }
}
