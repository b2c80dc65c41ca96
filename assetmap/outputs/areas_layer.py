"""The payload for static/assetmap/areas.js: the area polygons as a small, script-safe JSON FeatureCollection.

Each feature keeps only what the browser needs: ``id``, ``name`` in the page language, and ``label`` (a point
inside the area, [lon, lat], for its name). Coordinates are rounded to 4 decimals (~10 m; the polygons are
approximate to a few hundred metres anyway). The JSON is safe to put inside a ``<script>`` element
(:func:`assetmap.outputs.script_json.js_json`).
"""

from __future__ import annotations

import html

import geopandas as gpd
import shapely

from assetmap.geo.polygons import feature_collection
from assetmap.i18n import Translator
from assetmap.outputs.script_json import js_json

DIGITS = 4


def areas_payload(polys: gpd.GeoDataFrame, lang: str = "en") -> dict:
    """FeatureCollection for ``AssetMap.areasLayer``: properties ``id``, ``name`` (Welsh if ``lang`` is 'cy' and
    there is a Welsh name), ``label`` and ``approximate``; ``attribution`` ("approximate boundaries", the
    source and licence) is HTML-escaped, as Leaflet's attribution control inserts it as HTML."""
    fc = feature_collection(polys, digits=DIGITS)
    fc["attribution"] = html.escape(Translator(lang)("map.areas_attribution"))
    for feature, (_, row) in zip(fc["features"], polys.iterrows()):
        inside = shapely.point_on_surface(row.geometry)  # centroids of crescent-shaped areas fall outside them
        name = row["name_cy"] if lang == "cy" and row["name_cy"] else row["name"]
        feature["properties"] = {
            "id": str(row["id"]),
            "name": str(name),
            "label": [round(inside.x, DIGITS), round(inside.y, DIGITS)],
            "approximate": bool(row["approximate"]),
        }
    return fc


def served_areas(areas_served, area_ids: list[str]) -> list[str]:
    """The principal areas to shade for a record's ``areas_served``: all of them for ``wales``."""
    served = set(areas_served or ())
    return list(area_ids) if "wales" in served else [a for a in area_ids if a in served]


def areas_json(polys: gpd.GeoDataFrame, lang: str = "en") -> str:
    """:func:`areas_payload` as JSON that can be inlined in a ``<script>`` element."""
    return js_json(areas_payload(polys, lang))
