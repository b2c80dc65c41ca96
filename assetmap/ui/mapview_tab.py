"""The map view: the filtered records as clustered markers on the outlines of the 22 areas, beside the detail
panel; a marker click opens the record, an area click filters to that area, the selected record's service area
is shaded.

The map is a small Streamlit component made of files in static/assetmap/ (index.html, component.js and
the map.js/map.css the folium map uses too), not streamlit-folium: streamlit-folium sends the whole map
script again whenever anything in it changes and the browser rebuilds the map from scratch (~1 s at
10,000 records). Here the browser gets the full point payload once per catalogue and language
(built and encoded once, shared by every session, `Catalogue.derive`), and a filter change sends only the indices
of the points to show; component.js documents the arguments. The area outlines (approximate boundaries) are the
base map, so it shows Wales without any tile server; the street map is an overlay the visitor turns on.

Map and panel are one fragment: a marker click reruns them, not the page.
"""

from __future__ import annotations

import json
import zlib
from functools import partial

import streamlit as st
import streamlit.components.v1 as components

from assetmap.catalogue import Catalogue
from assetmap.geo.geocode import WALES_CENTRE
from assetmap.geo.polygons import load_polygons
from assetmap.labels import Labels, place_name, place_names
from assetmap.outputs import vendor
from assetmap.outputs.areas_layer import areas_payload, served_areas
from assetmap.outputs.mappoints import LAYER_OPTIONS, MapData, map_data
from assetmap.records.schema import SINGULAR
from assetmap.ui import detail_panel, sidebar
from assetmap.ui.common import View, open_record

KEY = "assetmap_map"
HEIGHT = 600
_component = components.declare_component(KEY, path=str(vendor.OWN_DIR))
OPTIONS = {
    "layer": LAYER_OPTIONS,
    "height": HEIGHT,
    "centre": list(WALES_CENTRE),
    "zoom": 8,
    "minZoom": 6,
    "maxZoom": 18,
    # an overlay the visitor turns on (layers control, off by default): the area outlines are the base map
    "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
}
# the frame's own words (assetmap/locales/*/map.yaml, map.frame.*)
FRAME_TEXT = ("title", "zoom_in", "zoom_out", "street_map", "street_attribution", "leaflet", "areas", "layers")


def _points(cat: Catalogue, lang: str) -> MapData:
    kinds = {k: Labels(cat.vocab, cat.areas, lang)("kinds", k) for k in SINGULAR.values()}
    places = place_names(cat.gazetteer, cat.frame["place"], lang)
    # Welsh shares the English payload's positions, ids and the summaries that have no Welsh
    like = points(cat, "en") if lang == "cy" else None
    return map_data(cat.frame, lang, kinds, cat.display_names[lang], places, like)


# one builder per language: Catalogue.derive keeps one result per builder
POINTS = {lang: partial(_points, lang=lang) for lang in ("en", "cy")}


def points(cat: Catalogue, lang: str) -> MapData:
    """Every point of the catalogue for the browser, built once per catalogue and language."""
    return cat.derive(POINTS["cy" if lang == "cy" else "en"])


def _encoded(cat: Catalogue, lang: str) -> bytes:
    # ASCII with \u escapes: any text a record holds (even a lone surrogate from a YAML escape) encodes
    return json.dumps(points(cat, lang).payload, separators=(",", ":")).encode("ascii")


ENCODED = {lang: partial(_encoded, lang=lang) for lang in ("en", "cy")}


def encoded(cat: Catalogue, lang: str) -> bytes:
    """The points as JSON text, encoded once per catalogue and language. Streamlit passes a component's bytes
    through as they are, where it would encode a dict again for every new session (20 ms of the server's
    time at 10,000 records, 100 ms at 50,000: what limits many visitors arriving at once)."""
    return cat.derive(ENCODED["cy" if lang == "cy" else "en"])


def _slots(cat: Catalogue, lang: str):
    return points(cat, lang).slots(cat.frame.index)


SLOTS = {lang: partial(_slots, lang=lang) for lang in ("en", "cy")}


def visible(view: View) -> list[int] | None:
    """The payload indices the filters keep (None: all), from the filter's cached mask: no id look-ups."""
    cat = view.cat
    if len(view.frame) == len(cat.frame):
        return None
    mask, _ = cat.select(view.spec)
    return MapData.rows_visible(cat.derive(SLOTS["cy" if view.lang == "cy" else "en"]), mask)


def _areas(cat: Catalogue, lang: str) -> dict | None:
    try:
        polys = load_polygons(cat.result.data_dir, cat.areas)
    except ValueError:  # the catalogue has reported why (a support-file problem); the map goes without outlines
        return None
    return None if polys is None else areas_payload(polys, lang)


AREAS = {lang: partial(_areas, lang=lang) for lang in ("en", "cy")}


def areas(cat: Catalogue, lang: str) -> dict | None:
    """The area outlines for the browser (None without a readable areas.geojson), once per catalogue and language."""
    return cat.derive(AREAS["cy" if lang == "cy" else "en"])


def near(view: View) -> dict | None:
    """Where "near a place" measures from and how far ({lat, lon, km}), for the map's ring, and the key's line
    for it (label); None without a known place."""
    spec, gazetteer = view.spec, view.cat.gazetteer
    centre = gazetteer.lookup(spec.near) if spec.near else None
    if centre is None:
        return None
    place = place_name(gazetteer, spec.near, view.lang)
    label = view.t("map.near", km=f"{spec.radius_km:g}", place=place)
    return {"lat": centre.lat, "lon": centre.lon, "km": spec.radius_km, "label": label}


def version(cat: Catalogue, lang: str) -> str:
    return f"{zlib.crc32(repr(cat.version).encode()):08x}-{lang}"


def _take_click() -> None:
    """The component's value changed (its on_change callback, which runs before the script): a marker click opens
    that record's panel, an area click filters the whole page to that area through the sidebar's own area
    filter. A callback may set a widget's state, which the script may not once the sidebar has been drawn."""
    value = st.session_state.get(KEY)
    if not isinstance(value, dict) or not (value.get("click") or value.get("area")):
        return
    click = (value.get("nonce"), value.get("seq"))
    if click == st.session_state.get("_map_seen"):
        return
    st.session_state["_map_seen"] = click
    if value.get("click"):
        st.session_state["_map_clicked"] = value["click"]
        open_record(str(value["click"]), from_map=True)
    else:
        sidebar.filter_to_area(str(value["area"]))
        st.session_state["_map_whole_page"] = True  # the sidebar and caption are outside this fragment


@st.fragment
def render(view: View) -> None:
    _take_click()  # already done by the callback in a browser; AppTest sets the value without calling it
    if st.session_state.pop("_map_whole_page", False):
        st.rerun(scope="app")
    selected = st.session_state.get("selected")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        draw(view, selected)
    with right:
        detail_panel.render(view, selected)


def draw(view: View, selected: str | None) -> None:
    t, cat = view.t, view.cat
    if view.frame.empty:
        st.info(t("map.empty"))
    data = points(cat, view.lang)
    v = version(cat, view.lang)
    value = st.session_state.get(KEY)
    have = value.get("have") if isinstance(value, dict) else None
    # A selection made on the map itself must not move the map; one from the list or the URL centres it.
    centre = bool(selected) and selected != st.session_state.get("_map_clicked")
    send = have != v
    _component(
        v=v,
        data=encoded(cat, view.lang) if send else None,
        areas=areas(cat, view.lang) if send else None,
        show=visible(view),
        near=near(view),
        sel=data.position.get(selected, -1) if selected else -1,
        centre=centre,
        shade=served_areas(cat.frame.at[selected, "areas_served"], cat.areas.ids())
        if selected in cat.frame.index
        else [],
        lang=view.lang,
        text={key: t(f"map.frame.{key}") for key in FRAME_TEXT},
        options=OPTIONS,
        key=KEY,
        default=None,
        on_change=_take_click,
    )
    st.caption(t("map.hint"))
