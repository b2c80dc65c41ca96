"""`assetmap build-site`: the static bilingual site, built by the real CLI from real YAML files.

Builds: the shipped data plus one hostile probe record (module fixture), and a synthetic dataset of
10,000 records (benchmarks/bench_site.py also builds 50,000 and times them).
Browser tests open pages from file:// in headless Chromium with every other request aborted.
"""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from test_browser_app import EVIL, EVIL_NAME  # noqa: E402

from benchmarks.synthetic import check_dataset, make_dataset  # noqa: E402

# the app's probe record, plus a hostile source title and a seed file name that must never show
EVIL = EVIL.replace(
    "  - title: A test\n    url: https://example.org/test\n",
    "  - title: '</script><img src=x onerror=alert(5)>'\n    file: 003_723bb684ae7cffae.txt\n",
)
assert "alert(5)" in EVIL
LANGS = ("cy", "en")


def build(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    r = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "build-site", "--data", str(data), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
    )
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("site")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "projects" / "evil-record.yaml").write_text(EVIL, encoding="utf-8")
    build(data, base / "site")
    from assetmap.catalogue import load_catalogue

    return base / "site", load_catalogue(data)


class Refs(HTMLParser):
    """Every href/src of a page, the <html lang>, the number of h1s, inline scripts and event attributes."""

    def __init__(self):
        super().__init__()
        self.refs, self.lang, self.h1, self.inline, self.handlers, self.alternates = [], None, 0, [], [], []
        self._script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append((a.get("hreflang"), a.get("href")))
        self.handlers += [k for k in a if k.startswith("on")]
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append(a[key])
        if tag == "script" and not a.get("src"):
            self._script = a.get("type", "")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline.append(self._script)
            self._script = None


def parse(path: Path) -> Refs:
    p = Refs()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(root: Path):
    return sorted(root.rglob("*.html"))


def test_one_page_per_mapped_record_per_language_and_22_areas(site):
    out, cat = site
    for lang in LANGS:
        records = {p.name for p in (out / lang / "records").iterdir()}
        assert records == set(cat.frame.index)
        assert len(list((out / lang / "areas").glob("*/index.html"))) == 22
        assert len(list((out / lang / "themes").glob("*/index.html"))) == len(cat.vocab.terms["themes"])
    assert len(list((out / "embed" / "area").glob("*/index.html"))) == 22
    orgs = set(cat.frame.index[cat.frame["kind"] == "organisation"])
    assert {p.name for p in (out / "embed" / "org").iterdir()} == orgs
    for name in (
        "data/assetmap.csv",
        "data/assetmap.geojson",
        "data/hsds/service.json",
        "data/datapackage/datapackage.json",
        "sitemap.xml",
        "index.html",
    ):
        assert (out / name).is_file(), name


def test_language_attributes_alternates_and_the_language_link(site):
    out, _ = site
    for path in pages(out):
        rel = path.relative_to(out).as_posix()
        p = parse(path)
        if rel.split("/")[0] in LANGS:
            lang = rel.split("/")[0]
            assert p.lang == lang, rel
            # Welsh first; each alternate is this page in that language; x-default is the language choice
            assert [h for h, _ in p.alternates] == ["cy", "en", "x-default"], rel
            for code, href in p.alternates[:2]:
                assert (path.parent / href).resolve() == (out / code / rel.split("/", 1)[1]).resolve()
            assert (path.parent / p.alternates[2][1]).resolve() == (out / "index.html").resolve()
            other = "en" if lang == "cy" else "cy"
            text = path.read_text(encoding="utf-8")
            link = re.search(rf'<a href="([^"]+)" hreflang="{other}"', text)
            assert link and (path.parent / link[1]).resolve() == (out / other / rel.split("/", 1)[1]).resolve()
        elif rel.startswith("embed/"):
            lang = "cy" if "/cy/" in rel else "en"
            assert p.lang == lang, rel
            twins = {"cy": path.parent / "cy" / "index.html", "en": path}
            if lang == "cy":
                twins = {"cy": path, "en": path.parent.parent / "index.html"}
            assert [h for h, _ in p.alternates] == ["cy", "en"], rel
            for code, href in p.alternates:
                assert (path.parent / href).resolve() == twins[code].resolve(), rel
            other = "en" if lang == "cy" else "cy"
            link = re.search(rf'<a href="([^"]+)" hreflang="{other}"', path.read_text(encoding="utf-8"))
            assert link and (path.parent / link[1]).resolve() == twins[other].resolve(), rel
    root = (out / "index.html").read_text(encoding="utf-8")
    assert root.index('href="cy/index.html"') < root.index('href="en/index.html"')


def test_no_broken_internal_link_and_no_external_asset(site):
    out, _ = site
    broken = []
    for path in pages(out):
        for ref in parse(path).refs:
            parts = urlsplit(ref)
            if parts.scheme in ("https", "mailto"):
                continue  # a record's own web address: a link for the reader, never loaded by the page
            assert not parts.scheme and not parts.netloc, f"{path}: {ref}"
            target = (path.parent / unquote(parts.path)).resolve()
            if parts.path and not target.is_file():
                broken.append(f"{path.relative_to(out)} -> {ref}")
    assert not broken, broken[:10]


def test_every_page_has_one_h1_a_strict_csp_and_no_inline_code(site):
    out, _ = site
    for path in pages(out):
        text, p = path.read_text(encoding="utf-8"), parse(path)
        rel = path.relative_to(out).as_posix()
        assert p.h1 == 1, rel
        assert not p.handlers, f"{rel}: {p.handlers}"
        assert all(kind == "application/json" for kind in p.inline), rel  # code only from files
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert csp, rel
        policy = csp[1].replace("&#39;", "'")
        assert "script-src 'self';" in policy and "style-src 'self';" in policy and "unsafe" not in policy
        assert "<style" not in text, rel
        if not rel.startswith("embed/") and rel != "index.html":
            assert 'class="skip" href="#main"' in text and '<main id="main"' in text and "<nav " in text


def test_the_probe_record_is_text_everywhere(site):
    out, _ = site
    for lang in LANGS:
        page = (out / lang / "records" / "evil-record" / "index.html").read_text(encoding="utf-8")
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "${alert(2)}&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt; [click](javascript:alert(4))" in page
        assert "&lt;/script&gt;&lt;img src=x onerror=alert(5)&gt;" in page  # the source title
    # the probe is on every kind of page that lists or maps it, always as text or escaped JSON
    html_probe, json_probe = "&lt;img src=x onerror=alert(1)&gt;", "\\u003cimg src=x onerror=alert(1)\\u003e"
    for lang in LANGS:
        for where in ("list", "areas/powys", "themes/dementia"):
            assert html_probe in (out / lang / where / "index.html").read_text(encoding="utf-8"), (lang, where)
        for where in (f"{lang}/index.html", f"{lang}/areas/powys/index.html"):
            assert json_probe in (out / where).read_text(encoding="utf-8"), where
    for where in ("embed/area/powys/index.html", "embed/org/barod/cy/index.html"):  # barod leads the probe
        assert json_probe in (out / where).read_text(encoding="utf-8"), where
    for path in pages(out):
        text = path.read_text(encoding="utf-8")
        assert EVIL_NAME not in text and "<script>alert" not in text, path
    for path in pages(out):  # a map's points and settings: js_json, so no "<" can end their <script> block
        block = re.search(
            r'<script type="application/json" id="am-config">(.*?)</script>', path.read_text("utf-8"), re.S
        )
        assert block is None or "<" not in block[1], path


def test_sources_by_title_and_date_never_by_file_name(site):
    out, _ = site
    for path in (out / "en" / "records").rglob("index.html"):
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", path.read_text(encoding="utf-8")), path


def test_area_and_organisation_pages_offer_an_escaped_iframe_snippet(site):
    out, _ = site
    page = (out / "cy" / "areas" / "powys" / "index.html").read_text(encoding="utf-8")
    snippet = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)[1]
    assert snippet.startswith("&lt;iframe src=&#34;") and "embed/area/powys/cy/index.html" in snippet
    page = (out / "en" / "records" / "barod" / "index.html").read_text(encoding="utf-8")
    assert "embed/org/barod/index.html" in page
    assert "embed/" not in (out / "en" / "records" / "evil-record" / "index.html").read_text(encoding="utf-8")


def test_sitemap_lists_every_language_page_with_absolute_urls(tmp_path):
    out = tmp_path / "site"
    build(ROOT / "data", out, "--base-url", "https://example.org/map")
    tree = ET.parse(out / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().findall("s:url/s:loc", ns)]
    expected = {p.relative_to(out).as_posix() for lang in LANGS for p in (out / lang).rglob("index.html")}
    expected.add("index.html")  # the language choice; embeds are for iframes, not for search engines
    assert {loc.removeprefix("https://example.org/map/") for loc in locs} == expected
    page = (out / "en" / "areas" / "powys" / "index.html").read_text(encoding="utf-8")
    assert "https://example.org/map/embed/area/powys/index.html" in page


SYNTHETIC = 10_000  # issue 15's size; about two minutes here, most of it writing 20,000 record pages


def test_synthetic_dataset_of_10000_records(tmp_path):
    data = make_dataset(tmp_path / "data", SYNTHETIC, source=ROOT / "data")
    check_dataset(data, SYNTHETIC)
    out = tmp_path / "site"
    build(data, out)
    for lang in LANGS:
        assert len(list((out / lang / "records").iterdir())) == SYNTHETIC
        assert len(list((out / lang / "areas").glob("*/index.html"))) == 22
        listing = (out / lang / "list" / "index.html").read_text(encoding="utf-8")
        assert listing.count("<tr>") == SYNTHETIC + 1  # header + one row per record: the list works without JavaScript


def test_build_site_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    r = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "build-site", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 2 and (tmp_path / "keep.txt").exists()
