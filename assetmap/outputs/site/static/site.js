/* A map page of the static site (assetmap/outputs/site/maps.py writes its settings).
 *
 * The base is the area outlines and names (static/assetmap/areas.js with assets/areas-<lang>.js), so the map
 * needs no third-party request; the records go above them with the app's own layer (static/assetmap/map.js).
 * OpenStreetMap tiles load only after the visitor turns them on, and the choice is remembered for the visit
 * (sessionStorage). All data come from the page's JSON block; record text reaches the DOM as text only.
 */
(function () {
  "use strict";
  var data = document.getElementById("am-config");
  var box = document.getElementById("am-map");
  if (!data || !box || !window.L || !window.AssetMap) { return; }
  var cfg = JSON.parse(data.textContent);
  var map = L.map(box, {center: cfg.center, zoom: 8, minZoom: 6, maxZoom: 18});
  L.control.scale().addTo(map);

  /* the area page's own area stands out; the others stay as faint context */
  var FAINT = {color: "#8795a1", weight: 1, opacity: 0.6, fillColor: "#f4f6f2", fillOpacity: 0.6};
  var areas = null;
  if (window.AssetMapAreas && AssetMap.areasLayer) {
    areas = AssetMap.areasLayer(map, window.AssetMapAreas, cfg.focus ? {style: FAINT} : {});
    areas.shade(cfg.focus ? [cfg.focus] : cfg.shade);
  }
  AssetMap.recordLayer(map, cfg.points, cfg.layer);
  if (areas && cfg.focus && cfg.layer.selected < 0) {
    areas.outlines.eachLayer(function (layer) {
      if (layer.feature.properties.id === cfg.focus) {
        map.fitBounds(layer.getBounds(), {padding: [12, 12], animate: false});
      }
    });
  } else if (areas && !cfg.points.id.length) {
    map.fitBounds(areas.bounds(), {animate: false});
  }

  var toggle = document.getElementById("am-tiles");
  if (!toggle) { return; }
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
      /* the outlines' pane is above the tiles: thin their fill so the street map shows through */
      if (areas) { areas.outlines.setStyle({fillOpacity: 0.15}); }
    } else if (!on && layer) {
      map.removeLayer(layer);
      layer = null;
      if (areas) { areas.shade(areas.shaded()); }  /* back to the layer's own styles */
    }
  }
  toggle.addEventListener("change", function () { store(toggle.checked); show(toggle.checked); });
  if (stored()) { toggle.checked = true; show(true); }
}());
