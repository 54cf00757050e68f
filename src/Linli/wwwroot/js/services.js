// 服务: the order list prints itself when opened for printing; each [data-chart] holds [{name, value, href}] and a bar opens the list it counts.
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".service-list");
  if (list && list.dataset.autoprint === "1" && !navigator.webdriver) setTimeout(() => window.print(), 300);
  if (!window.echarts) return;
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const data = JSON.parse(el.dataset.chart);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 8, top: 18, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.map((d) => d.name), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.map((d) => (d.color ? { value: d.value, itemStyle: { color: d.color } } : d.value)), label: { show: true, position: "top" }, itemStyle: { color: "#2f6fb0" } }],
      animation: false,
    });
    chart.on("click", (p) => { const d = data[p.dataIndex]; if (d && d.href) window.location.href = d.href; });
    window.addEventListener("resize", () => chart.resize());
  });
});
document.addEventListener("click", (e) => { if (e.target.closest(".services-page [data-print]")) window.print(); });
