/* The 22 principal areas as the map's base: outlines and names under the markers, no tiles needed.
 *
 *   var areas = AssetMap.areasLayer(map, payload, {lang: "cy", onClick: function (id) { ... }});
 *   areas.shade(["powys", "ceredigion"]);   // a selected record's service area
 *   areas.shade([]);                          // clear
 *
 * `payload` is the FeatureCollection built by assetmap/outputs/areas_layer.py: properties `id`, `name` (already
 * in the page language) and `label` ([lon, lat] of a point inside the area); `attribution`, HTML-escaped, goes
 * to the map's attribution control. Names are set as text, never as
 * HTML. The outlines get their own pane below the marker pane (and above tiles, which stay optional), so
 * markers are always on top and clickable.
 * Names that would overlap at the current zoom are hidden (visibility), larger areas' names first, and shown again
 * on zooming in; `declutter: false` in the options keeps every name visible.
 * Self-contained: needs only Leaflet (served locally from static/vendor).
 */
(function (root) {
  "use strict";
  var AssetMap = root.AssetMap = root.AssetMap || {};

  var STYLE = {color: "#4a5a6a", weight: 1, opacity: 0.9, fillColor: "#eef1ea", fillOpacity: 0.9};
  var SHADED = {color: "#1d4e89", weight: 2, opacity: 1, fillColor: "#9cc3e6", fillOpacity: 0.9};

  function pane(map, name, zIndex, clickable) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = String(zIndex);  // tilePane 200 < areas < overlayPane 400 < markerPane 600
    if (!clickable) p.style.pointerEvents = "none";
    return name;
  }

  function merge(a, b) {
    var out = {}, k;
    for (k in a) out[k] = a[k];
    for (k in b || {}) out[k] = b[k];
    return out;
  }

  AssetMap.areasLayer = function (map, data, options) {
    options = options || {};
    var style = merge(STYLE, options.style), shadedStyle = merge(SHADED, options.shadedStyle);
    var areaPane = pane(map, options.pane || "am-areas", 250, true);
    var labelPane = pane(map, (options.pane || "am-areas") + "-labels", 260, false);
    var shaded = {};

    function styleOf(feature) {
      return shaded[feature.properties.id] ? shadedStyle : style;
    }

    var outlines = L.geoJSON(data, {
      pane: areaPane,
      attribution: data.attribution,  // "approximate boundaries" + source; escaped by areas_layer.py
      style: styleOf,
      onEachFeature: function (feature, layer) {
        layer.on("click", function () {
          if (typeof options.onClick === "function") options.onClick(feature.properties.id);
        });
      }
    });
    var labels = L.layerGroup();
    (data.features || []).forEach(function (feature) {
      var p = feature.properties, el = document.createElement("span");
      el.className = "am-area-label";
      el.textContent = p.name;  // text, not HTML: a name can never run as markup
      el.setAttribute("data-area", p.id);
      el.style.cssText = "display:inline-block;transform:translate(-50%,-50%);white-space:nowrap;" +
        "font:12px/1.2 sans-serif;color:#33414e;text-shadow:0 0 2px #fff,0 0 2px #fff;";
      var icon = L.divIcon({html: el, className: "am-area-label-icon", iconSize: null});
      L.marker([p.label[1], p.label[0]], {icon: icon, pane: labelPane, interactive: false, keyboard: false})
        .addTo(labels);
    });
    var group = L.layerGroup([outlines, labels]).addTo(map);

    /* Larger areas first: at a Wales-wide zoom the valleys' names would pile up on each other. */
    var size = {};
    outlines.eachLayer(function (l) {
      var b = l.getBounds();
      size[l.feature.properties.id] = (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());
    });
    function declutter() {
      var els = Array.prototype.slice.call(map.getPane(labelPane).querySelectorAll(".am-area-label"));
      els.sort(function (a, b) { return (size[b.getAttribute("data-area")] || 0) - (size[a.getAttribute("data-area")] || 0); });
      var kept = [];
      els.forEach(function (el) {
        el.style.visibility = "";
        var r = el.getBoundingClientRect();
        var clash = kept.some(function (k) {
          return r.left < k.right + 2 && r.right > k.left - 2 && r.top < k.bottom + 1 && r.bottom > k.top - 1;
        });
        if (clash) { el.style.visibility = "hidden"; } else { kept.push(r); }
      });
    }
    if (options.declutter !== false) {
      map.on("zoomend viewreset resize", declutter);
      map.whenReady(declutter);
      group.on("remove", function () { map.off("zoomend viewreset resize", declutter); });
    }

    return {
      layer: group,
      outlines: outlines,
      /* Shade exactly these area ids (anything else is unshaded). */
      shade: function (ids) {
        shaded = {};
        (ids || []).forEach(function (id) { shaded[id] = true; });
        outlines.setStyle(styleOf);
      },
      shaded: function () { return Object.keys(shaded); },
      bounds: function () { return outlines.getBounds(); }
    };
  };
})(window);
