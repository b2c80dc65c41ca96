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

from assetmap.catalogue import Catalogue
from assetmap.insights.index import Info, catalogue_index
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
    idx = catalogue_index(cat)
    me = idx.info.get(rid)
    item = cat.records.get(rid)
    if me is None and item is not None and item.ok:  # a record that is not on the map still has its fields
        rec = item.record
        me = Info("", rec.status, frozenset(rec.themes), frozenset(a for a in rec.areas_served if a != "wales"),
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
