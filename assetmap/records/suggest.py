"""What to suggest in a problem: valid values close to a wrong one, so the volunteer can pick instead of guess.

Vocabulary terms and area ids by spelling (`assetmap.text.closest`), or a few valid ones when nothing is
close; records by id *or* name, so `lead: credu` finds `credu-connecting-carers` (Credu – Connecting Carers).
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import fuzz, process, utils

from assetmap.text import closest

SHOWN_CHOICES = 6  # an unknown term with no close match lists this many of the closest valid ones


def suggest(value: str, choices, cutoff: float = 70) -> tuple[str, dict]:
    """("suggest", {hint}) for a close choice, else ("list", {choices}) naming a few valid ones."""
    best = closest(value, choices, cutoff=cutoff)
    if best:
        return "suggest", {"hint": best[0]}
    few = sorted(closest(value, choices, limit=SHOWN_CHOICES, cutoff=0))
    return "list", {"choices": ", ".join(few) + (", …" if len(set(choices)) > len(few) else "")}


def closest_record(ref: str, names: Mapping[str, str]) -> str | None:
    """The id most like `ref`, matched on ids and on names: 'credu' -> 'credu-connecting-carers'.

    Word sets as well as spelling, so that the first word of a long name is enough; ties go to the closer
    spelling of the id.
    """
    if not names:
        return None
    ids = list(names)
    choices = ids + [names[i] for i in ids]
    query = ref.replace("-", " ")
    found = process.extract(
        query, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=10, score_cutoff=80
    )
    best: dict[str, float] = {}
    for _choice, score, pos in found:
        rid = ids[pos % len(ids)]
        best[rid] = max(best.get(rid, 0), score)
    if not best:
        return None
    return max(best, key=lambda rid: (best[rid], fuzz.ratio(ref, rid)))
