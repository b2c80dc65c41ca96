"""The area-outline payload for static/assetmap/areas.js (assetmap.outputs.areas_layer)."""

import json
from pathlib import Path

import pytest
import shapely

from assetmap.geo.areas import load_areas
from assetmap.geo.polygons import load_polygons
from assetmap.outputs.areas_layer import areas_json, areas_payload, served_areas

DATA = Path(__file__).resolve().parent.parent / "data"
EVIL = "</script><img src=x onerror=alert(1)><!--"


@pytest.fixture(scope="module")
def polys():
    return load_polygons(DATA, load_areas(DATA))


@pytest.mark.parametrize(
    "lang, cardiff, anglesey", [("en", "Cardiff", "Isle of Anglesey"), ("cy", "Caerdydd", "Ynys Môn")]
)
def test_names_in_the_page_language(polys, lang, cardiff, anglesey):
    fc = areas_payload(polys, lang)
    names = {f["properties"]["id"]: f["properties"]["name"] for f in fc["features"]}
    assert len(names) == 22 and names["cardiff"] == cardiff and names["isle-of-anglesey"] == anglesey
    assert set(fc["features"][0]["properties"]) == {"id", "name", "label", "approximate"}
    assert ("Approximate area boundaries" if lang == "en" else "Ffiniau bras") in fc["attribution"]


def test_rounded_small_and_labels_inside_their_area(polys):
    fc = areas_payload(polys, "en")
    for f in fc["features"]:
        shape = shapely.geometry.shape(f["geometry"])
        xy = shapely.get_coordinates(shape)
        assert (xy.round(4) == xy).all()
        lon, lat = f["properties"]["label"]
        assert shape.buffer(0.001).contains(shapely.Point(lon, lat)), f["properties"]["id"]
    assert len(areas_json(polys, "en")) < 150_000


def test_json_is_script_safe(polys):
    evil = polys.copy()
    evil.loc["cardiff", "name"] = EVIL
    text = areas_json(evil, "en")
    assert "<" not in text and ">" not in text and "&" not in text
    back = json.loads(text)
    assert next(f for f in back["features"] if f["id"] == "cardiff")["properties"]["name"] == EVIL


def test_served_areas_to_shade():
    ids = ["cardiff", "powys", "ceredigion"]
    assert served_areas(("ceredigion", "powys"), ids) == ["powys", "ceredigion"]  # in the areas' order
    assert served_areas(("wales",), ids) == ids  # all of Wales: every area
    assert served_areas((), ids) == [] and served_areas(None, ids) == []
    assert served_areas(("atlantis",), ids) == []
