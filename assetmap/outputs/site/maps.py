"""The site's maps: the app's own record layer (static/assetmap/map.js) over the area outlines (areas.js).

No folium here. The points of every record are built once per language (:func:`mappoints.map_data`, the
app's payload) and each map page gets the slice it shows, inline as escaped JSON in a
``<script type="application/json">`` (a strict CSP runs no inline code, but lets a page read data). Slicing
is list indexing, so an embed costs about as much as any other small page, whatever the catalogue's size
(it used to be one folium map per embed: benchmarks/bench_site.py prints the ratio).

The area outlines are the same on every map, so they are one file per language, ``assets/areas-<lang>.js``
(``window.AssetMapAreas = …``, js_json), cached by the browser across pages instead of repeated in each.
``assets/site.js`` puts it together: Leaflet map, outlines and names as the base, markers above, and
the street-map switch.
"""

from __future__ import annotations

from pathlib import Path

from assetmap.geo.geocode import WALES_CENTRE
from assetmap.geo.polygons import load_polygons
from assetmap.i18n import Translator
from assetmap.labels import place_names
from assetmap.outputs import vendor
from assetmap.outputs.areas_layer import areas_json
from assetmap.outputs.mappoints import LAYER_OPTIONS, MapData, map_data
from assetmap.outputs.script_json import js_json

# OpenStreetMap's standard tiles: the only third-party host, and only once the visitor turns it on
TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_HOST = "https://tile.openstreetmap.org"
# payload keys that are lookup tables, not one value per point (map.js indexes them by a point's value)
_TABLES = frozenset({"places", "kinds", "legendKinds"})
AREAS_FILE = "assets/areas-{lang}.js"


class SiteMaps:
    """Every record's point per language, built once, and the area outlines written once per language."""

    def __init__(self, cat, out: Path, langs: tuple[str, ...], kind_labels: dict[str, dict[str, str]]):
        self.cat = cat
        self.data: dict[str, MapData] = {
            lang: map_data(
                cat.frame,
                lang,
                kind_labels[lang],
                cat.display_names[lang],
                place_names(cat.gazetteer, cat.frame["place"], lang),
            )
            for lang in langs
        }
        try:
            polys = load_polygons(cat.result.data_dir, cat.areas) if len(cat.areas) else None
        except ValueError:  # the catalogue has reported the unreadable file; the maps go without outlines
            polys = None
        self.has_areas = polys is not None
        if polys is not None:
            for lang in langs:
                path = out / AREAS_FILE.format(lang=lang)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"window.AssetMapAreas = {areas_json(polys, lang)};\n", encoding="utf-8")

    def points(self, lang: str, ids=None) -> dict:
        """The payload of the records ``ids`` (all if None) that have a point, in map.js's form."""
        full = self.data[lang].payload
        if ids is None:
            return full
        position = self.data[lang].position  # a dict: cheaper than MapData.visible's pandas index for a few ids
        keep = [position[rid] for rid in ids if rid in position]
        out = {}
        for key, value in full.items():
            per_point = isinstance(value, list) and key not in _TABLES
            out[key] = [value[i] for i in keep] if per_point else value
        # only the places these points name (the full table is as long as the catalogue's list of places)
        new_index: dict[int, int] = {}
        out["p"] = [new_index.setdefault(p, len(new_index)) for p in out["p"]]
        out["places"] = [full["places"][p] for p in new_index]
        return out

    def config(self, lang: str, ids=None, *, selected: str | None = None, focus: str | None = None, shade=()) -> str:
        """The JSON a map page carries for site.js: its points, the selected record, the area to focus on
        (its outline shaded, the others faint) or the areas to shade, and the street-map switch's settings."""
        points = self.points(lang, ids)
        pos = points["id"].index(selected) if selected in points["id"] else -1  # pages with a selection are small
        t = Translator(lang)
        return js_json(
            {
                "points": points,
                "layer": {**LAYER_OPTIONS, "selected": pos, "shown": None},
                "center": list(WALES_CENTRE),
                "focus": focus,
                "shade": [a for a in shade if a in self.cat.areas.areas],
                "tiles": TILES_URL,
                "attribution": t("site.tiles_note"),
            }
        )

    def links(self, root: str, lang: str) -> tuple[list[str], list[str]]:
        """(stylesheets, scripts) of a map page, relative to it (``root``: the way up to the site root)."""
        base = f"{root}vendor"  # where vendor.copy_assets put them
        css = [vendor.asset_url(n, base) for n in ("leaflet_css", "markerclustercss", "markerclusterdefaultcss")]
        css.append(vendor.own_url("mapcss", base))
        js = [vendor.asset_url(n, base) for n in ("leaflet", "markerclusterjs")]
        js.append(vendor.own_url("mapjs", base))
        if self.has_areas:  # areas.js after map.js, which sets window.AssetMap afresh
            js += [f"{root}{vendor.OWN_DIR.name}/areas.js", root + AREAS_FILE.format(lang=lang)]
        return css, js
