"""Load everything once: checked records -> geocoded GeoDataFrame (EPSG:4326), plus the edges between records.

This is the only place that builds the frame; the app, exports and connections all start from a Catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from assetmap.text import fold
from assetmap.geo.geocode import Geocoder
from assetmap.load import LoadResult, load, paused_gc
from assetmap.relations import Edge, edges, neighbours
from assetmap.records.honesty import as_of, is_current, shown_status
from assetmap.records.schema import SINGULAR

LIST_COLUMNS = ("themes", "sectors", "work_streams", "areas_served", "links", "needs")
COLUMNS = (
    "id", "kind", "name", "name_cy", "summary", "summary_cy", "place", "area", "region", "health_board",
    "status", "reported_status", "reported_date", "as_of", "current", "confirmed", "started", "ended",
    *LIST_COLUMNS, "geocode", "path",
)


@dataclass
class Catalogue:
    frame: gpd.GeoDataFrame
    result: LoadResult
    edges: list[Edge]
    neighbours: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)
    # what later steps derive from this catalogue once (connections index, git dates), by name
    derived: dict[str, object] = field(default_factory=dict)

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


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def build_frame(result: LoadResult, today: dt.date | None = None) -> gpd.GeoDataFrame:
    """One row per record that passed its checks and could be placed.

    `status` is the status the map may show (a stale claim becomes 'unknown', see records.honesty);
    `reported_status`/`reported_date` keep what a source said, `as_of` is the date of the latest source
    or confirmation and `current` whether that is recent enough to vouch for the record.
    """
    today = today or dt.date.today()
    geocoder = Geocoder(result.records, result.gazetteer, result.areas)
    cols: dict[str, list] = {c: [] for c in COLUMNS}
    lats: list[float] = []
    lons: list[float] = []
    for rid, item in result.records.items():
        if not item.ok:
            continue
        where = geocoder.locate(rid)
        if where is None:
            continue
        rec = item.record
        area = result.areas.areas.get(where.area)
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
            "region": area.region if area else "",
            "health_board": area.health_board if area else "",
            "status": shown_status(rec, today),
            "reported_status": reported.status if reported else "",
            "reported_date": _text(reported.date if reported else None),
            "as_of": _text(when),
            "current": is_current(rec, today),
            "confirmed": _text(rec.confirmed.date if rec.confirmed else None),
            "started": _text(rec.started),
            "ended": _text(rec.ended),
            "themes": list(rec.themes),
            "sectors": list(rec.sectors),
            "work_streams": list(rec.work_streams),
            "areas_served": list(rec.areas_served),
            "links": list(rec.links),
            "needs": list(rec.needs),
            "geocode": where.how,
            "path": item.parsed.path,
        }
        for c in COLUMNS:
            cols[c].append(row[c])
        lats.append(where.lat)
        lons.append(where.lon)
    df = pd.DataFrame(cols, index=pd.Index(cols["id"], name=None))
    df["search_text"] = [fold(" ".join(parts)) for parts in zip(df["name"], df["name_cy"], df["summary"], df["summary_cy"], df["place"])]
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")


def load_catalogue(data_dir: Path | None = None, today: dt.date | None = None) -> Catalogue:
    result = load(data_dir, today=today)
    with paused_gc():
        all_edges = edges(result.records)
        return Catalogue(build_frame(result, today), result, all_edges, neighbours(all_edges))
