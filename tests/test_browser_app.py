"""The real app in headless Chromium, offline: markers appear, a click opens the record's panel, a hostile
record renders as text and fires nothing, related records open their own panel."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import streamlit_server
from test_browser_a11y import wait_ready
from test_browser_map import SHOW_RECORD

from assetmap.load import load

ROOT = Path(__file__).parent.parent
EVIL_NAME = "<img src=x onerror=alert(1)>"
THIS_MONTH = dt.date.today().strftime("%Y-%m")  # a source of this month vouches for 'active'
EVIL = f"""id: evil-record
name: '{EVIL_NAME}'
summary: '${{alert(2)}}</script><script>alert(3)</script> [click](javascript:alert(4)) $x^2$'
themes: [dementia]
location:
  place: Brecon
areas_served: [powys]
status: active
sources:
  - title: A test
    url: https://example.org/test
    date: {THIS_MONTH}
lead: barod
"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    data = tmp_path_factory.mktemp("app") / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "projects" / "evil-record.yaml").write_text(EVIL, encoding="utf-8")
    with streamlit_server(ROOT / "app.py", ROOT, env={"ASSETMAP_DATA": str(data)}) as url:
        yield url


def map_frame(page):
    for _ in range(300):
        frame = next((f for f in page.frames if "assetmap_map" in f.url), None)
        if frame is not None:
            return frame
        page.wait_for_timeout(100)
    raise AssertionError("the map component never appeared")


def open_map(page, url: str):
    """The app's page with its map showing markers; returns the map's frame."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(url)
    page.get_by_text("Showing", exact=False).first.wait_for(timeout=60_000)
    frame = map_frame(page)
    frame.wait_for_selector(".marker-cluster, .am-m", timeout=30_000)
    return frame


def test_click_a_marker_opens_its_panel_and_hostile_text_stays_text(offline_page, app_url, tmp_path):
    op, page = offline_page, offline_page.page
    frame = open_map(page, app_url)
    assert frame.locator(".marker-cluster, .am-m").count() > 0
    page.screenshot(path=str(tmp_path / "map.png"))

    frame.evaluate(SHOW_RECORD, "evil-record")
    frame.locator('[data-test="evil-record"]').click()
    panel_title = page.locator('[data-testid="stHeading"] h3', has_text="onerror")
    panel_title.wait_for(timeout=30_000)
    assert panel_title.inner_text() == EVIL_NAME
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "${alert(2)}</script><script>alert(3)</script>" in body
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    page.screenshot(path=str(tmp_path / "panel.png"))

    # a related record is a link that opens its own panel
    page.get_by_role("button", name="Barod", exact=False).first.click()
    page.locator('[data-testid="stHeading"] h3', has_text="Barod").wait_for(timeout=30_000)
    assert "id=barod" in page.url
    page.wait_for_timeout(500)
    assert op.dialogs == [] and op.errors == []
    assert all("tile.openstreetmap.org" in u for u in op.blocked), op.blocked


def list_ready(page, grid) -> None:
    """The run that drew the list has finished and the grid has its rows: a click on a grid still being
    replaced by that run would be lost."""
    grid.wait_for(timeout=60_000)
    wait_ready(page)
    grid.locator('td[role="gridcell"]').first.wait_for(state="attached", timeout=30_000)


def test_picking_a_row_in_the_list_opens_its_panel(offline_page, app_url):
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app_url + "/?kind=project&area=powys")
    page.get_by_text("Showing", exact=False).first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="List").click()
    grid = page.locator('[data-testid="stDataFrame"]').first
    list_ready(page, grid)
    box = grid.bounding_box()
    # the grid is a canvas: click the first row's selection box, below the 35 px header
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    first = load(ROOT / "data").records["bronllys-well-being-park"].record.name  # the list is sorted by name
    page.locator(".st-key-detail-panel h3", has_text=first).wait_for(timeout=30_000)


def test_a_record_opened_from_the_list_is_in_the_address(offline_page, app_url):
    """A row clicked in the list opens its record and puts its id in the address bar, also right after a
    click on the tab: the grid then took its first click as focus only, so nothing opened and the address
    kept no id (issue 13). The address is a working shared link: loaded afresh, it opens the same record."""
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app_url + "/?kind=project&area=powys&view=list")
    grid = page.locator('[data-testid="stDataFrame"]').first
    list_ready(page, grid)
    page.get_by_role("tab", name="List").click()  # the tab already open: no rerun, but react-aria's press
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 120, box["y"] + 35 + 17)  # the first row's name, not its checkbox
    page.wait_for_url("**id=*", timeout=30_000)
    rid = page.url.split("id=")[1].split("&")[0]
    name = load(ROOT / "data").records[rid].record.name
    assert rid == "bronllys-well-being-park"  # the row clicked (the list is sorted by name)
    page.locator(".st-key-detail-panel h3", has_text=name).wait_for(timeout=30_000)
    page.goto(page.url)  # the link a user would copy
    page.locator(".st-key-detail-panel h3", has_text=name).wait_for(timeout=60_000)


def search(page, frame, words: str) -> tuple[str, str]:
    """Search from the sidebar and wait for the map's key to change; returns the key's text before and after."""
    before = frame.locator(".am-legend").inner_text()
    box = page.get_by_label("Search names, summaries and places")
    box.fill(words)
    box.press("Enter")
    for _ in range(200):
        if frame.locator(".am-legend").inner_text() != before:
            break
        page.wait_for_timeout(50)
    return before, frame.locator(".am-legend").inner_text()


def test_a_filter_change_updates_the_same_map_in_place(offline_page, app_url):
    """The map iframe is not reloaded and gets no new payload: the legend counts follow the filter. Nor is the
    map built twice when the frame renders the first arguments again (its height, its own report)."""
    op, page = offline_page, offline_page.page
    frame = open_map(page, app_url)
    frame.evaluate("() => { window.__same = true; window.__layer = window.assetmapLayer; }")
    page.wait_for_timeout(1000)  # the component reports that it holds the payload
    before, after = search(page, frame, "dementia")
    assert after != before
    assert frame.evaluate("() => window.__same === true && window.__layer === window.assetmapLayer")
    assert frame.evaluate("() => window.assetmapBuilds") == 1
    shown = frame.evaluate("() => window.assetmapLayer.getLayers().length")
    assert 0 < shown < 258
    assert op.errors == [] and op.dialogs == []


def test_a_filter_change_fits_the_map_to_what_it_found_with_a_record_open(offline_page, app_url):
    """A record is open (a shared link centres the map on it); a search that leaves it out shows what it found,
    not the open record alone on an otherwise empty stretch of map."""
    op, page = offline_page, offline_page.page
    frame = open_map(page, app_url + "/?id=abcd-training-wrexham")
    page.wait_for_timeout(1000)  # the component reports that it holds the payload
    before, after = search(page, frame, "dementia")
    assert after != before
    found, outside = frame.evaluate(
        """() => { const bounds = window.assetmapMap.getBounds(), shown = window.assetmapLayer.getLayers();
                   return [shown.length, shown.filter((m) => !bounds.contains(m.getLatLng())).length]; }"""
    )
    assert found > 1 and outside == 0
    assert op.errors == [] and op.dialogs == []


def test_near_a_place_draws_its_circle_and_the_map_fits_it(offline_page, app_url):
    """The "near a place" filter shows where it measures from: a ring of its distance around the place, which
    the map fits (every record it keeps is inside). Clearing the filters takes the ring away."""
    op, page = offline_page, offline_page.page
    frame = open_map(page, app_url + "/?near=Ystradgynlais&km=25")
    frame.locator("path.am-near").wait_for(timeout=10_000)
    assert frame.locator("path.am-near-centre").count() == 1
    fit = frame.evaluate(
        """() => { const map = window.assetmapMap, view = map.getBounds();
                   let ring = null;
                   map.eachLayer((l) => { if (l.options && l.options.className === "am-near") { ring = l; } });
                   const b = ring.getBounds();
                   return {inside: view.contains(b),
                           share: (b.getNorth() - b.getSouth()) / (view.getNorth() - view.getSouth())}; }"""
    )
    assert fit["inside"] and fit["share"] > 0.4  # the ring fills much of the map, all of it in view
    assert "Within 25 km of Ystradgynlais" in frame.locator(".am-legend").inner_text()  # and the key says it
    page.get_by_role("button", name="Clear all filters").click()
    frame.locator("path.am-near").wait_for(state="detached", timeout=10_000)
    assert op.errors == [] and op.dialogs == []
