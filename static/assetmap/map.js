/* assetmap's record layer: every record as a clustered marker, built from one columnar payload.
 *
 * Loaded as a file (cached by the browser) by the folium map (assetmap/outputs/mapview.py, which
 * calls AssetMap.recordLayer with the payload inline as escaped JSON) and by the app's map component
 * (static/assetmap/index.html, which receives the payload once as a component argument).
 *
 * Payload D (mapview.map_data): lat, lon, k (kind index), id, n (name), p (place index), s (short
 * summary), u (0, or the year of the newest source of a record nobody has confirmed lately; -1 undated)
 * as parallel arrays; oldNote / undatedNote ("Not confirmed since {year}"); places; kinds [{label, svg, pin}]; legendKinds.
 * Security: record text only ever reaches the DOM through textContent; the only innerHTML is the
 * kinds' SVG, constant markup from mapview.py.
 */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    e.textContent = text;
    return e;
  }

  /* Adds the records to `map`; returns the marker-cluster group, whose `am` object changes what is
     shown without rebuilding anything: am.show(indices or null for all), am.select(index, centre),
     am.remove(). */
  function recordLayer(map, D, opts) {
    var K = D.kinds;
    function icon(kd, cls) {
      return L.divIcon({className: cls, html: kd.svg, iconSize: [18, 18], iconAnchor: [9, 9],
                        popupAnchor: [0, -9], tooltipAnchor: [0, -9]});
    }
    var icons = K.map(function (kd) { return icon(kd, "am-m"); });
    /* records nothing recent vouches for are drawn faded (issue 11) */
    var faded = K.map(function (kd) { return icon(kd, "am-m am-old"); });
    function oldNote(i) {
      if (!D.u || !D.u[i]) { return ""; }
      return D.u[i] > 0 ? D.oldNote.replace("{year}", String(D.u[i])) : D.undatedNote;
    }
    /* popup: built with textContent only; the record id is always the last line (mapview.clicked_id). */
    function popup(layer) {
      var i = layer.options.amIndex, box = document.createElement("div"), nl = "\n";
      box.className = "am-pop";
      box.appendChild(el("div", "am-name", D.n[i]));
      box.appendChild(document.createTextNode(nl));
      var meta = K[D.k[i]].label, place = D.places[D.p[i]];
      if (place) { meta += " \u00b7 " + place; }
      box.appendChild(el("div", "am-meta", meta));
      box.appendChild(document.createTextNode(nl));
      if (D.s[i]) {
        box.appendChild(el("p", "am-sum", D.s[i]));
        box.appendChild(document.createTextNode(nl));
      }
      if (oldNote(i)) {
        box.appendChild(el("div", "am-note", oldNote(i)));
        box.appendChild(document.createTextNode(nl));
      }
      box.appendChild(el("div", "am-id", D.id[i]));
      return box;
    }
    function tooltip(layer) { return el("span", "am-tip", D.n[layer.options.amIndex]); }
    var popupOptions = {maxWidth: 300, autoPanPadding: [20, 20]};
    var tooltipOptions = {direction: "top"};

    var group = L.markerClusterGroup(opts.cluster);
    group.bindPopup(popup, popupOptions);
    group.bindTooltip(tooltip, tooltipOptions);
    /* no tooltip over the open popup of the same marker (Leaflet reopens it on focus) */
    group.on("popupopen tooltipopen", function () {
      if (group.isPopupOpen() && group.getPopup()._source === group.getTooltip()._source) {
        group.closeTooltip();
      }
    });
    /* on the map first: markercluster 1.1's addLayers off the map checks hasLayer() against a
       plain array for every marker (quadratic: 2 s at 50k instead of 0.5 s) */
    map.addLayer(group);

    var markers = new Array(D.id.length);  /* made when first shown, then reused */
    function marker(i) {
      return markers[i] || (markers[i] = L.marker([D.lat[i], D.lon[i]],
                                                  {icon: (oldNote(i) ? faded : icons)[D.k[i]], amIndex: i}));
    }
    var shown = null, sel = -1, chosen = null, legend = null;

    function fit() {
      if (sel >= 0) {
        map.setView([D.lat[sel], D.lon[sel]], Math.max(map.getZoom(), opts.selectedZoom), {animate: false});
        return;
      }
      var idx = shown || D.id.map(function (_, i) { return i; });
      if (!idx.length) { return; }
      var s = 90, w = 180, n = -90, e = -180;
      idx.forEach(function (i) {
        s = Math.min(s, D.lat[i]); n = Math.max(n, D.lat[i]); w = Math.min(w, D.lon[i]); e = Math.max(e, D.lon[i]);
      });
      map.fitBounds([[s, w], [n, e]], {maxZoom: opts.fitMaxZoom, padding: [24, 24], animate: false});
    }

    function drawLegend() {
      var counts = K.map(function () { return 0; });
      (shown || D.k.map(function (_, i) { return i; })).forEach(function (i) { counts[D.k[i]] += 1; });
      if (legend) { legend.remove(); }
      legend = L.control({position: "bottomleft"});
      legend.onAdd = function () {
        var box = L.DomUtil.create("div", "am-legend");
        D.legendKinds.forEach(function (k) {
          var row = L.DomUtil.create("div", "am-row", box);
          var sw = L.DomUtil.create("span", "am-sw", row);
          sw.innerHTML = K[k].svg; /* constant markup from mapview.py, never record data */
          row.appendChild(el("span", "am-label", K[k].label));
          row.appendChild(el("span", "am-n", "(" + counts[k] + ")"));
        });
        var old = (shown || D.k.map(function (_, i) { return i; })).filter(function (i) { return oldNote(i); });
        if (old.length && D.fadedLegend) {
          box.appendChild(el("div", "am-faded", D.fadedLegend + " (" + old.length + ")"));
        }
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      legend.addTo(map);
    }

    function fill() {
      var list = [], idx = shown;
      var n = idx ? idx.length : D.id.length;
      for (var j = 0; j < n; j++) {
        var i = idx ? idx[j] : j;
        if (i !== sel) { list.push(marker(i)); }
      }
      group.clearLayers();
      group.addLayers(list);
    }

    function pin(i) {
      if (chosen) { chosen.remove(); chosen = null; }
      if (i < 0) { return; }
      /* the selected record: unclustered, larger, on top, popup open */
      chosen = L.featureGroup([L.marker([D.lat[i], D.lon[i]],
          {icon: L.divIcon({className: "am-m am-sel", html: K[D.k[i]].pin, iconSize: [30, 40],
                            iconAnchor: [15, 39], popupAnchor: [0, -38], tooltipAnchor: [0, -38]}),
           amIndex: i, zIndexOffset: 1000})]);
      chosen.bindPopup(popup, popupOptions).bindTooltip(tooltip, tooltipOptions).addTo(map);
      chosen.openPopup();
    }

    group.am = {
      /* indices: the records to show (positions in D), or null for all of them */
      show: function (indices) {
        shown = indices;
        fill();
        drawLegend();
        fit();
      },
      /* index: the selected record, or -1; centre: move the map to it (not for the map's own clicks) */
      select: function (index, centre) {
        if (index === sel) { return; }
        sel = index;
        fill();
        pin(sel);
        if (centre && sel >= 0) { fit(); }
      },
      /* take the layer, its legend and the selected record's pin off the map */
      remove: function () {
        pin(-1);
        if (legend) { legend.remove(); }
        map.removeLayer(group);
      }
    };
    sel = opts.selected;
    shown = opts.shown;
    fill();
    drawLegend();
    fit();
    /* an embedding iframe (Streamlit) often gets its real size only after the script ran: fit again then */
    map.once("resize", fit);
    pin(sel);
    return group;
  }

  window.AssetMap = {recordLayer: recordLayer};
})();
