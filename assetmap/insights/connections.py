"""Who could work with whom, and what is missing where — all computed from one Catalogue.

No Streamlit here: the app views (``assetmap/ui/network.py``, ``skills.py``, ``gaps.py``) and the CLI
(``assetmap/cli/insights.py``) are thin wrappers over these functions.

Public API
----------
``network(cat, ids=None) -> nx.Graph``
    Organisations, projects, people-in-roles and partnerships (nodes, with ``kind`` and ``name``) and the
    catalogue's edges between them (``relation`` on each edge), restricted to ``ids`` (e.g. the filtered
    frame's index). Skills are not nodes: they are offers, found with :func:`find_help`.
``clusters(g) -> list[list[str]]`` / ``isolated(g) -> list[str]``
    Connected groups of two or more records (largest first) and records with no link at all.
``focus(g, nodes, centre=None, limit=120) -> list[str]``, ``to_dot(g, nodes, name=None, centre=None, href=None)``
    The part of a group to draw (centre first, breadth first) and its Graphviz DOT, every label escaped.
``linked(cat, rid) -> set[str]``
    Records already working with ``rid`` (what :func:`suggest` leaves out).
``suggest(cat, rid, limit=10, lang="en", among=None) -> list[Suggestion]``
    Prospective partners for a record, with an additive score and the reasons in words (see below).
``find_help(cat, themes=(), near=None, radius_km=25, area=None, formats=(), q="", frame=None) -> list[Offer]``
    "Who can help with X near Y": skills and people's offers, nearest first, distance in km.
``gap_table(cat, frame=None, kinds=GAP_KINDS, statuses=("active",), themes=None) -> pandas.DataFrame``
    Theme × principal-area counts of initiatives, plus a separate ``wales`` column. ``gap_csv(table, labels)``
    writes it, ``zero_cells(table)`` counts the empty theme–area cells, ``gap_spec(spec)`` is the sidebar
    filter as the gap view applies it (no place or status filters).
``neighbouring_areas(areas, km=40) -> dict[area id, frozenset[area id]]``
    Which principal areas count as neighbours: a shared land border, the same region, or representative
    points within ``km``.

Suggestions: what counts and how it is scored
---------------------------------------------
Candidates are organisations and projects on the map that have not ended and are *not yet linked* to the
record: not the record itself, no direct edge, and not already working together through a partnership or a
project (both members of one partnership, lead/partners of one project, or members of the partnership that
runs the project). A candidate must be *relevant* — share a theme, or meet a need (``needs``) one of them
has declared — so being nearby alone never yields a suggestion. The score is a sum of visible parts
(:data:`WEIGHTS`): each shared theme (up to three), the same principal area or a neighbouring one (or one of
them working across Wales), each need met by a skill the other offers. Every part is stated in the reasons
(a shared theme and where, in one sentence: "both work on dementia in Powys").

Gaps: what is counted
---------------------
Initiatives = records of the kinds in :data:`GAP_KINDS` (projects, organisations, partnerships, skills —
people are not counted) with status ``active``. A record counts once per theme in each principal area it is
located in or serves; a record that serves all of Wales (``wales`` in ``areas_served``) counts only in the
separate ``wales`` column, so national bodies do not hide local gaps.
"""

from __future__ import annotations

import csv
import io
import math
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from assetmap.catalogue import Catalogue
from assetmap.geo.distance import haversine_km, haversine_km_array
from assetmap.text import fold
from assetmap.labels import Labels

NETWORK_KINDS = ("organisation", "project", "person", "partnership")
CANDIDATE_KINDS = ("organisation", "project")
GAP_KINDS = ("project", "organisation", "partnership", "skill")
NEIGHBOUR_KM = 40.0

# The score of a suggestion is the sum of these parts; each part comes with a reason in words.
WEIGHTS = {
    "theme": 2.0,  # per shared theme, up to MAX_THEMES
    "same_area": 3.0,  # located in or serving the same principal area
    "near_area": 1.5,  # neighbouring principal areas (see neighbouring_areas)
    "wales": 0.5,  # one of the two works across Wales
    "need": 4.0,  # per need of the record met by a skill the candidate offers, up to MAX_NEEDS
    "offer": 2.0,  # per need of the candidate met by a skill the record offers, up to MAX_NEEDS
}
MAX_THEMES = 3
MAX_NEEDS = 2


# ---------------------------------------------------------------------------------------------------------
# per-catalogue index (built once, kept on the Catalogue object)


@dataclass
class _Info:
    kind: str
    status: str
    themes: frozenset
    areas: frozenset  # located area + areas served, without 'wales'
    wales: bool
    needs: tuple


@dataclass
class _Index:
    info: dict[str, _Info]
    by_theme: dict[str, set]  # theme -> candidate ids (organisations/projects, not ended, on the map)
    by_need: dict[str, set]  # theme -> candidate ids that declare it in `needs`
    candidates: set  # organisations and projects on the map that have not ended
    offers: dict[str, list[tuple[str, frozenset]]]  # provider id -> [(skill id, skill themes)] (skills not ended)
    neighbours: dict[str, frozenset]
    extra: dict = field(default_factory=dict)


def _index(cat: Catalogue) -> _Index:
    cached = cat.derived.get("connections_index")
    if cached is not None:
        return cached
    frame = cat.frame
    info: dict[str, _Info] = {}
    by_theme: dict[str, set] = defaultdict(set)
    by_need: dict[str, set] = defaultdict(set)
    candidates: set[str] = set()
    for rid, kind, status, themes, area, served, needs in zip(
            frame.index, frame["kind"], frame["status"], frame["themes"], frame["area"], frame["areas_served"],
            frame["needs"]):
        areas = {a for a in served if a != "wales"}
        if area:
            areas.add(area)
        info[rid] = _Info(kind, status, frozenset(themes), frozenset(areas), "wales" in served, tuple(needs))
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
    idx = _Index(info, dict(by_theme), dict(by_need), candidates, dict(offers), neighbouring_areas(cat.areas))
    cat.derived["connections_index"] = idx
    return idx


def neighbouring_areas(areas, km: float = NEIGHBOUR_KM) -> dict[str, frozenset]:
    """Area id -> the other principal areas that count as neighbours.

    Two areas are neighbours when they share a land border (`borders` in data/areas.yaml), are in the same region
    (North, Mid, South West or South East Wales), or have representative points at most ``km`` apart.
    An area is not its own neighbour.
    """
    items = list(areas.areas.values())
    out: dict[str, set] = {a.id: set() for a in items}
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if (b.id in a.borders or (a.region and a.region == b.region) or haversine_km(a.lat, a.lon, b.lat, b.lon) <= km):
                out[a.id].add(b.id)
                out[b.id].add(a.id)
    return {k: frozenset(v) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------------------
# the partnership network


def network(cat: Catalogue, ids=None) -> nx.Graph:
    """Graph of organisations, projects, people-in-roles and partnerships on the map (or among ``ids``).

    Nodes carry ``kind`` (singular) and ``name``; edges carry ``relation`` (lead, partners, members,
    projects, organisation). Edges come from ``cat.edges`` only, so the network agrees with the detail panel.
    """
    frame = cat.frame
    keep = frame.index if ids is None else frame.index.intersection(pd.Index(list(ids)))
    sub = frame.loc[keep, ["kind", "name"]]
    sub = sub[sub["kind"].isin(NETWORK_KINDS)]
    g = nx.Graph()
    g.add_nodes_from((rid, {"kind": kind, "name": name})
                     for rid, kind, name in zip(sub.index, sub["kind"], sub["name"]))
    g.add_edges_from((e.source, e.target, {"relation": e.relation}) for e in cat.edges
                     if e.source in g and e.target in g)
    return g


def clusters(g: nx.Graph) -> list[list[str]]:
    """Connected groups of at least two records, largest first; members sorted by id."""
    groups = [sorted(c) for c in nx.connected_components(g) if len(c) > 1]
    groups.sort(key=lambda c: (-len(c), c[0]))
    return groups


def isolated(g: nx.Graph) -> list[str]:
    """Records with no link to any other record in the graph, by id."""
    return sorted(n for n, d in g.degree() if d == 0)


def linked(cat: Catalogue, rid: str) -> set[str]:
    """Records already working with ``rid``: direct edges, plus anyone reached through a shared partnership
    or project (co-members, co-partners, the members of a partnership that runs the project)."""
    kinds = {r: item.kind for r, item in ((o, cat.records.get(o)) for o, _, _ in cat.neighbours.get(rid, ())) if item}
    out = set(kinds)
    for other, kind in kinds.items():
        if kind in ("partnerships", "projects"):
            out.update(o for o, _, _ in cat.neighbours.get(other, ()))
    out.discard(rid)
    return out


def focus(g: nx.Graph, nodes, centre: str | None = None, limit: int = 120) -> list[str]:
    """Up to ``limit`` of ``nodes`` (one connected group) to draw, centre first then breadth first (best
    connected neighbours first). The centre is ``centre`` if it is in the group, else its best-connected
    member."""
    nodes = list(nodes)
    if not nodes:
        return []
    if centre not in g or centre not in set(nodes):
        centre = max(nodes, key=lambda n: (g.degree(n), n))
    order = [centre]
    if limit > 1:
        for _, child in nx.bfs_edges(g, centre, sort_neighbors=lambda ns: sorted(ns, key=lambda n: (-g.degree(n), n))):
            order.append(child)
            if len(order) >= limit:
                break
    return order


# DOT shapes and colours per kind (Okabe-Ito, as on the map), and line styles per relation
DOT_KINDS = {
    "organisation": ("ellipse", "#0072B2", "white"),
    "project": ("box", "#E69F00", "black"),
    "person": ("house", "#CC79A7", "black"),
    "partnership": ("hexagon", "#D55E00", "black"),
}
DOT_RELATIONS = {"lead": "solid", "members": "solid", "projects": "solid", "partners": "dashed",
                 "organisation": "dotted"}


def dot_text(text: str, limit: int = 40) -> str:
    """A string made safe inside a double-quoted DOT attribute (no escape sequences, no HTML labels)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("\\", "\\\\").replace('"', '\\"')


def dot_label(text: str, width: int = 16, lines: int = 2) -> str:
    """A node label wrapped onto at most ``lines`` lines of about ``width`` characters, each made safe with
    :func:`dot_text` and joined with DOT's line break escape (the only escape sequence we emit)."""
    parts = textwrap.wrap(" ".join(str(text).split()), width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\\n".join(dot_text(p, width + 1) for p in parts)


def to_dot(g: nx.Graph, nodes, name=None, centre: str | None = None, href=None) -> str:
    """Graphviz DOT of ``nodes`` and the edges among them, laid out left to right by distance from
    ``centre`` (default: the first node), which is drawn first and outlined: its partners in the next
    column, theirs in the one after. ``name(id)`` gives display names (default: the node's ``name``);
    ``href(id)`` an optional link per node. Record text only ever appears inside quoted, escaped attribute
    values (:func:`dot_text`)."""
    nodes = list(nodes)
    keep = set(nodes)
    sub = g.subgraph(keep)
    root = centre if centre in keep else (nodes[0] if nodes else None)
    depth = nx.single_source_shortest_path_length(sub, root) if root is not None else {}
    far = max(depth.values(), default=0) + 1
    lines = ['graph network {',
             '  rankdir=LR; ranksep=0.35; nodesep=0.1; outputorder=edgesfirst;',
             '  node [style=filled, fontname="sans-serif", fontsize=14, penwidth=1, color="#333333",'
             ' margin="0.08,0.03", height=0.3];',
             '  edge [color="#777777"];']
    for n in sorted(nodes, key=lambda n: (depth.get(n, far), -sub.degree(n), n)):
        kind = g.nodes[n].get("kind", "")
        shape, fill, font = DOT_KINDS.get(kind, ("ellipse", "#888888", "black"))
        text = name(n) if name else g.nodes[n].get("name", n)
        attrs = [f'label="{dot_label(text)}"', f'tooltip="{dot_text(text, 200)}"', f"shape={shape}",
                 f'fillcolor="{fill}"', f'fontcolor="{font}"']
        if n == root:
            attrs += ["penwidth=4", 'color="#000000"']
        if href:
            attrs += [f'URL="{dot_text(href(n), 10_000)}"', 'target="_self"']  # a cut URL would lose filters
        lines.append(f'  "{dot_text(n, 100)}" [{", ".join(attrs)}];')
    for a, b, data in sub.edges(data=True):
        da, db = depth.get(a, far), depth.get(b, far)
        if db < da:
            a, b = b, a  # tail nearer the centre, so columns follow the distance from it
        extra = "" if da != db else ", constraint=false"
        style = DOT_RELATIONS.get(data.get("relation", ""), "solid")
        lines.append(f'  "{dot_text(a, 100)}" -- "{dot_text(b, 100)}" [style={style}{extra}];')
    lines.append("}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# prospective partnerships


@dataclass(frozen=True)
class Suggestion:
    id: str
    score: float
    reasons: list[str]


def _name(cat: Catalogue, rid: str, lang: str) -> str:
    item = cat.records.get(rid)
    if item is None:
        return rid
    rec = item.record
    return (rec.name_cy or rec.name) if lang == "cy" else rec.name


def _join(labels: Labels, items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {labels.t('connections.and')} " + items[-1]


def _sorted_labels(labels: Labels, group: str, ids) -> list[str]:
    return sorted((labels(group, i) for i in ids), key=str.casefold)


def _in_sentence(label: str) -> str:
    """A term label inside a sentence: 'Mental health' -> 'mental health'; an acronym ('NHS') stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _themes(labels: Labels, ids, limit: int = MAX_THEMES) -> str:
    return _join(labels, [_in_sentence(x) for x in _sorted_labels(labels, "themes", ids)[:limit]])


def suggest(cat: Catalogue, rid: str, limit: int = 10, lang: str = "en", among=None) -> list[Suggestion]:
    """Ranked prospective partners (organisations and projects) for record ``rid``; [] if none or unknown.

    ``among``: optional ids to choose candidates from (e.g. the filtered frame's index).
    Reasons are sentences in ``lang`` ("both work on dementia in Powys", "Credu offers carer-led evaluation").
    """
    idx = _index(cat)
    me = idx.info.get(rid)
    item = cat.records.get(rid)
    if me is None and item is not None and item.ok:  # a record that is not on the map still has its fields
        rec = item.record
        me = _Info("", rec.status, frozenset(rec.themes), frozenset(a for a in rec.areas_served if a != "wales"),
                   "wales" in rec.areas_served, tuple(rec.needs))
    if me is None:
        return []
    labels = Labels(cat.vocab, cat.areas, lang)
    t = labels.t
    my_name = _name(cat, rid, lang)
    exclude = linked(cat, rid) | {rid}
    allowed = None if among is None else set(among)

    # my needs met by skills others offer: provider -> [(skill id, needs it meets)]
    need_hits: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    if me.needs:
        for provider, skills in idx.offers.items():
            for skill, themes in skills:
                met = [n for n in me.needs if n in themes]
                if met:
                    need_hits[provider].append((skill, met))
    my_skills = idx.offers.get(rid, [])
    offered = frozenset().union(*(themes for _, themes in my_skills))

    candidates: set[str] = set()
    for theme in me.themes:
        candidates |= idx.by_theme.get(theme, set())
    for theme in offered:
        candidates |= idx.by_need.get(theme, set())
    candidates |= {p for p in need_hits if p in idx.candidates}
    candidates -= exclude
    if allowed is not None:
        candidates &= allowed

    out: list[Suggestion] = []
    near_mine = frozenset().union(*(idx.neighbours.get(a, ()) for a in me.areas))
    for cand in candidates:
        other = idx.info[cand]
        cand_name = _name(cat, cand, lang)
        score, reasons = 0.0, []
        # where: the same area beats a neighbouring one beats "across Wales"
        where_key, where_args, where_score = "", {}, 0.0
        same = me.areas & other.areas
        if same:
            where_key, where_score = "same", WEIGHTS["same_area"]
            where_args = {"area": _join(labels, _sorted_labels(labels, "areas", same)[:2])}
        elif near_mine & other.areas:
            a, b = min((a, b) for a in me.areas for b in other.areas if b in idx.neighbours.get(a, ()))
            where_key, where_score = "near", WEIGHTS["near_area"]
            where_args = {"a": labels("areas", a), "b": labels("areas", b)}
        elif me.wales or other.wales:
            where_key, where_score = "wales", WEIGHTS["wales"]
            where_args = {"name": my_name if me.wales else cand_name}
        shared = me.themes & other.themes
        if shared:
            score += WEIGHTS["theme"] * min(len(shared), MAX_THEMES)
            themes = _themes(labels, shared)
            key = f"connections.reason.themes_{where_key}" if where_key else "connections.reason.themes"
            reasons.append(t(key, themes=themes, **where_args))
        relevant = bool(shared)
        for skill, met in need_hits.get(cand, [])[:MAX_NEEDS]:
            relevant = True
            score += WEIGHTS["need"]
            reasons.append(t("connections.reason.need", who=cand_name, skill=_name(cat, skill, lang),
                             name=my_name, themes=_themes(labels, met)))
        met_theirs = [(skill, [x for x in other.needs if x in themes]) for skill, themes in my_skills]
        for skill, met in [m for m in met_theirs if m[1]][:MAX_NEEDS]:
            relevant = True
            score += WEIGHTS["offer"]
            reasons.append(t("connections.reason.offer", who=cand_name, skill=_name(cat, skill, lang),
                             name=my_name, themes=_themes(labels, met)))
        if not relevant:
            continue  # being nearby alone is not a reason to partner
        if where_key and not shared:
            reasons.append(t(f"connections.reason.{where_key}", **where_args))
        out.append(Suggestion(cand, round(score + where_score, 2), reasons))
    out.sort(key=lambda s: (-s.score, _name(cat, s.id, lang).casefold(), s.id))
    return out[:max(0, limit)]


# ---------------------------------------------------------------------------------------------------------
# skills, know-how and mentoring finder


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
    idx = _index(cat)
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
        text = fold(" ".join((rec.name, rec.name_cy or "", rec.summary, rec.summary_cy or "",
                              getattr(rec, "role", "") or "")))
        if item.kind == "skills":
            for provider in dict.fromkeys(rec.offered_by):
                if provider not in cat.records:
                    continue
                pinf = idx.info.get(provider)
                where = provider if pinf is not None else rid
                kind = "person" if cat.records[provider].kind == "people" else "organisation"
                offer = Offer(rid, "skill", provider, kind, tuple(rec.format), tuple(rec.themes), None, inf.wales,
                              place[where], area[where])
                out.append(_OfferRow(offer, lat[where], lon[where], inf.areas | (pinf.areas if pinf else frozenset()),
                                     text))
        elif rec.offers:
            offer = Offer(rid, "person", rid, "person", tuple(rec.offers), tuple(rec.themes), None, inf.wales,
                          place[rid], area[rid])
            out.append(_OfferRow(offer, lat[rid], lon[rid], inf.areas, text))
    idx.extra["offers"] = out
    return out


def find_help(cat: Catalogue, themes=(), near=None, radius_km: float = 25.0, area: str | None = None,
              formats=(), q: str = "", frame=None, include_wales: bool = True) -> list[Offer]:
    """Who offers know-how, training or mentoring on ``themes`` (any of them; empty = all).

    ``near``: a place name (looked up in the gazetteer) or a ``(lat, lon)`` pair: keep offers within
    ``radius_km`` of it, or whose provider serves the place's principal area; nearest first, with
    ``distance_km``. ``area``: keep offers located in or serving that principal area. Offers across all of
    Wales are kept too (``include_wales``), listed after the local ones. ``formats``: any of these formats.
    ``q``: words that must all appear in the name, summary or role. ``frame``: only offers whose record is
    in it (the filtered frame). Raises ``LookupError`` for a place name the gazetteer does not know.
    """
    centre = None
    centre_area = ""
    if near:
        if isinstance(near, str):
            hit = cat.gazetteer.lookup(near)
            if hit is None:
                raise LookupError(near)
            centre, centre_area = (hit.lat, hit.lon), hit.area
        else:
            centre = (float(near[0]), float(near[1]))
    wanted_themes, wanted_formats = set(themes), set(formats)
    words = fold(q).split()
    allowed = None if frame is None else set(frame.index)
    rows = [r for r in _offers(cat)
            if (not wanted_themes or not wanted_themes.isdisjoint(r.offer.themes))
            and (not wanted_formats or not wanted_formats.isdisjoint(r.offer.formats))
            and (allowed is None or r.offer.what in allowed)
            and (include_wales or not r.offer.wales)
            and all(w in r.text for w in words)]
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
        local = (d is not None and d <= radius_km) or bool(centre_area and centre_area in r.areas)
        if local or r.offer.wales:
            found.append((not local, math.inf if d is None else d, r.offer.what, r.offer.provider,
                          replace(r.offer, distance_km=d)))
    found.sort(key=lambda x: x[:4])
    return [x[4] for x in found]


# ---------------------------------------------------------------------------------------------------------
# gaps


def gap_spec(spec):
    """The sidebar's FilterSpec as the gap view uses it: themes, kinds, sectors, work-streams and the search
    words apply; places and statuses do not (a gap table is about every area, and counts active records)."""
    return replace(spec, areas=(), regions=(), health_boards=(), near="", statuses=())


def gap_table(cat: Catalogue, frame=None, kinds=GAP_KINDS, statuses=("active",), themes=None) -> pd.DataFrame:
    """Counts of initiatives per theme (rows, vocabulary order) and principal area (columns, areas.yaml
    order), plus a ``wales`` column for records serving all of Wales (counted there only)."""
    frame = cat.frame if frame is None else frame
    area_ids = list(cat.areas.areas)
    theme_ids = list(themes) if themes is not None else list(cat.vocab.terms.get("themes", {}))
    counts: Counter = Counter()
    sub = frame[frame["kind"].isin(kinds) & frame["status"].isin(statuses)]
    for rec_themes, area, served in zip(sub["themes"], sub["area"], sub["areas_served"]):
        if "wales" in served:
            places = ("wales",)
        else:
            places = set(served)
            if area:
                places.add(area)
        for theme in rec_themes:
            for place in places:
                counts[theme, place] += 1
    columns = [*area_ids, "wales"]
    data = np.zeros((len(theme_ids), len(columns)), dtype=int)
    col = {c: j for j, c in enumerate(columns)}
    row = {r: i for i, r in enumerate(theme_ids)}
    for (theme, place), n in counts.items():
        if theme in row and place in col:
            data[row[theme], col[place]] = n
    return pd.DataFrame(data, index=pd.Index(theme_ids, name="theme"), columns=columns)


def zero_cells(table: pd.DataFrame) -> int:
    """Theme × area cells with nothing (the ``wales`` column is not an area, so it is left out)."""
    return int((table.drop(columns="wales") == 0).to_numpy().sum())


def gap_csv(table: pd.DataFrame, labels: Labels | None = None) -> str:
    """CSV: ``theme`` (id), ``theme_name`` (label, if ``labels``), one column per area id, ``wales``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["theme", *(["theme_name"] if labels else []), *table.columns])
    for theme, values in zip(table.index, table.to_numpy().tolist()):
        writer.writerow([theme, *([labels("themes", theme)] if labels else []), *values])
    return buf.getvalue()
