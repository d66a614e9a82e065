// Draw each chart and map of a page from the plotly figure it carries as JSON, and open a project from its point.
// Every figure stands beside a table with the same figures, so the page reads the same without this script.
(function () {
  "use strict";
  if (!window.Plotly) {
    return;
  }
  document.querySelectorAll("[data-figure]").forEach(function (target) {
    var source = document.getElementById(target.getAttribute("data-figure"));
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    target.hidden = false;
    window.Plotly.newPlot(target, figure.data, figure.layout, { displayModeBar: false, responsive: true });
    if (figure.clickable) {
      target.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && point.customdata) {
          window.location.assign(point.customdata);
        }
      });
    }
  });
})();
