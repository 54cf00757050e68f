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
