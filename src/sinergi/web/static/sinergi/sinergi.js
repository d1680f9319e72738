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
      var opts = { actions: false, renderer: "svg", formatLocale: locale, tooltip: { theme: "light" } };
      if (window.vega && vega.expressionInterpreter) { opts.ast = true; opts.expr = vega.expressionInterpreter; }  // no eval: strict CSP
      vegaEmbed(el, spec, opts)
        .then(function () { el.setAttribute("data-rendered", "1"); })
        .catch(function (err) { el.textContent = "Grafik tidak dapat ditampilkan: " + err; });
    });
  }

  function autosubmit(root) {
    (root || document).querySelectorAll("select.autosubmit").forEach(function (el) {
      if (el.dataset.bound) return;
      el.dataset.bound = "1";
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { renderCharts(); autosubmit(); });
  document.addEventListener("htmx:afterSwap", function (e) { renderCharts(e.target); autosubmit(e.target); });
  window.Sinergi = { renderCharts: renderCharts };
})();
