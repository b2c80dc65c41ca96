"""The catalogue frame as GeoJSON or CSV: the same columns in both, lists joined for CSV.

Every CSV the project writes goes through :func:`csv_text` (UTF-8 with a byte-order mark, so
Excel opens Welsh letters correctly, and :func:`safe_cell` on every text cell).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: importing this module stays light (CLI parser)
    import geopandas as gpd

EXPORT_COLUMNS = (
    "id",
    "kind",
    "name",
    "name_cy",
    "summary",
    "summary_cy",
    "themes",
    "sectors",
    "work_streams",
    "place",
    "area",
    "region",
    "health_board",
    "areas_served",
    "status",
    "reported_status",
    "reported_date",
    "as_of",
    "confirmed",
    "started",
    "ended",
    "links",
    "geocode",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def export_rows(frame: gpd.GeoDataFrame):
    """(properties of EXPORT_COLUMNS, lon, lat) per row, coordinates rounded to 5 places (~1 m)."""
    cols = [c for c in EXPORT_COLUMNS if c in frame.columns]
    for values, point in zip(frame[cols].itertuples(index=False, name=None), frame.geometry):
        yield dict(zip(cols, values)), round(point.x, 5), round(point.y, 5)


def to_geojson(frame: gpd.GeoDataFrame) -> str:
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
        for props, lon, lat in export_rows(frame)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def safe_cell(value):
    """A CSV cell: lists joined with "; ", text that starts like a formula made plain text.

    Numbers and None pass through untouched (a negative longitude is data, not a formula).
    """
    if value is None or isinstance(value, (bool, int, float)):
        return "" if value is None else value
    text = "; ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    # a cell starting like a formula would run in a spreadsheet (CSV injection): make it plain text
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    """UTF-8 CSV text with a BOM; every cell through :func:`safe_cell`."""
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(header))
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def to_csv(frame: gpd.GeoDataFrame) -> str:
    cols = [c for c in EXPORT_COLUMNS if c in frame.columns]
    return csv_text(
        [*cols, "lon", "lat"], ([*(props[c] for c in cols), lon, lat] for props, lon, lat in export_rows(frame))
    )
