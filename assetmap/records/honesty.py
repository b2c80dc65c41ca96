"""Honest over time: how old a record's facts are, what status can be shown, and the checks that keep it so.

A record's *as-of* date is the latest of its sources' dates and its confirmation. Nothing is shown as
active, planned or prospective unless that date is within `CONFIRM_YEARS`: older claims are shown as
`unknown`, with what the source reported kept beside it ("active in 2016").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from assetmap.records.problems import emits
from assetmap.records.schema import Common, When

CONFIRM_YEARS = 2
CURRENT_ONLY = frozenset({"active", "planned", "prospective"})  # claims that go stale

# Words about a person's private life: where they live, their family, their health. People appear in a
# public role only; these phrases are never needed to describe one.
PRIVATE_LIFE = re.compile(
    r"\b(where (he|she|they) li(ve|ves)|(he|she|they) li(ve|ves) (in|at|near|on)|(his|her|their) (home|house|"
    r"wife|husband|partner|children|kids|son|daughter|family|mother|father|health|illness|diagnosis)|"
    r"was diagnosed|(he|she|they) (has|have) (cancer|dementia|diabetes|depression|a disability))\b",
    re.IGNORECASE,
)


def as_of(rec: Common) -> When | None:
    """The latest of the record's source dates and its confirmation, or None if nothing is dated."""
    dates = [s.date for s in rec.sources if s.date is not None]
    if rec.confirmed is not None:
        day = rec.confirmed.date
        dates.append(When(day.year, day.month, day.day))
    return max(dates, key=lambda w: w.key, default=None)


def cutoff(today: dt.date) -> dt.date:
    """The earliest day that still counts as recent (CONFIRM_YEARS before today)."""
    try:
        return today.replace(year=today.year - CONFIRM_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - CONFIRM_YEARS, day=28)


def is_current(rec: Common, today: dt.date) -> bool:
    """True when a confirmation or a source of the last CONFIRM_YEARS vouches for the record."""
    when = as_of(rec)
    return when is not None and when.last_day >= cutoff(today)


def shown_status(rec: Common, today: dt.date) -> str:
    """The status the map may show: a stale active/planned/prospective claim becomes 'unknown'."""
    if rec.status in CURRENT_ONLY and not is_current(rec, today):
        return "unknown"
    return rec.status


Add = Callable[..., None]  # (field path, code, message variant, **params): the checker's `add`


@emits(
    "undated-source",
    "retired-field",
    "ended-but-active",
    "stale-plan",
    "unconfirmed-status",
    "unsourced-offer",
    "person-private-life",
)
def check_honesty(rec: Common, kind: str, today: dt.date, add: Add) -> None:
    """The rules of issue 11: dated sources, no stale claims, offers only from the person, no private life."""
    for i, src in enumerate(rec.sources):
        if src.date is None:
            add(f"sources[{i}]", "undated-source")
    if rec.last_reviewed is not None:
        add("last_reviewed", "retired-field", name="last_reviewed")
    if rec.status == "active" and rec.ended is not None and rec.ended.last_day < today:
        add("status", "ended-but-active", ended=str(rec.ended))
    elif rec.status in CURRENT_ONLY and not is_current(rec, today):
        when = as_of(rec)
        code = "stale-plan" if rec.status == "planned" else "unconfirmed-status"
        if when:
            add("status", code, "since", status=rec.status, year=when.year)
        else:
            add("status", code, "undated", status=rec.status)
    if kind == "people":
        _check_person(rec, add)


def _check_person(rec, add: Add) -> None:
    if rec.offers and rec.consent.basis == "named-in-public-source":
        add("offers", "unsourced-offer")
    for fname in ("summary", "summary_cy", "role"):
        found = PRIVATE_LIFE.search(getattr(rec, fname) or "")
        if found:
            add(fname, "person-private-life", words=found.group(0))
