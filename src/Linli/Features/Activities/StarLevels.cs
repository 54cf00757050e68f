namespace Linli.Features.Activities;

/// <summary>The office's settings for volunteers (section <c>Volunteers</c> of the configuration).</summary>
public sealed class VolunteerOptions
{
    /// <summary>Hours for one to five stars; the common scale is 100 / 300 / 600 / 1000 / 1500 (DOMAIN.md §7).</summary>
    public decimal[] StarHours { get; set; } = [.. StarLevels.Default];
}

/// <summary>星级: how many stars confirmed hours earn against a scale of rising thresholds. Pure.</summary>
public static class StarLevels
{
    public static readonly IReadOnlyList<decimal> Default = [100m, 300m, 600m, 1000m, 1500m];

    /// <summary>0 below the first threshold, else the number of thresholds reached. A scale that does not rise is refused.</summary>
    public static int Of(decimal hours, IReadOnlyList<decimal> thresholds)
    {
        for (var i = 1; i < thresholds.Count; i++)
            if (thresholds[i] <= thresholds[i - 1]) throw new ArgumentException("星级时长应逐级增加。", nameof(thresholds));
        return thresholds.Count(t => hours >= t);
    }

    /// <summary>Hours still missing to the next star, null at the top.</summary>
    public static decimal? ToNext(decimal hours, IReadOnlyList<decimal> thresholds) =>
        thresholds.FirstOrDefault(t => t > hours) is var next && next > 0 ? next - hours : null;

    public static string Stars(int level) => level == 0 ? "—" : new string('★', level);
}
