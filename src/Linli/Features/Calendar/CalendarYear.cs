using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linli.Features.Calendar;

/// <summary>
/// A year's schedule imported into this office's database (<c>linli calendar import</c>), for a year the shipped table
/// does not hold yet or that the State Council amended. It overrides the shipped year of the same number.
/// </summary>
public sealed class CalendarYear
{
    public required int Year { get; set; }
    /// <summary>The notices it comes from (URLs or titles), one per line.</summary>
    public required string Papers { get; set; }
    /// <summary>The imported days in holiday-cn's JSON shape (<see cref="HolidaySchedule.Day"/> list).</summary>
    public required string DaysJson { get; set; }
    public required DateTime ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
}

sealed class CalendarYearConfiguration : IEntityTypeConfiguration<CalendarYear>
{
    public void Configure(EntityTypeBuilder<CalendarYear> b)
    {
        b.HasKey(y => y.Year);
        b.Property(y => y.Year).ValueGeneratedNever();
        b.Property(y => y.Papers).HasMaxLength(2000);
        b.Property(y => y.DaysJson).HasMaxLength(20000);
        b.Property(y => y.ImportedBy).HasMaxLength(64);
    }
}
