"""The static site: every page of both languages, the embeds, the data files and the sitemap.

Layout (all links relative and ending in ``index.html``, so the pages work from ``file://`` too)::

    index.html                      language choice (Welsh first)
    cy/ en/                         map, list/, records/<id>/, areas/[<id>/], themes/[<id>/], data/
    embed/area/<id>/[cy/]           minimal map pages for an <iframe>
    embed/org/<id>/[cy/]
    data/                           the EXPORTERS' files (CSV, GeoJSON, hsds/, datapackage/)
    vendor/ assets/ sitemap.xml

Escaping: Jinja autoescape for every record value in HTML; a map's points and settings are ``js_json`` in a
``<script type="application/json">`` (:mod:`assetmap.outputs.site.maps`). Pages carry
a Content-Security-Policy that allows only this site's own scripts and styles (no inline code) and
images from OpenStreetMap's tile server, which is contacted only after the visitor asks for it.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import jinja2

from assetmap.catalogue import Catalogue
from assetmap.i18n import Translator
from assetmap.labels import Labels
from assetmap.outputs import vendor
from assetmap.outputs.exporters import EXPORTERS
from assetmap.outputs.site.maps import TILES_HOST, SiteMaps
from assetmap.outputs.site.pages import KIND_IDS, embeds, language_pages

LANGS = ("cy", "en")  # Welsh first wherever both appear
HERE = Path(__file__).parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data: {TILES_HOST}; base-uri 'none'; form-action 'none'"
)


class Site:
    def __init__(self, cat: Catalogue, out: Path, base_url: str = ""):
        self.cat, self.out, self.base_url = cat, Path(out), base_url.rstrip("/") + "/" if base_url else ""
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, keep_trailing_newline=True
        )
        self.labels = {lang: Labels(cat.vocab, cat.areas, lang) for lang in LANGS}
        self.kind_labels = {lang: {k: self.labels[lang]("kinds", k) for k in KIND_IDS} for lang in LANGS}
        self.pages: list[str] = []  # language pages (for the sitemap), as paths under the site root
        self.maps = SiteMaps(cat, self.out, LANGS, self.kind_labels)

    def write(self, rel: str, template: str, lang: str, twins: dict[str, str] | None = None, **ctx) -> Path:
        """Render ``template`` to ``out/rel``. A language page (``rel`` starts with its language) is twinned with
        the same path in the other language; other pages (embeds) name their ``twins`` (language → rel)."""
        root = "../" * rel.count("/")
        other = LANGS[1 - LANGS.index(lang)]
        language_page = rel.startswith(f"{lang}/")
        if language_page:
            twins = {code: f"{code}/{rel.split('/', 1)[1]}" for code in LANGS}
        twins = twins or {}
        alternates = [{"lang": code, "href": root + twins[code]} for code in LANGS if code in twins]
        if language_page:  # the language choice, for a reader whose language is neither
            alternates.append({"lang": "x-default", "href": root + "index.html"})
        ctx.setdefault("title", "")
        ctx.setdefault("mapconfig", None)
        text = self.env.get_template(template).render(
            lang=lang,
            other_lang=other,
            root=root,
            csp=CSP,
            t=Translator(lang),
            alternates=alternates,
            other_href=root + twins.get(other, f"{other}/index.html"),
            **ctx,
        )
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if language_page and lang == LANGS[0]:
            self.pages.append(rel.split("/", 1)[1])
        return path

    def map_page(self, rel: str, template: str, lang: str, ids=None, *, selected=None, focus=None, shade=(), **ctx):
        """A page with a map of the records ``ids`` (all if None): see :meth:`SiteMaps.config`."""
        css, js = self.maps.links("../" * rel.count("/"), lang)
        config = self.maps.config(lang, ids, selected=selected, focus=focus, shade=shade)
        return self.write(
            rel, template, lang, mapconfig=config, map_css=css, map_js=js, map_areas=self.maps.has_areas, **ctx
        )

    def embed_code(self, kind: str, rid: str, lang: str, title: str, root: str) -> str:
        path = f"embed/{kind}/{rid}/" + ("cy/" if lang == "cy" else "") + "index.html"
        src = (self.base_url + path) if self.base_url else root + path
        # the snippet is pasted into other people's pages as HTML: escape what goes in its attributes
        src, title = html.escape(src, quote=True), html.escape(title, quote=True)
        return f'<iframe src="{src}" title="{title}" width="100%" height="450" loading="lazy"></iframe>'


def build_site(cat: Catalogue, out: Path, base_url: str = "") -> list[str]:
    """Write the whole site into ``out`` (emptied first); return the language pages written (one language)."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    vendor.copy_assets(out)
    shutil.copytree(HERE / "static", out / "assets")
    site = Site(cat, out, base_url)  # after the assets: it writes the area outlines into assets/
    data_links = _write_data(cat, out)
    root_t = {lang: Translator(lang)("site.title") for lang in LANGS}
    (out / "index.html").write_text(
        site.env.get_template("root.html").render(csp=CSP, title_cy=root_t["cy"], title_en=root_t["en"]),
        encoding="utf-8",
    )
    for lang in LANGS:
        language_pages(site, lang, data_links)
    embeds(site)
    _write_sitemap(site)
    return site.pages


def _write_data(cat: Catalogue, out: Path) -> list[tuple[str, list[str]]]:
    """Every format of EXPORTERS under ``out/data``: (label key, [paths under the site root])."""
    data = out / "data"
    data.mkdir()
    links = []
    for exporter in EXPORTERS.values():
        if exporter.is_folder:
            files = exporter.to_folder(cat, data / exporter.name)
        else:
            files = [data / exporter.filename()]
            files[0].write_text(exporter.as_text(cat.frame), encoding="utf-8")
        links.append((exporter.label_key, [f.relative_to(out).as_posix() for f in files]))
    return links


def _write_sitemap(site: Site) -> None:
    def loc(path: str) -> str:
        return jinja2.utils.markupsafe.escape(site.base_url + path)

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    lines.append(f"<url><loc>{loc('index.html')}</loc></url>")  # the language choice
    for rest in site.pages:
        for lang in LANGS:
            lines.append(f"<url><loc>{loc(f'{lang}/{rest}')}</loc>")
            lines += [
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{loc(f"{code}/{rest}")}"/>' for code in LANGS
            ]
            lines.append("</url>")
    lines.append("</urlset>")
    (site.out / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
