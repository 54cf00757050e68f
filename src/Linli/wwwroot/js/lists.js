// 居民名单: choose rows, choose every matching row, print; the home page's charts.
document.addEventListener("click", (e) => { if (e.target.closest("[data-print]")) window.print(); });
(() => {
  const list = document.querySelector(".resident-list");
  if (list) {
    const page = list.querySelector("[data-select-page]");
    const all = list.querySelector("[data-select-all-matching]");
    const boxes = () => [...list.querySelectorAll('input[name="ids"]')];
    const count = list.querySelector("[data-selected-count]");
    const show = () => {
      if (!count) return;
      const n = boxes().filter((b) => b.checked).length;
      count.textContent = all && all.checked ? "" : n > 0 ? `${count.dataset.chosen || "已选"} ${n}` : "";
    };
    page?.addEventListener("change", () => { boxes().forEach((b) => { b.checked = page.checked; }); show(); });
    all?.addEventListener("change", () => {
      boxes().forEach((b) => { b.disabled = all.checked; if (all.checked) b.checked = true; });
      if (page) { page.disabled = all.checked; page.checked = all.checked; }
      show();
    });
    list.addEventListener("change", (e) => { if (e.target.name === "ids") show(); });
    if (list.dataset.autoprint === "1" && !navigator.webdriver) window.addEventListener("load", () => setTimeout(() => window.print(), 300));
  }
})();

// 首页的图表: each bar and slice opens the list it counts.
(() => {
  const source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colors = ["#1f6feb", "#d4a72c", "#1a7f37", "#8250df", "#bf3989", "#0a7ea4", "#9a6700", "#57606a"];
  const open = (p) => { if (p.data && p.data.href) window.location.href = p.data.href; };
  const charts = [];
  const make = (name, option) => {
    const el = document.querySelector(`[data-chart="${name}"]`);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ aria: { enabled: true }, color: colors, textStyle: { fontFamily: getComputedStyle(document.body).fontFamily }, animation: false, ...option });
    chart.on("click", open);
    charts.push(chart);
  };
  const abs = (v) => Math.abs(v).toLocaleString();
  const narrow = (document.querySelector("[data-chart]")?.clientWidth || 600) < 500;
  make("pyramid", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: abs },
    legend: { data: [data.male, data.female], top: 0 },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: "value", axisLabel: { formatter: abs } },
    yAxis: { type: "category", data: data.pyramid.map((b) => b.name), axisTick: { show: false } },
    series: [
      { name: data.male, type: "bar", stack: "all", cursor: "pointer", color: "#1f6feb",
        data: data.pyramid.map((b) => ({ value: -b.male.value, href: b.male.href })), label: { show: false } },
      { name: data.female, type: "bar", stack: "all", cursor: "pointer", color: "#d4a72c",
        data: data.pyramid.map((b) => ({ value: b.female.value, href: b.female.href })), label: { show: false } },
    ],
  });
  make("kinds", {
    tooltip: { trigger: "item", formatter: (p) => `${p.name}：${p.value.toLocaleString()}（${p.percent}%）` },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: narrow ? ["30%", "54%"] : ["38%", "68%"], center: ["50%", "45%"], cursor: "pointer",
      label: { formatter: (p) => `${p.name}\n${p.value.toLocaleString()}` }, data: data.kinds }],
  });
  make("labels", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: narrow ? 56 : 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 8 ? 30 : 0 } },
    yAxis: { type: "value" },
    series: data.labels.map((l) => ({ name: l.name, type: "bar", cursor: "pointer", data: l.data })),
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
