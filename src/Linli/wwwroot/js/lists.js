// 居民名单: choose rows, choose every matching row, print; the home page's charts.
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
