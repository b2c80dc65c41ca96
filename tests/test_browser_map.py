"""The map in headless Chromium, offline: markers, popups, XSS, click → id (also via st_folium)."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest
from conftest import streamlit_server
from test_mapview import EVIL_NAME, EVIL_SUMMARY, make_frame

from assetmap.outputs import mappoints, mapview, vendor

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
CARDIFF = (-3.1791, 51.4816)
CO_LOCATED = [f"cardiff-group-{i:02d}" for i in range(25)]

# The same click handling streamlit-folium 0.27.4's frontend attaches in initComponent()
# (frontend/build/static/js/main.*.js, src index.tsx: onLayerClick), reduced to the popup/tooltip.
ST_FOLIUM_HOOK = """() => {
  const map = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))];
  window.__sf = {popup: null, tooltip: null, clicks: 0};
  function extractContent(s) {
    const span = document.createElement("span"); span.innerHTML = s;
    return (span.textContent || span.innerText).trim();
  }
  function onLayerClick(e) {
    __sf.clicks += 1;
    try {
      if (e.sourceTarget && typeof e.sourceTarget.getTooltip === "function" && e.sourceTarget._tooltip
          && e.sourceTarget._tooltip._content) {
        __sf.tooltip = extractContent(e.sourceTarget.getTooltip().getContent());
      } else if (e.target && typeof e.target.getTooltip === "function" && e.target._tooltip
          && e.target._tooltip._content) {
        __sf.tooltip = e.target.getTooltip().getContent()(e.sourceTarget).innerText;
      }
    } catch (err) { console.log(err); }
    try {
      if (e.sourceTarget && typeof e.sourceTarget.getPopup === "function" && e.sourceTarget._popup
          && e.sourceTarget._popup._content) {
        __sf.popup = e.sourceTarget.getPopup().getContent().innerText;
      } else if (e.target && typeof e.target.getPopup === "function" && e.target._popup
          && e.target._popup._content) {
        __sf.popup = e.target.getPopup().getContent()(e.sourceTarget).innerText;
      }
    } catch (err) { console.log(err); }
  }
  for (const key in map._layers) {
    const layer = map._layers[key];
    if (layer && typeof layer.on === "function") layer.on("click", onLayerClick);
  }
}"""

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
    op.page.evaluate(ST_FOLIUM_HOOK)


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
    sf = page.evaluate("window.__sf")
    assert mapview.clicked_id({"last_object_clicked_popup": sf["popup"]}, frame) == "evil-record"
    assert sf["tooltip"] == EVIL_NAME


def test_spiderfied_colocated_records_report_their_own_id(offline_page, tmp_path):
    op = offline_page
    page = op.page
    frame = sample_points(n_spread=50)
    open_map(op, write_map(tmp_path, frame))
    seen = set()
    for rid in (CO_LOCATED[3], CO_LOCATED[17]):
        page.evaluate(SHOW_RECORD, rid)
        page.locator(f'[data-test="{rid}"]').click()
        page.locator(".leaflet-popup-content .am-id").wait_for()
        assert page.locator(".leaflet-popup-content .am-id").inner_text() == rid
        sf = page.evaluate("window.__sf")
        got = mapview.clicked_id({"last_object_clicked_popup": sf["popup"]}, frame)
        assert got == rid
        seen.add(got)
        if rid == CO_LOCATED[3]:
            page.wait_for_timeout(400)
            page.screenshot(path=str(tmp_path / "spider.png"))
            page.locator(".leaflet-popup-close-button").click()
    assert len(seen) == 2
    # a spiderfied leg is at a temporary position; the lat/lng of the click is the centroid for all
    clicks = page.evaluate("window.__sf.clicks")
    # panning and zooming do not touch the popup value (so st_folium does not rerun the app)
    before = page.evaluate("window.__sf.popup")
    page.evaluate(
        "() => { const m = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))];"
        " m.setZoom(9, {animate: false}); m.panBy([200, 100], {animate: false}); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__sf.popup") == before
    assert page.evaluate("window.__sf.clicks") == clicks
    assert op.errors == [] and op.dialogs == []


def test_cluster_click_does_not_report_a_record(offline_page, tmp_path):
    op = offline_page
    frame = sample_points(n_spread=200)
    open_map(op, write_map(tmp_path, frame))
    op.page.locator(".marker-cluster").first.click()
    op.page.wait_for_timeout(500)
    assert op.page.evaluate("window.__sf.popup") is None


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
    page.locator(".marker-cluster").first.click(position={"x": 20, "y": 34})  # below the pin's tip
    page.wait_for_timeout(600)
    assert page.locator(".am-m:not(.am-sel)").count() >= len(CO_LOCATED) - 1
    assert op.errors == [] and op.dialogs == [] and op.blocked == []


# --- the real thing: streamlit + st_folium, offline -----------------------------------------

APP = """
import streamlit as st
from streamlit_folium import st_folium
from shapely.geometry import Point
import geopandas as gpd
from assetmap.outputs import mapview

rows = [dict(id=f"same-place-{i}", kind="organisation", name=f"Same place {i}", name_cy="",
             summary="s", summary_cy="", place="Cardiff", geometry=Point(-3.1791, 51.4816))
        for i in range(6)]
rows.append(dict(id="evil-record", kind="project", name="<img src=x onerror=alert(1)>", name_cy="",
                 summary="${alert(2)}</script><script>alert(3)</script>", summary_cy="",
                 place="Swansea", geometry=Point(-3.94, 51.62)))
frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("id", drop=False)
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
result = st_folium(mapview.build_map(frame, tiles=None), key="map", height=450, width=700,
                   returned_objects=mapview.RETURNED_OBJECTS)
st.text(f"clicked={mapview.clicked_id(result, frame)} runs={st.session_state['runs']}")
"""


@pytest.fixture
def streamlit_app(tmp_path):
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    (app_dir / "app.py").write_text(textwrap.dedent(APP), encoding="utf-8")
    (app_dir / "static").symlink_to(ROOT / "static", target_is_directory=True)
    with streamlit_server(app_dir / "app.py", app_dir) as url:
        yield url


def test_st_folium_click_returns_id_offline(offline_page, streamlit_app, tmp_path):
    op = offline_page
    page = op.page
    assets = []
    page.on("response", lambda r: assets.append((r.url, r.status)) if "/app/static/" in r.url else None)
    page.goto(streamlit_app)
    status = page.get_by_text("clicked=", exact=False)
    status.wait_for(timeout=30_000)
    assert "clicked=None runs=1" in status.inner_text()

    frame = None
    for _ in range(100):
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        if frame:
            break
        page.wait_for_timeout(100)
    assert frame is not None
    frame.wait_for_selector(".marker-cluster", timeout=20_000)
    wanted = sorted(
        [f"vendor/{v}" for v in vendor.ASSETS.values()] + [f"assetmap/{v}" for v in vendor.OWN_ASSETS.values()]
    )
    for _ in range(50):  # the component appends the stylesheets after loading the scripts
        if len(assets) >= len(wanted):
            break
        page.wait_for_timeout(100)
    assert sorted(u.split("/app/static/")[1] for u, s in assets if s == 200) == wanted, assets

    # pan: no rerun
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 250, box["y"] + 180, steps=5)
    page.mouse.up()
    page.wait_for_timeout(1500)
    assert "clicked=None runs=1" in status.inner_text()

    # the six co-located records: spiderfy, then click one leg
    frame.evaluate(SHOW_RECORD, "same-place-4")
    frame.locator('[data-test="same-place-4"]').click()
    page.get_by_text("clicked=same-place-4", exact=False).wait_for(timeout=15_000)
    page.screenshot(path=str(tmp_path / "streamlit.png"))

    frame.evaluate(SHOW_RECORD, "evil-record")
    frame.locator('[data-test="evil-record"]').click()
    page.get_by_text("clicked=evil-record", exact=False).wait_for(timeout=15_000)
    assert frame.locator(".leaflet-popup-content .am-name").inner_text() == EVIL_NAME
    page.wait_for_timeout(300)
    assert op.dialogs == [] and op.blocked == []
