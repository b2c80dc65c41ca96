"""static/assetmap/areas.js in headless Chromium, offline and without tiles: outlines and names under the
markers in both languages, click → area id, shading a service area, hostile names stay text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assetmap.geo.areas import load_areas
from assetmap.geo.polygons import load_polygons
from assetmap.outputs import vendor
from assetmap.outputs.areas_layer import areas_json

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
EVIL = "<img src=x onerror=alert(1)>${alert(2)}</script><script>alert(3)</script>"

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<link rel="stylesheet" href="vendor/leaflet-1.9.3/leaflet.css">
<script src="vendor/leaflet-1.9.3/leaflet.js"></script>
<script src="assetmap/areas.js"></script>
<style>html, body, #map {{ margin: 0; height: 100%; }}</style>
</head><body><div id="map"></div>
<script>
  var map = L.map("map", {{zoomSnap: 0}});
  window.clicked = [];
  window.areas = AssetMap.areasLayer(map, {payload}, {{lang: "{lang}", onClick: function (id) {{ clicked.push(id); }}}});
  map.fitBounds(areas.bounds());
  window.marker = L.marker([52.3, -3.5], {{title: "a record"}}).addTo(map);
</script></body></html>
"""


@pytest.fixture(scope="module")
def polys():
    return load_polygons(ROOT / "data", load_areas(ROOT / "data"))


def write_page(tmp_path: Path, polys, lang: str) -> str:
    vendor.copy_assets(tmp_path)
    (tmp_path / "assetmap").mkdir(exist_ok=True)
    shutil.copy(ROOT / "static" / "assetmap" / "areas.js", tmp_path / "assetmap" / "areas.js")
    page = tmp_path / f"areas-{lang}.html"
    page.write_text(PAGE.format(lang=lang, payload=areas_json(polys, lang)), encoding="utf-8")
    return page.as_uri()


@pytest.mark.parametrize(
    "lang, cardiff, anglesey", [("en", "Cardiff", "Isle of Anglesey"), ("cy", "Caerdydd", "Ynys Môn")]
)
def test_outlines_and_names_under_the_markers(offline_page, tmp_path, polys, lang, cardiff, anglesey):
    op = offline_page
    page = op.page
    page.goto(write_page(tmp_path, polys, lang))
    page.wait_for_selector(".am-area-label")
    assert page.locator(".leaflet-am-areas-pane path").count() == 22
    labels = page.locator(".am-area-label")
    assert labels.count() == 22
    texts = labels.all_inner_texts()
    assert cardiff in texts and anglesey in texts
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert ("Approximate area boundaries" if lang == "en" else "Ffiniau bras yr ardaloedd") in attribution
    assert page.locator(".leaflet-tile").count() == 0  # no tiles: the outlines are the base
    z = page.evaluate("""() => ['am-areas', 'am-areas-labels', 'markerPane'].map(
        n => Number(getComputedStyle(map.getPane(n)).zIndex))""")
    assert z[0] < z[2] and z[1] < z[2]
    # the marker sits on Powys and is what the pointer reaches there, not the outline
    box = page.locator('img.leaflet-marker-icon[title="a record"]').bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).className",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit.startswith("leaflet-marker-icon") and "am-area-label" not in hit
    page.screenshot(path=str(tmp_path / f"areas-{lang}.png"))
    assert op.errors == [] and op.blocked == [] and op.dialogs == []


def test_click_gives_area_id_and_shade_marks_a_service_area(offline_page, tmp_path, polys):
    op = offline_page
    page = op.page
    page.goto(write_page(tmp_path, polys, "en"))
    page.wait_for_selector(".am-area-label")
    # click on Ceredigion's name: names let the click through to the outline beneath
    label = page.locator('.am-area-label[data-area="ceredigion"]')
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate("clicked") == ["ceredigion"]
    fills = (
        "() => Array.from(document.querySelectorAll('.leaflet-am-areas-pane path')).map(p => p.getAttribute('fill'))"
    )
    plain = page.evaluate(fills)
    assert len(set(plain)) == 1
    page.evaluate("areas.shade(['powys', 'ceredigion'])")
    shaded = page.evaluate(fills)
    assert sum(f != plain[0] for f in shaded) == 2
    assert sorted(page.evaluate("areas.shaded()")) == ["ceredigion", "powys"]
    page.evaluate("areas.shade([])")
    assert page.evaluate(fills) == plain


def test_hostile_area_name_is_text(offline_page, tmp_path, polys):
    op = offline_page
    evil = polys.copy()
    evil.loc["powys", "name"] = EVIL
    page = op.page
    page.goto(write_page(tmp_path, evil, "en"))
    page.wait_for_selector(".am-area-label")
    assert page.locator('.am-area-label[data-area="powys"]').inner_text() == EVIL
    assert page.locator(".am-area-label img, .leaflet-am-areas-labels-pane img").count() == 0
    page.wait_for_timeout(300)
    assert op.dialogs == [] and op.errors == []
