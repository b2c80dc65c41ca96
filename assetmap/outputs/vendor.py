"""Local copies of the JS/CSS the map needs, so nothing is fetched from a CDN.

folium points every map at CDNs (jsdelivr, code.jquery.com, cdnjs, netdna). Offline those
requests never answer and the map stays blank, so we serve the few files the map really uses
from ``static/vendor/`` (written by ``scripts/vendor_assets.py`` from the npm tarballs pinned
in :data:`PACKAGES`; versions and licences are listed in ``static/vendor/README.md``).

Where the files are served from (``asset_base``):

* Streamlit (``server.enableStaticServing = true``): ``./static`` is served at ``/app/static/``,
  so the base is :data:`STREAMLIT_ASSET_BASE`. streamlit-folium's component iframe lives at
  ``/component/streamlit_folium.st_folium/index.html`` on the same origin; it strips the
  ``<script src>``/``<link>`` tags from folium's header and instead loads every element's
  ``default_js``/``default_css`` URL itself (``js_links``/``css_links``), so a root-relative
  URL works there. (With ``server.baseUrlPath`` set, prefix it: ``/<base>/app/static/vendor``.)
* Standalone HTML: :func:`file_base` (a ``file://`` URI of this checkout's ``static/vendor``),
  or :func:`copy_assets` next to the HTML file and a relative base such as ``"vendor"``.

This module imports nothing heavy; ``scripts/vendor_assets.py`` reads :data:`PACKAGES` from it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR_DIR = ROOT / "static" / "vendor"
STREAMLIT_ASSET_BASE = "/app/static/vendor"
# assetmap's own map script and styles: real files beside the vendored ones (served, cached and linted
# as what they are), found from the same asset base: <base>/../assetmap/
OWN_DIR = ROOT / "static" / "assetmap"
OWN_ASSETS: dict[str, str] = {"mapjs": "map.js", "mapcss": "map.css"}


@dataclass(frozen=True)
class Package:
    """One npm package we copy files from."""

    name: str
    version: str
    licence: str  # SPDX id, from the package's package.json
    integrity: str  # npm dist.integrity of the tarball (checked by scripts/vendor_assets.py)
    files: tuple[tuple[str, str], ...]  # (path inside the tarball, path under VENDOR_DIR)

    @property
    def dir(self) -> str:
        return f"{self.name}-{self.version}"


PACKAGES: tuple[Package, ...] = (
    Package(
        name="leaflet",
        version="1.9.3",  # the version folium 0.20 references
        licence="BSD-2-Clause",
        integrity="sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
        files=(
            ("package/LICENSE", "leaflet-1.9.3/LICENSE"),
            ("package/dist/leaflet.js", "leaflet-1.9.3/leaflet.js"),
            ("package/dist/leaflet.css", "leaflet-1.9.3/leaflet.css"),
            # referenced by url(...) in leaflet.css (layers control, default marker icon)
            ("package/dist/images/layers.png", "leaflet-1.9.3/images/layers.png"),
            ("package/dist/images/layers-2x.png", "leaflet-1.9.3/images/layers-2x.png"),
            ("package/dist/images/marker-icon.png", "leaflet-1.9.3/images/marker-icon.png"),
            ("package/dist/images/marker-icon-2x.png", "leaflet-1.9.3/images/marker-icon-2x.png"),
            ("package/dist/images/marker-shadow.png", "leaflet-1.9.3/images/marker-shadow.png"),
        ),
    ),
    Package(
        name="leaflet.markercluster",
        version="1.1.0",  # the version folium's MarkerCluster/FastMarkerCluster reference
        licence="MIT",
        integrity="sha512-eI+XkCiLiHwCC3uZ4/n4+Vq3rXcqEHN2lhHRVG1WVziy/3Q0TTipWkzEa1zO0dKZI2AnI5ppFDWrOjnQ7MJLKQ==",
        files=(
            ("package/MIT-LICENCE.txt", "leaflet.markercluster-1.1.0/MIT-LICENCE.txt"),
            ("package/dist/leaflet.markercluster.js", "leaflet.markercluster-1.1.0/leaflet.markercluster.js"),
            ("package/dist/MarkerCluster.css", "leaflet.markercluster-1.1.0/MarkerCluster.css"),
            ("package/dist/MarkerCluster.Default.css", "leaflet.markercluster-1.1.0/MarkerCluster.Default.css"),
        ),
    ),
)

# Test-only tools: axe-core runs the accessibility checks in the browser tests. Kept out of
# static/ so the app never serves it; written to tests/vendor/ by the same script.
TEST_VENDOR_DIR = ROOT / "tests" / "vendor"
TEST_PACKAGES: tuple[Package, ...] = (
    Package(
        name="axe-core",
        version="4.14.1",
        licence="MPL-2.0",
        integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        files=(
            ("package/LICENSE", "axe-core-4.14.1/LICENSE"),
            ("package/axe.min.js", "axe-core-4.14.1/axe.min.js"),
        ),
    ),
)
AXE_JS = TEST_VENDOR_DIR / "axe-core-4.14.1" / "axe.min.js"

# name -> path under VENDOR_DIR, for the files pages load directly.
ASSETS: dict[str, str] = {
    "leaflet": "leaflet-1.9.3/leaflet.js",
    "leaflet_css": "leaflet-1.9.3/leaflet.css",
    "markerclusterjs": "leaflet.markercluster-1.1.0/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster-1.1.0/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster-1.1.0/MarkerCluster.Default.css",
}

# folium's CDN URLs that have a local copy.
CDN_TO_ASSET: dict[str, str] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet_css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": "markerclusterjs",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": "markerclustercss",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
        "markerclusterdefaultcss"
    ),
}

# folium.Map's other defaults. Our map uses none of them (they serve folium.Icon /
# awesome markers and Bootstrap-styled popups), so they are dropped: 8 fewer requests.
DROPPED_MAP_ASSETS = frozenset(
    {
        "jquery",
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)


def asset_url(name: str, base: str) -> str:
    """URL of a vendored asset under ``base`` (URL prefix, relative dir or file:// URI)."""
    return f"{base.rstrip('/')}/{ASSETS[name]}"


def own_url(name: str, base: str) -> str:
    """URL of one of assetmap's own files (:data:`OWN_ASSETS`), which sit in ``assetmap/`` beside ``base``."""
    parent = base.rstrip("/").rpartition("/")[0]
    return f"{parent}/{OWN_DIR.name}/{OWN_ASSETS[name]}" if parent else f"{OWN_DIR.name}/{OWN_ASSETS[name]}"


def file_base() -> str:
    """``file://`` URI of the vendored assets in this checkout (standalone HTML, tests)."""
    return VENDOR_DIR.as_uri()


def copy_assets(dest_dir: str | Path, name: str = "vendor") -> Path:
    """Copy the vendored files to ``dest_dir/name`` and ours (the map's scripts and styles) to
    ``dest_dir/assetmap`` (for an exported map: use ``asset_base=name``)."""
    target = Path(dest_dir) / name
    shutil.copytree(VENDOR_DIR, target, dirs_exist_ok=True)
    own = Path(dest_dir) / OWN_DIR.name
    own.mkdir(parents=True, exist_ok=True)
    # map.js, map.css and areas.js (the area outlines, AssetMap.areasLayer); not the app's component page
    for file in (*OWN_ASSETS.values(), "areas.js"):
        shutil.copy2(OWN_DIR / file, own / file)
    return target


def missing_files() -> list[str]:
    """Vendored files that should exist but do not (run scripts/vendor_assets.py)."""
    return [dest for pkg in PACKAGES for _, dest in pkg.files if not (VENDOR_DIR / dest).is_file()]


def localise(element, base: str) -> None:
    """Point every JS/CSS link of ``element`` (a folium Map/Figure tree) at local copies.

    Known CDN URLs become ``base`` URLs, the Map's unused defaults are dropped, and any other
    absolute ``http(s)`` URL raises ``ValueError`` so a new plugin cannot silently reintroduce
    a CDN. The lists are replaced per instance; folium's class attributes are not touched.
    """
    import folium
    from folium.elements import JSCSSMixin

    def walk(el):
        yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    prefix = base.rstrip("/") + "/"
    for el in walk(element):
        if not isinstance(el, JSCSSMixin):
            continue
        for attr in ("default_js", "default_css"):
            new = []
            for key, url in getattr(el, attr):
                if url.startswith(prefix):
                    new.append((key, url))
                elif url in CDN_TO_ASSET:
                    new.append((key, asset_url(CDN_TO_ASSET[url], base)))
                elif isinstance(el, folium.Map) and key in DROPPED_MAP_ASSETS:
                    continue
                elif url.startswith(("http://", "https://", "//")):
                    raise ValueError(
                        f"{type(el).__name__} wants {url!r}, which has no local copy; "
                        "vendor it (scripts/vendor_assets.py) or drop the element"
                    )
                else:
                    new.append((key, url))
            setattr(el, attr, new)
