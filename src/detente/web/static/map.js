// Map page: the world outline (Natural Earth, vendored) and one point per event place,
// sized by events and coloured by quad class; a click lists the point's events.
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var source = document.getElementById("map-data");
  var list = document.getElementById("map-events");
  if (!holder || !source || typeof d3 === "undefined" || typeof topojson === "undefined") return;
  var data = JSON.parse(source.textContent);
  var css = window.getComputedStyle(document.documentElement);
  var QUAD = {0: "#777"};  // the quad colours of the stylesheet (--q1 .. --q4)
  [1, 2, 3, 4].forEach(function (q) { QUAD[q] = css.getPropertyValue("--q" + q).trim() || "#777"; });
  var width = 960, height = 500;
  var svg = d3.select(holder).append("svg")
    .attr("viewBox", "0 0 " + width + " " + height).attr("role", "img");
  var projection = d3.geoNaturalEarth1().fitSize([width, height], {type: "Sphere"});
  var path = d3.geoPath(projection);
  svg.append("path").attr("class", "sphere").attr("d", path({type: "Sphere"}));

  function filterParams() {  // the page's filter, without paging: the list is the point's
    var params = new URLSearchParams(window.location.search);
    ["limit", "offset", "sort", "bbox"].forEach(function (k) { params.delete(k); });
    return params;
  }

  function side(actors) {
    return actors.map(function (a) { return a.code || a.entity_text; }).join(", ") || "—";
  }

  function show(point) {
    var params = filterParams();
    var e = 0.01;  // points are distinct coordinates: a small box holds exactly one
    params.set("bbox", [point.lon - e, point.lat - e, point.lon + e, point.lat + e]
      .map(function (v) { return Math.max(-180, Math.min(180, v)).toFixed(4); }).join(","));
    params.set("limit", "200");
    list.textContent = "Loading…";
    fetch("/api/events?" + params.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (page) {
        list.textContent = "";
        var title = document.createElement("h2");
        title.textContent = (point.name || "?") + " (" + point.country + ") — " + page.total + " events";
        list.appendChild(title);
        var ul = document.createElement("ul");
        ul.className = "map-event-list";
        page.events.forEach(function (ev) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = "/event/" + encodeURIComponent(ev.id);
          link.textContent = ev.date + " " + ev.event + " " + side(ev.actor) + " → " + side(ev.recipient);
          var quote = document.createElement("blockquote");
          quote.textContent = ev.sentence;
          li.appendChild(link);
          li.appendChild(quote);
          ul.appendChild(li);
        });
        list.appendChild(ul);
        list.dataset.point = point.name;
      })
      .catch(function () { list.textContent = "Could not load the events."; });
  }

  fetch(data.world, {credentials: "same-origin"})
    .then(function (r) { return r.json(); })
    .then(function (world) {
      svg.append("g").attr("class", "countries").selectAll("path")
        .data(topojson.feature(world, world.objects.countries).features)
        .join("path").attr("d", path);
      svg.append("path").attr("class", "borders")
        .attr("d", path(topojson.mesh(world, world.objects.countries, function (a, b) { return a !== b; })));
      var most = d3.max(data.points, function (p) { return p.events; }) || 1;
      var radius = d3.scaleSqrt().domain([0, most]).range([0, 18]);
      svg.append("g").attr("class", "points").selectAll("circle")
        .data(data.points)
        .join("circle")
        .attr("class", function (p) { return "point" + (p.precision > 1 ? " coarse" : ""); })
        .attr("cx", function (p) { return projection([p.lon, p.lat])[0]; })
        .attr("cy", function (p) { return projection([p.lon, p.lat])[1]; })
        .attr("r", function (p) { return Math.max(3, radius(p.events)); })
        .attr("fill", function (p) { return QUAD[p.quad] || QUAD[0]; })
        .attr("data-name", function (p) { return p.name; })
        .on("click", function (event, p) { show(p); })
        .append("title").text(function (p) { return p.name + ", " + p.country + ": " + p.events + " events"; });
      holder.dataset.points = String(data.points.length);
      holder.dataset.ready = "1";
    })
    .catch(function () { holder.textContent = "Could not load the world outline."; });
})();
