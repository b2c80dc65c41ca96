/* The Streamlit side of the app's map: the component protocol (apiVersion 1) by hand, so the repo
 * needs no npm build. Python (assetmap/ui/mapview_tab.py) sends args:
 *   v       version of the points (catalogue + language)
 *   data    the full payload (map.js) as JSON bytes — only when this iframe does not have version v yet
 *   areas   the area outlines (areas.js; assetmap/outputs/areas_layer.py), sent with data; may be null
 *   show    indices of the points to show, or null for all
 *   near    {lat, lon, km, label} of the "near a place" filter: a ring the map fits, a line in the key; or null
 *   sel     index of the selected record, or -1; centre: move the map to it
 *   shade   area ids the selected record serves (shaded on the outlines)
 *   lang    the page language; text: the frame's words in it (title, zoom, layers, attribution)
 *   options map.js layer options, tiles, height
 * and reads back {have: v, click: record id or null, area: area id or null, seq, nonce}: `have` tells
 * Python to stop sending the data; a new (nonce, seq) with an id is a marker click, with an area an area click.
 *
 * The outlines of the 22 areas are the base map, so the map shows Wales with no tile server. The street
 * map (tiles from OpenStreetMap) is an overlay the visitor ticks in the layers control: off by default, so
 * nothing is asked of a third party until then.
 */
(function () {
  "use strict";
  var map = null, layer = null, areas = null, have = null, seq = 0, lastShow = "", lang = null;
  var circle = null, lastNear = "null";
  var nonce = Math.random().toString(36).slice(2);  /* tells this iframe's clicks from an earlier one's */

  function send(type, extra) {
    var msg = {isStreamlitMessage: true, type: type};
    for (var k in extra) { msg[k] = extra[k]; }
    window.parent.postMessage(msg, "*");
  }
  function report(what) {
    seq += 1;
    send("streamlit:setComponentValue", {
      value: {have: have, click: (what && what.click) || null, area: (what && what.area) || null, seq: seq,
              nonce: nonce},
      dataType: "json"
    });
  }
  function escape(text) {  /* for the two places Leaflet takes HTML: layer names and the attribution prefix */
    var span = document.createElement("span");
    span.textContent = String(text);
    return span.innerHTML.replace(/"/g, "&quot;");
  }

  /* The page's language on this frame: its document, its heading, and the iframe's title in the app. */
  function declare(args) {
    var X = args.text || {};
    document.documentElement.lang = args.lang || "en";
    if (X.title) {
      document.title = X.title;
      document.getElementById("am-title").textContent = X.title;
      try {  /* same origin; the iframe's own title is what a screen reader announces for the frame */
        if (window.frameElement) { window.frameElement.setAttribute("title", X.title); }
      } catch (e) { /* a cross-origin host: the document title still names the frame */ }
    }
  }

  function makeMap(args) {
    var o = args.options, X = args.text || {};
    map = L.map("map", {minZoom: o.minZoom, maxZoom: o.maxZoom, zoomControl: false}).setView(o.centre, o.zoom);
    L.control.zoom({zoomInTitle: X.zoom_in || "Zoom in", zoomOutTitle: X.zoom_out || "Zoom out"}).addTo(map);
    L.control.scale({imperial: false}).addTo(map);
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com" title="' + escape(X.leaflet || "Leaflet") + '">Leaflet</a>');
    map.amTiles = o.tiles ? L.tileLayer(o.tiles, {attribution: escape(X.street_attribution || ""),
                                                  maxZoom: o.maxZoom}) : null;
    if (map.amTiles) {
      var overlays = {};
      overlays[escape(X.street_map || "Street map")] = map.amTiles;
      /* on a narrow map (a phone) the open switch would lie over the zoom buttons: it folds into Leaflet's
         layers button there (opened by a tap, a click or Enter), as the key does */
      var control = L.control.layers(null, overlays, {collapsed: map.getSize().x < 480, position: "topright"})
        .addTo(map);
      var box = control.getContainer();
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", X.layers || "Map layers");
      var toggle = box.querySelector(".leaflet-control-layers-toggle");  /* Leaflet titles it "Layers" */
      if (toggle) { toggle.title = X.layers || "Map layers"; toggle.setAttribute("aria-label", toggle.title); }
    }
    lang = args.lang;
  }

  /* The "near a place" filter as a circle around the place, with a dot on it; the map fits the circle, where
     every record the filter keeps lies. Not clickable: a click goes through to the area outlines. */
  function near(args) {
    var key = JSON.stringify(args.near || null);
    if (key === lastNear) { return; }
    lastNear = key;
    if (circle) { circle.remove(); circle = null; }
    var n = args.near;
    if (n) {
      circle = L.featureGroup([
        L.circle([n.lat, n.lon], {radius: n.km * 1000, className: "am-near", interactive: false}),
        L.circleMarker([n.lat, n.lon], {radius: 4, className: "am-near-centre", interactive: false})
      ]).addTo(map);
    }
    layer.am.focus(circle ? circle.getBounds() : null, n ? n.label : null);
  }

  function build(args) {
    if (map && lang !== args.lang) {  /* the controls speak the old language: start again */
      if (layer) { layer.am.remove(); layer = null; }
      map.remove();
      map = null;
      areas = null;
    }
    if (circle) { circle.remove(); circle = null; }
    lastNear = "null";
    if (!map) { makeMap(args); }
    if (layer) { layer.am.remove(); }  /* the data came again (a new catalogue, or before our report) */
    if (areas) { areas.layer.remove(); areas = null; }
    if (args.areas) {
      areas = AssetMap.areasLayer(map, args.areas, {lang: args.lang, onClick: function (id) { report({area: id}); }});
    } else if (map.amTiles && !map.hasLayer(map.amTiles)) {
      map.amTiles.addTo(map);  /* no outlines in this data folder: the street map is the only base there is */
    }
    var o = args.options, opts = {};
    for (var k in o.layer) { opts[k] = o.layer[k]; }
    opts.selected = args.sel;
    opts.shown = args.show;
    opts.legendNote = args.areas && args.text ? args.text.areas : null;
    layer = AssetMap.recordLayer(map, args.data, opts);
    var D = args.data;
    layer.on("click", function (e) { report({click: D.id[e.sourceTarget.options.amIndex]}); });
    window.assetmapLayer = layer;  /* for the browser tests and for debugging in the console */
    window.assetmapBuilds = (window.assetmapBuilds || 0) + 1;
    window.assetmapAreas = areas;
    window.assetmapMap = map;
    have = args.v;
  }

  function render(args) {
    send("streamlit:setFrameHeight", {height: args.options.height});
    declare(args);
    var shown = JSON.stringify(args.show);
    /* The frame renders the same args again (after a height change or our own report): build only for a
       version this frame does not hold yet, not once per render (~0.5 s at 10,000 points). */
    if (args.data && have !== args.v) {
      args.data = JSON.parse(new TextDecoder().decode(args.data));
      build(args);
      lastShow = shown;
      near(args);
      if (areas) { areas.shade(args.shade); }
      report(null);  /* tells Python it need not send the data again */
      return;
    }
    if (have !== args.v) {  /* a new iframe (or a new catalogue) without its data: ask for it */
      have = null;
      report(null);
      return;
    }
    if (shown !== lastShow) {  /* a filter change: only the visible indices came */
      lastShow = shown;
      layer.am.show(args.show);
    }
    near(args);
    layer.am.select(args.sel, args.centre);  /* nothing to do when the selection is the same */
    if (areas) { areas.shade(args.shade); }
  }

  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:render") { render(event.data.args); }
  });
  send("streamlit:componentReady", {apiVersion: 1});
})();
