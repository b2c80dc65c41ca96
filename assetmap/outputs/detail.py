"""A record's detail panel as data: what to show, already in the chosen language, not yet rendered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assetmap.catalogue import Catalogue
from assetmap.i18n import format_day, format_when
from assetmap.insights.freshness import last_changed
from assetmap.labels import Labels, place_name
from assetmap.records.honesty import as_of, is_current, shown_status
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
    ("successor", True): "related.successor",
    ("successor", False): "related.predecessors",
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
    summary_lang: str  # the language the summary is written in: "en" on the Welsh page when it has no Welsh
    unreviewed: bool  # the Welsh shown was machine-translated or not yet checked (record `translation: unreviewed`)
    themes: list[str]
    sectors: list[str]
    work_streams: list[str]
    needs: list[str]
    place: str
    area: str
    areas_served: list[str]
    status: str  # the status that may be shown, with what a source reported: "Unknown (reported as active, March 2016)"
    dates: str
    links: list[str]
    sources: list[Source]
    as_of: str  # "Reported in Co-production Wales newsletter, March 2016" or "Confirmed 5 March 2026 by …"
    current: bool  # a source or confirmation of the last two years vouches for it
    not_confirmed: str  # "Not confirmed since 2016" when not current, else ""
    edited: str  # "Last edited 5 March 2026" from git (an edit is not a confirmation), or ""
    extra: list[tuple[str, str]] = field(default_factory=list)  # (label, value): role, purpose, formats, consent
    related: list[tuple[str, list[Related]]] = field(default_factory=list)  # (heading, records)


@dataclass(frozen=True)
class Source:
    title: str
    date: str  # "March 2016", in the reader's language; "" if the source is undated
    url: str  # https or ""


def build_detail(cat: Catalogue, rid: str, labels: Labels, today: dt.date | None = None) -> Detail | None:
    item = cat.records.get(rid)
    if item is None or not item.ok:
        return None
    t, rec, lang = labels.t, item.record, labels.lang
    today = today or dt.date.today()
    row = cat.frame.loc[rid] if rid in cat.frame.index else None
    name = cat.display_name(rid, lang)
    other = (rec.name_cy or "") if name == rec.name else rec.name
    summary = rec.summary_cy if lang == "cy" and rec.summary_cy else rec.summary
    summary_lang = "cy" if lang == "cy" and rec.summary_cy else "en"
    dates = " – ".join(format_when(d, lang) for d in (rec.started, rec.ended) if d is not None)
    when = as_of(rec)
    extra: list[tuple[str, str]] = []
    if item.kind == "people":
        role = t("detail.role_year", role=rec.role, year=when.year) if when and not rec.confirmed else rec.role
        extra.append((t("detail.role"), role))
        if rec.offers:
            extra.append((t("detail.offers"), ", ".join(labels.many("formats", rec.offers))))
        extra.append((t("detail.consent"), t(f"consent.{rec.consent.basis}", date=format_day(rec.consent.date, lang))))
    if item.kind == "skills":
        extra.append((t("detail.format"), ", ".join(labels.many("formats", rec.format))))
    if item.kind == "partnerships":
        extra.append((t("detail.purpose"), rec.purpose))
    if rec.translation == "unreviewed":  # machine-translated or unchecked Welsh is never shown as if reviewed
        extra.append((t("intake.translation"), t("intake.unreviewed")))
    if rec.former_names:
        extra.append(
            (
                t("detail.former_names"),
                "; ".join(
                    t("detail.former_name_until", name=f.name, date=format_when(f.until, lang)) if f.until else f.name
                    for f in rec.former_names
                ),
            )
        )
    sources = [Source(s.title, format_when(s.date, lang) if s.date else "", s.url or "") for s in rec.sources]
    current = is_current(rec, today)
    return Detail(
        id=rid,
        kind=SINGULAR[item.kind],
        name=name,
        other_name=other if other != name else "",
        summary=summary,
        summary_lang=summary_lang,
        unreviewed=lang == "cy" and rec.translation == "unreviewed" and bool(rec.name_cy or rec.summary_cy),
        themes=labels.many("themes", rec.themes),
        sectors=labels.many("sectors", rec.sectors),
        work_streams=labels.many("work_streams", rec.work_streams),
        needs=labels.many("themes", rec.needs),
        place=place_name(cat.gazetteer, row["place"], lang) if row is not None else "",
        area=labels("areas", row["area"]) if row is not None and row["area"] else "",
        areas_served=labels.many("areas", rec.areas_served),
        status=_status(rec, labels, today),
        dates=dates,
        links=list(rec.links),
        sources=sources,
        as_of=_as_of(rec, sources, labels),
        current=current,
        not_confirmed=""
        if current
        else (t("detail.not_confirmed", year=when.year) if when else t("detail.not_confirmed_undated")),
        edited=t("detail.edited", date=format_day(last_changed(cat)[rid], lang)) if rid in last_changed(cat) else "",
        extra=extra,
        related=_related(cat, rid, labels),
    )


def _status(rec, labels: Labels, today: dt.date) -> str:
    shown = labels("status", shown_status(rec, today))
    reported = rec.reported_status
    if reported is None:
        return shown
    said = labels.t(
        "detail.reported_status",
        status=labels("status", reported.status).lower(),
        date=format_when(reported.date, labels.lang),
    )
    return f"{shown} ({said})"


def _as_of(rec, sources: list[Source], labels: Labels) -> str:
    """The newest thing that vouches for the record, in words."""
    t, lang = labels.t, labels.lang
    dated = [(s.date.key, src) for s, src in zip(rec.sources, sources) if s.date is not None]
    newest = max(dated, key=lambda pair: pair[0], default=None)
    confirmed = rec.confirmed
    if confirmed is not None and (
        newest is None or (confirmed.date.year, confirmed.date.month, confirmed.date.day) >= newest[0]
    ):
        return t(
            "detail.confirmed",
            date=format_day(confirmed.date, lang),
            by=t(f"detail.confirmed_by.{confirmed.by}"),
            how=confirmed.how,
        )
    if newest is None:
        return ""
    return t("detail.as_of", source=newest[1].title, date=newest[1].date)


def _related(cat: Catalogue, rid: str, labels: Labels) -> list[tuple[str, list[Related]]]:
    groups: dict[str, list[Related]] = {}
    for other, relation, outgoing in cat.neighbours.get(rid, ()):
        item = cat.records.get(other)
        if item is None or not item.ok:
            continue
        shown = cat.display_name(other, labels.lang)
        key = RELATION_KEYS[(relation, outgoing)]
        if all(r.id != other for r in groups.get(key, ())):
            groups.setdefault(key, []).append(Related(other, shown, SINGULAR[item.kind]))
    order = list(dict.fromkeys(RELATION_KEYS.values()))
    return [(labels.t(key), sorted(groups[key], key=lambda r: r.name.casefold())) for key in order if key in groups]
