"""The gaps tab: a theme × principal-area table of active initiatives, and one theme on a map.

Counts come from :func:`assetmap.insights.gaps.gap_table` (what is counted is explained there and on the
page). The table highlights zeros and downloads as CSV; the map shades each of the 22 area polygons
(approximate boundaries, data/areas.geojson) by the count, with areas that have none outlined in dashed red,
on no tiles at all. Without the polygons file it falls back to a circle at each area centre. Shapes and
tooltips are built in the browser from one escaped JSON payload with ``textContent`` (as in
assetmap.outputs.mapview), and its Leaflet files come from the local vendor folder, never a CDN.
"""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st
from folium.template import Template
from streamlit_folium import st_folium

from assetmap.geo.polygons import load_polygons
from assetmap.insights.gaps import GAP_KINDS, gap_csv, gap_spec, gap_table, zero_cells
from assetmap.outputs import vendor
from assetmap.outputs.areas_layer import areas_payload
from assetmap.outputs.mapview import WALES_CENTRE, RawLayer, local_map
from assetmap.outputs.script_json import js_json
from assetmap.ui.common import View, md

FEW_THEMES = 5  # up to this many themes, the table is turned: areas down, themes across
ZERO = "background-color: #fde0dd; color: #a50f15; font-weight: 600"

_JS = """
(function (map) {
  "use strict";
  var D = {{ this.payload }};
  D.areas.forEach(function (a) {
    var zero = a.n === 0;
    var circle = L.circleMarker([a.lat, a.lon], {
      radius: zero ? 7 : 6 + 18 * Math.sqrt(a.n / D.max),
      color: zero ? "#a50f15" : "#0072B2", weight: zero ? 3 : 1.5,
      fill: !zero, fillColor: "#0072B2", fillOpacity: 0.55, dashArray: zero ? "4 3" : null
    });
    circle.bindTooltip(function () {
      var span = document.createElement("span");
      span.textContent = a.label;
      return span;
    }, {direction: "top"});
    circle.addTo(map);
  });
})({{ this._parent.get_name() }});
"""


_CHOROPLETH_JS = """
(function (map) {
  "use strict";
  var D = {{ this.payload }};
  var layer = L.geoJSON(D.areas, {
    attribution: D.areas.attribution,
    style: function (f) {
      var n = D.n[f.properties.id] || 0;
      return n === 0
        ? {color: "#a50f15", weight: 2.5, dashArray: "4 3", fillColor: "#fde0dd", fillOpacity: 0.7}
        : {color: "#33414e", weight: 1, fillColor: "#0072B2", fillOpacity: 0.15 + 0.7 * Math.sqrt(n / D.max)};
    },
    onEachFeature: function (f, l) {
      l.bindTooltip(function () {
        var span = document.createElement("span");
        span.textContent = D.labels[f.properties.id];
        return span;
      }, {sticky: true});
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds());
})({{ this._parent.get_name() }});
"""


class AreaChoropleth(RawLayer):
    """The area polygons shaded by count; ``areas``: the areas_layer payload, ``n`` and ``labels`` by area id."""

    _template = Template("{% macro script(this, kwargs) %}" + _CHOROPLETH_JS + "{% endmacro %}")

    def __init__(self, areas: dict, n: dict[str, int], labels: dict[str, str]):
        super().__init__()
        self._name = "AreaChoropleth"
        self.payload = js_json({"areas": areas, "n": n, "labels": labels, "max": max([*n.values(), 1])})


class AreaCircles(RawLayer):
    """One circle per area centre; ``areas``: [{lat, lon, n, label}]."""

    _template = Template("{% macro script(this, kwargs) %}" + _JS + "{% endmacro %}")

    def __init__(self, areas: list[dict]):
        super().__init__()
        self._name = "AreaCircles"
        self.payload = js_json({"areas": areas, "max": max([a["n"] for a in areas] + [1])})


def _polygons(view: View):
    """The area polygons, or None without a readable areas.geojson (the catalogue reported why)."""
    try:
        return load_polygons(view.cat.result.data_dir, view.cat.areas)
    except ValueError:
        return None


def gap_map(view: View, counts: pd.Series, asset_base: str = vendor.STREAMLIT_ASSET_BASE) -> folium.Map:
    """Folium map of ``counts`` (area id -> number): a choropleth of the area polygons, without tiles
    (circles at the area centres, on tiles, if the data folder has no polygons)."""
    n = {aid: int(counts.get(aid, 0)) for aid in view.cat.areas.areas}
    labels = {aid: view.t("connections.gaps.map_tooltip", area=view.labels("areas", aid), n=k) for aid, k in n.items()}
    polys = _polygons(view)
    m = local_map(
        asset_base, tiles=None if polys is not None else "OpenStreetMap", zoom_start=7, min_zoom=6, max_zoom=12
    )
    if polys is not None:
        AreaChoropleth(areas_payload(polys, view.lang), n, labels).add_to(m)
        vendor.localise(m, asset_base)
        return m
    areas = [{"lat": a.lat, "lon": a.lon, "n": n[aid], "label": labels[aid]} for aid, a in view.cat.areas.areas.items()]
    AreaCircles(areas).add_to(m)
    lats = [a["lat"] for a in areas] or [WALES_CENTRE[0]]
    lons = [a["lon"] for a in areas] or [WALES_CENTRE[1]]
    m.fit_bounds([[min(lats) - 0.15, min(lons) - 0.15], [max(lats) + 0.15, max(lons) + 0.15]])
    vendor.localise(m, asset_base)
    return m


def _shown(view: View, table: pd.DataFrame) -> pd.DataFrame:
    """The table with labels in the chosen language: themes down, areas across, then All of Wales."""
    t, labels = view.t, view.labels
    out = table.copy()
    out.index = [labels("themes", x) for x in table.index]
    out.index.name = t("connections.gaps.theme_col")
    out.columns = [labels("areas", a) if a != "wales" else t("connections.gaps.wales_col") for a in table.columns]
    return out


def render(view: View) -> None:
    t, cat, labels = view.t, view.cat, view.labels
    st.subheader(t("connections.gaps.heading"), anchor=False)
    st.caption(t("connections.gaps.intro"))
    st.caption(t("connections.gaps.filters_note"))
    kinds = st.multiselect(
        t("connections.gaps.kinds"),
        GAP_KINDS,
        default=list(GAP_KINDS),
        format_func=lambda k: labels("kinds", k),
        key="gaps_kinds",
        placeholder=t("filters.any"),
        select_all=False,
    )
    spec = gap_spec(view.spec)
    frame = spec.apply(cat.frame, cat.areas, cat.gazetteer) if spec.active else cat.frame
    table = gap_table(cat, frame, kinds=tuple(kinds), themes=view.spec.themes or None)
    if table.empty or not kinds:
        st.info(t("connections.gaps.empty"))
        return
    local = table.drop(columns="wales")
    st.markdown(md(t("connections.gaps.zeros", n=zero_cells(table), m=local.size)))
    shown = _shown(view, table)
    if len(shown) <= FEW_THEMES:  # a few themes read better down the page, one area a row
        shown = shown.T
        shown.index.name = t("connections.gaps.area_col")
        styled = shown.style.map(lambda v: ZERO if v == 0 else "", subset=pd.IndexSlice[shown.index[:-1], :])
    else:
        styled = shown.style.map(lambda v: ZERO if v == 0 else "", subset=list(shown.columns[:-1]))
    st.dataframe(styled, width="stretch", key="gaps_table")
    st.download_button(
        t("connections.gaps.download"),
        gap_csv(table, labels),
        file_name="assetmap-gaps.csv",
        mime="text/csv",
        key="gaps_csv",
    )

    st.markdown(f"**{md(t('connections.gaps.map_heading'))}**")
    themes = list(table.index)
    busiest = int(local.sum(axis=1).to_numpy().argmax())
    theme = st.selectbox(
        t("connections.gaps.map_theme"),
        themes,
        index=busiest,
        format_func=lambda x: labels("themes", x),
        key="gaps_theme",
        placeholder=t("connections.gaps.map_theme"),
    )
    counts = table.loc[theme]
    st.caption(md(t("connections.gaps.map_hint", wales=int(counts["wales"]))))
    st_folium(gap_map(view, counts), returned_objects=[], key="gaps_map", height=460, use_container_width=True)
