"""The 22 principal areas as polygons, and which area a point is in.

``data/areas.geojson`` (built by ``scripts/build_area_polygons.py``; approximate, see data/ATTRIBUTION.md) is
read through the same guarded file reading as records (a pull request may change it), checked against
``data/areas.yaml`` and kept as a GeoDataFrame indexed by area id in EPSG:4326::

    polys = load_polygons(Path("data"), load_areas(Path("data")))
    area_ids(polys, lons, lats)     # array of area ids, '' where a point is in no area

Point-in-polygon is done for all points at once (shapely STRtree). A point just off the coast (the polygons
are clipped to a 1:10m coastline, so piers, harbours and islets can fall outside) takes the nearest area if it
is within ``SEA_MARGIN_M``; a point farther out, or over the land border in England, is in no area ('').
"""

from __future__ import annotations

import json
import weakref
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from assetmap.geo.areas import Areas
from assetmap.geo.gazetteer import Gazetteer
from assetmap.records.problems import problem
from assetmap.records.yamlsafe import Refused, read_bytes

__all__ = ["POLYGONS_FILE", "SEA_MARGIN_M", "load_polygons", "area_ids", "feature_collection"]

POLYGONS_FILE = "areas.geojson"
MAX_BYTES = 2_000_000  # the committed file is ~120 KB; a runaway build or a hostile edit is refused
#: How far off the polygons (in metres, British National Grid) a point may be and still take the nearest area.
SEA_MARGIN_M = 2_000
BNG = "EPSG:27700"
COLUMNS = ("code", "id", "name", "name_cy", "region", "health_board", "approximate")

_cache: dict[tuple[str, int], gpd.GeoDataFrame] = {}


def _refuse_constant(name: str):
    raise ValueError(f"'{name}' is not a number GeoJSON allows")


def _parse(raw: bytes, path: Path) -> list[dict]:
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: byte {e.start} is not UTF-8; save the file as UTF-8") from None
    except ValueError as e:
        raise ValueError(f"{path}: not valid JSON ({e}); rebuild it with scripts/build_area_polygons.py") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ValueError(f"{path}: expected a GeoJSON FeatureCollection")
    return doc["features"]


def _geometry(feature: dict, path: Path):
    props = feature.get("properties") if isinstance(feature, dict) else None
    aid = props.get("id") if isinstance(props, dict) else None
    if not isinstance(aid, str):
        raise ValueError(f"{path}: every feature needs a string 'id' property")
    geom = feature.get("geometry")
    if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"{path}: area {aid!r}: the geometry must be a Polygon or MultiPolygon")
    try:
        shape = shapely.geometry.shape(geom)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, shapely.errors.ShapelyError) as e:
        raise ValueError(f"{path}: area {aid!r}: unreadable coordinates ({e})") from None
    xy = shapely.get_coordinates(shape)
    if not np.isfinite(xy).all() or not ((-180 <= xy[:, 0]) & (xy[:, 0] <= 180) & (np.abs(xy[:, 1]) <= 90)).all():
        raise ValueError(f"{path}: area {aid!r}: coordinates must be finite longitude, latitude pairs")
    if shape.is_empty or not shape.is_valid:
        raise ValueError(f"{path}: area {aid!r}: invalid polygon ({shapely.is_valid_reason(shape)})")
    return aid, props, shape


def load_polygons(data_dir: Path | str, areas: Areas) -> gpd.GeoDataFrame | None:
    """The area polygons (index: area id, in areas.yaml order), or ``None`` if the data folder has no
    areas.geojson. Names, codes, regions and health boards come from areas.yaml. Raises ValueError if the file
    is unsafe, malformed or does not have exactly one feature per area of areas.yaml (cached per path and mtime).
    """
    path = Path(data_dir) / POLYGONS_FILE
    if not path.exists() and not path.is_symlink():
        return None
    key = (str(path.resolve()), path.lstat().st_mtime_ns)
    if key in _cache and list(_cache[key].index) == areas.ids():
        return _cache[key]
    try:
        raw = read_bytes(path, MAX_BYTES)
    except Refused as e:
        said = problem(str(path), 1, "", e.code, e.variant, **e.params)
        raise ValueError(f"{path}: {said.message} [{e.code}]") from None
    shapes: dict[str, object] = {}
    for feature in _parse(raw, path):
        aid, props, shape = _geometry(feature, path)
        area = areas.areas.get(aid)
        if area is None:
            raise ValueError(f"{path}: area {aid!r} is not in areas.yaml")
        if props.get("code") != area.code:
            raise ValueError(f"{path}: area {aid!r} has code {props.get('code')!r}; areas.yaml says {area.code!r}")
        if aid in shapes:
            raise ValueError(f"{path}: area {aid!r} appears twice")
        shapes[aid] = shape
    missing = [a for a in areas.ids() if a not in shapes]
    if missing:
        raise ValueError(f"{path}: no polygon for {', '.join(missing)}; rebuild it with scripts/build_area_polygons.py")
    rows = [areas.areas[a] for a in areas.ids()]
    frame = gpd.GeoDataFrame(
        {
            "code": [a.code for a in rows],
            "id": [a.id for a in rows],
            "name": [a.en for a in rows],
            "name_cy": [a.cy for a in rows],
            "region": [a.region for a in rows],
            "health_board": [a.health_board for a in rows],
            # the committed polygons are derived, not official boundaries; say so wherever they are shown
            "approximate": True,
        },
        geometry=[shapes[a] for a in areas.ids()],
        index=areas.ids(),
        crs="EPSG:4326",
    )
    _cache.clear()  # one data folder at a time is the norm; do not grow without bound in tests
    _cache[key] = frame
    return frame


_bng: dict[int, tuple[weakref.ref, gpd.GeoSeries]] = {}


def _projected(polys: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """The polygons in British National Grid (metres), computed once per polygons frame (frames are
    unhashable, so keyed by id and checked by a weak reference in case the id was reused)."""
    ref, series = _bng.get(id(polys), (None, None))
    if ref is None or ref() is not polys:
        series = polys.geometry.to_crs(BNG)
        _bng.clear()
        _bng[id(polys)] = (weakref.ref(polys), series)
    return series


def area_ids(polys: gpd.GeoDataFrame, lons, lats, gazetteer: Gazetteer | None = None) -> np.ndarray:
    """Principal-area id of each point (object array; '' for none), all points at once.

    Inside a polygon: that area. Outside all of them but within ``SEA_MARGIN_M`` of one: the nearest (a pier,
    a harbour wall, an islet the coastline drops) — unless ``gazetteer`` says the nearest settlement is in
    England: the polygons hold no coastline of their own, so that is how a point over the land border (Chester
    is 2 km from Flintshire) is told from one in the sea. Otherwise '' (England, or far out at sea).
    Non-finite coordinates get ''.
    """
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    out = np.full(len(lons), "", dtype=object)
    if not len(lons):
        return out
    ids = np.asarray(polys.index, dtype=object)
    finite = np.isfinite(lons) & np.isfinite(lats)
    points = shapely.points(np.where(finite, lons, 0.0), np.where(finite, lats, 0.0))
    tree = polys.sindex  # geopandas builds (and keeps) an STRtree over the polygons
    # 'intersects' so a point exactly on a shared edge still gets an area (the first in file order)
    hit_point, hit_area = tree.query(points, predicate="intersects")
    hit_point, first = np.unique(hit_point, return_index=True)
    out[hit_point] = ids[hit_area[first]]
    missed = np.flatnonzero(finite & (out == ""))
    if len(missed):
        offshore = gpd.GeoSeries(points[missed], crs="EPSG:4326").to_crs(BNG)
        bng = _projected(polys)
        near_point, near_area = bng.sindex.nearest(offshore.values, max_distance=SEA_MARGIN_M, return_all=False)
        for i, a in zip(missed[near_point].tolist(), ids[near_area].tolist()):
            place = gazetteer.nearest_place(lats[i], lons[i]) if gazetteer is not None else None
            if place is None or place.country == "wales":
                out[i] = a
    return out


def feature_collection(polys: gpd.GeoDataFrame, digits: int = 5) -> dict:
    """The polygons as a GeoJSON FeatureCollection (RFC 7946: lon/lat, coordinates rounded to ``digits``)."""
    features = []
    for aid, row in polys.iterrows():
        geom = shapely.transform(row.geometry, lambda xy: np.round(xy, digits))
        features.append(
            {
                "type": "Feature",
                "id": aid,
                "properties": {c: (bool(row[c]) if c == "approximate" else str(row[c])) for c in COLUMNS},
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    return {"type": "FeatureCollection", "features": features}
