"""Freshness: when each record last changed (git history) and which records have gone stale.

Public API
----------
``last_changed(cat) -> dict[id, datetime.date]``
    The committer date of the newest commit that touched each record's file, from **one**
    ``git log --format=%cs --name-only`` run over the data folder. Falls back to the record's
    ``last_reviewed`` outside a git checkout (no git, not a repository, git refuses it) and for files
    git has never committed. Cached on the Catalogue.
``freshness(cat, rid) -> datetime.date | None``
    The date a record counts as fresh from: the **later** of its git date and its ``last_reviewed``.
``stale(cat, today=None, months=12) -> list[Stale]``
    Records (on the map) whose freshness date is more than ``months`` calendar months before ``today``,
    oldest first.
``freshness_note(cat, rid, today=None, months=12, lang="en") -> str | None``
    For the detail panel: "Not reviewed or changed since 5 March 2024" (or Welsh), or None if fresh/unknown.

Why the later of the two dates
------------------------------
``last_reviewed`` is a reviewer's statement ("I checked this on …"); a commit touching the file means
someone edited it. Either shows a person looked at the record, so a record is stale only when *both* are
old: git alone would miss a review recorded by hand in a checkout without history, ``last_reviewed`` alone
would ignore edits made without bumping it. Known limits: a mechanical edit of every file (a reformat) makes
everything look fresh, and a shallow clone dates every file at its one commit; both can only hide
staleness, never invent it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from assetmap.catalogue import Catalogue
from assetmap.i18n import Translator

STALE_MONTHS = 12
GIT_TIMEOUT_S = 30


def _git(args: list[str], cwd: Path) -> str | None:
    """Output of a git command, or None if git is missing, fails or is not in a repository."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_dates(data_dir: Path) -> dict[str, dt.date] | None:
    """Real path of every file ever committed under ``data_dir`` -> date of its newest commit, or None
    outside a git checkout. One ``git log`` run (newest commit first, so the first date seen wins)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return None
    top = _git(["rev-parse", "--show-toplevel"], data_dir)
    if not top:
        return None
    root = Path(top.strip())
    log = _git(["log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."], data_dir)
    if log is None:
        return None
    out: dict[str, dt.date] = {}
    day = None
    for line in log.splitlines():
        if line.startswith("\0"):
            try:
                day = dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                day = None
        elif line and day is not None:
            out.setdefault(os.path.join(root, line), day)
    return out


def last_changed(cat: Catalogue) -> dict[str, dt.date]:
    """Record id -> date of the newest commit touching its file; ``last_reviewed`` where git has none."""
    cached = cat.derived.get("last_changed")
    if cached is not None:
        return cached
    data_dir = Path(cat.result.data_dir)
    dates = git_dates(data_dir) or {}
    real_data = os.path.realpath(data_dir)
    out: dict[str, dt.date] = {}
    for rid, item in cat.records.items():
        path = Path(item.parsed.path)
        # fast path for files in data_dir/<kind>/ (all but `validate`'s extra files): no filesystem calls
        if path.parent.parent == data_dir:
            real = os.path.join(real_data, path.parent.name, path.name)
        else:
            real = os.path.realpath(path)
        out[rid] = dates.get(real) or item.record.last_reviewed
    cat.derived["last_changed"] = out
    return out


def freshness(cat: Catalogue, rid: str) -> dt.date | None:
    """The later of the record's git date and its ``last_reviewed``; None for an unknown id."""
    item = cat.records.get(rid)
    if item is None:
        return None
    changed = last_changed(cat).get(rid)
    reviewed = item.record.last_reviewed
    return max(changed, reviewed) if changed and reviewed else changed or reviewed


def months_before(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day: 31 May -> 28 Feb)."""
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for day in range(today.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(today.day, 28))


@dataclass(frozen=True)
class Stale:
    id: str
    kind: str  # singular
    name: str
    changed: dt.date  # the freshness date (later of git and last_reviewed)
    reviewed: dt.date | None  # last_reviewed as written in the record
    path: str


def stale(cat: Catalogue, today: dt.date | None = None, months: int = STALE_MONTHS) -> list[Stale]:
    """Records on the map not reviewed or changed for more than ``months`` months, oldest first."""
    today = today or dt.date.today()
    cutoff = months_before(today, months)
    frame = cat.frame
    out = []
    for rid, kind, name, path in zip(frame.index, frame["kind"], frame["name"], frame["path"]):
        when = freshness(cat, rid)
        if when is not None and when < cutoff:
            out.append(Stale(rid, kind, name, when, cat.records[rid].record.last_reviewed, path))
    out.sort(key=lambda s: (s.changed, s.id))
    return out


def format_date(day: dt.date, lang: str = "en") -> str:
    """'5 March 2024' / '5 Mawrth 2024'."""
    months = Translator(lang)("connections.fresh.months").split("|")
    month = months[day.month - 1] if len(months) == 12 else f"{day.month:02d}"
    return f"{day.day} {month} {day.year}"


def freshness_note(cat: Catalogue, rid: str, today: dt.date | None = None, months: int = STALE_MONTHS,
                   lang: str = "en") -> str | None:
    """'Not reviewed or changed since 5 March 2024' if the record is stale, else None (also for unknown ids)."""
    when = freshness(cat, rid)
    today = today or dt.date.today()
    if when is None or when >= months_before(today, months):
        return None
    return Translator(lang)("connections.fresh.note", date=format_date(when, lang), months=months)
