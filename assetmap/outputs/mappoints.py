"""The map's points as data: one columnar payload per frame, for map.js (no folium, no HTML here).

Used by the folium map (assetmap.outputs.mapview.build_map, inline as escaped JSON) and by the app's map
component (assetmap.ui.mapview_tab, as a component argument), so the app's map view needs neither
folium nor branca.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from assetmap.catalogue import display_name
from assetmap.i18n import Translator

KINDS: tuple[str, ...] = ("organisation", "project", "person", "skill", "partnership")

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "organisation": "Organisation",
        "project": "Project",
        "person": "Person",
        "skill": "Skill",
        "partnership": "Partnership",
    },
    "cy": {
        "organisation": "Sefydliad",
        "project": "Prosiect",
        "person": "Person",
        "skill": "Sgil",
        "partnership": "Partneriaeth",
    },
}

# Popups show this many characters of a summary at most.
SUMMARY_CHARS = 160

# Colour-blind-safe (Okabe-Ito) colours *and* distinct shapes, so kinds differ without colour.
_SHAPES: dict[str, tuple[str, str]] = {
    "organisation": ("#0072B2", "M9 2.5A6.5 6.5 0 1 1 8.99 2.5Z"),  # circle
    "project": ("#E69F00", "M3 3H15V15H3Z"),  # square
    "person": ("#CC79A7", "M9 2L16 15H2Z"),  # triangle
    "skill": ("#009E73", "M9 1.5L16.5 9L9 16.5L1.5 9Z"),  # diamond
    "partnership": ("#D55E00", "M5 2.5H13L16.5 9L13 15.5H5L1.5 9Z"),  # hexagon
}
_OTHER = ("#888888", "M9 4A5 5 0 1 1 8.99 4Z")


def _svg(colour: str, path: str) -> str:
    # Constant markup from this module only (never record data).
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 18 18" width="100%" height="100%"'
        ' aria-hidden="true">'
        f'<path d="{path}" fill="none" stroke="#000" stroke-opacity=".55" stroke-width="3.2"/>'
        f'<path d="{path}" fill="{colour}" stroke="#fff" stroke-width="1.4"/></svg>'
    )


def _pin_svg(colour: str, path: str) -> str:
    # The selected record: a dark pin holding the kind's shape; its tip marks the point, so a
    # cluster of other records at the same place stays visible and clickable underneath.
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 40" width="100%" height="100%"'
        ' aria-hidden="true">'
        '<path d="M15 39C15 39 2.5 24.5 2.5 15A12.5 12.5 0 1 1 27.5 15C27.5 24.5 15 39 15 39Z"'
        ' fill="#1b1b1b" stroke="#fff" stroke-width="2"/>'
        f'<g transform="translate(6 6)"><path d="{path}" fill="{colour}" stroke="#fff" stroke-width="1.4"/></g>'
        "</svg>"
    )


def _coarse_svg(colour: str, path: str) -> str:
    # A record placed by town, postcode district or area: the kind's shape inside a dashed ring, so a
    # guessed position never looks like a surveyed one (issue 12). Drawn at 22 px instead of 18.
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-3 -3 24 24" width="100%" height="100%"'
        ' aria-hidden="true">'
        '<circle cx="9" cy="9" r="10.6" fill="#fff" fill-opacity=".8" stroke="#1b1b1b" stroke-width="1.5"'
        ' stroke-dasharray="3.2 2.2"/>'
        f'<path d="{path}" fill="{colour}" stroke="#1b1b1b" stroke-opacity=".7" stroke-width="1.2"/></svg>'
    )


# How a record was placed (catalogue column ``geocode``, assetmap.geo.geocode.Located.how): given coordinates
# are a real position; a town, postcode district or area centre is a guess at that scale.
EXACT = "coordinates"
COARSE = frozenset({"place", "postcode", "area"})
INHERITED = "organisation"  # the owner's point: exact only where the owner's own point is
# Co-located points are spread on a sunflower spiral (record id order) with this step, so none hides
# another: 150 m * sqrt(rank) keeps neighbours ~250 m apart, apart on screen from zoom 14 on.
SPREAD_M = 150.0
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_M_PER_DEG = 111_320.0


def coarse_flags(frame, xs: list[float], ys: list[float]) -> list[int]:
    """1 for each row placed by town, postcode district or area (not by its own coordinates), else 0.

    A record placed by its organisation is coarse unless its point is that of a record placed by coordinates
    (the geocoder passes the owner's point on unchanged)."""
    n = len(frame)
    if "geocode" not in frame.columns:
        return [0] * n
    how = _column(frame, "geocode", n)
    exact = {(x, y) for h, x, y in zip(how, xs, ys) if h == EXACT}
    return [int(h in COARSE or (h == INHERITED and (x, y) not in exact)) for h, x, y in zip(how, xs, ys)]


def spread(lons: list[float], lats: list[float], ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Points moved so that no two share a position: the first record (by id) of each shared point stays,
    the others go round it on a sunflower spiral, ``SPREAD_M`` metres per step. Deterministic."""
    lon, lat = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    where = pd.DataFrame({"x": lon.round(5), "y": lat.round(5)})
    shared = where.duplicated(keep=False).to_numpy()
    if not shared.any():
        return lon, lat
    # only the points that share a place are ordered (by id) and ranked
    order = where[shared].assign(id=np.asarray(ids, dtype=object)[shared]).sort_values(["x", "y", "id"])
    rank = np.zeros(len(lon))
    rank[order.index.to_numpy()] = order.groupby(["x", "y"], sort=False).cumcount().to_numpy()
    r, a = SPREAD_M * np.sqrt(rank), rank * _GOLDEN_ANGLE
    dlat = r * np.sin(a) / _M_PER_DEG
    dlon = r * np.cos(a) / (_M_PER_DEG * np.cos(np.radians(lat)))
    return lon + dlon, lat + dlat


def short_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """First ``limit`` characters of ``text``, cut at a word boundary, with an ellipsis."""
    flat = " ".join(str(text or "").split())
    if len(flat) <= limit:
        return text if flat == text else flat  # the text itself when unchanged: the payloads share one copy
    text = flat
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def _column(frame, name: str, n: int) -> list[str]:
    if name not in frame.columns:
        return [""] * n
    out = []
    for v in frame[name].tolist():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append("")
        else:
            out.append(str(v))
    return out


@dataclass(frozen=True)
class MapData:
    """The columnar data for the JS layer, built once for a frame.

    ``payload`` goes to the browser (parallel arrays lat, lon, k, id, n, p, s, u, c; places; kinds;
    legendKinds; text). ``c`` is 1 for a point placed by town, postcode district or area (drawn as
    such); co-located points are spread around their place (:func:`spread`). A filtered view of the same frame becomes the list of points to show
    (:meth:`visible`) without building anything again.
    """

    payload: dict

    @cached_property
    def position(self) -> dict[str, int]:
        """record id -> its point's index in the payload (records without a point are not in it)."""
        return {rid: i for i, rid in enumerate(self.payload["id"])}

    @cached_property
    def _index(self) -> pd.Index:
        return pd.Index(self.payload["id"])

    def visible(self, ids) -> list[int]:
        """The payload indices of the records `ids` (e.g. a filtered frame's index) that have a point."""
        return self.rows_visible(self.slots(ids), np.ones(len(ids), dtype=bool))

    def slots(self, ids) -> np.ndarray:
        """Each of `ids`' payload index, or -1 without a point: worked out once for a catalogue's frame, so a
        filter's mask over that frame gives its points without looking any id up (`rows_visible`)."""
        return self._index.get_indexer(pd.Index(ids))  # one hash lookup each, in C

    @staticmethod
    def rows_visible(slots: np.ndarray, mask: np.ndarray) -> list[int]:
        """The payload indices of the rows `mask` keeps, given `slots` of the same rows."""
        found = slots[mask]
        return found[found >= 0].tolist()


def map_data(
    frame,
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    place_names: Mapping[str, str] | None = None,
    like: MapData | None = None,
) -> MapData:
    """Every point of `frame` for the JS layer (see :class:`MapData`).

    labels: kind -> display label (missing kinds fall back to :data:`DEFAULT_LABELS` for ``lang``).
    names: record id -> display name (the app passes ``Catalogue.display_names[lang]``); without it the
        frame's ``name``/``name_cy`` columns give it through :func:`assetmap.catalogue.display_name`.
    place_names: place as written -> as shown in ``lang`` (:func:`assetmap.labels.place_names`: Caerdydd).
    like: the payload of the same frame in another language: its columns that no language changes (lat, lon,
        k, id, u, c) are taken as they are, and its summaries where this language has none of its own, so
        the two payloads the app keeps share them (~15 MiB at 50,000 records).
    """
    merged = dict(DEFAULT_LABELS.get(lang, DEFAULT_LABELS["en"]))
    merged.update({str(k): str(v) for k, v in (labels or {}).items()})
    n = len(frame)
    ids = _column(frame, "id", n) if "id" in frame.columns else [str(i) for i in frame.index]
    kinds = _column(frame, "kind", n)
    if names is None:
        names = {
            rid: display_name(en, cy, lang)
            for rid, en, cy in zip(ids, _column(frame, "name", n), _column(frame, "name_cy", n))
        }
    summaries = _column(frame, "summary", n)
    own = [True] * n  # whether a point's summary is in this language's own words (else as in `like`)
    if lang == "cy":
        welsh = _column(frame, "summary_cy", n)
        own = [bool(cy) for cy in welsh]
        summaries = [cy or en for cy, en in zip(welsh, summaries)]
    places = _column(frame, "place", n)
    if place_names:
        places = [place_names.get(p, p) for p in places]
    # year of the newest source or confirmation of records nothing recent vouches for; 0 = current
    current = frame["current"].tolist() if "current" in frame.columns else [True] * n
    as_of = _column(frame, "as_of", n)
    old = [0 if ok_ else int(when[:4]) if when[:4].isdigit() else -1 for ok_, when in zip(current, as_of)]

    geom = frame.geometry
    ok = ~(geom.isna() | geom.is_empty)
    xs = [float("nan")] * n
    ys = [float("nan")] * n
    if ok.any():
        pts = geom[ok]
        if not (pts.geom_type == "Point").all():
            pts = pts.representative_point()
        for pos, x, y in zip(ok.to_numpy().nonzero()[0], pts.x.tolist(), pts.y.tolist()):
            xs[pos], ys[pos] = x, y

    coarse = coarse_flags(frame, xs, ys)
    placed = [i for i in range(n) if math.isfinite(xs[i]) and math.isfinite(ys[i])]
    sx, sy = spread([xs[i] for i in placed], [ys[i] for i in placed], [ids[i] for i in placed])
    for i, x, y in zip(placed, sx.tolist(), sy.tolist()):
        xs[i], ys[i] = x, y

    t = Translator(lang)
    kind_order = list(KINDS) + sorted({k for k in kinds if k not in KINDS})
    kind_index = {k: i for i, k in enumerate(kind_order)}
    place_list: list[str] = []
    place_index: dict[str, int] = {}

    cols: dict[str, list] = {"lat": [], "lon": [], "k": [], "id": [], "n": [], "p": [], "s": [], "u": [], "c": []}
    present: set[int] = set()
    for i in range(n):
        x, y = xs[i], ys[i]
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        k = kind_index[kinds[i]]
        present.add(k)
        pl = places[i]
        if pl not in place_index:
            place_index[pl] = len(place_list)
            place_list.append(pl)
        if like is None:
            cols["lat"].append(round(y, 5))
            cols["lon"].append(round(x, 5))
            cols["k"].append(k)
            cols["id"].append(ids[i])
            cols["u"].append(old[i])
            cols["c"].append(coarse[i])
        cols["n"].append(names.get(ids[i]) or ids[i])
        cols["p"].append(place_index[pl])
        cols["s"].append(short_summary(summaries[i]) if own[i] or like is None else like.payload["s"][len(cols["s"])])
    if like is not None:
        if len(like.payload["id"]) != len(cols["n"]):
            raise ValueError("map_data: `like` is the payload of another frame")
        cols.update({key: like.payload[key] for key in SAME_IN_EVERY_LANGUAGE})

    kinds_js = []
    for kind in kind_order:
        colour, path = _SHAPES.get(kind, _OTHER)
        kinds_js.append(
            {
                "label": merged.get(kind, kind),
                "svg": _svg(colour, path),
                "coarse": _coarse_svg(colour, path),
                "pin": _pin_svg(colour, path),
            }
        )
    payload = {
        **cols,
        "places": place_list,
        "kinds": kinds_js,
        "legendKinds": [i for i, k in enumerate(kind_order) if k in KINDS or i in present],
        # "Not confirmed since {year}": the map writes the year in (records.honesty, issue 11)
        "oldNote": t("detail.not_confirmed"),
        "undatedNote": t("detail.not_confirmed_undated"),
        "fadedLegend": t("map.faded"),
        # the record layer's own words (static/assetmap/map.js): legend, accessible names of markers and clusters
        "text": {key: t(f"map.layer.{key}") for key in LAYER_TEXT},
    }
    return MapData(payload)


# payload columns no language changes (map_data's `like`)
SAME_IN_EVERY_LANGUAGE = ("lat", "lon", "k", "id", "u", "c")
# keys under map.layer in assetmap/locales/*/map.yaml
LAYER_TEXT = ("coarse", "marker", "cluster", "legend", "show_legend", "hide_legend", "close_popup")

LAYER_OPTIONS = {
    "selectedZoom": 12,
    "fitMaxZoom": 12,
    "cluster": {
        "showCoverageOnHover": False,
        "spiderfyOnMaxZoom": True,
        "zoomToBoundsOnClick": True,
        "maxClusterRadius": 60,
        "chunkedLoading": False,
    },
}

# The whole script: the payload is the only data, as escaped JSON; static/assetmap/map.js does the rest.
