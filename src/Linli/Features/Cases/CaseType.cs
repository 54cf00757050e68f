using Linli.Features.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Cases;

/// <summary>
/// A type of case with its clocks, as the office configures it; the presets follow DOMAIN.md §2. Each stage has a limit
/// (amount and unit) and its yellow line: the share of the stage's time left below which the clock shows yellow.
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
    public int SortOrder { get; set; }

    public static readonly IReadOnlyList<CaseType> Presets =
    [
        // 人民调解: normally settled within one month; extended by both parties' consent, else 终止.
        new() { Code = Mediation, Name = "矛盾纠纷调解", AcceptAmount = 3, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 30, HandleUnit = DeadlineUnit.Days, MaxExtension = 30, AcceptYellowPercent = 34, HandleYellowPercent = 25, SortOrder = 1 },
        // 信访工作条例: notice of acceptance within 15 日 (art 23), handled within 60 日 (art 34), ≤30 日 extension by the head.
        new() { Code = Grievance, Name = "信访", AcceptAmount = 15, AcceptUnit = DeadlineUnit.Days, HandleAmount = 60, HandleUnit = DeadlineUnit.Days, MaxExtension = 30, AcceptYellowPercent = 34, HandleYellowPercent = 25, SortOrder = 2 },
        new() { Code = Help, Name = "求助", AcceptAmount = 1, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 5, HandleUnit = DeadlineUnit.WorkingDays, MaxExtension = 5, AcceptYellowPercent = 50, HandleYellowPercent = 40, SortOrder = 3 },
        // 12345: reply within 5 working days of receipt unless law says more.
        new() { Code = Hotline12345, Name = "12345转办工单", AcceptAmount = 1, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 5, HandleUnit = DeadlineUnit.WorkingDays, HandleFromRegistration = true, MaxExtension = 5, AcceptYellowPercent = 50, HandleYellowPercent = 40, SortOrder = 4 },
        new() { Code = Other, Name = "其他", AcceptAmount = 3, AcceptUnit = DeadlineUnit.WorkingDays, HandleAmount = 10, HandleUnit = DeadlineUnit.WorkingDays, MaxExtension = 10, AcceptYellowPercent = 34, HandleYellowPercent = 30, SortOrder = 5 },
    ];

    /// <summary>The limits as a case keeps them from its opening: "15:Days|60:Days|0|30|34|25".</summary>
    public string Snapshot() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{AcceptAmount}:{AcceptUnit}|{HandleAmount}:{HandleUnit}|{(HandleFromRegistration ? 1 : 0)}|{MaxExtension}|{AcceptYellowPercent}|{HandleYellowPercent}");

    /// <summary>This type with the limits a case kept (<see cref="Case.TypeSnapshot"/>); itself when the case kept none.</summary>
    public CaseType AsOpened(string? snapshot)
    {
        if (snapshot is null) return this;
        var p = snapshot.Split('|');
        if (p.Length != 6) return this;
        static (int, DeadlineUnit) Limit(string s) { var q = s.Split(':'); return (int.Parse(q[0], System.Globalization.CultureInfo.InvariantCulture), Enum.Parse<DeadlineUnit>(q[1])); }
        var (acceptAmount, acceptUnit) = Limit(p[0]);
        var (handleAmount, handleUnit) = Limit(p[1]);
        return new CaseType
        {
            Code = Code, Name = Name, SortOrder = SortOrder, AcceptAmount = acceptAmount, AcceptUnit = acceptUnit, HandleAmount = handleAmount, HandleUnit = handleUnit,
            HandleFromRegistration = p[2] == "1", MaxExtension = int.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture),
            AcceptYellowPercent = int.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture), HandleYellowPercent = int.Parse(p[5], System.Globalization.CultureInfo.InvariantCulture),
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
            t.AcceptYellowPercent, t.HandleYellowPercent, t.SortOrder,
        }));
    }
}
