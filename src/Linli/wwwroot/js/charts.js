// Bar charts for every page: each [data-chart] holding JSON draws itself.
//   [{name, value, href?, color?}]                       one series; a bar opens the list it counts (href).
//   {labels, series: [{name, color, data, colors?}], hrefs} several series; a bar opens hrefs[i].
// A [data-chart] holding a plain word (the home page's "pyramid", "kinds", "labels") is drawn by lists.js.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const raw = el.dataset.chart.trim();
    if (!raw.startsWith("[") && !raw.startsWith("{")) return;
    const spec = raw.startsWith("[") ? single(JSON.parse(raw)) : JSON.parse(raw);
    const many = spec.series.length > 1;
    const tilt = spec.labels.length > 5 && el.clientWidth < 500;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true },
      grid: { left: tilt ? 28 : 8, right: 8, top: many ? 28 : 18, bottom: 8, containLabel: true },
      legend: many ? { top: 0 } : undefined,
      tooltip: many ? { trigger: "axis" } : undefined,
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, fontSize: 11, rotate: tilt ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map((s) => ({
        name: s.name, type: "bar", label: { show: true, position: "top" }, itemStyle: { color: s.color || "#2f6fb0" },
        data: s.data.map((v, i) => (s.colors && s.colors[i] ? { value: v, itemStyle: { color: s.colors[i] } } : v)),
      })),
      animation: false,
    });
    chart.on("click", (p) => { const href = spec.hrefs[p.dataIndex]; if (href) window.location.href = href; });
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
