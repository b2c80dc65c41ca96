"""static/assetmap/areas.js in headless Chromium, offline and without tiles: outlines and names under the
markers in both languages, click → area id, shading a service area, hostile names stay text; then the same in
the app's map: the outlines as its base, area click → filter, the selected record's service area shaded, every
marker reachable and opened by keyboard, axe inside the map frame."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from a11y import axe_violations, describe, without_map_pins
from conftest import streamlit_server
from test_browser_app import map_frame

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


# --- the same layer in the app's map, offline (no tile server at all) ------------------------------------

SHOWING = {"en": "Showing", "cy": "Yn dangos"}
SHADED_FILL = "#9cc3e6"  # areas.js SHADED.fillColor
FILLS = "() => Array.from(document.querySelectorAll('.leaflet-am-areas-pane path')).map(p => p.getAttribute('fill'))"
# every marker and cluster the map shows, and whether a pointer at its centre reaches it (not the key, a control)
REACHABLE = """() => Array.from(document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')).map(icon => {
  const b = icon.getBoundingClientRect(), x = b.x + b.width / 2, y = b.y + b.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {name: icon.getAttribute('aria-label'), inside: x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight,
          reached: !!hit && hit.closest('.leaflet-marker-icon') === icon};
})"""


VISIBLE = "els => els.map(e => getComputedStyle(e).visibility === 'visible')"


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server(ROOT / "app.py", ROOT, env={"ASSETMAP_DATA": str(ROOT / "data")}) as url:
        yield url


def open_app(page, url: str, lang: str = "en"):
    """The app at `url` with its map drawn (outlines and markers); returns the map's frame."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(url)
    page.get_by_text(SHOWING[lang], exact=False).first.wait_for(timeout=60_000)
    frame = map_frame(page)
    frame.wait_for_selector(".am-area-label", timeout=30_000)
    frame.wait_for_selector(".marker-cluster, .am-m", timeout=30_000)
    page.wait_for_timeout(500)
    return frame


def caption(page, lang: str = "en") -> str:
    return page.get_by_text(SHOWING[lang], exact=False).first.inner_text()


@pytest.mark.parametrize(
    "lang, cardiff, title, zoom_in, cluster_words",
    [
        ("en", "Cardiff", "Map of the records", "Zoom in", " records"),
        ("cy", "Caerdydd", "Map o'r cofnodion", "Chwyddo i mewn", " cofnod"),
    ],
)
def test_app_map_stands_on_the_area_outlines_without_tiles(
    offline_page, app_url, tmp_path, lang, cardiff, title, zoom_in, cluster_words
):
    op, page = offline_page, offline_page.page
    frame = open_app(page, f"{app_url}/?lang={lang}", lang)
    assert frame.locator(".leaflet-am-areas-pane path").count() == 22
    labels = frame.locator(".am-area-label")
    assert labels.count() == 22 and cardiff in labels.all_text_contents()
    # the names that fit are shown, none on top of another; the rest appear on zooming in
    boxes = [b for b in (labels.nth(i).bounding_box() for i in range(22)) if b]
    seen = [b for b, shown in zip(boxes, labels.evaluate_all(VISIBLE)) if shown]
    assert len(seen) >= 10 and not any(overlap(a, b) for i, a in enumerate(seen) for b in seen[i + 1 :])
    frame.evaluate("() => window.assetmapMap.setView([51.49, -3.18], 11, {animate: false})")
    frame.locator(f'.am-area-label:text-is("{cardiff}")').wait_for(state="visible", timeout=5_000)
    frame.evaluate("() => window.assetmapMap.setView([52.35, -3.6], 7, {animate: false})")
    z = frame.evaluate(
        "() => ['am-areas', 'am-areas-labels', 'markerPane'].map(n => Number(getComputedStyle("
        "document.querySelector('.leaflet-' + (n === 'markerPane' ? 'marker' : n) + '-pane')).zIndex))"
    )
    assert z[0] < z[2] and z[1] < z[2]  # outlines and names under the markers
    assert frame.locator(".leaflet-tile").count() == 0
    assert ("Approximate area boundaries" if lang == "en" else "Ffiniau bras") in frame.locator(
        ".leaflet-control-attribution"
    ).inner_text()
    # the street map is an overlay the visitor turns on: named in the page language, off by default
    street = frame.locator(".leaflet-control-layers-overlays label")
    assert "OpenStreetMap" in street.inner_text() and not street.locator("input").is_checked()
    # the frame speaks the page's language
    assert frame.evaluate("() => document.documentElement.lang") == lang
    assert page.locator(f'iframe[title="{title}"]').count() == 1
    assert frame.locator(".leaflet-control-zoom-in").get_attribute("title") == zoom_in
    assert frame.locator(".leaflet-control-zoom-in").get_attribute("aria-label") == zoom_in
    kinds = {"en": ("Organisation", "Project", "Person"), "cy": ("Sefydliad", "Prosiect", "Person")}[lang]
    names = frame.evaluate(REACHABLE)
    assert names and all(n["name"] for n in names)
    assert any(n["name"].endswith(cluster_words) for n in names)
    frame.evaluate("() => window.assetmapLayer.zoomToShowLayer(window.assetmapLayer.getLayers()[0], () => {})")
    frame.wait_for_selector(".am-m", timeout=10_000)
    marker_names = [n for n in frame.locator(".am-m").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")]
    assert marker_names and all(
        n.split(": ", 1)[0] in kinds + ("Skill", "Sgil", "Partnership", "Partneriaeth") for n in marker_names
    )
    page.screenshot(path=str(tmp_path / f"app-areas-{lang}.png"))
    found = without_map_pins(frame, axe_violations(frame))
    assert found == [], describe(found)
    assert op.blocked == [] and op.errors == [] and op.dialogs == []  # nothing from another site was asked for

    # ticked, the street map asks the tile server (blocked here): only then
    street.locator("input").check()
    page.wait_for_timeout(1000)
    assert op.blocked and all(u.startswith("https://tile.openstreetmap.org/") for u in op.blocked)


def test_app_area_click_filters_and_a_selected_record_shades_its_service_area(offline_page, app_url):
    op, page = offline_page, offline_page.page
    frame = open_app(page, app_url)
    before = caption(page)
    assert SHADED_FILL not in frame.evaluate(FILLS)  # nothing selected, nothing shaded
    # a click on Ceredigion's outline (its name lets the click through) filters the page to it
    box = frame.locator('.am-area-label[data-area="ceredigion"]').bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.get_by_text("Ceredigion", exact=False).first.wait_for(timeout=30_000)
    for _ in range(100):
        if caption(page) != before:
            break
        page.wait_for_timeout(100)
    assert caption(page) != before and "Ceredigion" in page.locator('[data-testid="stMain"]').inner_text()
    assert "area=ceredigion" in page.url

    # a record that serves two areas: both shaded (a service area, not just a pin)
    frame = open_app(page, f"{app_url}/?id=cwm-taf-public-service-board")
    for _ in range(100):
        if frame.evaluate(FILLS).count(SHADED_FILL) == 2:
            break
        page.wait_for_timeout(100)
    assert frame.evaluate(FILLS).count(SHADED_FILL) == 2
    assert op.errors == [] and op.blocked == []


def test_every_marker_stays_reachable_and_opens_by_keyboard(offline_page, app_url, tmp_path):
    """Carers + Powys: co-located records spread, the key never covers one; Enter and Space open a record."""
    op, page = offline_page, offline_page.page
    frame = open_app(page, f"{app_url}/?theme=carers&area=powys")
    assert frame.locator(".am-legend-toggle").get_attribute("aria-expanded") == "true"  # the key is open
    shown = frame.evaluate(REACHABLE)
    page.screenshot(path=str(tmp_path / "carers-powys.png"))
    assert shown and all(s["inside"] and s["reached"] for s in shown), shown
    counts = frame.evaluate("() => window.assetmapLayer.getLayers().length")
    assert counts == 4

    # Enter on a focused marker opens its record like a click
    marker = frame.locator(".am-m").first
    name = marker.get_attribute("aria-label").split(": ", 1)[1]
    marker.focus()
    marker.press("Enter")
    page.locator('[data-testid="stHeading"] h3', has_text=name).wait_for(timeout=30_000)
    assert "id=" in page.url
    # focus follows to the panel's heading, so a keyboard or screen-reader user lands on what opened
    page.wait_for_function("() => document.activeElement.matches('.st-key-detail-panel h3')", timeout=10_000)

    # Space on a cluster zooms in; Space on one of its markers opens that record
    frame = map_frame(page)
    cluster = frame.locator(".marker-cluster").first
    cluster.wait_for(timeout=10_000)
    cluster.focus()
    cluster.press(" ")
    page.wait_for_timeout(1000)
    others = frame.locator(".am-m:not(.am-sel)")
    other = next(el for el in others.all() if el.get_attribute("aria-label").split(": ", 1)[1] != name)
    other_name = other.get_attribute("aria-label").split(": ", 1)[1]
    other.focus()
    other.press(" ")
    page.locator('[data-testid="stHeading"] h3', has_text=other_name).wait_for(timeout=30_000)

    # the key folds with the keyboard too
    toggle = frame.locator(".am-legend-toggle")
    toggle.focus()
    toggle.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "false" and frame.locator(".am-legend-body").is_hidden()
    assert op.errors == [] and op.dialogs == [] and op.blocked == []


def test_app_map_follows_a_language_switch(offline_page, app_url):
    """Switching to Cymraeg redraws the frame's controls, names and title in Welsh (the same iframe or a new one)."""
    op, page = offline_page, offline_page.page
    open_app(page, app_url)
    page.get_by_text("Cymraeg", exact=True).first.click()
    page.get_by_text(SHOWING["cy"], exact=False).first.wait_for(timeout=60_000)
    for _ in range(300):
        frame = map_frame(page)
        try:
            if (
                frame.evaluate("() => document.documentElement.lang") == "cy"
                and frame.locator(".am-area-label").count()
            ):
                break
        except Exception:  # the old frame went away mid-check
            pass
        page.wait_for_timeout(100)
    assert frame.evaluate("() => document.documentElement.lang") == "cy"
    assert "Caerdydd" in frame.locator(".am-area-label").all_text_contents()
    assert frame.locator(".leaflet-control-zoom-in").get_attribute("title") == "Chwyddo i mewn"
    assert "Map strydoedd" in frame.locator(".leaflet-control-layers-overlays").inner_text()
    assert frame.locator(".am-legend-toggle").inner_text() in ("Cuddio'r allwedd", "Dangos yr allwedd")
    assert page.locator('iframe[title="Map o\'r cofnodion"]').count() == 1
    assert frame.locator(".leaflet-control-zoom").count() == 1  # the old controls went with the old language
    assert op.errors == [] and op.blocked == []


def test_on_a_phone_a_record_opened_from_the_map_scrolls_into_view(offline_page, app_url):
    page = offline_page.page
    frame = open_app(page, f"{app_url}/?theme=carers&area=powys")
    page.set_viewport_size({"width": 390, "height": 844})  # after the first draw: the map refits to the phone
    page.wait_for_timeout(1500)
    marker = frame.locator(".am-m").first
    name = marker.get_attribute("aria-label").split(": ", 1)[1]
    marker.scroll_into_view_if_needed()
    marker.click()
    page.locator('[data-testid="stHeading"] h3', has_text=name).wait_for(timeout=30_000)
    page.wait_for_function("() => document.activeElement.matches('.st-key-detail-panel h3')", timeout=10_000)
    top = page.evaluate("document.querySelector('.st-key-detail-panel h3').getBoundingClientRect().top")
    assert 0 <= top < 844, top  # the details are on screen, not somewhere below the map


def test_on_a_phone_the_map_controls_do_not_cover_each_other(offline_page, app_url):
    """A phone-width map folds the street-map switch into Leaflet's layers button: open, it lay over the zoom buttons."""
    page = offline_page.page
    open_app(page, app_url)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()  # a visitor who arrives on a phone
    page.get_by_text(SHOWING["en"], exact=False).first.wait_for(timeout=60_000)
    frame = map_frame(page)
    frame.wait_for_selector(".marker-cluster, .am-m", timeout=30_000)
    on_top = """(selector) => {
      const el = document.querySelector(selector), r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
    }"""
    for control in (".leaflet-control-zoom-in", ".leaflet-control-zoom-out", ".leaflet-control-layers-toggle"):
        assert frame.evaluate(on_top, control), f"{control} is covered"
    frame.locator(".leaflet-control-layers-toggle").press("Enter")  # by keyboard, the switch opens
    assert frame.get_by_role("checkbox").is_visible()
    assert offline_page.errors == [] and offline_page.blocked == []
