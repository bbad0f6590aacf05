// Pitcrew console charts: each <figure data-chart> is drawn with uPlot from the numbers the server put in its
// data-chart attribute (JSON); the same numbers are in the figure's table, which is what screen readers and
// browsers without scripts get (the canvas is aria-hidden). Colours come from the stylesheet's custom properties,
// so the chart follows the light or dark theme, and is drawn again when the theme or the width changes.
(function () {
  "use strict";
  var charts = [];

  function color(name) {
    return getComputedStyle(document.documentElement).getPropertyValue("--" + name).trim() || "#888";
  }

  // Labels are thinned to every n-th so the longest never overlaps its neighbour (about 7 px a character at the
  // axis' 12 px font); the table under the chart names every point.
  function everyNth(labels, width) {
    var longest = labels.reduce(function (most, label) { return Math.max(most, label.length); }, 1);
    var fits = Math.max(1, Math.floor((width - 60) / (longest * 7 + 12)));
    return Math.max(1, Math.ceil(labels.length / fits));
  }

  function options(spec, width) {
    var labels = spec.labels;
    var muted = color("muted"), line = color("line");
    var bars = spec.kind === "bars";
    var series = [{}];
    spec.series.forEach(function (s) {
      var c = color(s.color);
      series.push({
        label: s.label, stroke: c, width: 2, fill: bars ? c : undefined,
        paths: bars ? uPlot.paths.bars({ size: [0.6, 64] }) : undefined,
        points: { show: !bars, size: 6, fill: c }, spanGaps: false
      });
    });
    var max = spec.yMax;
    if (max == null) {
      max = 0;
      spec.series.forEach(function (s) { s.values.forEach(function (v) { if (v != null && v > max) { max = v; } }); });
      spec.targets.forEach(function (t) { if (t.value > max) { max = t.value; } });
      max = max === 0 ? 1 : max * 1.1;
    }
    return {
      width: width, height: 200,
      // A legend (names only) when there is more than one series; each dashed target has its series' colour.
      legend: { show: spec.series.length > 1, live: false }, cursor: { show: false }, select: { show: false },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, max] } },
      axes: [
        { stroke: muted, grid: { show: false }, ticks: { stroke: line },
          splits: function (u) {
            var step = everyNth(labels, u.width);
            return labels.map(function (_, i) { return i; }).filter(function (i) { return i % step === 0; });
          },
          values: function (u, splits) { return splits.map(function (i) { return labels[i] || ""; }); } },
        { stroke: muted, grid: { stroke: line, width: 1 }, ticks: { stroke: line },
          values: function (u, splits) { return splits.map(function (v) { return v + spec.unit; }); },
          // Wide enough for the longest value ("3000 s"), which the default width clips.
          size: function (u, values) {
            var longest = (values || []).reduce(function (most, v) { return Math.max(most, String(v).length); }, 3);
            return longest * 7 + 24;
          } }
      ],
      series: series,
      hooks: { draw: [function (u) { targets(u, spec.targets); }] }
    };
  }

  // Targets (an RTO objective, say) are dashed lines across the whole plot.
  function targets(u, list) {
    var ctx = u.ctx;
    list.forEach(function (t) {
      var y = Math.round(u.valToPos(t.value, "y", true));
      ctx.save();
      ctx.strokeStyle = color(t.color);
      ctx.lineWidth = 2 * (window.devicePixelRatio || 1);
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      ctx.restore();
    });
  }

  function data(spec) {
    var xs = spec.labels.map(function (_, i) { return i; });
    return [xs].concat(spec.series.map(function (s) { return s.values; }));
  }

  function drawAll() {
    charts.forEach(function (c) { c.plot.destroy(); });
    charts = [];
    document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
      var holder = figure.querySelector(".chart-canvas");
      if (!holder || typeof uPlot === "undefined") {
        return;
      }
      var spec = JSON.parse(figure.getAttribute("data-chart"));
      holder.textContent = "";
      var width = Math.max(200, holder.clientWidth);
      charts.push({ holder: holder, plot: new uPlot(options(spec, width), data(spec), holder) });
      figure.setAttribute("data-drawn", "uplot");
    });
  }

  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      charts.forEach(function (c) { c.plot.setSize({ width: Math.max(200, c.holder.clientWidth), height: 200 }); });
    }, 150);
  });
  if (window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", drawAll);
  }
  document.addEventListener("DOMContentLoaded", drawAll);
})();
