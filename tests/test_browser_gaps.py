"""The Gaps view's map as a choropleth of the area polygons, in headless Chromium, offline and without tiles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from assetmap.catalogue import load_catalogue
from assetmap.filters import FilterSpec
from assetmap.labels import Labels
from assetmap.outputs import vendor
from assetmap.ui.common import View
from assetmap.ui.gaps import gap_map

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DATA)


def write(tmp_path: Path, cat, lang: str, counts: dict) -> str:
    view = View(cat, FilterSpec(), cat.frame, Labels(cat.vocab, cat.areas, lang))
    vendor.copy_assets(tmp_path)
    m = gap_map(view, pd.Series(counts), asset_base="vendor")
    page = tmp_path / f"gaps-{lang}.html"
    page.write_text(m.get_root().render(), encoding="utf-8")
    return page.as_uri()


@pytest.mark.parametrize("lang, powys", [("en", "Powys"), ("cy", "Powys")])
def test_choropleth_of_the_polygons_offline(offline_page, tmp_path, cat, lang, powys):
    op = offline_page
    page = op.page
    page.goto(write(tmp_path, cat, lang, {"powys": 4, "cardiff": 1, "wales": 7}))
    page.wait_for_selector("path.leaflet-interactive")
    paths = page.locator("path.leaflet-interactive")
    assert paths.count() == 22
    dashed = page.locator('path.leaflet-interactive[stroke-dasharray="4 3"]')
    assert dashed.count() == 20  # every area but Powys and Cardiff has none
    assert page.locator(".leaflet-tile").count() == 0
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert ("Approximate area boundaries" if lang == "en" else "Ffiniau bras") in attribution
    # hover Llandrindod Wells, in Powys: the tooltip names the area and its count
    x, y = page.evaluate("""() => {
      const map = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))];
      const p = map.latLngToContainerPoint([52.24, -3.38]), r = map.getContainer().getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }""")
    page.mouse.move(x, y)
    page.mouse.move(x + 2, y + 2)
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for()
    assert powys in tip.inner_text() and "4" in tip.inner_text()
    page.screenshot(path=str(tmp_path / f"gaps-{lang}.png"))
    assert op.errors == [] and op.blocked == [] and op.dialogs == []


def test_falls_back_to_circles_without_polygons(tmp_path, cat, monkeypatch):
    monkeypatch.setattr("assetmap.ui.gaps.load_polygons", lambda *a: None)
    view = View(cat, FilterSpec(), cat.frame, Labels(cat.vocab, cat.areas, "en"))
    html = gap_map(view, pd.Series({"powys": 2}), asset_base="vendor").get_root().render()
    assert "circleMarker" in html and "AreaChoropleth" not in html and "L.geoJSON(D.areas" not in html
