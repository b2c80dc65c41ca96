"""A loaded catalogue kept on disk between server starts, so a restart does not read and check every file again.

Reading and checking every record is most of a cold start (about 6 s at 10,000 records); reading a snapshot
of the result takes about 0.3 s. A snapshot is used only when nothing it depends on has changed: every file
under the data folder (path, size, modification time), the files of this package, the versions of Python and
of the libraries whose objects it holds, and today's date (what counts as current depends on it). Anything
else, or a snapshot that cannot be read, means loading from the files as before and writing a new snapshot.

Snapshots are pickles in the user's own cache folder (``ASSETMAP_CACHE``, else ``$XDG_CACHE_HOME/assetmap`` or
``~/.cache/assetmap``), created readable by that user only. Unpickling runs code named in the file, so only a
regular file owned by this user and writable by nobody else is read: a folder that others can write to is
ignored. Nothing in the data folder is ever unpickled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from assetmap.load import paused_gc

PACKAGE = Path(__file__).resolve().parent
# the libraries whose objects a snapshot holds: another version may not read them back the same
LIBRARIES = ("geopandas", "numpy", "pandas", "pyarrow", "pydantic", "pydantic_core", "shapely")


def cache_dir() -> Path:
    base = os.environ.get("ASSETMAP_CACHE")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assetmap"


def _files(top: Path) -> list[tuple[str, int, int, int]]:
    """(path, type, size, mtime_ns) of every entry below `top`, symlinks not followed."""
    out = []
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            out.append((folder, -1, 0, 0))
            continue
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            out.append((entry.path, st.st_mode, st.st_size, st.st_mtime_ns))
            if stat.S_ISDIR(st.st_mode):
                stack.append(entry.path)
    return sorted(out)


def key(data_dir: Path, today: dt.date) -> str:
    """What a snapshot of `data_dir` depends on, as a hash: any change gives another key."""
    versions = [(name, importlib.import_module(name).__version__) for name in LIBRARIES]  # all loaded already
    parts = (str(data_dir.resolve()), _files(data_dir), _files(PACKAGE), sys.version, versions, today.isoformat())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _name(data_dir: Path) -> str:
    """The snapshot's file name stem for one data folder: a new snapshot replaces that folder's old ones."""
    return "catalogue-" + hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]


def read(folder: Path, data_dir: Path, wanted: str):
    """The state kept under `wanted` for `data_dir`, or None (no snapshot, another key, or not one we trust)."""
    path = folder / f"{_name(data_dir)}-{wanted[:32]}.pickle"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not _trusted(os.fstat(fh.fileno())) or not _trusted(os.stat(folder)):
                return None
            with paused_gc():
                stored_key, state = pickle.load(fh)
    # Whatever a damaged or foreign snapshot raises (truncated, another version's classes, garbage): it is only a
    # cache, so the catalogue is loaded from the files instead and a good snapshot replaces this one.
    except Exception:
        return None
    return state if stored_key == wanted else None


def _trusted(st: os.stat_result) -> bool:
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def write(folder: Path, data_dir: Path, wanted: str, state) -> None:
    """Keep `state` under `wanted` (atomically: a reader sees the old snapshot or the new one); drop the folder's
    older snapshots. Best effort: a cache folder that cannot be written costs only the next start's time."""
    stem = _name(data_dir)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(folder)):
            return
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((wanted, state), fh, protocol=pickle.HIGHEST_PROTOCOL)
        target = folder / f"{stem}-{wanted[:32]}.pickle"
        os.replace(tmp, target)
        for old in folder.glob(f"{stem}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        Path(tmp).unlink(missing_ok=True)
