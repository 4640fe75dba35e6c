// Dyad page: stacked quad counts and mean Goldstein per period, one chart per direction.
// Data comes from the JSON block in the page; bars link to the events behind them.
(function () {
  "use strict";
  var holder = document.getElementById("dyad-chart");
  var source = document.getElementById("dyad-data");
  if (!holder || !source || typeof Plot === "undefined") return;
  var data = JSON.parse(source.textContent);
  var quads = [["q1", "verbal cooperation"], ["q2", "material cooperation"],
               ["q3", "verbal conflict"], ["q4", "material conflict"]];
  var colours = ["#7fbf7b", "#1b7837", "#f4a582", "#b2182b"];
  var base = data.query ? data.query + "&" : "?";
  var periods = Array.from(new Set(data.series.map(function (s) { return s.period; }))).sort();
  if (!periods.length) { holder.textContent = "No dated events between " + data.a + " and " + data.b + "."; return; }
  [[data.a, data.b], [data.b, data.a]].forEach(function (dir) {
    var rows = data.series.filter(function (s) { return s.source === dir[0] && s.target === dir[1]; });
    var bars = [];
    rows.forEach(function (s) {
      quads.forEach(function (q, i) {
        // Cooperation stacks up, conflict stacks down.
        if (s[q[0]]) bars.push({period: s.period, quad: q[1], n: i < 2 ? s[q[0]] : -s[q[0]]});
      });
    });
    var title = document.createElement("h3");
    title.textContent = dir[0] + " \u2192 " + dir[1] + " (" + rows.reduce(function (t, s) { return t + s.events; }, 0) + " events)";
    holder.appendChild(title);
    var href = function (d) { return base + "period=" + encodeURIComponent(d.period) + "#events"; };
    var chart = Plot.plot({
      width: Math.max(640, holder.clientWidth - 20), height: 200, marginLeft: 50,
      x: {domain: periods, label: data.interval, padding: 0.25, tickRotate: periods.length > 12 ? -45 : 0},
      y: {label: "events (conflict below 0)", grid: true,
          tickFormat: function (d) { return Number.isInteger(d) ? String(Math.abs(d)) : ""; }},
      color: {domain: quads.map(function (q) { return q[1]; }), range: colours},
      marks: [
        Plot.barY(bars, {x: "period", y: "n", fill: "quad", href: href,
                         title: function (d) { return d.period + ": " + Math.abs(d.n) + " " + d.quad; }}),
        Plot.ruleY([0])
      ]
    });
    holder.appendChild(chart);
    var gold = Plot.plot({
      width: Math.max(640, holder.clientWidth - 20), height: 110, marginLeft: 50,
      x: {type: "band", domain: periods, label: null, axis: null},
      y: {domain: [-10, 10], label: "mean Goldstein", grid: true},
      marks: [
        Plot.ruleY([0], {stroke: "#999"}),
        Plot.lineY(rows, {x: "period", y: "goldstein_mean", stroke: "#2455a4"}),
        Plot.dot(rows, {x: "period", y: "goldstein_mean", fill: "#2455a4", href: href,
                        title: function (d) { return d.period + ": mean " + d.goldstein_mean.toFixed(2) + " over " + d.events + " events"; }})
      ]
    });
    holder.appendChild(gold);
  });
})();
