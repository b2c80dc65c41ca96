"""The skills, know-how and mentoring finder: "who can help with X near Y".

``find_help(cat, themes=(), near=None, radius_km=25, area=None, formats=(), q="", frame=None) -> list[Offer]``
    Skills and people's offers, nearest first, distance in km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import NamedTuple

from assetmap.catalogue import Catalogue
from assetmap.geo.distance import haversine_km_array
from assetmap.insights.index import catalogue_index
from assetmap.text import fold


@dataclass(frozen=True)
class Offer:
    what: str  # the skill id, or the person's id for a person's own offer
    what_kind: str  # "skill" | "person"
    provider: str  # who offers it: organisation or person id
    provider_kind: str  # "organisation" | "person"
    formats: tuple[str, ...]
    themes: tuple[str, ...]
    distance_km: float | None  # from the place searched near; None without a place, or for an all-Wales
    #                            offer that has no location of its own
    wales: bool  # offered across all of Wales
    place: str  # where the provider is
    area: str


class _OfferRow(NamedTuple):
    offer: Offer  # distance_km still None
    lat: float  # NaN where the provider has no place of its own (placed in the middle of Wales)
    lon: float
    areas: frozenset  # principal areas located in or served (skill and provider together)
    text: str  # folded name, summary and role, for `q`


def _offers(cat: Catalogue) -> list[_OfferRow]:
    """One row per skill × provider and per person with offers, not ended. Cached on the catalogue."""
    idx = catalogue_index(cat)
    if "offers" in idx.extra:
        return idx.extra["offers"]
    frame = cat.frame
    # records placed only at "the middle of Wales" because they serve all of it have no real distance
    nowhere = (frame["area"] == "") & (frame["geocode"] == "area")
    lat = dict(zip(frame.index, frame.geometry.y.where(~nowhere)))
    lon = dict(zip(frame.index, frame.geometry.x.where(~nowhere)))
    place = dict(zip(frame.index, frame["place"]))
    area = dict(zip(frame.index, frame["area"]))
    out = []
    for rid, item in cat.records.items():
        inf = idx.info.get(rid)
        if inf is None or inf.status == "ended" or item.kind not in ("skills", "people"):
            continue
        rec = item.record
        text = fold(
            " ".join((rec.name, rec.name_cy or "", rec.summary, rec.summary_cy or "", getattr(rec, "role", "") or ""))
        )
        if item.kind == "skills":
            for provider in dict.fromkeys(rec.offered_by):
                if provider not in cat.records:
                    continue
                pinf = idx.info.get(provider)
                where = provider if pinf is not None else rid
                kind = "person" if cat.records[provider].kind == "people" else "organisation"
                offer = Offer(
                    rid,
                    "skill",
                    provider,
                    kind,
                    tuple(rec.format),
                    tuple(rec.themes),
                    None,
                    inf.wales,
                    place[where],
                    area[where],
                )
                out.append(
                    _OfferRow(offer, lat[where], lon[where], inf.areas | (pinf.areas if pinf else frozenset()), text)
                )
        elif rec.offers:
            offer = Offer(
                rid,
                "person",
                rid,
                "person",
                tuple(rec.offers),
                tuple(rec.themes),
                None,
                inf.wales,
                place[rid],
                area[rid],
            )
            out.append(_OfferRow(offer, lat[rid], lon[rid], inf.areas, text))
    idx.extra["offers"] = out
    return out


def find_help(
    cat: Catalogue,
    themes=(),
    near=None,
    radius_km: float = 25.0,
    area: str | None = None,
    formats=(),
    q: str = "",
    frame=None,
    include_wales: bool = True,
) -> list[Offer]:
    """Who offers know-how, training or mentoring on ``themes`` (any of them; empty = all).

    ``near``: a place name (looked up in the gazetteer) or a ``(lat, lon)`` pair: keep offers within
    ``radius_km`` of it (a full postcode or district is placed at its district's centre); nearest first,
    with ``distance_km``. ``area``: keep offers located in or serving that principal area. Offers across all of
    Wales are kept too (``include_wales``), listed after the local ones. ``formats``: any of these formats.
    ``q``: words that must all appear in the name, summary or role. ``frame``: only offers whose record is
    in it (the filtered frame). Raises ``LookupError`` for a place name the gazetteer does not know.
    """
    centre = None
    if near:
        if isinstance(near, str):
            hit = cat.gazetteer.lookup(near)
            if hit is None:
                raise LookupError(near)
            centre = (hit.lat, hit.lon)
        else:
            centre = (float(near[0]), float(near[1]))
    wanted_themes, wanted_formats = set(themes), set(formats)
    words = fold(q).split()
    allowed = None if frame is None else set(frame.index)
    rows = [
        r
        for r in _offers(cat)
        if (not wanted_themes or not wanted_themes.isdisjoint(r.offer.themes))
        and (not wanted_formats or not wanted_formats.isdisjoint(r.offer.formats))
        and (allowed is None or r.offer.what in allowed)
        and (include_wales or not r.offer.wales)
        and all(w in r.text for w in words)
    ]
    if area:
        rows = [r for r in rows if area in r.areas or r.offer.wales]
    if centre is None:
        # local offers first, then the all-Wales ones; by id of what is offered
        rows.sort(key=lambda r: (r.offer.wales and not (area and area in r.areas), r.offer.what, r.offer.provider))
        return [r.offer for r in rows]
    if not rows:
        return []
    km = haversine_km_array([r.lat for r in rows], [r.lon for r in rows], centre[0], centre[1])
    found = []
    for r, d in zip(rows, km.tolist()):
        d = None if math.isnan(d) else round(d, 1)
        # the radius is what the user asked for: serving the place's area does not stretch it (an offer
        # "serving Wrexham" located 56 km away was listed in a 25 km search)
        local = d is not None and d <= radius_km
        if local or r.offer.wales:
            found.append(
                (
                    not local,
                    math.inf if d is None else d,
                    r.offer.what,
                    r.offer.provider,
                    replace(r.offer, distance_km=d),
                )
            )
    found.sort(key=lambda x: x[:4])
    return [x[4] for x in found]
