using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Cases;

/// <summary>
/// A type of case with its clocks, as the office configures it; the presets follow DOMAIN.md §2. Each stage has a limit
/// (amount and unit) and its yellow lines: the share of the stage's time left below which the clock shows yellow, one
/// per level (as Tianque sets warning lines per org level × type × stage): 社区级 while the community handles the case,
/// 街道级 once it is escalated (上报街道) and the street supervises it. Red is the deadline itself at both levels.
/// The types are street-wide, not per community: one row per type serves every community of the street, so a 信访 or a
/// 12345 order runs on the same clock whichever community takes it, and the street (or a community lead) sets them.
/// </summary>
public sealed class CaseType
{
    public const string Mediation = "mediation", Grievance = "grievance", Help = "help", Hotline12345 = "12345", Other = "other";

    public required string Code { get; set; }
    public required string Name { get; set; }
    public int AcceptAmount { get; set; }
    public DeadlineUnit AcceptUnit { get; set; }
    public int HandleAmount { get; set; }
    public DeadlineUnit HandleUnit { get; set; }
    /// <summary>The handling clock runs from registration, not from acceptance (12345: reply within 5 working days of receipt).</summary>
    public bool HandleFromRegistration { get; set; }
    /// <summary>The most all extensions together may add (信访 ≤30 日; mediation a month by both parties' consent).</summary>
    public int MaxExtension { get; set; }
    public int AcceptYellowPercent { get; set; }
    public int HandleYellowPercent { get; set; }
    /// <summary>The yellow lines once the case is escalated to the street (街道级).</summary>
    public int StreetAcceptYellowPercent { get; set; }
    public int StreetHandleYellowPercent { get; set; }
    public int SortOrder { get; set; }

    public static readonly IReadOnlyList<CaseType> Presets =
    [
        // 人民调解: normally settled within one month; extended by both parties' consent, else 终止.
        new() { Code = Mediation, Name = "矛盾纠纷调解", AcceptAmount = 3, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 30, HandleUnit = DeadlineUnit.Days, MaxExtension = 30, AcceptYellowPercent = 34, HandleYellowPercent = 25, StreetAcceptYellowPercent = 50, StreetHandleYellowPercent = 40, SortOrder = 1 },
        // 信访工作条例: notice of acceptance within 15 日 (art 23), handled within 60 日 (art 34), ≤30 日 extension by the head.
        new() { Code = Grievance, Name = "信访", AcceptAmount = 15, AcceptUnit = DeadlineUnit.Days, HandleAmount = 60, HandleUnit = DeadlineUnit.Days, MaxExtension = 30, AcceptYellowPercent = 34, HandleYellowPercent = 25, StreetAcceptYellowPercent = 50, StreetHandleYellowPercent = 40, SortOrder = 2 },
        new() { Code = Help, Name = "求助", AcceptAmount = 1, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 5, HandleUnit = DeadlineUnit.WorkingDays, MaxExtension = 5, AcceptYellowPercent = 50, HandleYellowPercent = 40, StreetAcceptYellowPercent = 60, StreetHandleYellowPercent = 50, SortOrder = 3 },
        // 12345: reply within 5 working days of receipt unless law says more.
        new() { Code = Hotline12345, Name = "12345转办工单", AcceptAmount = 1, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 5, HandleUnit = DeadlineUnit.WorkingDays, HandleFromRegistration = true, MaxExtension = 5, AcceptYellowPercent = 50, HandleYellowPercent = 40, StreetAcceptYellowPercent = 60, StreetHandleYellowPercent = 50, SortOrder = 4 },
        new() { Code = Other, Name = "其他", AcceptAmount = 3, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 10, HandleUnit = DeadlineUnit.WorkingDays, MaxExtension = 10, AcceptYellowPercent = 34, HandleYellowPercent = 30, StreetAcceptYellowPercent = 50, StreetHandleYellowPercent = 40, SortOrder = 5 },
    ];

    /// <summary>The limits as a case keeps them from its opening: "15:Days|60:Days|0|30|34|25|50|40".</summary>
    public string Snapshot() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{AcceptAmount}:{AcceptUnit}|{HandleAmount}:{HandleUnit}|{(HandleFromRegistration ? 1 : 0)}|{MaxExtension}|{AcceptYellowPercent}|{HandleYellowPercent}|{StreetAcceptYellowPercent}|{StreetHandleYellowPercent}");

    /// <summary>The yellow line of a stage at a level: the street's once the case is escalated.</summary>
    public int YellowPercent(CaseStage stage, bool street) => (stage, street) switch
    {
        (CaseStage.Accept, false) => AcceptYellowPercent,
        (CaseStage.Handle, false) => HandleYellowPercent,
        (CaseStage.Accept, true) => StreetAcceptYellowPercent,
        _ => StreetHandleYellowPercent,
    };

    /// <summary>This type with the limits a case kept (<see cref="Case.TypeSnapshot"/>); itself when the case kept none.</summary>
    public CaseType AsOpened(string? snapshot)
    {
        if (snapshot is null) return this;
        var p = snapshot.Split('|');
        // Six parts: kept before the street's lines existed; the street then warns where the community does.
        if (p.Length is not (6 or 8)) return this;
        static int Int(string s) => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        static (int, DeadlineUnit) Limit(string s) { var q = s.Split(':'); return (int.Parse(q[0], System.Globalization.CultureInfo.InvariantCulture), Enum.Parse<DeadlineUnit>(q[1])); }
        var (acceptAmount, acceptUnit) = Limit(p[0]);
        var (handleAmount, handleUnit) = Limit(p[1]);
        return new CaseType
        {
            Code = Code, Name = Name, SortOrder = SortOrder, AcceptAmount = acceptAmount, AcceptUnit = acceptUnit, HandleAmount = handleAmount, HandleUnit = handleUnit,
            HandleFromRegistration = p[2] == "1", MaxExtension = int.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture),
            AcceptYellowPercent = Int(p[4]), HandleYellowPercent = Int(p[5]),
            StreetAcceptYellowPercent = p.Length == 8 ? Int(p[6]) : Int(p[4]), StreetHandleYellowPercent = p.Length == 8 ? Int(p[7]) : Int(p[5]),
        };
    }

    public static string NameOf(string code) => Presets.FirstOrDefault(t => t.Code == code)?.Name ?? code;

    public static bool IsKnown(string? code) => Presets.Any(t => t.Code == code);
}

sealed class CaseTypeConfiguration : IEntityTypeConfiguration<CaseType>
{
    public void Configure(EntityTypeBuilder<CaseType> b)
    {
        b.ToTable("CaseTypes");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(32);
        b.Property(x => x.AcceptUnit).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.HandleUnit).HasConversion<string>().HasMaxLength(16);
        b.HasData(CaseType.Presets.Select(t => new
        {
            t.Code, t.Name, t.AcceptAmount, t.AcceptUnit, t.HandleAmount, t.HandleUnit, t.HandleFromRegistration, t.MaxExtension,
            t.AcceptYellowPercent, t.HandleYellowPercent, t.StreetAcceptYellowPercent, t.StreetHandleYellowPercent, t.SortOrder,
        }));
    }
}
