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
import subprocess
from pathlib import Path

from assetmap.catalogue import Catalogue

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
    """Record id -> date of the newest commit touching its file (records git does not know are left out)."""
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
        if real in dates:
            out[rid] = dates[real]
    cat.derived["last_changed"] = out
    return out
