// Draws every Plotly figure embedded in the page as
// <script type="application/json" data-chart="TARGET-ID">, built in Python.
(function () {
  "use strict";
  var config = { responsive: true, displayModeBar: false, staticPlot: false };
  document.querySelectorAll("script[data-chart]").forEach(function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    if (!target || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(node.textContent);
    // Printed, a profile chart is shorter, so that two breakdowns fit on a page.
    if (document.body.classList.contains("print-document") && target.closest(".profile-section")) {
      figure.layout.height = 240;
      figure.layout.margin = { l: 60, r: 10, t: 10, b: 40 };
    }
    Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
      target.setAttribute("data-rendered", "true");
    });
  });
})();
