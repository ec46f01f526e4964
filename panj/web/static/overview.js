/* The overview: every view reads the one filter kept in the URL and re-draws when it changes. */
"use strict";
(function () {
  const { el, getJSON, typeColour } = window.panj;
  const FILTER_KEYS = ["date_from", "date_to", "type", "actor", "place", "status", "min_sources", "min_confidence", "q"];
  const PAGE = 50;
  let params = cleaned(new URLSearchParams(location.search));
  let world = null, shown = 0;

  function cleaned(p) {
    const out = new URLSearchParams();
    for (const [k, v] of p) if (v !== "" && (FILTER_KEYS.includes(k) || k === "dyad")) out.append(k, v);
    return out;
  }
  function apiQuery(drop) {
    const out = new URLSearchParams();
    for (const [k, v] of params) if (FILTER_KEYS.includes(k) && !(drop || []).includes(k)) out.append(k, v);
    return out.toString();
  }
  function setFilter(changes) {
    for (const [k, v] of Object.entries(changes)) {
      params.delete(k);
      for (const item of [].concat(v === null || v === undefined ? [] : v)) if (item !== "") params.append(k, item);
    }
    history.pushState(null, "", params.toString() ? "?" + params.toString() : location.pathname);
    syncForm();
    refresh();
  }
  function syncForm() {
    const form = document.getElementById("filters");
    for (const k of FILTER_KEYS) {
      const field = form.elements[k];
      if (field) field.value = params.get(k) || "";
    }
  }

  // ---------------------------------------------------------------- facets
  function drawFacets(f) {
    const box = document.getElementById("facets");
    box.replaceChildren();
    const groups = [["event_type", "type", "Type"], ["status", "status", "Status"], ["actor", "actor", "Actor"], ["place", "place", "Place"]];
    for (const [field, key, title] of groups) {
      const section = el("div", { class: "facet", "data-facet": key });
      section.append(el("h3", {}, title));
      for (const item of f[field] || []) {
        const on = params.getAll(key).includes(item.value);
        const b = el("button", { type: "button", class: on ? "on" : null, "data-value": item.value });
        const label = el("span");
        if (key === "type") label.append(el("span", { class: "swatch", "data-colour": typeColour(item.value) }));
        label.append(document.createTextNode(item.label || item.value || "—"));
        b.append(label, el("span", { class: "muted" }, item.count));
        b.addEventListener("click", () => setFilter({ [key]: on ? null : item.value }));
        section.append(b);
      }
      box.append(section);
    }
    box.querySelectorAll(".swatch").forEach(s => { s.style.background = s.dataset.colour; });
  }

  // ---------------------------------------------------------------- map
  async function drawMap(points) {
    if (!world) world = await getJSON("/static/vendor/countries-50m.json");
    const box = document.getElementById("map");
    const w = box.clientWidth || 800, h = box.clientHeight || 460;
    const land = topojson.feature(world, world.objects.countries);
    const pts = { type: "MultiPoint", coordinates: points.map(p => [p.lon, p.lat]) };
    const projection = d3.geoMercator();
    if (points.length) {
      const c = d3.geoCentroid(pts);
      const spread = d3.geoBounds(pts);
      const spread_out = spread[1][0] - spread[0][0] > 0.01 || spread[1][1] - spread[0][1] > 0.01;
      if (spread_out) projection.fitExtent([[30, 30], [w - 30, h - 30]], pts);
      if (!spread_out || projection.scale() > 4000) {  // one place, or a few close ones: show the region around
        projection.scale(4000);
        const [x, y] = projection(c), t = projection.translate();
        projection.translate([t[0] + w / 2 - x, t[1] + h / 2 - y]);
      }
    } else {
      projection.fitSize([w, h], { type: "Sphere" });
    }
    const path = d3.geoPath(projection);
    const svg = d3.select(box).selectAll("svg").data([0]).join("svg").attr("viewBox", [0, 0, w, h]).attr("height", h);
    svg.selectAll("*").remove();
    const g = svg.append("g");
    g.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    g.append("g").selectAll("path").data(land.features).join("path").attr("class", "land").attr("d", path)
      .append("title").text(d => (d.properties && d.properties.name) || "");
    // one circle per place (the API aggregates), its area by the place's events; a lone event opens, a busier
    // place becomes the place filter
    const r = d3.scaleSqrt().domain([1, d3.max(points, p => p.events) || 1]).range([3, 16]);
    const title = p => p.events === 1
      ? `${p.date || "undated"} ${p.event_type} (${p.status}, ${p.independent_sources} sources) — ${p.place}: ${p.summary || ""}`
      : `${p.place}: ${p.events} events, ${p.date || "undated"} to ${p.last_date || "undated"} — ` +
        Object.entries(p.types).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(", ");
    g.append("g").selectAll("circle").data(points.slice().sort((a, b) => b.events - a.events))
      .join("circle")
      .attr("class", p => "event" + (p.status === "disputed" ? " disputed" : ""))
      .attr("data-type", p => p.event_type).attr("data-status", p => p.status).attr("data-events", p => p.events)
      .attr("cx", p => projection([p.lon, p.lat])[0]).attr("cy", p => projection([p.lon, p.lat])[1])
      .attr("r", p => r(p.events)).attr("fill", p => typeColour(p.event_type))
      .on("click", (ev, p) => {
        if (p.events === 1) location.href = "/event/" + encodeURIComponent(p.id);
        else setFilter({ place: p.place });
      })
      .append("title").text(title);
    svg.call(d3.zoom().scaleExtent([0.5, 40]).on("zoom", ev => g.attr("transform", ev.transform)));
  }

  // ---------------------------------------------------------------- timeline
  function drawTimeline(months) {
    const box = document.getElementById("timeline");
    const w = box.clientWidth || 900, h = 130, m = { t: 8, r: 12, b: 22, l: 30 };
    const svg = d3.select(box).selectAll("svg").data([0]).join("svg").attr("viewBox", [0, 0, w, h]).attr("height", h);
    svg.selectAll("*").remove();
    if (!months.length) { svg.append("text").attr("x", 10).attr("y", 20).text("no dated events"); return; }
    const parse = s => new Date(s + "-01T00:00:00Z");
    const first = parse(months[0].value), last = parse(months[months.length - 1].value);
    const end = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1));
    const x = d3.scaleUtc().domain([first, end]).range([m.l, w - m.r]);
    const y = d3.scaleLinear().domain([0, d3.max(months, d => d.count)]).nice().range([h - m.b, m.t]);
    svg.append("g").selectAll("rect").data(months).join("rect").attr("class", "bar")
      .attr("x", d => x(parse(d.value)) + 0.5)
      .attr("width", d => { const s = parse(d.value); return Math.max(1, x(new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1))) - x(s) - 1); })
      .attr("y", d => y(d.count)).attr("height", d => y(0) - y(d.count))
      .append("title").text(d => `${d.value}: ${d.count} events`);
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${h - m.b})`).call(d3.axisBottom(x).ticks(Math.min(12, w / 80)));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(3));
    const iso = d => d.toISOString().slice(0, 10);
    const brush = d3.brushX().extent([[m.l, m.t], [w - m.r, h - m.b]]).on("end", ev => {
      if (!ev.sourceEvent) return;  // moved by code, not by the user
      if (!ev.selection) { setFilter({ date_from: null, date_to: null }); return; }
      const [a, b] = ev.selection.map(x.invert);
      setFilter({ date_from: iso(a), date_to: iso(b) });
    });
    const gb = svg.append("g").attr("class", "brush").call(brush);
    const from = params.get("date_from"), to = params.get("date_to");
    if (from || to) {
      const a = from ? x(new Date(from + "T00:00:00Z")) : m.l, b = to ? x(new Date(to + "T00:00:00Z")) : w - m.r;
      gb.call(brush.move, [Math.max(m.l, a), Math.min(w - m.r, Math.max(a + 1, b))]);
    }
  }

  // ---------------------------------------------------------------- tension
  async function drawDyads() {
    const sel = document.getElementById("dyad");
    const data = await getJSON("/api/dyads?" + apiQuery(["date_from", "date_to"]));
    const want = params.get("dyad");
    sel.replaceChildren(el("option", { value: "" }, "choose a dyad"));
    let found = false;
    for (const d of data.items) {
      const v = d.a + ":" + d.b;
      const o = el("option", { value: v }, `${d.a_name} – ${d.b_name} (${d.events})`);
      if (v === want) { o.selected = true; found = true; }
      sel.append(o);
    }
    if (!found && data.items.length && !want) { sel.options[1].selected = true; }
    await drawTension(sel.value);
  }
  async function drawTension(value) {
    const box = document.getElementById("tension"), note = document.getElementById("tension-note");
    box.replaceChildren(); note.textContent = "";
    if (!value) return;
    const [a, b] = value.split(":");
    const q = new URLSearchParams(apiQuery(["date_from", "date_to"])); q.set("a", a); q.set("b", b);
    const data = await getJSON("/api/series?" + q.toString());
    note.textContent = data.note || ("from " + data.source);
    const pts = data.items.map(p => ({ ...p, d: new Date(p.date + "T00:00:00Z") }));
    const w = box.clientWidth || 400, h = 170, m = { t: 8, r: 10, b: 22, l: 34 };
    const svg = d3.select(box).append("svg").attr("viewBox", [0, 0, w, h]).attr("height", h);
    if (!pts.length) { svg.append("text").attr("x", 10).attr("y", 20).text("no scored events for this pair"); return; }
    const x = d3.scaleUtc().domain(d3.extent(pts, p => p.d)).range([m.l, w - m.r]);
    const ext = d3.extent(pts, p => p.value);
    const y = d3.scaleLinear().domain([Math.min(0, ext[0]), Math.max(0, ext[1])]).nice().range([h - m.b, m.t]);
    svg.append("line").attr("class", "zero").attr("x1", m.l).attr("x2", w - m.r).attr("y1", y(0)).attr("y2", y(0));
    svg.append("path").attr("class", "line").attr("d", d3.line().x(p => x(p.d)).y(p => y(p.value))(pts));
    svg.append("g").selectAll("circle").data(pts.filter(p => p.events)).join("circle").attr("r", 2.5).attr("fill", "#a4161a")
      .attr("cx", p => x(p.d)).attr("cy", p => y(p.value)).append("title").text(p => `${p.date}: ${p.value} (${p.events} events)`);
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${h - m.b})`).call(d3.axisBottom(x).ticks(4));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(4));
  }

  // ---------------------------------------------------------------- alerts, events
  async function drawAlerts() {
    const list = document.getElementById("alerts"), note = document.getElementById("alerts-note");
    const data = await getJSON("/api/alerts");
    list.replaceChildren();
    note.textContent = data.note || "";
    if (!data.items.length) { list.append(el("li", { class: "muted" }, "no open alerts")); return; }
    for (const a of data.items) {
      const li = el("li", {}, [a.start || a.date || "", a.label || a.title || a.kind || a.rule || "alert", a.message || a.reason || ""].join(" ").trim());
      for (const id of (a.event_ids || []).slice(0, 5)) { li.append(" "); li.append(el("a", { href: "/event/" + encodeURIComponent(id) }, "event")); }
      list.append(li);
    }
  }
  function eventRow(r) {
    const tr = el("tr", { "data-type": r.event_type, "data-status": r.status });
    const d = r.date && r.date.start ? r.date.start : "undated";
    const type = el("td"); const tag = el("span", { class: "type" }, r.event_type); tag.style.background = typeColour(r.event_type); type.append(tag);
    const link = el("td"); link.append(el("a", { href: "/event/" + encodeURIComponent(r.id) }, r.summary || r.id));
    tr.append(el("td", {}, d), type, el("td", { class: "status s-" + r.status }, r.status), el("td", {}, r.independent_sources), link);
    return tr;
  }
  async function loadEvents(reset) {
    const body = document.getElementById("event-rows"), more = document.getElementById("more");
    if (reset) { body.replaceChildren(); shown = 0; }
    const data = await getJSON(`/api/events?${apiQuery()}&limit=${PAGE}&offset=${shown}`);
    for (const r of data.items) body.append(eventRow(r));
    shown += data.items.length;
    more.hidden = shown >= data.total;
  }

  function briefLink() {  // the Brief page of this selection (its dates, place, confidence and dyad)
    const b = document.getElementById("nav-brief");
    if (b) b.href = "/brief" + (params.toString() ? "?" + params.toString() : "");
  }
  async function refresh() {
    document.body.dataset.ready = "0";  // tests and screenshots wait for "1"
    const q = apiQuery();
    briefLink();
    for (const f of ["csv", "jsonl", "geojson"]) document.getElementById("export-" + f).href = `/api/export?format=${f}${q ? "&" + q : ""}`;
    const [facets, undated, points] = await Promise.all([
      getJSON("/api/events/facets?" + q), getJSON("/api/events/facets?" + apiQuery(["date_from", "date_to"])), getJSON("/api/map?" + q)]);
    document.getElementById("total").textContent = `${facets.total} events match`;
    document.getElementById("located").textContent = `${points.located} of ${points.total} events have coordinates, at ${points.places} places.`;
    drawFacets(facets);
    drawTimeline(undated.month);
    await Promise.all([drawMap(points.items), loadEvents(true), drawDyads(), drawAlerts()]);
    document.body.dataset.ready = "1";
  }

  document.getElementById("filters").addEventListener("submit", ev => {
    ev.preventDefault();
    const changes = {};
    for (const k of FILTER_KEYS) changes[k] = ev.target.elements[k] ? ev.target.elements[k].value : null;
    setFilter(changes);
  });
  document.getElementById("reset").addEventListener("click", ev => { ev.preventDefault(); params = new URLSearchParams(); setFilter({}); });
  document.getElementById("more").addEventListener("click", () => loadEvents(false));
  document.getElementById("dyad").addEventListener("change", ev => {
    params.set("dyad", ev.target.value);
    history.replaceState(null, "", "?" + params.toString());
    briefLink();
    drawTension(ev.target.value);
  });
  window.addEventListener("popstate", () => { params = cleaned(new URLSearchParams(location.search)); syncForm(); refresh(); });
  refresh().catch(err => { document.getElementById("total").textContent = "could not load: " + err.message; });
})();
