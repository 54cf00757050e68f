// Bar charts for every page: each [data-chart] holding JSON draws itself.
//   [{name, value, href?, color?}]                                  one series; a bar opens the list it counts (href).
//   {labels, series: [{name, color, data, colors?}], hrefs}            several series side by side; a bar opens hrefs[i].
//   {labels, stack: true, series: [{name, color?, data, hrefs}]}       stacked bars with a legend; each segment opens its own
//                                                                      series' hrefs[i], the total stands above the bar.
// A [data-chart] holding a plain word (the home page's "pyramid", "kinds", "labels") is drawn by lists.js.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const palette = ["#2f6fb0", "#e0a100", "#2e7d32", "#c62828", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037", "#ad1457", "#283593", "#827717", "#8c959f"];
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const raw = el.dataset.chart.trim();
    if (!raw.startsWith("[") && !raw.startsWith("{")) return;
    const spec = raw.startsWith("[") ? single(JSON.parse(raw)) : JSON.parse(raw);
    const stack = spec.stack === true;
    const many = spec.series.length > 1 || stack;
    const narrow = el.clientWidth < 500;
    const tilt = spec.labels.length > 5 && narrow;
    const chart = echarts.init(el, null, { renderer: "svg" });
    const totals = spec.labels.map((_, i) => spec.series.reduce((sum, s) => sum + (s.data[i] || 0), 0));
    const highest = Math.max(1, ...totals);
    const series = spec.series.map((s, k) => ({
      name: s.name, type: "bar", stack: stack ? "all" : undefined,
      // A segment too thin for its number (under 1/16 of the tallest bar) shows it in the tooltip only.
      label: stack ? { show: !narrow, position: "inside", fontSize: 10, formatter: (p) => (p.value * 16 >= highest ? p.value : "") } : { show: true, position: "top" },
      itemStyle: { color: s.color || (stack ? palette[k % palette.length] : "#2f6fb0") },
      emphasis: stack ? { focus: "series" } : undefined,
      data: s.data.map((v, i) => (s.colors && s.colors[i] ? { value: v, itemStyle: { color: s.colors[i] } } : v)),
    }));
    if (stack) {
      // An empty series on top carries each bar's total as its label (on a phone, where twelve totals collide, sideways);
      // it is not in the legend and opens nothing.
      series.push({ name: "", type: "bar", stack: "all", silent: true, data: totals.map(() => 0), tooltip: { show: false },
        label: { show: true, position: "top", rotate: narrow ? 90 : 0, align: narrow ? "left" : "center", verticalAlign: narrow ? "middle" : "bottom", fontSize: narrow ? 10 : 12,
          formatter: (p) => (totals[p.dataIndex] > 0 ? totals[p.dataIndex] : "") } });
    }
    chart.setOption({
      aria: { enabled: true },
      grid: { left: tilt ? 28 : 8, right: 8, top: many ? (stack ? 56 : 28) : 18, bottom: 8, containLabel: true },
      legend: many ? { top: 0, type: stack ? "scroll" : "plain", data: spec.series.map((s) => s.name) } : undefined,
      tooltip: many ? { trigger: stack ? "item" : "axis" } : undefined,
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, fontSize: 11, rotate: tilt ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series,
      animation: false,
    });
    chart.on("click", (p) => {
      const s = spec.series[p.seriesIndex];
      const href = s && s.hrefs ? s.hrefs[p.dataIndex] : spec.hrefs && spec.hrefs[p.dataIndex];
      if (href) window.location.href = href;
    });
    window.addEventListener("resize", () => chart.resize());
  });

  function single(rows) {
    return {
      labels: rows.map((d) => d.name),
      series: [{ name: "", data: rows.map((d) => d.value), colors: rows.map((d) => d.color || null) }],
      hrefs: rows.map((d) => d.href || null),
    };
  }
});
