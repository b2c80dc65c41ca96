"""assetmap.outputs.mapview / assetmap.outputs.vendor without a browser: offline assets, escaping, the payload (coarse points, spreading)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import folium
import geopandas as gpd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import Point

from assetmap.catalogue import COLUMNS as CATALOGUE_COLUMNS
from assetmap.catalogue import LIST_COLUMNS
from assetmap.outputs import mappoints, mapview, vendor

ROOT = Path(__file__).resolve().parent.parent
CDN_MARKERS = ("cdn.jsdelivr", "unpkg", "cdnjs", "code.jquery", "netdna", "bootstrapcdn", "googleapis")
EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_SUMMARY = "${alert(2)}</script><script>alert(3)</script>"

# the catalogue's own text columns (the list columns are set in make_frame)
COLUMNS = tuple(c for c in CATALOGUE_COLUMNS if c not in LIST_COLUMNS)


def make_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """A catalogue-shaped GeoDataFrame (spec columns; '' for missing strings)."""
    full = []
    for r in rows:
        row = {c: "" for c in COLUMNS}
        row.update(themes=[], sectors=[], work_streams=[], areas_served=[], links=[], status="active", current=True)
        row.update({k: v for k, v in r.items() if k not in ("lon", "lat")})
        row["geometry"] = Point(r["lon"], r["lat"]) if "lon" in r else None
        full.append(row)
    if not full:
        return gpd.GeoDataFrame({c: [] for c in COLUMNS}, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    return gpd.GeoDataFrame(full, geometry="geometry", crs="EPSG:4326").set_index("id", drop=False)


def sample_frame() -> gpd.GeoDataFrame:
    return make_frame(
        [
            dict(
                id="evil-record",
                kind="organisation",
                name=EVIL_NAME,
                summary=EVIL_SUMMARY,
                place="<b>Cardiff</b>",
                lon=-3.18,
                lat=51.48,
            ),
            dict(
                id="time-banking-wales",
                kind="organisation",
                name="Time Banking Wales",
                name_cy="Bancio Amser Cymru",
                summary="Time banks across Wales. " * 20,
                summary_cy="Banciau amser.",
                place="Cardiff",
                lon=-3.18,
                lat=51.48,
            ),
            dict(
                id="expert-classes",
                kind="project",
                name="Expert Classes",
                summary="Classes.",
                place="Swansea",
                lon=-3.94,
                lat=51.62,
            ),
            dict(
                id="jane-jones",
                kind="person",
                name="Jane Jones",
                summary="Organiser.",
                place="Bangor",
                lon=-4.13,
                lat=53.23,
            ),
            dict(
                id="peer-mentoring",
                kind="skill",
                name="Peer mentoring",
                summary="Mentoring.",
                place="Newtown",
                lon=-3.32,
                lat=52.51,
            ),
            dict(
                id="north-wales-alliance",
                kind="partnership",
                name="North Wales Alliance",
                summary="A partnership.",
                place="Wrexham",
                lon=-2.99,
                lat=53.05,
            ),
        ]
    )


def render(frame=None, **kw) -> str:
    m = mapview.build_map(sample_frame() if frame is None else frame, **kw)
    return m.get_root().render()


def payload(html: str) -> dict:
    match = re.search(r"var D = (\{.*?\});\n", html)
    assert match, "data payload not found"
    return json.loads(match.group(1))


def options(html: str) -> dict:
    match = re.search(r"AssetMap\.recordLayer\(map, D, (\{.*?\})\);\n", html)
    assert match, "layer options not found"
    return json.loads(match.group(1))


def asset_refs(html: str) -> list[str]:
    return re.findall(r'<script[^>]*\bsrc="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


# --- offline assets ---------------------------------------------------------------------------


@pytest.mark.parametrize("tiles", ["OpenStreetMap", None])
def test_no_cdn_urls(tiles):
    html = render(tiles=tiles).lower()
    for marker in CDN_MARKERS:
        assert marker not in html, marker
    for ref in asset_refs(html):
        assert ref.startswith(("/app/static/vendor/", "/app/static/assetmap/")), ref


def test_only_needed_assets_are_loaded():
    refs = asset_refs(render(tiles=None))
    # leaflet js+css, markercluster js + 2 css, our map.js + map.css (folium's default: 10+)
    assert len(refs) == 7, refs
    assert "/app/static/assetmap/map.js" in refs and "/app/static/assetmap/map.css" in refs
    assert not any(word in " ".join(refs) for word in ("jquery", "bootstrap", "awesome", "fontawesome"))


def test_referenced_assets_exist_streamlit_base():
    refs = asset_refs(render(tiles=None))
    assert refs
    for ref in refs:
        # Streamlit serves <app dir>/static at /app/static/
        rel = ref.removeprefix("/app/")
        assert (ROOT / rel).is_file(), ref


def test_referenced_assets_exist_file_base():
    refs = asset_refs(render(tiles=None, asset_base=vendor.file_base()))
    assert refs
    for ref in refs:
        assert ref.startswith("file://")
        assert Path(unquote(urlparse(ref).path)).is_file(), ref


def test_css_url_references_exist():
    for name in ("leaflet_css", "markerclustercss", "markerclusterdefaultcss"):
        css_path = vendor.VENDOR_DIR / vendor.ASSETS[name]
        for url in re.findall(r"url\(([^)]+)\)", css_path.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            if url.startswith("data:") or url.startswith("#"):
                continue
            assert (css_path.parent / url).is_file(), (name, url)


def test_vendor_dir_matches_readme_and_pins():
    spec = importlib.util.spec_from_file_location("vendor_assets", ROOT / "scripts" / "vendor_assets.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert vendor.missing_files() == []
    assert mod.main(["--check"]) == 0
    readme = (vendor.VENDOR_DIR / "README.md").read_text(encoding="utf-8")
    for pkg in vendor.PACKAGES:
        assert f"| {pkg.name} | {pkg.version} | {pkg.licence} |" in readme
        assert any("LICEN" in dest.upper() for _, dest in pkg.files)


def test_localise_rewrites_folium_plugins_and_refuses_unknown_cdns():
    from folium.plugins import Fullscreen, MarkerCluster

    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    vendor.localise(m, "vendor")
    html = m.get_root().render()
    assert "vendor/leaflet.markercluster-1.1.0/leaflet.markercluster.js" in html
    assert not any(marker in html for marker in CDN_MARKERS)

    m2 = folium.Map(tiles=None)
    Fullscreen().add_to(m2)
    with pytest.raises(ValueError, match="no local copy"):
        vendor.localise(m2, "vendor")
    # folium's class attributes are untouched
    assert folium.Map.default_js[0][1].startswith("https://")


def test_streamlit_folium_sees_only_local_links():
    """What st_folium 0.27 sends its component: header (src/link tags stripped) + js/css links."""
    from folium.elements import JSCSSMixin
    from streamlit_folium import _get_header, _get_map_string

    m = mapview.build_map(sample_frame(), tiles=None)
    m.get_root().render()
    header = _get_header(m)
    assert "<script src" not in header and "am-legend" not in header  # our CSS is map.css, a file

    def walk(el):
        yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    links = [
        url for el in walk(m) if isinstance(el, JSCSSMixin) for _, url in list(el.default_js) + list(el.default_css)
    ]
    assert links and all(u.startswith(("/app/static/vendor/", "/app/static/assetmap/")) for u in links), links
    js = [url for el in walk(m) if isinstance(el, JSCSSMixin) for _, url in el.default_js]
    # loaded in order: leaflet, then markercluster, then our layer that uses both
    assert [u.rsplit("/", 1)[1] for u in js] == ["leaflet.js", "leaflet.markercluster.js", "map.js"]

    # st_folium rewrites variable names in the script with regexes; the data must survive intact.
    script = _get_map_string(m)
    assert payload(script)["n"][0] == EVIL_NAME


# --- escaping ------------------------------------------------------------------------------


def test_hostile_record_is_only_json_escaped():
    html = render(tiles=None)
    assert EVIL_NAME not in html
    assert "</script><script>alert(3)" not in html
    assert "<b>Cardiff</b>" not in html
    assert "onerror=alert(1)" in html  # present, but only inside the \u-escaped JSON
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "`" not in html  # no template literals anywhere
    # exactly the script blocks we expect: none were opened by data
    assert html.count("<script") == html.count("</script>")
    data = payload(html)
    i = data["id"].index("evil-record")
    assert data["n"][i] == EVIL_NAME and data["s"][i] == EVIL_SUMMARY
    assert data["places"][data["p"][i]] == "<b>Cardiff</b>"


def test_hostile_labels_are_escaped_too():
    html = render(tiles=None, labels={"organisation": "</script><script>alert(4)</script>"})
    assert "alert(4)</script>" not in html
    assert payload(html)["kinds"][0]["label"] == "</script><script>alert(4)</script>"


@given(st.text())
def test_js_json_is_script_safe(value):
    out = mapview.js_json({"v": value})
    for bad in ("<", ">", "&", "'", "\u2028", "\u2029", "{{", "{%", "{#"):
        assert bad not in out
    assert json.loads(out) == {"v": value}


def test_template_syntax_in_records_is_not_evaluated():
    """folium/branca compile rendered scripts as Jinja templates; record text must stay data."""
    name = "{{ 7*7 }} {% if true %}X{% endif %} {#c#} {{{%"
    probe = "{{ cycler.__init__.__globals__.os.getcwd() }}"
    frame = make_frame([dict(id="a", kind="project", name=name, summary=probe, place="}}", lon=-3.0, lat=52.0)])
    html = render(frame, tiles=None, labels={"project": "{% raw %}"})
    assert "49" not in html.split("var D = ")[1].split(";\n")[0]
    data = payload(html)
    assert data["n"] == [name] and data["s"] == [probe] and data["places"] == ["}}"]
    assert data["kinds"][1]["label"] == "{% raw %}"
    # and through streamlit-folium's own script extraction
    from streamlit_folium import _get_map_string

    m = mapview.build_map(frame, tiles=None)
    m.get_root().render()
    assert payload(_get_map_string(m))["n"] == [name]


def test_js_json_refuses_nan():
    with pytest.raises(ValueError):
        mapview.js_json(float("nan"))


# --- content --------------------------------------------------------------------------------


def test_payload_content_and_labels():
    labels = {k: f"L-{k}" for k in mappoints.KINDS}
    data = payload(render(tiles=None, labels=labels))
    assert data["id"][:2] == ["evil-record", "time-banking-wales"]
    assert [k["label"] for k in data["kinds"]] == [labels[k] for k in mappoints.KINDS]
    assert data["k"] == [0, 0, 1, 2, 3, 4]
    assert options(render(tiles=None, labels=labels))["selected"] == -1
    assert data["lat"][2] == 51.62 and data["lon"][2] == -3.94
    assert len(data["s"][1]) <= mappoints.SUMMARY_CHARS + 1 and data["s"][1].endswith("…")
    assert data["places"][data["p"][1]] == "Cardiff"


def test_welsh_names_and_default_labels():
    data = payload(render(tiles=None, lang="cy"))
    i = data["id"].index("time-banking-wales")
    assert data["n"][i] == "Bancio Amser Cymru" and data["s"][i] == "Banciau amser."
    assert data["kinds"][0]["label"] == "Sefydliad"
    j = data["id"].index("expert-classes")
    assert data["n"][j] == "Expert Classes"  # no Welsh name: English one


def test_selected_and_missing_geometry():
    frame = make_frame(
        [
            dict(id="a", kind="project", name="A", summary="", place="", lon=-3.0, lat=52.0),
            dict(id="b", kind="project", name="B", summary="", place=""),  # not geocoded
            dict(id="c", kind="mystery", name="C", summary="", place="", lon=-3.1, lat=52.1),
        ]
    )
    html = render(frame, tiles=None, selected="c")
    data = payload(html)
    assert data["id"] == ["a", "c"]
    assert options(html)["selected"] == 1
    assert data["kinds"][data["k"][1]]["label"] == "mystery"
    assert options(render(frame, tiles=None, selected="nope"))["selected"] == -1


def test_visible_points_from_a_filter_mask():
    frame = sample_frame()
    data = mappoints.map_data(frame)
    chosen = frame[frame["kind"] == "organisation"].index
    assert [data.payload["id"][i] for i in data.visible(chosen)] == ["evil-record", "time-banking-wales"]
    assert data.position["expert-classes"] == 2
    assert data.visible(["no-such-record", "jane-jones"]) == [3]
    # the app's way: the frame's slots once, then any filter's mask over the same frame
    mask = (frame["kind"] == "organisation").to_numpy()
    assert mappoints.MapData.rows_visible(data.slots(frame.index), mask) == data.visible(chosen)


def test_welsh_payload_like_the_english_one_is_the_same_and_shares_what_no_language_changes():
    frame = make_frame(
        [
            dict(id="a", kind="project", name="A", summary="Plain.", place="Cardiff", lon=-3.0, lat=52.0),
            dict(id="b", kind="project", name="B", summary="Hi.", summary_cy="Helo.", place="", lon=-3.1, lat=52.1),
            dict(id="c", kind="project", name="C", summary="", place=""),  # not geocoded
            dict(id="d", kind="mystery", name="D", summary="  two  words ", place="", lon=-3.2, lat=52.2),
        ]
    )
    en = mappoints.map_data(frame, "en")
    alone, like = mappoints.map_data(frame, "cy"), mappoints.map_data(frame, "cy", like=en)
    assert like.payload == alone.payload and like.payload["s"] == ["Plain.", "Helo.", "two words"]
    assert all(like.payload[key] is en.payload[key] for key in mappoints.SAME_IN_EVERY_LANGUAGE)
    assert like.payload["s"][0] is en.payload["s"][0]  # no Welsh summary: the English one, not a copy
    with pytest.raises(ValueError):
        mappoints.map_data(frame.iloc[:1], "cy", like=en)


def test_empty_frame_builds():
    data = payload(render(make_frame([]), tiles=None))
    assert data["id"] == [] and data["places"] == []


def test_short_summary():
    assert mappoints.short_summary("  a   b ") == "a b"
    s = mappoints.short_summary("word " * 100, limit=20)
    assert s.endswith("…") and len(s) <= 21 and not s[:-1].endswith(" ")


def test_records_nothing_recent_vouches_for_are_marked_for_fading():
    frame = make_frame(
        [
            dict(id="old", kind="project", name="Old", as_of="2016-03", current=False, lon=-3.18, lat=51.48),
            dict(id="undated", kind="project", name="Undated", as_of="", current=False, lon=-3.2, lat=51.5),
            dict(id="checked", kind="project", name="Checked", as_of="2026-05-01", current=True, lon=-3.9, lat=51.6),
        ]
    )
    for lang, note in (("en", "Not confirmed since {year}"), ("cy", "Heb ei gadarnhau ers {year}")):
        data = mappoints.map_data(frame, lang).payload
        assert data["u"] == [2016, -1, 0]  # a year, undated, current
        assert data["oldNote"] == note and data["fadedLegend"]
    js = (ROOT / "static" / "assetmap" / "map.js").read_text()
    assert '"am-m am-old"' in js and "oldNote(i)" in js
    assert ".am-m.am-old" in (ROOT / "static" / "assetmap" / "map.css").read_text()


# --- placed honestly: coarse points, co-located points spread ---------------------------------


def test_points_placed_by_town_or_area_are_marked_coarse():
    frame = make_frame(
        [
            dict(id="given", kind="organisation", name="G", geocode="coordinates", lon=-3.5, lat=52.0),
            dict(id="by-town", kind="project", name="T", geocode="place", lon=-3.2, lat=51.5),
            dict(id="by-postcode", kind="project", name="P", geocode="postcode", lon=-3.7, lat=51.8),
            dict(id="by-area", kind="project", name="A", geocode="area", lon=-3.52, lat=52.33),
            dict(id="at-given-owner", kind="project", name="O", geocode="organisation", lon=-3.5, lat=52.0),
            dict(id="at-town-owner", kind="skill", name="S", geocode="organisation", lon=-3.2, lat=51.5),
        ]
    )
    data = mappoints.map_data(frame).payload
    assert dict(zip(data["id"], data["c"])) == {
        "given": 0,
        "by-town": 1,
        "by-postcode": 1,
        "by-area": 1,
        "at-given-owner": 0,  # its organisation's own coordinates
        "at-town-owner": 1,  # its organisation was placed by town
    }
    assert all("stroke-dasharray" in k["coarse"] and "stroke-dasharray" not in k["svg"] for k in data["kinds"])
    assert data["text"]["coarse"] == "Placed by town or area (approximate)"
    cy = mappoints.map_data(frame, "cy").payload["text"]
    assert cy["cluster"] == "{n} cofnod" and cy["marker"] == "{kind}: {name}"


def test_colocated_points_spread_deterministically_around_their_place():
    ids = [f"group-{i:03d}" for i in range(120)]
    rows = [dict(id=rid, kind="organisation", name=rid, lon=-3.1791, lat=51.4816) for rid in reversed(ids)]
    rows.append(dict(id="alone", kind="project", name="Alone", lon=-3.9, lat=51.6))
    data = mappoints.map_data(make_frame(rows)).payload
    at = {rid: (lon, lat) for rid, lon, lat in zip(data["id"], data["lon"], data["lat"])}
    assert at["alone"] == (-3.9, 51.6) and at["group-000"] == (-3.1791, 51.4816)  # the first by id stays put
    assert len({at[rid] for rid in ids}) == len(ids)  # no two share a point
    pts = gpd.GeoSeries([Point(at[rid]) for rid in ids], crs="EPSG:4326").to_crs(27700)
    centre = gpd.GeoSeries([Point(-3.1791, 51.4816)], crs="EPSG:4326").to_crs(27700).iloc[0]
    gaps = [pts.iloc[i].distance(pts.drop(pts.index[i])).min() for i in range(len(pts))]
    assert min(gaps) > 100  # metres: apart on screen once zoomed in
    assert pts.distance(centre).max() < 2_000  # and still around their place
    again = mappoints.map_data(make_frame(list(reversed(rows)))).payload  # row order does not matter
    assert {rid: (lon, lat) for rid, lon, lat in zip(again["id"], again["lon"], again["lat"])} == at


def test_place_names_are_shown_in_the_page_language():
    frame = sample_frame()
    data = mappoints.map_data(frame, "cy", place_names={"Swansea": "Abertawe"})
    assert "Abertawe" in data.payload["places"] and "Swansea" not in data.payload["places"]
    assert "<b>Cardiff</b>" in data.payload["places"]  # a place with no Welsh name stays as written (escaped later)
