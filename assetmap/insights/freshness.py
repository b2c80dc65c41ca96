"""Last edited: when each record's file last changed in git — shown beside, never instead of, "last confirmed".

Like ALISS and Infoengine, the map keeps two dates apart: a commit touching a file means someone
*edited* it (a typo fix, a reformat), not that anyone *confirmed* the facts. Confirmation is the
record's own `confirmed` block (records.honesty); `insights.unconfirmed` lists what needs it.

``last_changed(cat) -> dict[id, datetime.date]``
    The committer date of the newest commit that touched each record's file, from **one**
    ``git log --format=%cs --name-only`` run over the data folder; records git does not know (outside a
    checkout, untracked files) are left out. Cached on the Catalogue.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from assetmap.catalogue import Catalogue
from assetmap.contrib.git import GitError, git


def git_dates(data_dir: Path) -> dict[str, dt.date] | None:
    """Real path of every file ever committed under ``data_dir`` -> date of its newest commit, or None
    outside a git checkout. One ``git log`` run (newest commit first, so the first date seen wins)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return None
    try:  # no git, not a repository, or git refuses it: no dates (records git does not know are left out)
        root = Path(git(data_dir, "rev-parse", "--show-toplevel").decode("utf-8", "replace").strip())
        log = git(data_dir, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", ".").decode(
            "utf-8", "replace"
        )
    except GitError:
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
    """Record id -> date of the newest commit touching its file (records git does not know are left out)."""
    return cat.derive(_last_changed)


def _last_changed(cat: Catalogue) -> dict[str, dt.date]:
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
        if real in dates:
            out[rid] = dates[real]
    return out
