// Network page: actors as nodes (size = a centrality), directed dyads as edges
// (width = events, colour = mean Goldstein).
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof cytoscape === "undefined") return;
  var data = JSON.parse(source.textContent);
  if (!data.edges.length) { holder.textContent = "No dyads to draw."; return; }
  // node size: the centrality the page names (data.size_by, e.g. "pagerank")
  var key = data.size_by;
  var maxNode = Math.max.apply(null, data.nodes.map(function (n) { return n[key]; }));
  var maxEdge = Math.max.apply(null, data.edges.map(function (e) { return e.events; }));
  var elements = data.nodes.map(function (n) {
    return {data: {id: n.id, label: n.id, size: 18 + 42 * Math.sqrt(n[key] / maxNode)}};
  }).concat(data.edges.map(function (e, i) {
    return {data: {id: "e" + i, source: e.source, target: e.target, events: e.events,
                   width: 1 + 9 * e.events / maxEdge, colour: e.colour}};
  }));
  var cy = cytoscape({
    container: holder, elements: elements,
    layout: {name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 110},
    style: [
      {selector: "node", style: {"label": "data(label)", "width": "data(size)", "height": "data(size)",
        "background-color": "#2455a4", "color": "#1d2330", "font-size": 11, "text-valign": "center",
        "text-halign": "right", "text-margin-x": 4}},
      {selector: "edge", style: {"width": "data(width)", "line-color": "data(colour)",
        "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "opacity": 0.85}}
    ]
  });
  cy.on("tap", "node", function (evt) {
    window.location.href = "/actor/" + encodeURIComponent(evt.target.id());
  });
  cy.on("tap", "edge", function (evt) {
    var d = evt.target.data();
    window.location.href = "/dyad/" + encodeURIComponent(d.source) + "/" + encodeURIComponent(d.target);
  });
  var largest = data.nodes.reduce(function (a, b) { return b[key] > a[key] ? b : a; });
  holder.dataset.largest = largest.id;  // the most central actor, drawn biggest
  holder.dataset.ready = "1";
})();
