/* Sinergi page behaviour: render Vega-Lite charts from <script type="application/json">
   specs (no inline scripts, so a strict Content-Security-Policy holds) and submit filter
   forms when a select changes. */
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "id").slice(0, 2);
  var locale = lang === "en"
    ? { decimal: ".", thousands: ",", grouping: [3], currency: ["Rp", ""] }
    : { decimal: ",", thousands: ".", grouping: [3], currency: ["Rp", ""] };

  function renderCharts(root) {
    if (typeof vegaEmbed === "undefined") return;
    (root || document).querySelectorAll("[data-spec]").forEach(function (el) {
      var holder = document.getElementById(el.getAttribute("data-spec"));
      if (!holder) return;
      var spec = JSON.parse(holder.textContent);
      if (!spec.description) spec.description = chartName(el, spec);  // Vega puts it on the chart as its aria-label
      var opts = { actions: false, renderer: "svg", formatLocale: locale, tooltip: { theme: "light" } };
      if (window.vega && vega.expressionInterpreter) { opts.ast = true; opts.expr = vega.expressionInterpreter; }  // no eval: strict CSP
      vegaEmbed(el, spec, opts)
        .then(function (result) { dataTable(el, result.view, spec.description); el.setAttribute("data-rendered", "1"); })
        .catch(function (err) { el.textContent = "Grafik tidak dapat ditampilkan: " + err; });
    });
  }

  // Text alternative of a chart: data-alt on its element, else the chart's own title, else the
  // heading (or aria-label) of the section it stands in.
  function chartName(el, spec) {
    if (el.dataset.alt) return el.dataset.alt;
    var title = spec.title && (spec.title.text || spec.title);
    if (Array.isArray(title)) title = title.join(" ");
    var name = typeof title === "string" ? title : "";
    var box = el.closest("section, .card");
    if (!name && box) {
      var id = box.getAttribute("aria-labelledby");
      var head = (id && document.getElementById(id)) || box.querySelector("h2, h3");
      name = head ? head.textContent : (box.getAttribute("aria-label") || "");
    }
    name = name.replace(/\s+/g, " ").trim();
    return (lang === "en" ? "Chart" : "Grafik") + (name ? ": " + name : "");
  }

  // The figures of a chart as a table in a fold under it, so they can be read without the
  // mouse (tooltips) and by screen readers. The rows are the rendered marks' tooltips (already
  // formatted as the tooltip shows them); the mark with the most tooltips is taken.
  function tooltipRows(view) {
    var groups = {};
    (function walk(mark) {  // a group mark's items hold further marks; other marks' items are drawn shapes
      (mark.items || []).forEach(function (item) {
        if (mark.marktype === "group") (item.items || []).forEach(walk);
        else if (item.tooltip && typeof item.tooltip === "object") (groups[mark.name] = groups[mark.name] || []).push(item.tooltip);
      });
    })(view.scenegraph().root);
    var best = [];
    Object.keys(groups).forEach(function (k) { if (groups[k].length > best.length) best = groups[k]; });
    var seen = {};
    return best.filter(function (r) { var key = JSON.stringify(r); if (seen[key]) return false; seen[key] = 1; return true; });
  }

  function dataTable(el, view, name) {
    var old = el.nextElementSibling;
    if (old && old.classList.contains("chart-data")) old.remove();
    if (el.hasAttribute("data-no-table")) return;
    var rows = tooltipRows(view);
    if (!rows.length) return;
    var columns = [];
    rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (columns.indexOf(k) < 0) columns.push(k); }); });
    var box = document.createElement("details");
    box.className = "chart-data";
    var summary = document.createElement("summary");
    summary.textContent = lang === "en" ? "Chart figures as a table" : "Angka grafik dalam tabel";
    box.appendChild(summary);
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.setAttribute("role", "region");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("aria-label", name);
    var table = document.createElement("table");
    table.className = "table compact";
    var head = table.createTHead().insertRow();
    columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = c;
      head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (r) {
      var tr = body.insertRow();
      columns.forEach(function (c) {
        var v = r[c];
        tr.insertCell().textContent = v === undefined || v === null || v === "" ? "—" : String(v);
      });
    });
    wrap.appendChild(table);
    box.appendChild(wrap);
    el.insertAdjacentElement("afterend", box);
  }

  function autosubmit(root) {
    (root || document).querySelectorAll("select.autosubmit").forEach(function (el) {
      if (el.dataset.bound) return;
      el.dataset.bound = "1";
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }

  // The safety net of sinergi.css: on phones a table.table outside a .table-wrap scrolls by itself;
  // while it does, it takes the keyboard focus so it can be scrolled with the arrow keys.
  function tableNet() {
    document.querySelectorAll("table.table").forEach(function (t) {
      if (t.parentElement && t.parentElement.matches(".table-wrap, .scroll-x")) return;
      if (getComputedStyle(t).display === "block" && t.scrollWidth > t.clientWidth) t.setAttribute("tabindex", "0");
      else if (t.getAttribute("tabindex") === "0") t.removeAttribute("tabindex");
    });
  }

  var netTimer;
  window.addEventListener("resize", function () { clearTimeout(netTimer); netTimer = setTimeout(tableNet, 200); });
  document.addEventListener("DOMContentLoaded", function () { renderCharts(); autosubmit(); tableNet(); });
  document.addEventListener("htmx:afterSwap", function (e) { renderCharts(e.target); autosubmit(e.target); tableNet(); });
  window.Sinergi = { renderCharts: renderCharts, tableNet: tableNet };
})();
