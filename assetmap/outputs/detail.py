"""A record's detail panel as data: what to show, already in the chosen language, not yet rendered."""

from __future__ import annotations

from dataclasses import dataclass, field

from assetmap.catalogue import Catalogue
from assetmap.insights.freshness import freshness_note
from assetmap.labels import Labels
from assetmap.records.schema import SINGULAR

# (relation, direction) -> message key of the heading the related records appear under
RELATION_KEYS = {
    ("lead", True): "related.led_by",
    ("lead", False): "related.leads",
    ("partners", True): "related.partners",
    ("partners", False): "related.partner_in",
    ("members", True): "related.members",
    ("members", False): "related.member_of",
    ("projects", True): "related.runs",
    ("projects", False): "related.run_by",
    ("offered_by", True): "related.offered_by",
    ("offered_by", False): "related.offers",
    ("organisation", True): "related.organisation",
    ("organisation", False): "related.people",
}


@dataclass
class Related:
    id: str
    name: str
    kind: str  # singular, e.g. "organisation"


@dataclass
class Detail:
    id: str
    kind: str
    name: str
    other_name: str  # the name in the other language, if different
    summary: str
    themes: list[str]
    sectors: list[str]
    work_streams: list[str]
    needs: list[str]
    place: str
    area: str
    areas_served: list[str]
    status: str
    dates: str
    links: list[str]
    sources: list[str]
    last_reviewed: str
    extra: list[tuple[str, str]] = field(default_factory=list)  # (label, value): role, purpose, formats, consent
    related: list[tuple[str, list[Related]]] = field(default_factory=list)  # (heading, records)
    mapped: bool = True
    stale: str | None = None  # "Not reviewed or changed since …" when older than 12 months


def build_detail(cat: Catalogue, rid: str, labels: Labels) -> Detail | None:
    item = cat.records.get(rid)
    if item is None or not item.ok:
        return None
    t, rec, lang = labels.t, item.record, labels.lang
    row = cat.frame.loc[rid] if rid in cat.frame.index else None
    name, other = rec.name, rec.name_cy or ""
    if lang == "cy" and rec.name_cy:
        name, other = rec.name_cy, rec.name
    summary = rec.summary_cy if lang == "cy" and rec.summary_cy else rec.summary
    dates = " – ".join(str(d) for d in (rec.started, rec.ended) if d is not None)
    extra: list[tuple[str, str]] = []
    if item.kind == "people":
        extra.append((t("detail.role"), rec.role))
        if rec.offers:
            extra.append((t("detail.offers"), ", ".join(labels.many("formats", rec.offers))))
        extra.append((t("detail.consent"), t(f"consent.{rec.consent.basis}", date=rec.consent.date.isoformat())))
    if item.kind == "skills":
        extra.append((t("detail.format"), ", ".join(labels.many("formats", rec.format))))
    if item.kind == "partnerships":
        extra.append((t("detail.purpose"), rec.purpose))
    sources = []
    for src in rec.sources:
        where = src.url or src.file or ""
        sources.append(f"{src.title} ({where})" if where else src.title)
    return Detail(
        id=rid,
        kind=SINGULAR[item.kind],
        name=name,
        other_name=other if other != name else "",
        summary=summary,
        themes=labels.many("themes", rec.themes),
        sectors=labels.many("sectors", rec.sectors),
        work_streams=labels.many("work_streams", rec.work_streams),
        needs=labels.many("themes", rec.needs),
        place=row["place"] if row is not None else "",
        area=labels("areas", row["area"]) if row is not None and row["area"] else "",
        areas_served=labels.many("areas", rec.areas_served),
        status=labels("status", rec.status),
        dates=dates,
        links=list(rec.links),
        sources=sources,
        last_reviewed=rec.last_reviewed.isoformat() if rec.last_reviewed else "",
        extra=extra,
        related=_related(cat, rid, labels),
        mapped=row is not None,
        stale=freshness_note(cat, rid, lang=lang),
    )


def _related(cat: Catalogue, rid: str, labels: Labels) -> list[tuple[str, list[Related]]]:
    groups: dict[str, list[Related]] = {}
    for other, relation, outgoing in cat.neighbours.get(rid, ()):
        item = cat.records.get(other)
        if item is None or not item.ok:
            continue
        rec = item.record
        shown = rec.name_cy if labels.lang == "cy" and rec.name_cy else rec.name
        key = RELATION_KEYS[(relation, outgoing)]
        if all(r.id != other for r in groups.get(key, ())):
            groups.setdefault(key, []).append(Related(other, shown, SINGULAR[item.kind]))
    order = list(dict.fromkeys(RELATION_KEYS.values()))
    return [(labels.t(key), sorted(groups[key], key=lambda r: r.name.casefold())) for key in order if key in groups]
