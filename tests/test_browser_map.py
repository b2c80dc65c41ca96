"""The folium map (map.js, as the static site uses it) in headless Chromium, offline: markers, popups, XSS,
co-located records, clusters, the selected record. The app's own map component: tests/test_browser_app.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_mapview import EVIL_NAME, EVIL_SUMMARY, make_frame

from assetmap.outputs import mappoints, mapview, vendor

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
CARDIFF = (-3.1791, 51.4816)
CO_LOCATED = [f"cardiff-group-{i:02d}" for i in range(25)]

# Make the marker of record `id` visible (zoom / spiderfy as needed) and tag its icon for clicking.
SHOW_RECORD = """(id) => new Promise((resolve, reject) => {
  const group = window.assetmapLayer || window[Object.keys(window).find(k => k.startsWith("record_layer_"))];
  const content = group.getPopup().getContent();
  const marker = group.getLayers().find(m => content(m).querySelector(".am-id").textContent === id);
  if (!marker) { reject("no marker " + id); return; }
  group.zoomToShowLayer(marker, () => setTimeout(() => {
    marker._icon.setAttribute("data-test", id); resolve(true);
  }, 400));
})"""


def sample_points(n_spread: int = 400):
    rng = random.Random(7)
    kinds = mappoints.KINDS
    rows = [
        dict(
            id="evil-record",
            kind="organisation",
            name=EVIL_NAME,
            summary=EVIL_SUMMARY,
            place="St Davids",
            lon=-5.27,
            lat=51.88,
        )
    ]
    for i in range(n_spread):  # east of -4.6, so the evil record stands alone in the far west
        rows.append(
            dict(
                id=f"rec-{i:04d}",
                kind=kinds[i % 5],
                name=f"Record {i}",
                summary=f"Summary of record {i}.",
                place="Somewhere",
                lon=rng.uniform(-4.6, -2.8),
                lat=rng.uniform(51.4, 53.3),
            )
        )
    for i, rid in enumerate(CO_LOCATED):  # all geocoded to the same town centroid
        rows.append(
            dict(
                id=rid,
                kind=kinds[i % 5],
                name=f"Cardiff group {i}",
                summary="Shares the Cardiff centroid.",
                place="Cardiff",
                lon=CARDIFF[0],
                lat=CARDIFF[1],
            )
        )
    return make_frame(rows)


def write_map(tmp_path: Path, frame, **kw) -> str:
    vendor.copy_assets(tmp_path)
    m = mapview.build_map(frame, asset_base="vendor", tiles=None, **kw)
    (tmp_path / "map.html").write_text(m.get_root().render(), encoding="utf-8")
    return (tmp_path / "map.html").as_uri()


def open_map(op, url: str):
    op.page.goto(url)
    op.page.wait_for_selector(".marker-cluster", timeout=15_000)


def test_markers_popup_and_hostile_record(offline_page, tmp_path):
    op = offline_page
    page = op.page
    frame = sample_points()
    open_map(op, write_map(tmp_path, frame))
    assert page.locator(".marker-cluster").count() > 3
    assert page.locator(".am-legend .am-row").count() == 5
    page.screenshot(path=str(tmp_path / "overview.png"))

    page.evaluate(SHOW_RECORD, "evil-record")
    icon = page.locator('[data-test="evil-record"]')
    icon.hover()
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for()
    assert tip.inner_text() == EVIL_NAME
    icon.click()
    pop = page.locator(".leaflet-popup-content")
    pop.wait_for()
    assert pop.locator(".am-name").inner_text() == EVIL_NAME
    assert pop.locator(".am-sum").inner_text() == EVIL_SUMMARY
    assert pop.locator(".am-meta").inner_text() == "Organisation · St Davids"
    assert page.locator(".leaflet-popup img, .leaflet-tooltip img").count() == 0
    page.wait_for_timeout(400)  # popup fade-in; and let any injected handler run
    page.screenshot(path=str(tmp_path / "evil-popup.png"))

    assert op.dialogs == []
    assert op.errors == []
    assert op.blocked == []  # nothing but local files was even requested
    assert pop.locator(".am-id").inner_text() == "evil-record"


def test_colocated_records_are_spread_and_each_opens_its_own(offline_page, tmp_path):
    op = offline_page
    page = op.page
    frame = sample_points(n_spread=50)
    open_map(op, write_map(tmp_path, frame))
    for rid in (CO_LOCATED[3], CO_LOCATED[17]):
        page.evaluate(SHOW_RECORD, rid)
        page.locator(f'[data-test="{rid}"]').click()
        page.locator(".leaflet-popup-content .am-id").wait_for()
        assert page.locator(".leaflet-popup-content .am-id").inner_text() == rid
        page.locator(".leaflet-popup-close-button").click()
    # zoomed in on the shared point, the co-located records each have their own spot: none hides another
    centres = page.evaluate(
        """() => Array.from(document.querySelectorAll('.am-m')).map(e => {
             const b = e.getBoundingClientRect(); return [Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2)];
           })"""
    )
    assert len(centres) >= 5 and len(set(map(tuple, centres))) == len(centres)
    assert page.locator(".marker-cluster-spider-leg").count() == 0  # spread, not spiderfied
    assert op.errors == [] and op.dialogs == []


def test_cluster_click_zooms_and_opens_no_record(offline_page, tmp_path):
    op = offline_page
    page = op.page
    open_map(op, write_map(tmp_path, sample_points(n_spread=200)))
    map_js = "window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))]"
    before = page.evaluate(f"() => {map_js}.getZoom()")
    cluster = page.locator(".marker-cluster").first
    assert cluster.get_attribute("aria-label").endswith(" records")  # named in words, not a bare number
    cluster.click()
    page.wait_for_timeout(800)
    assert page.evaluate(f"() => {map_js}.getZoom()") > before
    assert page.locator(".leaflet-popup").count() == 0


def test_selected_record_is_highlighted_and_open(offline_page, tmp_path):
    op = offline_page
    page = op.page
    frame = sample_points(n_spread=100)
    page.goto(write_map(tmp_path, frame, selected=CO_LOCATED[5]))
    page.locator(".am-sel").wait_for()
    page.locator(".leaflet-popup-content").wait_for()
    assert page.locator(".leaflet-popup-content .am-name").inner_text() == "Cardiff group 5"
    page.wait_for_timeout(400)
    page.screenshot(path=str(tmp_path / "selected.png"))
    # the pin's tip marks the point: the cluster of the other co-located records stays clickable
    page.locator(".leaflet-popup-close-button").click()
    before = page.locator(".am-m:not(.am-sel)").count()
    page.locator(".marker-cluster").first.click(position={"x": 16, "y": 28})  # below the pin's tip
    page.wait_for_timeout(600)
    assert page.locator(".am-m:not(.am-sel)").count() > before  # it zoomed in: the spread records come apart
    assert op.errors == [] and op.dialogs == [] and op.blocked == []
