"""The per-catalogue index shared by suggestions and find-help, and which principal areas are neighbours.

Built once per Catalogue (``cat.derive``): for each record on the map its kind, status, themes,
areas and needs, plus the lookups suggestions need (candidates by theme and by need, skills by provider).

``neighbouring_areas(areas, km=40) -> dict[area id, frozenset[area id]]``
    Which principal areas count as neighbours: a shared land border, the same region, or representative
    points within ``km``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from assetmap.catalogue import Catalogue
from assetmap.geo.distance import haversine_km

CANDIDATE_KINDS = ("organisation", "project")
NEIGHBOUR_KM = 40.0


@dataclass
class Info:
    kind: str
    status: str
    themes: frozenset
    areas: frozenset  # located area + areas served, without 'wales'
    wales: bool
    needs: tuple


@dataclass
class Index:
    info: dict[str, Info]
    by_theme: dict[str, set]  # theme -> candidate ids (organisations/projects, not ended, on the map)
    by_need: dict[str, set]  # theme -> candidate ids that declare it in `needs`
    candidates: set  # organisations and projects on the map that have not ended
    offers: dict[str, list[tuple[str, frozenset]]]  # provider id -> [(skill id, skill themes)] (skills not ended)
    neighbours: dict[str, frozenset]
    extra: dict = field(default_factory=dict)


def catalogue_index(cat: Catalogue) -> Index:
    return cat.derive(_build_index)


def _build_index(cat: Catalogue) -> Index:
    frame = cat.frame
    info: dict[str, Info] = {}
    by_theme: dict[str, set] = defaultdict(set)
    by_need: dict[str, set] = defaultdict(set)
    candidates: set[str] = set()
    for rid, kind, status, themes, area, served, needs in zip(
        frame.index,
        frame["kind"],
        frame["status"],
        frame["themes"],
        frame["area"],
        frame["areas_served"],
        frame["needs"],
    ):
        areas = {a for a in served if a != "wales"}
        if area:
            areas.add(area)
        info[rid] = Info(kind, status, frozenset(themes), frozenset(areas), "wales" in served, tuple(needs))
        if kind in CANDIDATE_KINDS and status != "ended":
            candidates.add(rid)
            for theme in themes:
                by_theme[theme].add(rid)
            for theme in needs:
                by_need[theme].add(rid)
    offers: dict[str, list[tuple[str, frozenset]]] = defaultdict(list)
    for rid, item in cat.records.items():
        if item.kind == "skills" and rid in info and info[rid].status != "ended":
            for provider in dict.fromkeys(item.record.offered_by):
                offers[provider].append((rid, info[rid].themes))
    return Index(info, dict(by_theme), dict(by_need), candidates, dict(offers), neighbouring_areas(cat.areas))


def neighbouring_areas(areas, km: float = NEIGHBOUR_KM) -> dict[str, frozenset]:
    """Area id -> the other principal areas that count as neighbours.

    Two areas are neighbours when they share a land border (`borders` in data/areas.yaml), are in the same region
    (North, Mid, South West or South East Wales), or have representative points at most ``km`` apart.
    An area is not its own neighbour.
    """
    items = list(areas.areas.values())
    out: dict[str, set] = {a.id: set() for a in items}
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if (
                b.id in a.borders
                or (a.region and a.region == b.region)
                or haversine_km(a.lat, a.lon, b.lat, b.lon) <= km
            ):
                out[a.id].add(b.id)
                out[b.id].add(a.id)
    return {k: frozenset(v) for k, v in out.items()}
