"""Small text helpers shared by every room: folding for search and ids, hidden characters, suggestions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

# C0/C1 controls, bidi controls, and invisible characters that hide or split words (zero-width, word
# joiners, line and paragraph separators, a byte-order mark inside the text). Records refuse them; the form strips them.
BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2060-\u2069\u200b-\u200f\u061c\u2028\u2029\ufeff]"
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search and matching ('Ŵyl' matches 'wyl')."""
    # decomposed accents fall away in the ASCII encode (C speed: this runs once per record at load)
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")


def slugify(name: str) -> str:
    """'Cwm Taf Cares' -> 'cwm-taf-cares'; Welsh accents fold to plain letters (ŵ -> w)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:80].strip("-")


def closest(word: str, choices: Iterable[str], limit: int = 1, cutoff: float = 70) -> list[str]:
    """Up to `limit` choices most like `word`, best first; none if nothing is close."""
    found = process.extract(word, list(choices), scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
    return [choice for choice, _score, _ in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" or "" — ready to append to a message."""
    best = closest(word, choices)
    return f"; did you mean '{best[0]}'?" if best else ""
