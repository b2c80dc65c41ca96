"""Closest-match suggestions for typos ("did you mean 'Abergavenny'?")."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def closest(word: str, choices: Iterable[str], limit: int = 1, cutoff: float = 70) -> list[str]:
    """Up to `limit` choices most like `word`, best first; none if nothing is close."""
    found = process.extract(word, list(choices), scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
    return [choice for choice, _score, _ in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """"; did you mean 'x'?" or "" — ready to append to a message."""
    best = closest(word, choices)
    return f"; did you mean '{best[0]}'?" if best else ""
