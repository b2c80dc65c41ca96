/* The street-map switch: OpenStreetMap tiles load only after the visitor turns them on, and the
   choice is remembered for the visit (sessionStorage). Settings come from the page's JSON block. */
(function () {
  "use strict";
  var box = document.getElementById("am-tiles");
  var data = document.getElementById("am-config");
  if (!box || !data) { return; }
  var cfg = JSON.parse(data.textContent);
  var map = window[cfg.map];
  if (!map || !window.L) { return; }
  var layer = null;
  var KEY = "assetmap-tiles";
  function store(on) {
    try { window.sessionStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* storage off: not remembered */ }
  }
  function stored() {
    try { return window.sessionStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function show(on) {
    if (on && !layer) {
      layer = L.tileLayer(cfg.tiles, {attribution: cfg.attribution, maxZoom: 19}).addTo(map);
      layer.bringToBack();
    } else if (!on && layer) {
      map.removeLayer(layer);
      layer = null;
    }
  }
  box.addEventListener("change", function () { store(box.checked); show(box.checked); });
  if (stored()) { box.checked = true; show(true); }
}());
