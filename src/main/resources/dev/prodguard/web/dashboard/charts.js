// prodguard dashboard: the metrics charts, drawn with uPlot (served from its webjar) from the guardian's
// sample history ({series: [{metric, subject, points: [{at, value}]}]}). Each chart also states its newest values.
(function () {
  "use strict";
  function draw(el) {
    var wanted = (el.getAttribute("data-metrics") || "").split(",").filter(Boolean);
    var latest = el.parentNode.querySelector(".latest");
    fetch(el.getAttribute("data-chart"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (doc) {
        var series = (doc.series || []).filter(function (s) { return !wanted.length || wanted.indexOf(s.metric) >= 0; });
        if (!series.length) { latest.textContent = "No samples in this range yet."; return; }
        var times = {};
        series.forEach(function (s) { s.points.forEach(function (p) { times[Date.parse(p.at) / 1000] = true; }); });
        var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
        var data = [xs];
        var colours = ["#0550ae", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#57606a"];
        var from = Date.parse(doc.from) / 1000, to = Date.parse(doc.to) / 1000;
        var opts = { width: Math.max(280, el.clientWidth || 480), height: 200, series: [{}], axes: [{}, {}],
          scales: { x: { time: true, range: function () { return [from, to]; } } } };
        var said = [];
        series.forEach(function (s, i) {
          var byT = {};
          s.points.forEach(function (p) { byT[Date.parse(p.at) / 1000] = p.value; });
          data.push(xs.map(function (t) { return t in byT ? byT[t] : null; }));
          var label = s.metric + (s.subject ? " " + s.subject : "");
          opts.series.push({ label: label, stroke: colours[i % colours.length], spanGaps: true });
          var last = s.points[s.points.length - 1];
          said.push(label + ": " + Math.round(last.value * 100) / 100);
        });
        new uPlot(opts, data, el);
        latest.textContent = "Newest: " + said.join("; ") + ".";
      })
      .catch(function () { latest.textContent = "Could not load this chart."; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
}());
