"""The one way assetmap runs git: one runner, one timeout, one error type with a message for a volunteer.

Used by ``assetmap validate --changed-since`` and ``assetmap diff`` (which report a :class:`GitError` and exit 2)
and by :mod:`assetmap.insights.freshness` (which catches it and falls back to ``last_reviewed``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: Seconds before a git command is stopped. One `git log` over the whole data folder (freshness) is the
#: slowest call we make; a minute leaves room for a large history on a slow disk.
GIT_TIMEOUT_S = 60


class GitError(Exception):
    """A git command could not run or failed; the message says why in plain words."""


def git(cwd: Path, *args: str) -> bytes:
    """Standard output of ``git ARGS`` run in ``cwd``; raises :class:`GitError` if it cannot run or fails.

    The environment is fixed so the output is the same everywhere: no pager, no password prompt, English
    messages, no optional locks (we only read), file names unquoted, and no inherited ``GIT_DIR`` /
    ``GIT_WORK_TREE`` (a git hook sets them, and they would point git at another repository).
    """
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        run = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitError(
            f"git {args[0]} took more than {GIT_TIMEOUT_S} seconds and was stopped; "
            "try again, and check the repository with `git status`"
        ) from None
    except OSError as e:
        raise GitError(
            f"could not run git ({e.strerror or e}); is git installed? See https://git-scm.com/downloads"
        ) from None
    if run.returncode != 0:
        why = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(why[-1] if why else f"git {args[0]} failed")
    return run.stdout


def nul_separated(out: bytes) -> list[str]:
    """The names in git's ``-z`` output (NUL-separated, never quoted)."""
    return [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]


def check_ref(data: Path, ref: str) -> None:
    """GitError unless ``ref`` names a commit (branch, tag, hash) in the repository holding ``data``."""
    if not ref or ref.startswith("-") or any(c.isspace() for c in ref):
        raise GitError(f"'{ref}' is not a git reference")
    try:
        git(data, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"'{ref}' is not a commit, branch or tag in this repository "
            "(for a branch on GitHub, fetch it first: git fetch origin)"
        ) from None


def untracked(data: Path) -> list[str]:
    """New files under ``data`` git does not track yet (not ignored), relative to ``data``."""
    return nul_separated(git(data, "ls-files", "--others", "--exclude-standard", "-z", "--", "."))


def changed_files(data: Path, ref: str) -> list[Path]:
    """Files under `data` added or modified since git `ref` (a renamed file counts as added).

    `git diff --name-only --diff-filter=AM REF -- DATA`, with `--no-renames` so a renamed record is checked
    too, and `--relative` so names are relative to the data folder wherever the repository root is; plus
    new files git does not track yet (a volunteer checking before `git add`; in CI there are none).
    """
    check_ref(data, ref)
    out = git(data, "diff", "--name-only", "--no-renames", "--diff-filter=AM", "--relative", "-z", ref, "--", ".")
    names = nul_separated(out)
    return [data / name for name in names + [n for n in untracked(data) if n not in names]]
