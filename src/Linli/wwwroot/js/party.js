// The party charts: each [data-party-chart] holds {labels, series: [{name, color, data, colors?}], hrefs}; a bar opens the list it counts.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  document.querySelectorAll("[data-party-chart]").forEach((el) => {
    const spec = JSON.parse(el.dataset.partyChart);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      legend: spec.series.length > 1 ? { top: 0 } : undefined,
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, fontSize: 11, rotate: spec.labels.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map((s) => ({
        name: s.name, type: "bar", label: { show: true, position: "top" }, itemStyle: { color: s.color },
        data: s.data.map((v, i) => (s.colors && s.colors[i] ? { value: v, itemStyle: { color: s.colors[i] } } : v)),
      })),
      animation: false,
    });
    chart.on("click", (p) => { const href = spec.hrefs[p.dataIndex]; if (href) window.location.href = href; });
    window.addEventListener("resize", () => chart.resize());
  });
});
