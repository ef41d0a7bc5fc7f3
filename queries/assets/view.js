// geokg's network page: the data (window.GEOKG_DATA) drawn with vis-network, with filters,
// an actor search and the legend. Tooltips arrive as HTML in which Python escaped every
// value from an article; they become elements here because vis-network shows strings as text.
(function () {
  "use strict";
  var data = window.GEOKG_DATA;

  function element(html) {
    var div = document.createElement("div");
    div.innerHTML = html;
    return div.firstElementChild || div;
  }

  data.nodes.forEach(function (n) { if (n.title) { n.title = element(n.title); } });
  data.edges.forEach(function (e) { if (e.title) { e.title = element(e.title); } });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var months = data.months || [];
  var state = { families: {}, modality: "", confidence: 0, from: "", to: "\uffff", labels: false };
  document.querySelectorAll("#filter-family input").forEach(function (box) {
    state.families[box.value] = box.checked;
  });

  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return state.families[e.family] !== false &&
        e.max_confidence >= state.confidence &&
        (!e.first_date || (e.last_date.slice(0, 7) >= state.from && e.first_date.slice(0, 7) <= state.to)) &&
        (state.modality === "" || e.modalities.indexOf(state.modality) >= 0);
    }
  });

  // An actor shows while one of its edges does (or if it never had one).
  var linked = {};
  data.edges.forEach(function (e) { linked[e.from] = true; linked[e.to] = true; });
  var visible = null;
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return visible === null || !linked[n.id] || visible[n.id] === true; }
  });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var api = { network: network, nodes: nodes, edges: edges, edgeView: edgeView, nodeView: nodeView,
              ready: false };
  window.geokg = api;

  function settled() {
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false, maxZoomLevel: 1.6 });
    api.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (data.nodes.length === 0) {
    settled();
  } else {
    network.once("stabilizationIterationsDone", settled);
  }

  function refresh() {
    edgeView.refresh();
    var seen = {};
    edgeView.get().forEach(function (e) { seen[e.from] = true; seen[e.to] = true; });
    visible = seen;
    nodeView.refresh();
    document.getElementById("visible").textContent = "showing " + nodeView.length + " actors, " +
      edgeView.length + " edges of ";
  }

  var timeFrom = document.getElementById("time-from");
  var timeTo = document.getElementById("time-to");
  function setTime() {
    var a = parseInt(timeFrom.value, 10), b = parseInt(timeTo.value, 10);
    if (a > b) { var t = a; a = b; b = t; }
    state.from = months[a]; state.to = months[b];
    document.getElementById("time-value").textContent = state.from + " – " + state.to;
    refresh();
    recolourBlocs();
  }
  if (timeFrom && timeTo) {
    timeFrom.addEventListener("input", setTime);
    timeTo.addEventListener("input", setTime);
  }
  api.setTimeRange = function (from, to) {
    timeFrom.value = String(Math.max(0, months.indexOf(from)));
    timeTo.value = String(months.indexOf(to) >= 0 ? months.indexOf(to) : months.length - 1);
    setTime();
  };

  // Blocs follow the time range: Louvain on the cooperation edges the range shows, numbered
  // to keep the colour of the full-range bloc (computed by Python) they share most actors with.
  var blocInfo = data.blocs || { enabled: false };
  var fullBloc = {};
  (blocInfo.full || []).forEach(function (members, i) {
    members.forEach(function (id) { fullBloc[id] = i + 1; });
  });
  api.blocs = (blocInfo.full || []).map(function (m) { return m.slice(); });
  api.blocOf = function (id) { return api.blocs.findIndex(function (m) { return m.indexOf(id) >= 0; }) + 1; };

  function inRange(e) {
    return !e.first_date || (e.last_date.slice(0, 7) >= state.from && e.first_date.slice(0, 7) <= state.to);
  }

  function louvainLevel(ids, adj) {
    var degree = {}, total = 0, community = {}, sum = {};
    ids.forEach(function (n) {
      var d = 0;
      Object.keys(adj[n]).forEach(function (k) { d += adj[n][k]; });
      degree[n] = d; total += d; community[n] = n; sum[n] = d;
    });
    var moved = false, improved = true, rounds = 0;
    while (improved && rounds++ < 100) {
      improved = false;
      ids.forEach(function (n) {
        var links = {};
        Object.keys(adj[n]).forEach(function (k) {
          if (k !== n) { links[community[k]] = (links[community[k]] || 0) + adj[n][k]; }
        });
        var old = community[n];
        sum[old] -= degree[n];
        var best = old, gain = (links[old] || 0) - sum[old] * degree[n] / total;
        Object.keys(links).sort().forEach(function (c) {
          var g = links[c] - sum[c] * degree[n] / total;
          if (g > gain + 1e-12) { best = c; gain = g; }
        });
        community[n] = best; sum[best] += degree[n];
        if (best !== old) { improved = true; moved = true; }
      });
    }
    return { moved: moved, community: community };
  }

  function louvain(ids, adj) {
    var member = {};
    ids.forEach(function (n) { member[n] = n; });
    for (var level = 0; level < 20 && ids.length; level++) {
      var step = louvainLevel(ids, adj);
      if (!step.moved) { break; }
      Object.keys(member).forEach(function (n) { member[n] = step.community[member[n]]; });
      var next = {};
      ids.forEach(function (n) {
        var a = step.community[n];
        next[a] = next[a] || {};
        Object.keys(adj[n]).forEach(function (k) {
          var b = step.community[k];
          next[a][b] = (next[a][b] || 0) + adj[n][k];
        });
      });
      adj = next; ids = Object.keys(next).sort();
    }
    var groups = {};
    Object.keys(member).sort().forEach(function (n) { (groups[member[n]] = groups[member[n]] || []).push(n); });
    return Object.keys(groups).map(function (k) { return groups[k]; })
      .filter(function (g) { return g.length > 1; })
      .sort(function (x, y) { return y.length - x.length || (x[0] < y[0] ? -1 : 1); });
  }

  function rangeBlocs() {
    var adj = {};
    data.edges.forEach(function (e) {
      if (blocInfo.cooperative.indexOf(e.family) < 0 || !(e.positive_claims > 0) || !(e.strength > 0) ||
          !inRange(e)) { return; }
      adj[e.from] = adj[e.from] || {}; adj[e.to] = adj[e.to] || {};
      adj[e.from][e.to] = (adj[e.from][e.to] || 0) + e.strength;
      adj[e.to][e.from] = (adj[e.to][e.from] || 0) + e.strength;
    });
    var found = louvain(Object.keys(adj).sort(), adj);
    // each bloc takes the number of the full-range bloc it shares most actors with, if free
    var numbered = [], taken = {}, spare = (blocInfo.full || []).length;
    found.forEach(function (members) {
      var votes = {};
      members.forEach(function (id) { if (fullBloc[id]) { votes[fullBloc[id]] = (votes[fullBloc[id]] || 0) + 1; } });
      var best = 0;
      Object.keys(votes).forEach(function (k) {
        var n = parseInt(k, 10);
        if (!taken[n] && (!best || votes[k] > votes[best] || (votes[k] === votes[best] && n < best))) { best = n; }
      });
      if (!best) { best = ++spare; }
      taken[best] = true;
      numbered[best - 1] = members;
    });
    return numbered;
  }

  function blocColour(number) {
    return number ? blocInfo.colors[(number - 1) % blocInfo.colors.length] : blocInfo.unaligned;
  }

  function recolourBlocs() {
    if (!blocInfo.enabled) { return; }
    var whole = state.from === "" || (state.from === months[0] && state.to === months[months.length - 1]);
    var numbered = whole ? (blocInfo.full || []) : rangeBlocs();
    api.blocs = numbered.map(function (m) { return m ? m.slice() : []; });
    var of = {};
    numbered.forEach(function (members, i) { (members || []).forEach(function (id) { of[id] = i + 1; }); });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: blocColour(of[n.id]), bloc: of[n.id] || 0 }; }));
    var legend = document.getElementById("bloc-legend");
    if (!legend) { return; }
    var items = [];
    numbered.forEach(function (members, i) {
      if (!members) { return; }
      var li = document.createElement("li"), dot = document.createElement("span");
      dot.className = "dot"; dot.style.background = blocColour(i + 1);
      li.appendChild(dot);
      li.appendChild(document.createTextNode("bloc " + (i + 1) + ": " + members.slice(0, 12).join(", ") +
        (members.length > 12 ? " and " + (members.length - 12) + " more" : "")));
      items.push(li);
    });
    var none = document.createElement("li"), grey = document.createElement("span");
    grey.className = "dot"; grey.style.background = blocInfo.unaligned;
    none.appendChild(grey); none.appendChild(document.createTextNode("no bloc"));
    items.push(none);
    legend.replaceChildren.apply(legend, items);
  }

  var original = {};
  data.edges.forEach(function (e) { original[e.id] = { label: e.label, font: e.font }; });
  function setLabels(on) {
    state.labels = on;
    edges.update(data.edges.map(function (e) {
      return on ? { id: e.id, label: e.predicate_label, font: { size: 11, strokeWidth: 3, align: "middle",
                                                            color: e.denied ? "#b00020" : "#333" } }
                : { id: e.id, label: original[e.id].label || " ", font: original[e.id].font || {} };
    }));
  }
  var labelsBox = document.getElementById("toggle-labels");
  labelsBox.addEventListener("change", function () { setLabels(labelsBox.checked); });

  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  function showPanel(edgeId) {
    var e = edges.get(edgeId);
    if (!e || !e.panel) { return; }
    panelBody.replaceChildren(element(e.panel));
    panel.hidden = false;
  }
  api.showPanel = showPanel;
  network.on("click", function (params) {
    if (params.edges.length && !params.nodes.length) { showPanel(params.edges[0]); }
  });
  document.getElementById("panel-close").addEventListener("click", function () { panel.hidden = true; });
  document.querySelectorAll("#filter-family input").forEach(function (box) {
    box.addEventListener("change", function () { state.families[box.value] = box.checked; refresh(); });
  });
  document.getElementById("filter-modality").addEventListener("change", function (ev) {
    state.modality = ev.target.value; refresh();
  });
  var slider = document.getElementById("filter-confidence");
  slider.addEventListener("input", function () {
    state.confidence = parseFloat(slider.value);
    document.getElementById("confidence-value").textContent = state.confidence.toFixed(2);
    refresh();
  });

  function focusActor(id) {
    if (!id || !nodes.get(id)) { return; }
    network.selectNodes([id], true);
    network.focus(id, { scale: 1.3, animation: false });
  }
  var picker = new TomSelect("#select-node", {
    create: false,
    maxOptions: 1000,
    sortField: { field: "text", direction: "asc" },
    onChange: focusActor
  });
  api.picker = picker;

  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll("#filter-family input").forEach(function (box) {
      box.checked = true; state.families[box.value] = true;
    });
    document.getElementById("filter-modality").value = "";
    slider.value = "0";
    state.modality = ""; state.confidence = 0;
    document.getElementById("confidence-value").textContent = "0.00";
    picker.clear(true);
    if (timeFrom && timeTo) { timeFrom.value = "0"; timeTo.value = String(months.length - 1);
                              state.from = ""; state.to = "\uffff";
                              document.getElementById("time-value").textContent = months[0] + " – " + months[months.length - 1]; }
    labelsBox.checked = false; if (state.labels) { setLabels(false); }
    recolourBlocs();
    panel.hidden = true;
    network.unselectAll();
    refresh();
    network.fit({ animation: false });
  });
})();
