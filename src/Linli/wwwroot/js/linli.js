// The phone menu: the sidebar slides in over the page.
document.addEventListener("click", (e) => {
  const toggle = e.target.closest("[data-toggle-sidebar]");
  if (toggle) {
    const open = document.body.classList.toggle("sidebar-open");
    document.querySelectorAll("[data-toggle-sidebar]").forEach((b) => b.setAttribute("aria-expanded", String(open)));
    return;
  }
  if (document.body.classList.contains("sidebar-open") && !e.target.closest("#sidebar")) {
    document.body.classList.remove("sidebar-open");
  }
  // One open drop-down at a time.
  document.querySelectorAll("details.menu[open]").forEach((d) => { if (!d.contains(e.target)) d.removeAttribute("open"); });
});

// htmx requests carry the antiforgery token of the page.
document.addEventListener("htmx:configRequest", (e) => {
  const token = document.querySelector('input[name="__RequestVerificationToken"]');
  if (token) e.detail.headers["X-CSRF-TOKEN"] = token.value;
});
