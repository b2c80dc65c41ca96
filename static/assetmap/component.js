/* The Streamlit side of the app's map: the component protocol (apiVersion 1) by hand, so the repo
 * needs no npm build. Python (assetmap/ui/mapview_tab.py) sends args:
 *   v       version of the points (catalogue + language)
 *   data    the full payload (map.js) — only when this iframe does not have version v yet
 *   show    indices of the points to show, or null for all
 *   sel     index of the selected record, or -1; centre: move the map to it
 *   options map.js layer options, tiles, height
 * and reads back {have: v, click: record id or null, seq, nonce}: `have` tells Python to stop sending
 * the data; a new (nonce, seq) with an id is a marker click.
 */
(function () {
  "use strict";
  var map = null, layer = null, have = null, seq = 0, lastShow = "";
  var nonce = Math.random().toString(36).slice(2);  /* tells this iframe's clicks from an earlier one's */

  function send(type, extra) {
    var msg = {isStreamlitMessage: true, type: type};
    for (var k in extra) { msg[k] = extra[k]; }
    window.parent.postMessage(msg, "*");
  }
  function report(click) {
    seq += 1;
    send("streamlit:setComponentValue", {value: {have: have, click: click, seq: seq, nonce: nonce},
                                          dataType: "json"});
  }

  function build(args) {
    var o = args.options;
    if (!map) {
      map = L.map("map", {minZoom: o.minZoom, maxZoom: o.maxZoom, zoomControl: true})
        .setView(o.centre, o.zoom);
      L.control.scale().addTo(map);
      if (o.tiles) { L.tileLayer(o.tiles, {attribution: o.attribution, maxZoom: o.maxZoom}).addTo(map); }
    }
    if (layer) { layer.am.remove(); }  /* the data came again (a new catalogue, or before our report) */
    var opts = {};
    for (var k in o.layer) { opts[k] = o.layer[k]; }
    opts.selected = args.sel;
    opts.shown = args.show;
    layer = AssetMap.recordLayer(map, args.data, opts);
    var D = args.data;
    layer.on("click", function (e) { report(D.id[e.sourceTarget.options.amIndex]); });
    window.assetmapLayer = layer;  /* for the browser tests and for debugging in the console */
    have = args.v;
  }

  function render(args) {
    send("streamlit:setFrameHeight", {height: args.options.height});
    var shown = JSON.stringify(args.show);
    if (args.data) {
      build(args);
      lastShow = shown;
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
    layer.am.select(args.sel, args.centre);  /* nothing to do when the selection is the same */
  }

  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:render") { render(event.data.args); }
  });
  send("streamlit:componentReady", {apiVersion: 1});
})();
