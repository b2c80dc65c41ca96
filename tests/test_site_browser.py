"""The static site in headless Chromium, from file:// with every request to another host aborted.

The site is the one tests/test_site.py builds (shipped data plus the hostile probe record). Checks: nothing
from other hosts and no CSP refusal; the area outlines as the base map without tiles; the street-map switch;
axe-core (tests/a11y.py) finds no serious or critical problem on any kind of page in either language.
"""

import pytest
from a11y import axe_violations, describe, without_map_pins
from test_browser_app import EVIL_NAME
from test_site import site  # noqa: F401 (the module's built site)

from assetmap.outputs.vendor import AXE_JS

pytestmark = pytest.mark.browser
MARKERS = ".am-m, .marker-cluster"
LOAD_PAGES = (
    "en/index.html",
    "cy/list/index.html",
    "en/records/evil-record/index.html",
    "cy/records/barod/index.html",
    "embed/area/powys/index.html",
    "embed/org/barod/cy/index.html",
)
# every kind of page: (path under the language, or None for the language choice), in both languages
PAGE_TYPES = (
    "index.html",  # home: the map
    "list/index.html",
    "records/barod/index.html",  # an organisation: with its embed snippet
    "records/evil-record/index.html",
    "areas/index.html",
    "areas/powys/index.html",
    "themes/index.html",
    "themes/dementia/index.html",
    "data/index.html",
)
EMBEDS = ("embed/area/powys/{}index.html", "embed/org/barod/{}index.html")
# the shaded style of AssetMap.areasLayer (static/assetmap/areas.js)
SHADED_FILL = "#9cc3e6"


def open_page(offline_page, path):
    """Open ``path``; on a page with a map, wait for its markers."""
    page = offline_page.page
    page.goto(path.as_uri())
    if page.locator("#am-map").count():
        page.wait_for_selector(MARKERS, timeout=20_000)
    page.wait_for_timeout(300)
    return page


@pytest.mark.parametrize("rel", LOAD_PAGES)
def test_pages_load_offline_with_nothing_from_other_hosts(site, offline_page, rel):  # noqa: F811
    out, _ = site
    console = []
    offline_page.page.on("console", lambda m: console.append(m.text))
    open_page(offline_page, out / rel)
    assert offline_page.blocked == [] and offline_page.dialogs == [] and offline_page.errors == []
    assert not [m for m in console if "Content Security Policy" in m], console


def outlines(page) -> dict:
    """What the areas layer drew: outline paths, label texts, shaded fills, tiles."""
    return page.evaluate(
        """(shaded) => ({
            paths: document.querySelectorAll('.leaflet-am-areas-pane path').length,
            labels: [...document.querySelectorAll('.am-area-label')].map(e => e.textContent),
            shaded: [...document.querySelectorAll('.leaflet-am-areas-pane path')]
                .filter(p => p.getAttribute('fill') === shaded).length,
            tiles: document.querySelectorAll('.leaflet-tile').length,
            attribution: document.querySelector('.leaflet-control-attribution').textContent,
        })""",
        SHADED_FILL,
    )


@pytest.mark.parametrize(
    ("lang", "name", "note"), [("cy", "Ynys Môn", "Ffiniau bras"), ("en", "Isle of Anglesey", "Approximate")]
)
def test_the_map_page_draws_22_outlines_with_names_in_its_language_and_no_tiles(site, offline_page, lang, name, note):  # noqa: F811
    out, _ = site
    page = open_page(offline_page, out / lang / "index.html")
    drawn = outlines(page)
    assert drawn["paths"] == 22 and len(drawn["labels"]) == 22 and name in drawn["labels"]
    assert drawn["tiles"] == 0 and offline_page.blocked == [] and drawn["shaded"] == 0
    assert note in drawn["attribution"]
    # the outlines are under the markers: their pane is below the marker pane
    z = page.evaluate(
        "() => [getComputedStyle(document.querySelector('.leaflet-am-areas-pane')).zIndex,"
        " getComputedStyle(document.querySelector('.leaflet-marker-pane')).zIndex].map(Number)"
    )
    assert z[0] < z[1]


def test_an_area_embed_shows_its_own_area_and_an_org_embed_the_areas_it_serves(site, offline_page):  # noqa: F811
    out, cat = site
    page = open_page(offline_page, out / "embed" / "area" / "powys" / "index.html")
    drawn = outlines(page)
    assert drawn["paths"] == 22 and drawn["shaded"] == 1 and drawn["tiles"] == 0
    # the map is fitted to Powys: its label is in view, Cardiff's (far south) is not the centre
    centre = page.evaluate("() => { const m = document.getElementById('am-map'); return m.getBoundingClientRect(); }")
    label = page.locator('.am-area-label[data-area="powys"]').bounding_box()
    assert centre["x"] <= label["x"] <= centre["x"] + centre["width"]
    assert centre["y"] <= label["y"] <= centre["y"] + centre["height"]
    served = cat.frame.at["barod", "areas_served"]
    page = open_page(offline_page, out / "embed" / "org" / "barod" / "cy" / "index.html")
    drawn = outlines(page)
    assert drawn["shaded"] == (22 if "wales" in served else len(served)) and drawn["tiles"] == 0
    assert offline_page.blocked == []


def test_street_map_loads_only_when_asked_and_is_remembered_for_the_visit(site, offline_page):  # noqa: F811
    out, _ = site
    op = offline_page
    page = open_page(op, out / "en" / "index.html")
    assert op.blocked == []
    page.keyboard.press("Tab")  # the skip link comes first, for keyboard users
    assert page.evaluate("document.activeElement.className") == "skip"
    page.check("#am-tiles")
    page.wait_for_timeout(500)
    assert op.blocked and all(u.startswith("https://tile.openstreetmap.org/") for u in op.blocked)
    page.goto((out / "en" / "areas" / "powys" / "index.html").as_uri())
    assert page.is_checked("#am-tiles")  # sessionStorage: the same visit


def test_probe_record_fires_nothing_in_the_map_popup(site, offline_page):  # noqa: F811
    out, _ = site
    op = offline_page
    page = open_page(op, out / "en" / "areas" / "powys" / "index.html")
    assert page.locator("text=" + EVIL_NAME).count() >= 1  # the list shows the name as text
    assert op.dialogs == [] and op.errors == []


def axe(page) -> list[dict]:
    """axe on a page whose CSP refuses injected <script> tags: evaluated through the DevTools protocol instead.

    Target size is not asked of the map's markers and clusters (a11y.without_map_pins).
    """
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return without_map_pins(page, axe_violations(page))


@pytest.mark.parametrize("rel", [f"{lang}/{p}" for lang in ("cy", "en") for p in PAGE_TYPES] + ["index.html"])
def test_every_kind_of_page_passes_axe(site, offline_page, rel):  # noqa: F811
    out, _ = site
    found = axe(open_page(offline_page, out / rel))
    assert found == [], describe(found)


@pytest.mark.parametrize("rel", [e.format(sub) for e in EMBEDS for sub in ("", "cy/")])
def test_embeds_pass_axe(site, offline_page, rel):  # noqa: F811
    out, _ = site
    found = axe(open_page(offline_page, out / rel))
    assert found == [], describe(found)


def test_the_list_works_with_javascript_off(site, chromium):  # noqa: F811
    out, cat = site
    ctx = chromium.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto((out / "cy" / "list" / "index.html").as_uri())
        assert page.locator("table.records tbody tr").count() == len(cat.frame)
        page.get_by_role("link", name="Barod", exact=True).click()
        page.wait_for_load_state()
        assert page.url.endswith("/cy/records/barod/index.html")
        assert page.locator("h1").inner_text() == "Barod"
    finally:
        ctx.close()
