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
  var state = { families: {}, modality: "", confidence: 0 };
  document.querySelectorAll("#filter-family input").forEach(function (box) {
    state.families[box.value] = box.checked;
  });

  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return state.families[e.family] !== false &&
        e.max_confidence >= state.confidence &&
        (state.modality === "" || e.modalities.indexOf(state.modality) >= 0);
    }
  });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edgeView }, data.options);
  var api = { network: network, nodes: nodes, edges: edges, edgeView: edgeView, ready: false };
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

  function refresh() { edgeView.refresh(); }
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
    network.unselectAll();
    refresh();
    network.fit({ animation: false });
  });
})();
