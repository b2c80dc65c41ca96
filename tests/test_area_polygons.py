"""data/areas.geojson: polygons of the 22 Welsh principal areas (built by scripts/build_area_polygons.py).

Only reads committed files (no network, no import of the build script or of assetmap). Distances and areas are
measured in British National Grid (EPSG:27700).

Tolerances, and why:

* The polygons are *approximate* (Voronoi cells of ONS postcode centroids, see data/ATTRIBUTION.md): a boundary
  is placed half-way between the nearest postcodes of two areas, so it can be off by a few hundred metres, and a
  gazetteer place is a single point (GeoNames or hand-entered) for a settlement that may straddle a boundary
  (Llanymynech, Newcastle Emlyn/Adpar). So a Welsh place may lie outside its own area if it is within
  ``NEAR_M`` = 1 km of it, and at most 2% of places may do so (today: 4 of 528, all within 130 m).
* English places may fall inside Wales only within ``BORDER_M`` = 500 m of the Welsh boundary (today: none).
* Neighbours share vertices exactly (the build simplifies them as one coverage), so overlaps and gaps are zero up
  to the 5-decimal rounding (~1 m); we allow 0.01 km² in total.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
import yaml

ROOT = Path(__file__).resolve().parent.parent
GEOJSON = ROOT / "data" / "areas.geojson"
AREAS_YAML = ROOT / "data" / "areas.yaml"
GAZETTEER = ROOT / "data" / "gazetteer.csv"

WALES_KM2 = 20_800  # ONS Standard Area Measurement for Wales is about 20,780 km² (land, to mean high water)
NEAR_M = 1_000
MAX_MISMATCH_SHARE = 0.02
BORDER_M = 500
GAP_TOLERANCE_M2 = 10_000


@pytest.fixture(scope="module")
def fc() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def areas() -> list[dict]:
    return yaml.safe_load(AREAS_YAML.read_text(encoding="utf-8"))["areas"]


@pytest.fixture(scope="module")
def gdf(fc) -> gpd.GeoDataFrame:
    g = gpd.GeoDataFrame.from_features(fc["features"], crs="EPSG:4326")
    return g.to_crs("EPSG:27700").set_index("id", drop=False)


@pytest.fixture(scope="module")
def places() -> list[dict]:
    with open(GAZETTEER, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["kind"] == "place"]


def _points(rows: list[dict]) -> gpd.GeoSeries:
    return gpd.GeoSeries(
        gpd.points_from_xy([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows]), crs="EPSG:4326"
    ).to_crs("EPSG:27700")


def test_file_is_small_and_rounded():
    text = GEOJSON.read_text(encoding="utf-8")
    assert len(text.encode()) < 400_000
    for f in json.loads(text)["features"]:
        for x, y in shapely.get_coordinates(shapely.geometry.shape(f["geometry"])):
            assert round(x, 5) == x and round(y, 5) == y
            assert -5.8 < x < -2.6 and 51.3 < y < 53.5


def test_22_features_matching_areas_yaml(fc, areas):
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 22
    by_code = {a["code"]: a for a in areas}
    seen = set()
    for f in fc["features"]:
        p = f["properties"]
        a = by_code[p["code"]]
        assert (p["id"], p["name"], p["name_cy"], p["region"], p["health_board"]) == (
            a["id"],
            a["en"],
            a["cy"],
            a["region"],
            a["health_board"],
        )
        assert p["approximate"] is True
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        seen.add(p["code"])
    assert seen == set(by_code)


def test_polygons_valid(fc, gdf):
    for f in fc["features"]:
        g = shapely.geometry.shape(f["geometry"])
        assert g.is_valid, (f["properties"]["id"], shapely.is_valid_reason(g))
        assert not g.is_empty
    assert gdf.geometry.is_valid.all()


def test_exteriors_counter_clockwise(fc):
    """RFC 7946 winding: exterior rings counter-clockwise, holes clockwise."""
    for f in fc["features"]:
        for p in shapely.get_parts(shapely.geometry.shape(f["geometry"])):
            assert p.exterior.is_ccw, f["properties"]["id"]
            assert all(not r.is_ccw for r in p.interiors), f["properties"]["id"]


def test_union_area_is_that_of_wales(gdf):
    area = shapely.union_all(gdf.geometry.values).area / 1e6
    assert abs(area - WALES_KM2) / WALES_KM2 < 0.03, area
    # every area within 25% of a rough figure, so no area has swallowed sea or a neighbour
    rough = {"powys": 5180, "gwynedd": 2535, "isle-of-anglesey": 711, "cardiff": 141, "merthyr-tydfil": 111}
    for k, km2 in rough.items():
        assert abs(gdf.loc[k].geometry.area / 1e6 - km2) / km2 < 0.25, k


def test_no_overlaps_or_gaps(gdf):
    geoms = list(gdf.geometry.values)
    overlap = sum(
        shapely.intersection(a, b).area for i, a in enumerate(geoms) for b in geoms[i + 1 :] if a.intersects(b)
    )
    assert overlap < GAP_TOLERANCE_M2, overlap
    union = shapely.union_all(geoms)
    holes = sum(shapely.Polygon(r).area for p in shapely.get_parts(union) for r in p.interiors)
    assert holes < GAP_TOLERANCE_M2, holes
    # slivers narrower than 10 m between neighbours (open to the sea, so not holes): closing the union by 5 m
    # would fill them
    closed = shapely.buffer(shapely.buffer(union, 5, quad_segs=2), -5, quad_segs=2)
    slivers = shapely.difference(closed, union).area
    assert slivers < GAP_TOLERANCE_M2 * 5, slivers


def test_neighbours_match_areas_yaml(gdf, areas):
    """Areas listed as bordering meet (within 200 m: a quadripoint may be off); areas sharing >200 m are listed."""
    geoms = gdf.geometry
    for a in areas:
        g = geoms[a["id"]]
        for b in a["borders"]:
            assert g.distance(geoms[b]) < 200, (a["id"], b)
        for b, h in geoms.items():
            if b != a["id"] and shapely.length(shapely.intersection(g.boundary, h.boundary)) > 200:
                assert b in a["borders"], (a["id"], b)


def test_welsh_places_fall_in_their_own_area(gdf, places):
    wales = [r for r in places if r["country"] == "wales"]
    assert len(wales) > 400
    pts = _points(wales)
    misses = []
    for r, p in zip(wales, pts):
        own = gdf.loc[r["area"]].geometry
        if not own.contains(p):
            misses.append((r["name"], r["area"], own.distance(p)))
    far = [m for m in misses if m[2] > NEAR_M]
    assert not far, far
    assert len(misses) <= MAX_MISMATCH_SHARE * len(wales), misses


def test_english_places_fall_outside_wales(gdf, places):
    eng = [r for r in places if r["country"] == "england"]
    assert len(eng) > 300
    union = shapely.union_all(gdf.geometry.values)
    inside = [(r["name"], union.boundary.distance(p)) for r, p in zip(eng, _points(eng)) if union.contains(p)]
    assert all(d < BORDER_M for _, d in inside), inside
