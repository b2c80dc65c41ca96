"""A map for a static page: :func:`assetmap.outputs.mapview.build_map`, split into files a strict CSP allows.

folium renders one HTML document with inline ``<style>`` and ``<script>`` blocks. A page whose
Content-Security-Policy says ``script-src 'self'; style-src 'self'`` runs none of them, so the inline
parts go to ``map.js`` and ``map.css`` beside the page and the page links them. The record data stays
where ``build_map`` put it (escaped by ``js_json``); nothing here touches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from branca.element import Figure

from assetmap.outputs.mapview import build_map

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_LINKED = re.compile(r'<script src="[^"]+"></script>|<link rel="stylesheet" href="[^"]+"/>')
# OpenStreetMap's standard tiles: the only third-party host, and only once the visitor turns it on
TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_HOST = "https://tile.openstreetmap.org"


@dataclass
class PageMap:
    head: list[str]  # <script src> / <link> tags of the vendored Leaflet files, relative to the page
    div: str  # the map's <div>
    name: str  # the JS variable holding the Leaflet map (site.js adds the street-map layer to it)


def write_map(
    frame, folder: Path, root: str, *, lang: str, labels: dict[str, str], selected: str | None = None
) -> PageMap:
    """Write ``folder/map.js`` and ``folder/map.css`` for ``frame``; return what the page must include.

    root: the relative path from ``folder`` to the site root (e.g. ``"../../"``), where ``vendor/`` is.
    """
    m = build_map(frame, lang=lang, labels=labels, selected=selected, asset_base=f"{root}vendor", tiles=None)
    figure = m.get_root()
    assert isinstance(figure, Figure)
    figure.render()  # attaches every element's header and script parts to the figure
    header = figure.header.render()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "map.css").write_text("\n".join(s.strip() for s in _STYLE.findall(header)), encoding="utf-8")
    scripts = [s.strip() for s in _INLINE_SCRIPT.findall(header)] + [figure.script.render()]
    (folder / "map.js").write_text("\n".join(scripts), encoding="utf-8")
    head = _LINKED.findall(header)
    for tag in head:
        if "http:" in tag or "https:" in tag or "//" in tag.split("=", 1)[1][:3]:
            raise ValueError(f"a map asset is not local: {tag}")
    return PageMap(head=head, div=figure.html.render().strip(), name=m.get_name())
