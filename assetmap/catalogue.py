"""Load everything once: checked records -> geocoded GeoDataFrame (EPSG:4326), plus the edges between records.

This is the only place that builds the frame; the app, exports and connections all start from a Catalogue.

What is derived from a catalogue is computed once per catalogue and kept on it, so every session of the
app shares it: typed ``cached_property``s for what this room can build (display names, the duplicate
index), and :meth:`Catalogue.derive` for what higher rooms build from it (connections index, git dates,
the map payload) — keyed by the builder function, so no caller writes into a shared dict by name.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa

from assetmap import snapshot
from assetmap.filters import FilterSpec
from assetmap.geo.polygons import POLYGONS_FILE, area_ids, load_polygons
from assetmap.labels import Labels, place_names
from assetmap.load import Health, LoadResult, default_data_dir, health, load, one_line, paused_gc
from assetmap.records.duplicates import DuplicateIndex
from assetmap.records.honesty import as_of, is_current, shown_status
from assetmap.records.problems import emits, problem
from assetmap.records.schema import KINDS, SINGULAR
from assetmap.records.yamlsafe import Parsed
from assetmap.relations import Edge, edges, neighbours
from assetmap.text import fold

T = TypeVar("T")
# The frame's text columns are Arrow buffers (pandas' str dtype). Arrow's default allocator, mimalloc, keeps
# what the conversion of every record's text grew and dropped (~25 MiB at 50,000 records); malloc returns it.
pa.set_memory_pool(pa.system_memory_pool())
SELECTIONS_KEPT = 32  # filter results kept per catalogue (shared by all sessions)
LIST_COLUMNS = ("themes", "sectors", "work_streams", "areas_served", "links", "needs")
COLUMNS = (
    "id",
    "kind",
    "name",
    "name_cy",
    "summary",
    "summary_cy",
    "place",
    "area",
    "region",
    "health_board",
    "status",
    "reported_status",
    "reported_date",
    "as_of",
    "current",
    "confirmed",
    "started",
    "ended",
    *LIST_COLUMNS,
    "geocode",
    "path",
)


@dataclass
class Catalogue:
    frame: gpd.GeoDataFrame
    result: LoadResult
    edges: list[Edge]
    neighbours: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)
    # data_stamp() of the files this catalogue was loaded from: the cache key for everything derived from it
    version: tuple = ()
    _derived: dict = field(default_factory=dict, repr=False, compare=False)
    _selections: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)
    # one catalogue is shared by every session (threads): build each derived value once, not once per thread
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def derive(self, build: Callable[[Catalogue], T]) -> T:
        """`build(self)`, computed once per catalogue (for builders in rooms above this one)."""
        if build not in self._derived:
            with self._lock:
                if build not in self._derived:
                    self._derived[build] = build(self)
        return self._derived[build]

    def select(self, spec: FilterSpec) -> tuple[np.ndarray, gpd.GeoDataFrame]:
        """The filter's mask over `frame` and the rows it keeps, cached per spec (the last few specs):
        a rerun that did not change the filters, in any session, costs a dict lookup."""
        with self._lock:
            hit = self._selections.get(spec)
            if hit is not None:
                self._selections.move_to_end(spec)
                return hit
        mask = spec.mask(self.frame, self.areas, self.gazetteer)
        hit = (mask, self.frame[mask])
        with self._lock:
            self._selections[spec] = hit
            while len(self._selections) > SELECTIONS_KEPT:
                self._selections.popitem(last=False)
        return hit

    @cached_property
    def display_names(self) -> dict[str, dict[str, str]]:
        """lang -> record id -> the name shown (see :func:`display_name`), for every loaded record."""
        return {
            lang: {rid: display_name(item.record.name, item.record.name_cy, lang) for rid, item in self.records.items()}
            for lang in ("en", "cy")
        }

    def display_name(self, rid: str, lang: str) -> str:
        """A record's name in the chosen language (its id if there is no such record)."""
        return self.display_names["cy" if lang == "cy" else "en"].get(rid, rid)

    @cached_property
    def health(self) -> Health:
        """Broken shared files and record files not on the map (after the area polygons were read)."""
        return health(self.result)

    @cached_property
    def duplicate_index(self) -> DuplicateIndex:
        return DuplicateIndex(self.records)

    @property
    def records(self):
        return self.result.records

    @property
    def vocab(self):
        return self.result.vocab

    @property
    def areas(self):
        return self.result.areas

    @property
    def gazetteer(self):
        return self.result.gazetteer


def display_name(name: str, name_cy: str | None, lang: str) -> str:
    """The one rule for a record's name on screen: its Welsh name where it has one and Welsh is chosen."""
    return (name_cy or name) if lang == "cy" else name


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# Text the records hold anyway: the columns keep those strings (object dtype, 8 bytes a row) instead of copies
# in Arrow buffers (pandas' str dtype), and the map payloads share them (~40 MiB at 50,000 records). The
# search's own column, search_text, stays Arrow: it is searched vectorised.
RECORD_TEXT = ("id", "name", "name_cy", "summary", "summary_cy", "path")
# Few distinct values in many rows: categoricals take 1 byte a row instead of a pointer to a string
CATEGORIES = ("kind", "status", "reported_status", "area", "region", "health_board", "geocode")


def data_stamp(data_dir: Path) -> tuple:
    """A cheap version of the data: the mtimes of data/ and its kind folders (a handful of stat calls).

    Adding, removing or renaming a record file changes its folder's mtime, and so does saving it with
    an editor or git (both write a new file and rename it over the old one). An in-place rewrite does
    not: the app has a "Reload data" button for that.
    """
    stamp: list[tuple[str, int | None]] = []
    for path in (data_dir, *(data_dir / kind for kind in KINDS)):
        try:
            stamp.append((path.name, os.stat(path).st_mtime_ns))
        except OSError:
            stamp.append((path.name, None))
    return tuple(stamp)


def build_frame(result: LoadResult, today: dt.date | None = None) -> gpd.GeoDataFrame:
    """One row per record that passed its checks and could be placed.

    `status` is the status the map may show (a stale claim becomes 'unknown', see records.honesty);
    `reported_status`/`reported_date` keep what a source said, `as_of` is the date of the latest source
    or confirmation and `current` whether that is recent enough to vouch for the record.
    List columns hold tuples, one shared object per distinct value (most records repeat a few theme sets).
    """
    today = today or dt.date.today()
    shared: dict[tuple, tuple] = {}

    def share(values) -> tuple:
        key = tuple(values)
        return shared.setdefault(key, key)

    cols: dict[str, list] = {c: [] for c in COLUMNS}
    lats: list[float] = []
    lons: list[float] = []
    by_point: list[bool] = []
    for rid, item in result.records.items():
        where = result.located.get(rid)  # load() placed every clean record; one it could not is an error there
        if where is None:
            continue
        rec = item.record
        when = as_of(rec)
        reported = rec.reported_status
        row = {
            "id": rid,
            "kind": SINGULAR[item.kind],
            "name": rec.name,
            "name_cy": rec.name_cy or "",
            "summary": rec.summary,
            "summary_cy": rec.summary_cy or "",
            "place": where.place,
            "area": where.area,
            "region": "",
            "health_board": "",
            "status": shown_status(rec, today),
            "reported_status": reported.status if reported else "",
            "reported_date": _text(reported.date if reported else None),
            "as_of": _text(when),
            "current": is_current(rec, today),
            "confirmed": _text(rec.confirmed.date if rec.confirmed else None),
            "started": _text(rec.started),
            "ended": _text(rec.ended),
            "themes": share(rec.themes),
            "sectors": share(rec.sectors),
            "work_streams": share(rec.work_streams),
            "areas_served": share(rec.areas_served),
            "links": share(rec.links),
            "needs": share(rec.needs),
            "geocode": where.how,
            "path": item.parsed.path,
        }
        for c in COLUMNS:
            cols[c].append(row[c])
        lats.append(where.lat)
        lons.append(where.lon)
        by_point.append(where.by_point)
    df = pd.DataFrame({c: pd.Series(v, dtype=object) if c in RECORD_TEXT else v for c, v in cols.items()})
    df.index = pd.Index(cols["id"], dtype=object, name=None)
    _areas_by_polygon(df, lons, lats, by_point, result)  # before categories: it replaces area, region, health_board
    for name in CATEGORIES:
        df[name] = df[name].astype("category")
    df["search_text"] = _search_text(df, result)
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")


def _search_text(df: pd.DataFrame, result: LoadResult) -> list[str]:
    """What search looks in, folded: each record's names, summaries and place as written, and in English and
    Welsh its place's and area's names and its themes' labels, so that "gofalwyr" finds the records about
    carers and "Abertawe" those in Swansea. Labels are worked out once per distinct value, not per record."""
    both = [Labels(result.vocab, result.areas, lang) for lang in ("en", "cy")]
    themes = {ids: " ".join(label("themes", i) for label in both for i in ids) for ids in set(df["themes"])}
    areas = {a: " ".join(label("areas", a) for label in both) for a in set(df["area"])}
    places = place_names(result.gazetteer, df["place"], "cy")
    return [
        fold(" ".join((*parts, places[place], areas[area], themes[ids])))
        for *parts, place, area, ids in zip(
            df["name"], df["name_cy"], df["summary"], df["summary_cy"], df["place"], df["area"], df["themes"]
        )
    ]


@emits("support-file")
def read_polygons(result: LoadResult):
    """The area polygons of the loaded data folder, or None when it has none or they cannot be read; in that
    case a support-file Problem is added to ``result.problems`` (the app's banner shows it)."""
    try:
        return load_polygons(result.data_dir, result.areas) if len(result.areas) else None
    except ValueError as e:
        result.problems.append(
            problem(
                str(Path(result.data_dir) / POLYGONS_FILE),
                1,
                "",
                "support-file",
                "other",
                detail=one_line(e, Path(result.data_dir)),  # as under data/: no server paths
            )
        )
        return None


def _areas_by_polygon(
    df: pd.DataFrame, lons: list[float], lats: list[float], by_point: list[bool], result: LoadResult
) -> None:
    """Set ``area`` (the polygon each point is in, all points at once), then ``region`` and ``health_board``.

    Records placed at an area's centre (``by_point`` False) keep that area (or none, for all of Wales). Without
    areas.geojson in the data folder, or if it cannot be read (a Problem says so), the geocoder's
    nearest-settlement area stays.
    """
    polys = read_polygons(result)
    if polys is not None and len(df):
        found = area_ids(polys, lons, lats, result.gazetteer)
        df["area"] = np.where(np.asarray(by_point, dtype=bool), found, df["area"].to_numpy())
    known = result.areas.areas
    df["region"] = [known[a].region if a in known else "" for a in df["area"]]
    df["health_board"] = [known[a].health_board if a in known else "" for a in df["area"]]


def _forget_parse_details(result: LoadResult) -> None:
    """Drop what only the checks needed: each file's raw values and field lines (about half of a loaded
    record's memory). The catalogue keeps each record's path; the form checks a new record with its own."""
    for rid, item in result.records.items():
        result.records[rid] = replace(item, parsed=Parsed(item.parsed.path, bad=item.parsed.bad))


def load_catalogue(
    data_dir: Path | None = None, today: dt.date | None = None, snapshots: Path | None = None
) -> Catalogue:
    """Every record of `data_dir`, checked, placed and in a frame, with the edges between them.

    snapshots: a folder where the loaded catalogue is kept between runs (assetmap.snapshot; the app's): the
    next load of unchanged files, code and date reads it back instead of loading every file again."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    today = today or dt.date.today()
    wanted = snapshot.key(data_dir, today) if snapshots else ""
    state = snapshot.read(snapshots, data_dir, wanted) if snapshots else None
    if state is None:
        result = load(data_dir, today=today, where=True)
        _forget_parse_details(result)
        with paused_gc():
            all_edges = edges(result.records)
            state = (build_frame(result, today), result, all_edges, neighbours(all_edges))
        if snapshots:
            snapshot.write(snapshots, data_dir, wanted, state)
    frame, result, all_edges, near = state
    return Catalogue(frame, result, all_edges, near, version=data_stamp(Path(result.data_dir)))
