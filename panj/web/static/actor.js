/* The actor page: monthly events (conflict vs cooperation) and the counterpart network (Cytoscape.js). */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("actor-data").textContent);

  function drawTimeline() {
    const box = document.getElementById("actor-timeline");
    const rows = data.timeline;
    const w = box.clientWidth || 900, h = 150, m = { t: 8, r: 10, b: 22, l: 30 };
    const svg = d3.select(box).append("svg").attr("viewBox", [0, 0, w, h]).attr("height", h);
    if (!rows.length) { svg.append("text").attr("x", 10).attr("y", 20).text("no dated events"); return; }
    const x = d3.scaleBand().domain(rows.map(r => r.month)).range([m.l, w - m.r]).padding(0.15);
    const y = d3.scaleLinear().domain([0, d3.max(rows, r => r.conflict + r.cooperation)]).nice().range([h - m.b, m.t]);
    const stack = d3.stack().keys(["conflict", "cooperation"])(rows);
    svg.append("g").selectAll("g").data(stack).join("g").attr("class", s => "bar " + s.key)
      .selectAll("rect").data(s => s).join("rect").attr("class", function () { return "bar " + this.parentNode.__data__.key; })
      .attr("x", d => x(d.data.month)).attr("width", x.bandwidth()).attr("y", d => y(d[1])).attr("height", d => y(d[0]) - y(d[1]))
      .append("title").text(d => `${d.data.month}: ${d.data.conflict} conflict, ${d.data.cooperation} cooperation`);
    const every = Math.ceil(rows.length / Math.max(1, Math.floor(w / 70)));
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${h - m.b})`)
      .call(d3.axisBottom(x).tickValues(rows.map(r => r.month).filter((_, i) => i % every === 0)));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(3));
  }

  function drawNetwork() {
    const net = data.network;
    const elements = [
      ...net.nodes.map(n => ({ data: { id: n.id, label: n.label, centre: n.id === data.key ? 1 : 0 } })),
      ...net.edges.map(e => ({ data: { id: e.id, source: e.source, target: e.target, events: e.events, kind: e.kind,
        label: `${e.events} (${e.mean_score})` } })),
    ];
    const cy = cytoscape({
      container: document.getElementById("network"), elements,
      layout: { name: "concentric", concentric: n => n.data("centre") ? 2 : 1, levelWidth: () => 1, padding: 30, minNodeSpacing: 80 },
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#5b8db8", width: 18, height: 18, "text-valign": "bottom", "text-margin-y": 4 } },
        { selector: "node[centre = 1]", style: { "background-color": "#17324a", width: 28, height: 28, "font-weight": "bold" } },
        { selector: "edge", style: { width: "mapData(events, 1, 20, 1.5, 10)", "curve-style": "bezier", label: "data(label)", "font-size": 9, "text-background-color": "#fff", "text-background-opacity": 0.8 } },
        { selector: "edge[kind = 'conflict']", style: { "line-color": "#c0392b" } },
        { selector: "edge[kind = 'cooperation']", style: { "line-color": "#27ae60" } },
      ],
      userZoomingEnabled: true, wheelSensitivity: 0.3,
    });
    if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }  // a few nodes must not fill the panel
    cy.on("tap", "node", ev => { const id = ev.target.id(); if (id !== data.key) location.href = "/actor/" + encodeURIComponent(id); });
    window.panjNetwork = cy;
  }

  drawTimeline();
  drawNetwork();
  document.body.dataset.ready = "1";
})();
