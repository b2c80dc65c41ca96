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
from dataclasses import dataclass, field, replace
from pathlib import Path

from assetmap.geo.areas import Areas, AreasError, load_areas
from assetmap.geo.csvsafe import SupportFileError
from assetmap.geo.gazetteer import Gazetteer
from assetmap.geo.geocode import Geocoder, Located
from assetmap.records.checks import LINES_LATER, Context, Loaded, check_file, check_references
from assetmap.records.problems import Label, Problem, emits, problem
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


SHOWN_PROBLEMS = 5  # how many of the problems behind lost records a summary names


@dataclass
class LoadResult:
    data_dir: Path
    records: dict[str, Loaded]
    problems: list[Problem]
    vocab: Vocabularies
    areas: Areas
    gazetteer: Gazetteer
    files: int = 0
    # the ids of the records that reach the map (ok and placed)
    placed: frozenset[str] = frozenset()
    # record id -> where the map puts it, for each of `placed`; only from load(..., where=True)
    located: dict[str, Located] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)  # every record file found (and each extra one)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def support_errors(self) -> list[Problem]:
        """Errors in the shared data (vocabularies, areas, gazetteer, the folders): not about one record."""
        return [p for p in self.errors if kind_of(Path(p.path)) is None]

    @property
    def dropped(self) -> list[str]:
        """Record files that did not become a record on the map, in file order."""
        shown = {self.records[rid].parsed.path for rid in self.placed}
        return [path for path in self.paths if path not in shown]


@dataclass(frozen=True)
class Health:
    """What the app must say about the data before showing it: broken shared files and records lost."""

    support: list[Problem]
    dropped: int
    first: list[Problem]  # the first problems: the shared files', then those of the records lost

    @property
    def ok(self) -> bool:
        return not self.support and not self.dropped


def health(result: LoadResult) -> Health:
    lost = set(result.dropped)
    why: dict[str, Problem] = {}
    for p in result.errors:  # one problem per lost file is enough to say why
        if p.path in lost and p.path not in why:
            why[p.path] = p
    support = result.support_errors
    return Health(support, len(lost), (support + list(why.values()))[:SHOWN_PROBLEMS])


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


@emits("not-a-file", "symlink", "unexpected-file", "wrong-extension", "not-a-folder")
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
                # an error, not a warning: every record of that kind would vanish from the map
                code = "symlink" if entry.is_symlink() else "not-a-folder"
                problems.append(problem(entry.path, 1, "", code, "kind-folder", kind=entry.name))
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
            problem(str(data_dir / "areas.yaml"), 1, "", "support-file", "other", detail=one_line(e, data_dir))
        )
        areas = Areas({}, {}, {}, {})
    try:
        gazetteer = Gazetteer.load(data_dir)
    except SupportFileError as e:
        problems.append(e.problem)
        gazetteer = Gazetteer([], {})
    except (OSError, ValueError, KeyError, TypeError, csv.Error) as e:
        problems.append(
            problem(str(data_dir / "gazetteer.csv"), 1, "", "support-file", "other", detail=one_line(e, data_dir))
        )
        gazetteer = Gazetteer([], {})
    return areas, gazetteer, problems


def one_line(e: Exception, data_dir: Path) -> str:
    """The error's own words on one line, with the data folder's server path cut to `data/`."""
    text = str(e).replace("\n", " ").strip() or type(e).__name__
    for prefix in {str(data_dir.resolve()), str(data_dir)}:
        text = text.replace(prefix + os.sep, "data/")
    return text[:300]


def kind_of(path: Path) -> str | None:
    return path.parent.name if path.parent.name in KINDS else None


@emits("unexpected-file")
def load(
    data_dir: Path | None = None, extra: Sequence[Path] = (), today: dt.date | None = None, where: bool = False
) -> LoadResult:
    """Load and check every record under data_dir, plus `extra` files (e.g. a new record being checked).

    `where`: also keep where each record goes on the map (`LoadResult.located`, for the catalogue); without
    it, only which records can be placed (all that `validate` needs, and quicker)."""
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
            # from here on only a few lines of the file are asked for: the rest goes now, not after the load
            item = replace(item, parsed=item.parsed.trimmed(LINES_LATER[kind]))
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
    support_broken = bool(sproblems or vproblems)
    located, unplaced = _place(loaded, gazetteer, areas, quiet=support_broken, names=where)
    problems += unplaced
    paths = [str(path) for _, path in files]
    problems += _lost(paths, located, loaded, problems, quiet=support_broken)
    # the shared files first: when one is broken, that is the problem to fix before any record
    problems.sort(key=lambda p: (kind_of(Path(p.path)) is not None, p.path, p.line, p.field, p.code))
    placed = frozenset(located)
    return LoadResult(
        data_dir, loaded, problems, vocab, areas, gazetteer, len(files), placed, located if where else {}, paths
    )


@emits("not-placed")
def _place(
    loaded: dict[str, Loaded], gazetteer: Gazetteer, areas: Areas, quiet: bool, names: bool
) -> tuple[dict[str, Located], list[Problem]]:
    """Where each clean record goes on the map. One that cannot be placed (an unknown postcode and nothing
    else, an organisation that cannot be placed) is an error, not a record that silently never appears;
    `quiet` when a shared file is broken: its own problem says why records cannot be placed."""
    geocoder = Geocoder(loaded, gazetteer, areas, names)
    located: dict[str, Located] = {}
    for rid, item in loaded.items():
        if item.ok:
            where = geocoder.locate(rid)
            if where is not None:
                located[rid] = where
    out: list[Problem] = []
    for rid, item in loaded.items():
        if item.ok and rid not in located:
            if not quiet:
                out.append(
                    problem(
                        item.parsed.path,
                        item.parsed.line("location"),
                        "location",
                        "not-placed",
                        "nowhere",
                        place=Label("location.place"),
                        areas=Label("areas_served"),
                    )
                )
            loaded[rid] = replace(item, ok=False)
    return located, out


@emits("not-placed")
def _lost(
    paths: list[str], located: dict[str, Located], loaded: dict[str, Loaded], problems: list[Problem], quiet: bool
) -> list[Problem]:
    """A record file that is not on the map has an error that says why: this is the net under every check."""
    if quiet:
        return []
    accounted = {loaded[rid].parsed.path for rid in located} | {p.path for p in problems if p.severity == "error"}
    return [
        problem(path, 1, "", "not-placed", "lost", place=Label("location.place"), areas=Label("areas_served"))
        for path in paths
        if path not in accounted
    ]
