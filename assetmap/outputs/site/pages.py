"""What each page of the static site shows, in one language (the templates decide how it looks)."""

from __future__ import annotations

from assetmap.i18n import Translator
from assetmap.outputs.areas_layer import served_areas
from assetmap.outputs.detail import build_detail
from assetmap.records.schema import SINGULAR

KIND_IDS = tuple(SINGULAR.values())


def _rows(site, lang: str, frame) -> list[dict]:
    """One dict per record for the records table, names in ``lang`` where the record has them."""
    labels = site.labels[lang]
    rows = []
    for rid, name, name_cy, kind, place, area, status in zip(
        frame.index, frame["name"], frame["name_cy"], frame["kind"], frame["place"], frame["area"], frame["status"]
    ):
        rows.append(
            {
                "id": rid,
                "name": (name_cy if lang == "cy" and name_cy else name),
                "kind": site.kind_labels[lang].get(kind, kind),
                "place": place,
                "area": labels("areas", area) if area else "",
                "status": labels("status", status),
            }
        )
    rows.sort(key=lambda r: r["name"].casefold())
    return rows


def language_pages(site, lang: str, data_links: list[tuple[str, list[str]]]) -> None:
    cat, t, labels = site.cat, Translator(lang), site.labels[lang]
    frame = cat.frame
    site.map_page(f"{lang}/index.html", "map.html", lang, title=t("site.home"), count=len(frame))
    rows = _rows(site, lang, frame)
    site.write(
        f"{lang}/list/index.html",
        "list.html",
        lang,
        title=t("site.list_heading"),
        intro=t("site.list_count", count=len(rows)),
        rows=rows,
    )
    linked = set(frame.index)
    area_of = dict(zip(frame.index, frame["area"]))  # one pass, not a pandas look-up per page
    for rid in frame.index:
        _record_page(site, lang, rid, linked, area_of[rid])

    area_items = []
    for area in cat.areas:
        name = area.name(lang)
        part = frame[frame["area"] == area.id]
        area_items.append({"href": f"{area.id}/index.html", "label": name, "note": str(len(part))})
        rel = f"{lang}/areas/{area.id}/index.html"
        site.map_page(
            rel,
            "list.html",
            lang,
            part.index,
            focus=area.id,
            title=name,
            intro=t("site.area_count", count=len(part), area=name),
            rows=_rows(site, lang, part),
            embed=site.embed_code("area", area.id, lang, name, "../../../"),
        )
    site.write(f"{lang}/areas/index.html", "links.html", lang, title=t("site.areas_heading"), items=area_items)

    theme_items = []
    themes = cat.vocab.terms.get("themes", {})
    has_theme: dict[str, list[str]] = {term: [] for term in themes}
    for rid, ids in zip(frame.index, frame["themes"]):
        for term in ids:
            if term in has_theme:
                has_theme[term].append(rid)
    for term, ids in has_theme.items():
        name = labels("themes", term)
        theme_items.append({"href": f"{term}/index.html", "label": name, "note": str(len(ids))})
        site.write(
            f"{lang}/themes/{term}/index.html",
            "list.html",
            lang,
            title=name,
            intro=t("site.theme_count", count=len(ids), theme=name),
            rows=_rows(site, lang, frame.loc[ids]),
        )
    theme_items.sort(key=lambda item: item["label"].casefold())
    site.write(f"{lang}/themes/index.html", "links.html", lang, title=t("site.themes_heading"), items=theme_items)

    data_items = [
        {"href": f"../../{path}", "label": t(key), "note": path.rsplit("/", 1)[-1]}
        for key, paths in data_links
        for path in paths
    ]
    data_items.append({"href": "../../sitemap.xml", "label": t("site.sitemap"), "note": "sitemap.xml"})
    site.write(
        f"{lang}/data/index.html",
        "links.html",
        lang,
        title=t("site.data_heading"),
        intro=t("site.data_intro"),
        items=data_items,
    )


def _record_page(site, lang: str, rid: str, linked: set[str], area_id: str) -> None:
    labels = site.labels[lang]
    d = build_detail(site.cat, rid, labels)
    assert d is not None, rid  # record pages are written for mapped records only
    item = site.cat.records[rid]
    rec = item.record
    kind = SINGULAR[item.kind]
    embed = site.embed_code("org", rid, lang, d.name, "../../../") if kind == "organisation" else ""
    site.write(
        f"{lang}/records/{rid}/index.html",
        "record.html",
        lang,
        title=d.name,
        d=d,
        kind=site.kind_labels[lang][kind],
        themes=[(i, labels("themes", i)) for i in rec.themes],
        area_id=area_id,
        linked=linked,
        embed=embed,
    )


def embeds(site) -> None:
    """embed/area/<id>/ and embed/org/<id>/ (English), each with a cy/ twin."""
    cat, frame = site.cat, site.cat.frame
    served = dict(zip(frame.index, frame["areas_served"]))
    every = list(cat.areas.areas)
    for lang in ("en", "cy"):
        t = Translator(lang)
        for area in cat.areas:
            name = t("site.embed_title", name=area.name(lang))
            part = frame.index[frame["area"] == area.id]
            _embed(site, f"area/{area.id}", lang, f"areas/{area.id}", part, focus=area.id, title=name)
        for rid in frame.index[frame["kind"] == "organisation"]:
            near = [rid] + [other for other, _, _ in cat.neighbours.get(rid, ())]  # the map drops any without a point
            name = t("site.embed_title", name=cat.display_name(rid, lang))
            shade = served_areas(served[rid], every)
            _embed(
                site,
                f"org/{rid}",
                lang,
                f"records/{rid}",
                list(dict.fromkeys(near)),
                selected=rid,
                shade=shade,
                title=name,
            )


def _embed(site, what: str, lang: str, full: str, ids, **args) -> None:
    """embed/<what>/[cy/]index.html: the map of ``ids``, titled with a link to the full page ``<lang>/<full>/``."""
    twins = {"en": f"embed/{what}/index.html", "cy": f"embed/{what}/cy/index.html"}
    rel = twins[lang]
    full_href = (site.base_url or "../" * rel.count("/")) + f"{lang}/{full}/index.html"
    site.map_page(rel, "embed.html", lang, ids, twins=twins, full_href=full_href, **args)
