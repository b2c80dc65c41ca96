"""Prospective partnerships: who could work with a record, with a score and the reasons in words.

``suggest(cat, rid, limit=10, lang="en", among=None) -> list[Suggestion]``
    Prospective partners for a record, with an additive score and the reasons in words (see below).

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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from assetmap.catalogue import Catalogue
from assetmap.insights.index import Index, Info, catalogue_index
from assetmap.insights.network import linked
from assetmap.labels import Labels

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


@dataclass(frozen=True)
class Suggestion:
    id: str
    score: float
    reasons: list[str]


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


class _Where(NamedTuple):
    """Where the two work, as data: the same area beats a neighbouring one beats "across Wales"."""

    key: str  # "same", "near", "wales", or "" when nothing about place is shared
    score: float
    places: tuple = ()  # same: the shared area ids; near: (my area, their area); wales: (True if it is me,)


class _Parts(NamedTuple):
    """What the two share besides place, as data; each part adds to the score and gives a reason."""

    themes: frozenset  # themes both work on
    needs_met: list  # [(skill the candidate offers, my needs it meets)], at most MAX_NEEDS
    offers_met: list  # [(skill I offer, the candidate's needs it meets)], at most MAX_NEEDS

    @property
    def relevant(self) -> bool:
        """Being nearby alone is not a reason to partner: something else must be shared."""
        return bool(self.themes or self.needs_met or self.offers_met)

    @property
    def score(self) -> float:
        score = 0.0
        if self.themes:
            score += WEIGHTS["theme"] * min(len(self.themes), MAX_THEMES)
        for _ in self.needs_met:
            score += WEIGHTS["need"]
        for _ in self.offers_met:
            score += WEIGHTS["offer"]
        return score


def _own_info(cat: Catalogue, idx: Index, rid: str) -> Info | None:
    """The record's index entry; a record that is not on the map still has its fields."""
    me = idx.info.get(rid)
    item = cat.records.get(rid)
    if me is None and item is not None and item.ok:
        rec = item.record
        me = Info(
            "",
            rec.status,
            frozenset(rec.themes),
            frozenset(a for a in rec.areas_served if a != "wales"),
            "wales" in rec.areas_served,
            tuple(rec.needs),
        )
    return me


def _needs_met_by_others(idx: Index, me: Info) -> dict[str, list[tuple[str, list[str]]]]:
    """My needs met by skills others offer: provider -> [(skill id, needs it meets)]."""
    hits: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    if me.needs:
        for provider, skills in idx.offers.items():
            for skill, themes in skills:
                met = [n for n in me.needs if n in themes]
                if met:
                    hits[provider].append((skill, met))
    return hits


def _candidates(idx: Index, me: Info, need_hits, my_skills, exclude: set[str], among) -> set[str]:
    """Organisations and projects that share a theme, need what I offer or offer what I need, not yet linked."""
    offered = frozenset().union(*(themes for _, themes in my_skills))
    found: set[str] = set()
    for theme in me.themes:
        found |= idx.by_theme.get(theme, set())
    for theme in offered:
        found |= idx.by_need.get(theme, set())
    found |= {p for p in need_hits if p in idx.candidates}
    found -= exclude
    if among is not None:
        found &= set(among)
    return found


def _where(idx: Index, me: Info, other: Info, near_mine: frozenset) -> _Where:
    """The place part: the same principal area, a neighbouring one, or one of the two across Wales."""
    same = me.areas & other.areas
    if same:
        return _Where("same", WEIGHTS["same_area"], tuple(same))
    if near_mine & other.areas:
        a, b = min((a, b) for a in me.areas for b in other.areas if b in idx.neighbours.get(a, ()))
        return _Where("near", WEIGHTS["near_area"], (a, b))
    if me.wales or other.wales:
        return _Where("wales", WEIGHTS["wales"], (me.wales,))
    return _Where("", 0.0)


def _shared_parts(me: Info, other: Info, needs_met, my_skills) -> _Parts:
    """Themes in common, my needs the candidate's skills meet, and their needs my skills meet."""
    theirs = [(skill, [x for x in other.needs if x in themes]) for skill, themes in my_skills]
    return _Parts(me.themes & other.themes, needs_met[:MAX_NEEDS], [m for m in theirs if m[1]][:MAX_NEEDS])


def _reasons(cat: Catalogue, labels: Labels, names: tuple[str, str], where: _Where, parts: _Parts) -> list[str]:
    """The parts in words, in ``labels``' language: a shared theme and where in one sentence ("both work on
    dementia in Powys"), then each need met, then where alone if no theme is shared."""
    t, lang = labels.t, labels.lang
    my_name, cand_name = names
    if where.key == "same":
        where_args = {"area": _join(labels, _sorted_labels(labels, "areas", where.places)[:2])}
    elif where.key == "near":
        where_args = {"a": labels("areas", where.places[0]), "b": labels("areas", where.places[1])}
    elif where.key == "wales":
        where_args = {"name": my_name if where.places[0] else cand_name}
    else:
        where_args = {}
    reasons = []
    if parts.themes:
        key = f"connections.reason.themes_{where.key}" if where.key else "connections.reason.themes"
        reasons.append(t(key, themes=_themes(labels, parts.themes), **where_args))
    for what, met_list in (("need", parts.needs_met), ("offer", parts.offers_met)):
        for skill, met in met_list:
            reasons.append(
                t(
                    f"connections.reason.{what}",
                    who=cand_name,
                    skill=cat.display_name(skill, lang),
                    name=my_name,
                    themes=_themes(labels, met),
                )
            )
    if where.key and not parts.themes:
        reasons.append(t(f"connections.reason.{where.key}", **where_args))
    return reasons


def suggest(cat: Catalogue, rid: str, limit: int = 10, lang: str = "en", among=None) -> list[Suggestion]:
    """Ranked prospective partners (organisations and projects) for record ``rid``; [] if none or unknown.

    ``among``: optional ids to choose candidates from (e.g. the filtered frame's index).
    Reasons are sentences in ``lang`` ("both work on dementia in Powys", "Credu offers carer-led evaluation").
    """
    idx = catalogue_index(cat)
    me = _own_info(cat, idx, rid)
    if me is None:
        return []
    labels = Labels(cat.vocab, cat.areas, lang)
    my_name = cat.display_name(rid, lang)
    need_hits = _needs_met_by_others(idx, me)
    my_skills = idx.offers.get(rid, [])
    near_mine = frozenset().union(*(idx.neighbours.get(a, ()) for a in me.areas))
    out: list[Suggestion] = []
    for cand in _candidates(idx, me, need_hits, my_skills, linked(cat, rid) | {rid}, among):
        other = idx.info[cand]
        parts = _shared_parts(me, other, need_hits.get(cand, []), my_skills)
        if not parts.relevant:
            continue
        where = _where(idx, me, other, near_mine)
        reasons = _reasons(cat, labels, (my_name, cat.display_name(cand, lang)), where, parts)
        out.append(Suggestion(cand, round(parts.score + where.score, 2), reasons))
    out.sort(key=lambda s: (-s.score, cat.display_name(s.id, lang).casefold(), s.id))
    return out[: max(0, limit)]
