/* assetmap's record layer: every record as a clustered marker, built from one columnar payload.
 *
 * Loaded as a file (cached by the browser) by the folium map (assetmap/outputs/mapview.py, which
 * calls AssetMap.recordLayer with the payload inline as escaped JSON) and by the app's map component
 * (static/assetmap/index.html, which receives the payload once as a component argument).
 *
 * Payload D (mappoints.map_data): lat, lon, k (kind index), id, n (name), p (place index), s (short
 * summary), u (0, or the year of the newest source of a record nobody has confirmed lately; -1 undated),
 * c (1: placed by town or area, drawn in a dashed ring; optional) as parallel arrays; oldNote / undatedNote
 * ("Not confirmed since {year}"); places; kinds [{label, svg, coarse, pin}]; legendKinds; text (legend and
 * accessible names in the page language; optional).
 * Options (besides mappoints.LAYER_OPTIONS): selected, shown, legendNote (an extra legend line, e.g. about
 * the area outlines under the markers; optional).
 * Accessible: every marker and cluster is a button named in words ("Project: …", "12 records"); Enter or
 * Space on one is a click (Leaflet alone opens only the popup on Enter, and nothing on Space).
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

  /* An icon whose element carries an accessible name (clusters: "12 records"). */
  var NamedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.setAttribute("aria-label", this.options.name);
      return div;
    }
  });

  /* Enter or Space on a focused marker or cluster clicks it: the same report, popup and zoom as a click.
     Cancelling the keydown stops Leaflet's own Enter (keypress), which would open the popup a second time. */
  function keyClick(e) {
    var key = e.key;
    if ((key === "Enter" || key === " " || key === "Spacebar") && e.target.classList &&
        e.target.classList.contains("leaflet-marker-icon")) {
      e.preventDefault();
      e.target.click();
    }
  }

  /* Adds the records to `map`; returns the marker-cluster group, whose `am` object changes what is
     shown without rebuilding anything: am.show(indices or null for all), am.select(index, centre),
     am.remove(). */
  function recordLayer(map, D, opts) {
    var K = D.kinds, T = D.text || {}, C = D.c || [];
    function icon(svg, cls, size) {
      var h = size / 2;
      return L.divIcon({className: cls, html: svg, iconSize: [size, size], iconAnchor: [h, h],
                        popupAnchor: [0, -h], tooltipAnchor: [0, -h]});
    }
    /* [exact, faded, coarse, coarse and faded] per kind: records nothing recent vouches for are drawn faded
       (issue 11); records placed by town or area in a dashed ring (issue 12) */
    var icons = K.map(function (kd) {
      var coarse = kd.coarse || kd.svg;
      return [icon(kd.svg, "am-m", 18), icon(kd.svg, "am-m am-old", 18),
              icon(coarse, "am-m am-coarse", 22), icon(coarse, "am-m am-coarse am-old", 22)];
    });
    function words(template, values) {
      return String(template).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
    }
    function markerName(i) {
      return T.marker ? words(T.marker, {kind: K[D.k[i]].label, name: D.n[i]}) : K[D.k[i]].label + ": " + D.n[i];
    }
    /* a marker that names its record to assistive technology whenever its element is (re)made */
    var Marker = L.Marker.extend({
      onAdd: function (m) {
        L.Marker.prototype.onAdd.call(this, m);
        if (this.getElement()) { this.getElement().setAttribute("aria-label", markerName(this.options.amIndex)); }
      }
    });
    function oldNote(i) {
      if (!D.u || !D.u[i]) { return ""; }
      return D.u[i] > 0 ? D.oldNote.replace("{year}", String(D.u[i])) : D.undatedNote;
    }
    /* popup: built with textContent only; the record id is always the last line (the tests find markers by it). */
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

    /* clusters in greys, never one of the kinds' colours; named "12 records" */
    var clusterOptions = {};
    for (var key in opts.cluster) { clusterOptions[key] = opts.cluster[key]; }
    clusterOptions.iconCreateFunction = function (cluster) {
      var n = cluster.getChildCount(), size = n < 10 ? "s" : n < 100 ? "m" : "l";
      return new NamedIcon({html: "<div><span>" + n + "</span></div>", iconSize: [32, 32],
                            className: "marker-cluster am-cluster am-cluster-" + size,
                            name: words(T.cluster || "{n}", {n: n})});
    };
    var group = L.markerClusterGroup(clusterOptions);
    group.bindPopup(popup, popupOptions);
    group.bindTooltip(tooltip, tooltipOptions);
    /* no tooltip over the open popup of the same marker (Leaflet reopens it on focus) */
    group.on("popupopen", function (e) {  /* Leaflet's close button says "Close popup" in English */
      var close = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && T.close_popup) { close.setAttribute("aria-label", T.close_popup); close.title = T.close_popup; }
    });
    group.on("popupopen tooltipopen", function () {
      if (group.isPopupOpen() && group.getPopup()._source === group.getTooltip()._source) {
        group.closeTooltip();
      }
    });
    /* on the map first: markercluster 1.1's addLayers off the map checks hasLayer() against a
       plain array for every marker (quadratic: 2 s at 50k instead of 0.5 s) */
    map.addLayer(group);
    L.DomEvent.on(map.getContainer(), "keydown", keyClick);

    var markers = new Array(D.id.length);  /* made when first shown, then reused */
    function marker(i) {
      return markers[i] || (markers[i] = new Marker([D.lat[i], D.lon[i]],
                                                    {icon: icons[D.k[i]][(C[i] ? 2 : 0) + (oldNote(i) ? 1 : 0)],
                                                     amIndex: i}));
    }
    var shown = null, sel = -1, chosen = null, legend = null;
    /* the key starts folded on a narrow map (a phone), where it would cover a third of it */
    var legendOpen = map.getSize().x >= 480;

    /* Room the controls take at the map's top and bottom (zoom, layers, the key, attribution), so that
       fitting never puts a marker under one. */
    function padding() {
      var box = map.getContainer().getBoundingClientRect(), top = 0, bottom = 0;
      var controls = map.getContainer().querySelectorAll(".leaflet-control");
      Array.prototype.forEach.call(controls, function (c) {
        var r = c.getBoundingClientRect();
        if (!r.height) { return; }
        if (c.closest(".leaflet-top")) { top = Math.max(top, r.bottom - box.top); }
        if (c.closest(".leaflet-bottom")) { bottom = Math.max(bottom, box.bottom - r.top); }
      });
      if (map.getSize().y - top - bottom < 120) { top = bottom = 0; }  /* a small frame: the points come first */
      return {paddingTopLeft: [24, top + 12], paddingBottomRight: [24, bottom + 12]};
    }

    var focus = null, focusNote = null;  /* bounds to fit instead of the records', their line in the key (am.focus) */
    var fitted = null;  /* the view our last fit left, or "later" while the map has no size to fit into */
    var fitShown = false;  /* that fit was to the records shown, even with one selected (a filter change) */
    function here() { return map.getCenter().toString() + "@" + map.getZoom(); }
    function refit() { if (fitted === "later" || fitted === here()) { fit(fitShown); } }
    /* Moves the map to the selected record, or fits it to every record shown (always so after a filter change:
       shownOnly) */
    function fit(shownOnly) {
      fitted = null;
      fitShown = !!shownOnly;
      var size = map.getSize();
      if (size.x < 120 || size.y < 120) {  /* an iframe not laid out yet: Leaflet would compute a NaN zoom */
        fitted = "later";
        return;
      }
      if (sel >= 0 && !shownOnly) {
        map.setView([D.lat[sel], D.lon[sel]], Math.max(map.getZoom(), opts.selectedZoom), {animate: false});
        return;
      }
      var bounds = focus;
      if (!bounds) {
        var idx = shown || D.id.map(function (_, i) { return i; });
        if (!idx.length) { return; }
        var s = 90, w = 180, n = -90, e = -180;
        idx.forEach(function (i) {
          s = Math.min(s, D.lat[i]); n = Math.max(n, D.lat[i]); w = Math.min(w, D.lon[i]); e = Math.max(e, D.lon[i]);
        });
        bounds = [[s, w], [n, e]];
      }
      var fitOptions = padding();
      fitOptions.maxZoom = opts.fitMaxZoom;
      fitOptions.animate = false;
      map.fitBounds(bounds, fitOptions);
      fitted = here();
    }

    function drawLegend() {
      var counts = K.map(function () { return 0; });
      (shown || D.k.map(function (_, i) { return i; })).forEach(function (i) { counts[D.k[i]] += 1; });
      if (legend) { legend.remove(); }
      legend = L.control({position: "bottomleft"});
      legend.onAdd = function () {
        var box = L.DomUtil.create("div", "am-legend");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", T.legend || "Key");
        var toggle = L.DomUtil.create("button", "am-legend-toggle", box);
        toggle.type = "button";
        var body = L.DomUtil.create("div", "am-legend-body", box);
        body.id = "am-legend-body";
        toggle.setAttribute("aria-controls", body.id);
        function fold() {
          toggle.textContent = legendOpen ? (T.hide_legend || "Hide the key") : (T.show_legend || "Show the key");
          toggle.setAttribute("aria-expanded", String(legendOpen));
          body.hidden = !legendOpen;
        }
        L.DomEvent.on(toggle, "click", function () { legendOpen = !legendOpen; fold(); });
        fold();
        D.legendKinds.forEach(function (k) {
          var row = L.DomUtil.create("div", "am-row", body);
          var sw = L.DomUtil.create("span", "am-sw", row);
          sw.innerHTML = K[k].svg; /* constant markup from mapview.py, never record data */
          row.appendChild(el("span", "am-label", K[k].label));
          row.appendChild(el("span", "am-n", "(" + counts[k] + ")"));
        });
        var all = shown || D.k.map(function (_, i) { return i; });
        var coarse = all.filter(function (i) { return C[i]; });
        if (coarse.length && T.coarse) {
          var row = L.DomUtil.create("div", "am-row", body);
          L.DomUtil.create("span", "am-sw am-sw-coarse", row);
          row.appendChild(el("span", "am-label", T.coarse));
          row.appendChild(el("span", "am-n", "(" + coarse.length + ")"));
        }
        var old = all.filter(function (i) { return oldNote(i); });
        if (old.length && D.fadedLegend) {
          body.appendChild(el("div", "am-faded", D.fadedLegend + " (" + old.length + ")"));
        }
        if (focusNote) {
          var ring = L.DomUtil.create("div", "am-row", body);
          L.DomUtil.create("span", "am-sw am-sw-near", ring);
          ring.appendChild(el("span", "am-label", focusNote));
        }
        if (opts.legendNote) {
          var note = L.DomUtil.create("div", "am-row am-note-row", body);
          L.DomUtil.create("span", "am-sw am-sw-area", note);
          note.appendChild(el("span", "am-label", opts.legendNote));
        }
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
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
      chosen = L.featureGroup([new Marker([D.lat[i], D.lon[i]],
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
        fit(true);  /* what the filters found, even when the open record is not among it */
      },
      /* bounds to fit instead of the records shown (a ring the filters drew), or null, and the key's line for
         them (text, or null): fits at once */
      focus: function (bounds, note) {
        focus = bounds;
        focusNote = note || null;
        drawLegend();
        fit(true);
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
        L.DomEvent.off(map.getContainer(), "keydown", keyClick);
        map.off("resize", refit);
        map.removeLayer(group);
      }
    };
    sel = opts.selected;
    shown = opts.shown;
    fill();
    drawLegend();
    fit();
    /* an embedding iframe (Streamlit) often gets its real size only after the script ran, in steps: fit
       again on each resize, as long as nobody has moved the map since our own fit */
    map.on("resize", refit);
    pin(sel);
    return group;
  }

  /* one namespace with areas.js, whichever file loads first */
  window.AssetMap = window.AssetMap || {};
  window.AssetMap.recordLayer = recordLayer;
})();
