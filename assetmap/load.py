"""Files -> parse -> check -> records. One bad file costs only itself; every problem is collected.

This module must stay light (no pandas/geopandas): `assetmap validate` imports only this path.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import os
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from assetmap.geo.areas import Areas, AreasError, load_areas
from assetmap.geo.gazetteer import Gazetteer
from assetmap.records.checks import Context, Loaded, check_file, check_references
from assetmap.records.problems import Problem, emits, problem
from assetmap.records.schema import KINDS
from assetmap.records.vocab import Vocabularies, load_vocabularies
from assetmap.records.yamlsafe import read_file

# what may sit at the top of data/ besides the kind folders
SUPPORT_FILES = {
    "vocab",
    "areas.yaml",
    "areas.geojson",
    "gazetteer.csv",
    "places_extra.csv",
    "postcode_districts.csv",
    "ATTRIBUTION.md",
    "README.md",
}


@dataclass
class LoadResult:
    data_dir: Path
    records: dict[str, Loaded]
    problems: list[Problem]
    vocab: Vocabularies
    areas: Areas
    gazetteer: Gazetteer
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@contextmanager
def paused_gc():
    """Bulk loads create many long-lived objects that the cyclic GC would rescan again and again
    (~40% of the load time, perf-baseline.md); nothing they build is cyclic garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def default_data_dir() -> Path:
    return Path(os.environ.get("ASSETMAP_DATA") or "data")


@emits("not-a-file", "symlink", "unexpected-file", "wrong-extension")
def discover(data_dir: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """(kind, path) of every record file, plus warnings for files that are in the wrong place."""
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    try:
        top = sorted(os.scandir(data_dir), key=lambda e: e.name)
    except OSError as e:
        return [], [problem(str(data_dir), 1, "", "not-a-file", "data-folder", reason=e.strerror or "")]
    for entry in top:
        if entry.name in KINDS:
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                problems.append(
                    problem(entry.path, 1, "", "symlink" if entry.is_symlink() else "unexpected-file", "kind-folder")
                )
                continue
            try:
                items = sorted(os.scandir(entry.path), key=lambda e: e.name)
            except OSError as e:
                problems.append(problem(entry.path, 1, "", "not-a-file", "folder", reason=e.strerror or ""))
                continue
            for item in items:
                if item.name.startswith("."):  # editor backups, lock files, .gitkeep
                    continue
                if item.name.endswith(".yaml") and not item.is_dir(follow_symlinks=False):
                    found.append((entry.name, Path(item.path)))
                elif item.name.lower().endswith((".yaml", ".yml")):
                    stem = item.name.rsplit(".", 1)[0]
                    problems.append(problem(item.path, 1, "", "wrong-extension", name=item.name, stem=stem))
                else:
                    problems.append(problem(item.path, 1, "", "unexpected-file", "in-kind", kind=entry.name))
        elif entry.name not in SUPPORT_FILES and not entry.name.startswith("."):
            problems.append(problem(entry.path, 1, "", "unexpected-file", "top", kinds=", ".join(KINDS)))
    return found, problems


def _claim(item: Loaded, stem: str) -> tuple[bool, bool]:
    return (item.record.id == stem, item.ok)


@emits("support-file")
def _support(data_dir: Path) -> tuple[Areas, Gazetteer, list[Problem]]:
    """Areas and gazetteer; if either cannot be read, a Problem and an empty stand-in, never a traceback."""
    problems = []
    try:
        areas = load_areas(data_dir)
    except AreasError as e:
        problems.append(e.problem)
        areas = Areas({}, {}, {}, {})
    except (OSError, ValueError, KeyError, TypeError) as e:
        problems.append(
            problem(str(data_dir / "areas.yaml"), 1, "", "support-file", "other", detail=_one_line(e, data_dir))
        )
        areas = Areas({}, {}, {}, {})
    try:
        gazetteer = Gazetteer.load(data_dir)
    except (OSError, ValueError, KeyError, TypeError, csv.Error) as e:
        problems.append(
            problem(str(data_dir / "gazetteer.csv"), 1, "", "support-file", "other", detail=_one_line(e, data_dir))
        )
        gazetteer = Gazetteer([], {})
    return areas, gazetteer, problems


def _one_line(e: Exception, data_dir: Path) -> str:
    """The error's own words on one line, with the data folder's server path cut to `data/`."""
    text = str(e).replace("\n", " ").strip() or type(e).__name__
    for prefix in {str(data_dir.resolve()), str(data_dir)}:
        text = text.replace(prefix + os.sep, "data/")
    return text[:300]


def kind_of(path: Path) -> str | None:
    return path.parent.name if path.parent.name in KINDS else None


@emits("unexpected-file")
def load(data_dir: Path | None = None, extra: Sequence[Path] = (), today: dt.date | None = None) -> LoadResult:
    """Load and check every record under data_dir, plus `extra` files (e.g. a new record being checked)."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    files, problems = discover(data_dir)
    known = {p.resolve() for _, p in files} if extra else set()
    for path in extra:
        kind = kind_of(path)
        if kind is None:
            problems.append(problem(str(path), 1, "", "unexpected-file", "extra", kinds=", ".join(KINDS)))
        elif Path(path).resolve() not in known:
            files.append((kind, Path(path)))
    vocab, vproblems = load_vocabularies(data_dir)
    areas, gazetteer, sproblems = _support(data_dir)
    problems += sproblems
    ctx = Context(vocab, frozenset(areas.areas), gazetteer, today or dt.date.today())
    problems += vproblems

    loaded: dict[str, Loaded] = {}
    duplicates: dict[str, list[Loaded]] = {}
    partial: list[Loaded] = []
    with paused_gc():
        for kind, path in files:
            item, own = check_file(read_file(path, str(path)), kind, ctx, path.stem)
            problems += own
            if item is None:
                continue
            if item.partial:
                partial.append(item)
                continue
            # kept for resolving references either way, but only error-free records reach the map
            rid = item.record.id
            first = loaded.get(rid)
            if first is None:
                loaded[rid] = item
            else:
                # of two files claiming one id, the one named after it (and clean) keeps it:
                # a stray copy must not push the real record off the map
                keep, extra_item = (
                    (item, first)
                    if _claim(item, path.stem) > _claim(first, Path(first.parsed.path).stem)
                    else (first, item)
                )
                loaded[rid] = keep
                duplicates.setdefault(rid, []).append(extra_item)
    ref_problems = check_references(loaded, duplicates, partial=partial)
    problems += ref_problems
    # a record whose references are broken stays out of the map like any other record with errors
    broken = {p.path for p in ref_problems if p.severity == "error"}
    for rid, item in loaded.items():
        if item.ok and item.parsed.path in broken:
            loaded[rid] = replace(item, ok=False)
    problems.sort(key=lambda p: (p.path, p.line, p.field, p.code))
    return LoadResult(data_dir, loaded, problems, vocab, areas, gazetteer, len(files))
