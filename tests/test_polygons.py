"""assetmap.geo.polygons: the area polygons read safely, areas by point-in-polygon, the `areas` command."""

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assetmap.catalogue import load_catalogue
from assetmap.geo.areas import load_areas
from assetmap.geo.gazetteer import Gazetteer
from assetmap.geo.polygons import SEA_MARGIN_M, area_ids, load_polygons

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SUPPORT = ("areas.yaml", "areas.geojson", "gazetteer.csv", "postcode_districts.csv")

# border towns on both sides of the England-Wales border: the area each must get ('' = in England)
BORDER = {
    "Chepstow": "monmouthshire",
    "Monmouth": "monmouthshire",
    "Knighton": "powys",
    "Hay-on-Wye": "powys",
    "Presteigne": "powys",
    "Welshpool": "powys",
    "Saltney": "flintshire",
    "Chester": "",
    "Oswestry": "",
    "Kington": "",
    "Clifford": "",
    "Ellesmere": "",
}


@pytest.fixture(scope="module")
def areas():
    return load_areas(DATA)


@pytest.fixture(scope="module")
def polys(areas):
    return load_polygons(DATA, areas)


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load(DATA)


def test_loaded_as_geodataframe_keyed_by_area(polys, areas):
    assert list(polys.index) == areas.ids() and len(polys) == 22
    assert polys.crs.to_epsg() == 4326
    assert polys.loc["cardiff", "name_cy"] == "Caerdydd" and polys.loc["cardiff", "code"] == "W06000015"
    assert polys.geometry.is_valid.all() and polys["approximate"].all()


def test_border_towns_on_both_sides(polys, gaz):
    places = {name: gaz.lookup(name) for name in BORDER}
    assert all(places.values()), [n for n, p in places.items() if p is None]
    got = area_ids(polys, [p.lon for p in places.values()], [p.lat for p in places.values()], gaz)
    assert dict(zip(BORDER, got)) == BORDER


def test_every_welsh_place_gets_an_area_and_english_ones_none(polys, gaz):
    """The gazetteer's own areas agree with the polygons, up to the few approximate-boundary villages."""
    rows = [e.place for e in gaz._entries if e.place.kind == "place"]
    got = area_ids(polys, [p.lon for p in rows], [p.lat for p in rows], gaz)
    welsh = [(p.name, p.area, a) for p, a in zip(rows, got) if p.country == "wales"]
    assert all(a for _, _, a in welsh)
    assert sum(own != a for _, own, a in welsh) <= 0.02 * len(welsh)
    assert not [(p.name, a) for p, a in zip(rows, got) if p.country == "england" and a]


def test_sea_margin(polys, gaz):
    # Aberystwyth seafront moved west: 1 km out takes the nearest area; 10 km out is in no area
    lat, lon = 52.4153, -4.0829
    one_km, ten_km = 1 / (111.32 * math.cos(math.radians(lat))), 10 / (111.32 * math.cos(math.radians(lat)))
    assert 1000 < SEA_MARGIN_M < 10_000
    got = area_ids(polys, [lon - 0.02 - one_km, lon - ten_km, math.nan], [lat, lat, lat], gaz)
    assert list(got) == ["ceredigion", "", ""]


def test_nothing_to_assign(polys):
    assert len(area_ids(polys, [], [])) == 0


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "organisations").mkdir(parents=True)
    shutil.copytree(DATA / "vocab", data / "vocab")
    for name in SUPPORT:
        shutil.copy(DATA / name, data)
    return data


ORG = """id: {rid}
name: {name}
summary: A community group on the border.
themes: [carers]
sectors: [third-sector]
location: {location}
status: active
sources:
  - title: Their website
    date: 2025
    url: https://example.org/{rid}
"""


def test_catalogue_areas_by_polygon(tmp_path, gaz):
    data = _data(tmp_path)
    towns = {
        "Chepstow": "monmouthshire",
        "Chester": "",
        "Knighton": "powys",
        "Hay-on-Wye": "powys",
        "Presteigne": "powys",
        "Oswestry": "",
    }
    for town in towns:
        rid = town.lower().replace("-", "")
        (data / "organisations" / f"{rid}.yaml").write_text(
            ORG.format(rid=rid, name=f"{town} group", location=f"{{place: {town}}}"), encoding="utf-8"
        )
    # given coordinates: a spot in Chepstow town centre, and one in Chester
    (data / "organisations" / "by-the-bridge.yaml").write_text(
        ORG.format(rid="by-the-bridge", name="By the bridge", location="{lat: 51.6419, lon: -2.6745}")
    )
    (data / "organisations" / "over-the-dee.yaml").write_text(
        ORG.format(rid="over-the-dee", name="Over the Dee", location="{lat: 53.1905, lon: -2.8919}")
    )
    cat = load_catalogue(data)
    assert not cat.result.errors, cat.result.errors
    got = cat.frame["area"].to_dict()
    for town, area in towns.items():
        assert got[town.lower().replace("-", "")] == area, town
    assert got["by-the-bridge"] == "monmouthshire" and got["over-the-dee"] == ""
    assert cat.frame.loc["knighton", "region"] == "mid-wales"
    assert cat.frame.loc["chester", "region"] == "" and cat.frame.loc["chester", "health_board"] == ""


def _broken(data: Path, text: str | bytes) -> None:
    target = data / "areas.geojson"
    target.unlink()
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


def _fc(**change) -> dict:
    doc = json.loads((DATA / "areas.geojson").read_text(encoding="utf-8"))
    for fn in change.values():
        fn(doc)
    return doc


@pytest.mark.parametrize(
    "case, content, words",
    [
        (
            "nan",
            lambda: json.dumps(
                _fc(nan=lambda d: d["features"][0]["geometry"]["coordinates"][0][0][0].__setitem__(0, float("nan")))
            ),
            "NaN",
        ),
        ("missing", lambda: json.dumps(_fc(drop=lambda d: d["features"].pop())), "no polygon for merthyr-tydfil"),
        (
            "unknown",
            lambda: json.dumps(_fc(rename=lambda d: d["features"][0]["properties"].__setitem__("id", "atlantis"))),
            "'atlantis' is not in areas.yaml",
        ),
        ("latin1", lambda: b'{"type": "FeatureCollection", "name": "Ynys M\xf4n"}', "not UTF-8"),
        (
            "point",
            lambda: json.dumps(
                _fc(pt=lambda d: d["features"][0].__setitem__("geometry", {"type": "Point", "coordinates": [-3, 52]}))
            ),
            "Polygon or MultiPolygon",
        ),
        ("huge", lambda: " " * 2_000_001, "file-too-large"),
    ],
)
def test_bad_polygon_files_are_refused(tmp_path, areas, case, content, words):
    data = _data(tmp_path)
    _broken(data, content())
    with pytest.raises(ValueError) as exc:
        load_polygons(data, areas)
    assert words in str(exc.value)


def test_symlinked_polygons_refused_and_catalogue_falls_back(tmp_path, areas):
    data = _data(tmp_path)
    (data / "areas.geojson").unlink()
    os.symlink(DATA / "areas.geojson", data / "areas.geojson")
    with pytest.raises(ValueError, match="symbolic link"):
        load_polygons(data, areas)
    (data / "organisations" / "hay.yaml").write_text(
        ORG.format(rid="hay", name="Hay group", location="{place: Hay-on-Wye}")
    )
    cat = load_catalogue(data)
    assert cat.frame.loc["hay", "area"] == "powys"  # the nearest settlement's area, as before polygons
    assert [(p.code, Path(p.path).name) for p in cat.result.problems] == [("support-file", "areas.geojson")]


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "assetmap.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_areas_command_geojson(tmp_path, areas):
    out = run("areas", "--format", "geojson")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["type"] == "FeatureCollection" and doc["approximate"] is True and "pproximate" in doc["note"]
    assert [f["properties"]["id"] for f in doc["features"]] == areas.ids()
    props = doc["features"][0]["properties"]
    assert set(props) == {"code", "id", "name", "name_cy", "region", "health_board", "approximate"}
    assert {f["geometry"]["type"] for f in doc["features"]} <= {"Polygon", "MultiPolygon"}
    target = tmp_path / "areas.json"
    out = run("areas", "--format", "geojson", "-o", str(target))
    assert out.returncode == 0 and "22 areas" in out.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == doc


def test_areas_command_without_polygons(tmp_path):
    data = _data(tmp_path)
    (data / "areas.geojson").unlink()
    out = run("areas", "--format", "geojson", "--data", str(data))
    assert out.returncode == 1 and "areas.geojson does not exist" in out.stderr
