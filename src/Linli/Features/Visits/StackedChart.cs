namespace Linli.Features.Visits;

/// <summary>
/// What charts.js draws as stacked bars: one bar per label, one segment per series, each segment with the address of
/// the list it counts. Serialized into a [data-chart] attribute as <c>{labels, stack: true, series: [{name, color, data, hrefs}]}</c>.
/// </summary>
public sealed record StackedChart(IReadOnlyList<string> Labels, IReadOnlyList<StackedChart.Series> Segments)
{
    public sealed record Series(string Name, string? Color, IReadOnlyList<int> Data, IReadOnlyList<string?> Hrefs);

    /// <summary>Series names stay apart from <see cref="Labels"/>: a legend of people, a bar per month.</summary>
    public static StackedChart Of<TSeries>(IReadOnlyList<string> labels, IEnumerable<TSeries> series, Func<TSeries, string> name,
        Func<TSeries, int, int> value, Func<TSeries, int, string?> href, Func<TSeries, int, string?>? color = null) =>
        new(labels, series.Select((s, k) => new Series(name(s), color?.Invoke(s, k),
            Enumerable.Range(0, labels.Count).Select(i => value(s, i)).ToList(),
            Enumerable.Range(0, labels.Count).Select(i => value(s, i) > 0 ? href(s, i) : null).ToList())).ToList());

    /// <summary>The JSON charts.js reads.</summary>
    public string Json() => System.Text.Json.JsonSerializer.Serialize(new
    {
        labels = Labels,
        stack = true,
        series = Segments.Select(s => new { name = s.Name, color = s.Color, data = s.Data, hrefs = s.Hrefs }),
    });
}
