"""Catalogue frame → folium map. Escaping for the map lives here, once.

Public API
----------
``build_map(frame, *, lang="en", labels=None, selected=None, asset_base=STREAMLIT_ASSET_BASE,
tiles="OpenStreetMap") -> folium.Map``
    One clustered layer of all records (leaflet.markercluster, markers built in JS from a compact
    column array: ~0.1 s and ~170 B per record in Python; see benchmarks/bench_map.py), a legend,
    a tooltip (name) and a popup (name, kind label, place, short summary, record id).

``map_data(frame, lang, labels, names) -> MapData`` (from :mod:`assetmap.outputs.mappoints`)
    The columnar payload of every point, built once; ``MapData.visible(ids)`` gives the points of a
    filtered frame. The app sends the payload to its map component once per catalogue and then only
    the visible indices (assetmap.ui.mapview_tab).

The JS and CSS are real files, ``static/assetmap/map.js`` and ``map.css`` (``vendor.own_url``),
loaded like the vendored Leaflet through each element's ``default_js``/``default_css``: cached by
the browser, linted as what they are. Only the escaped payload is inline.

``js_json(value) -> str``
    The one escaping function: JSON that is safe inside an inline ``<script>``.

Security
--------
No record value is ever put into HTML or into JavaScript source as code. All values travel as
one JSON object (:func:`js_json`: ``<``, ``>``, ``&``, ``'``, U+2028 and U+2029 are \\u-escaped,
so ``</script>``, ``<!--`` and line separators cannot end the script or the string) and the
browser builds the tooltip and popup DOM with ``textContent`` (static/assetmap/map.js). The
rendered script is never compiled as a template again (:class:`RawLayer`). folium's Popup/Tooltip/GeoJsonPopup
(raw HTML, and ``${...}`` evaluated inside template literals) are not used.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink
from folium.elements import JSCSSMixin
from folium.template import Template

from assetmap.geo.geocode import WALES_CENTRE
from assetmap.outputs import vendor
from assetmap.outputs.mappoints import LAYER_OPTIONS, MapData, map_data
from assetmap.outputs.script_json import js_json
from assetmap.outputs.vendor import STREAMLIT_ASSET_BASE

__all__ = [
    "LAYER_OPTIONS",
    "MapData",
    "STREAMLIT_ASSET_BASE",
    "build_map",
    "js_json",
    "map_data",
]


_JS = """
var {{ this.get_name() }} = (function (map) {
  var D = {{ this.payload }};
  return AssetMap.recordLayer(map, D, {{ this.options }});
})({{ this._parent.get_name() }});
"""


class _Raw(Element):
    """Already-rendered text, emitted verbatim (never compiled as a template)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = str(text)

    def render(self, **kwargs) -> str:
        return self._text


class RawLayer(JSCSSMixin):
    """A layer whose template output is added as is (see `render`); subclasses set `_template`."""

    def render(self, **kwargs):
        """Like JSCSSMixin/MacroElement.render, minus the second Jinja pass.

        MacroElement.render wraps the rendered script in ``Element(text)``, which compiles the
        text as a Jinja template: megabytes of data lexed again (half the build time at 10k),
        and any ``{{ }}`` in it evaluated. We add the rendered text as is.
        """
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map (its Figure), not the layer"
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        module = self._template.module
        if hasattr(module, "header"):
            figure.header.add_child(_Raw(module.header(self, kwargs)), name=self.get_name())
        figure.script.add_child(_Raw(module.script(self, kwargs)), name=self.get_name())


class RecordLayer(RawLayer):
    """All records as one marker-cluster group (used by :func:`build_map`)."""

    _template = Template("{% macro script(this, kwargs) %}" + _JS + "{% endmacro %}")

    def __init__(self, data: MapData, asset_base: str, selected: str | None = None):
        super().__init__()
        self._name = "RecordLayer"
        self.payload = js_json(data.payload)
        sel = data.position.get(selected, -1) if selected else -1
        self.options = js_json({**LAYER_OPTIONS, "selected": sel, "shown": None})
        self.default_js = [
            ("markerclusterjs", vendor.asset_url("markerclusterjs", asset_base)),
            ("assetmapjs", vendor.own_url("mapjs", asset_base)),
        ]
        self.default_css = [
            ("markerclustercss", vendor.asset_url("markerclustercss", asset_base)),
            ("markerclusterdefaultcss", vendor.asset_url("markerclusterdefaultcss", asset_base)),
            ("assetmapcss", vendor.own_url("mapcss", asset_base)),
        ]


def build_map(
    frame,
    *,
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
    selected: str | None = None,
    asset_base: str = STREAMLIT_ASSET_BASE,
    tiles: str | None = "OpenStreetMap",
    height: str | int = "100%",
) -> folium.Map:
    """Build the asset map for ``frame`` (the catalogue GeoDataFrame, EPSG:4326, index = id).

    lang: ``"cy"`` shows ``name_cy``/``summary_cy`` where a record has them.
    labels: kind → display label for the legend and popups (the app passes its translations);
        missing kinds fall back to :data:`assetmap.outputs.mappoints.DEFAULT_LABELS` for ``lang``.
    selected: a record id to show unclustered, highlighted, centred and with its popup open.
        It changes the map script, so streamlit-folium remounts the map (view resets): pass it
        for selections made outside the map (list, URL), not for the map's own clicks.
    asset_base: where ``static/vendor`` is served. Streamlit: :data:`STREAMLIT_ASSET_BASE`
        (needs ``server.enableStaticServing``). Standalone HTML: ``vendor.file_base()`` or
        ``vendor.copy_assets(dir)`` + ``"vendor"``. A URL prefix rather than inlined assets,
        because streamlit-folium removes ``<script src>`` from the header, loads each element's
        ``default_js`` URL itself, and adds inline header scripts via ``innerHTML`` (which never
        runs them): only URLs work in all three places, and the files stay cacheable.
    tiles: ``"OpenStreetMap"`` (decoration, needs network) or ``None`` for a plain background;
        markers, clusters, popups and clicks work without any tile server.
    """
    # min zoom: Wales-wide (fewer levels also make clustering cheaper); markercluster needs a max zoom
    m = local_map(asset_base, tiles=tiles, zoom_start=8, min_zoom=6, max_zoom=18, height=height)
    RecordLayer(map_data(frame, lang, labels), asset_base, selected).add_to(m)
    vendor.localise(m, asset_base)  # guard: raises if anything still points at a CDN
    return m


def local_map(asset_base: str, *, tiles, zoom_start: int, min_zoom: int, max_zoom: int, **kwargs) -> folium.Map:
    """A folium map of Wales that loads Leaflet from `asset_base`, never a CDN."""
    m = folium.Map(
        location=WALES_CENTRE,
        zoom_start=zoom_start,
        min_zoom=min_zoom,
        max_zoom=max_zoom,
        tiles=tiles,
        control_scale=True,
        **kwargs,
    )
    # On the map itself (folium only passes min/max zoom to the tile layer, and there may be none).
    m.options["min_zoom"] = min_zoom
    m.options["max_zoom"] = max_zoom
    m.default_js = [("leaflet", vendor.asset_url("leaflet", asset_base))]
    m.default_css = [("leaflet_css", vendor.asset_url("leaflet_css", asset_base))]
    return m
