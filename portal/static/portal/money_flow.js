// Draw the money flow of a project page as a Sankey diagram, from the figure the page carries as JSON.
// The table beside it holds the same figures, so the page reads the same without this script.
(function () {
  "use strict";
  var source = document.getElementById("money-flow-figure");
  var target = document.getElementById("money-flow");
  if (!source || !target || !window.Plotly) {
    return;
  }
  var figure = JSON.parse(source.textContent);
  target.hidden = false;
  window.Plotly.newPlot(target, figure.data, figure.layout, { displayModeBar: false, responsive: true });
})();
