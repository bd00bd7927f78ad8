// Draws every Plotly figure embedded in the page as
// <script type="application/json" data-chart="TARGET-ID">, built in Python.
(function () {
  "use strict";
  var config = { responsive: true, displayModeBar: false, staticPlot: false };
  document.querySelectorAll("script[data-chart]").forEach(function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    if (!target || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(node.textContent);
    Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
      target.setAttribute("data-rendered", "true");
    });
  });
})();
