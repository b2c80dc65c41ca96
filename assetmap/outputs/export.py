"""The catalogue frame as GeoJSON or CSV: the same columns in both, lists joined for CSV."""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd

EXPORT_COLUMNS = (
    "id", "kind", "name", "name_cy", "summary", "summary_cy", "themes", "sectors", "work_streams",
    "place", "area", "region", "health_board", "areas_served", "status", "reported_status", "reported_date",
    "as_of", "confirmed", "started", "ended", "links", "geocode",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _rows(frame: gpd.GeoDataFrame):
    cols = [c for c in EXPORT_COLUMNS if c in frame.columns]
    for values, point in zip(frame[cols].itertuples(index=False, name=None), frame.geometry):
        yield dict(zip(cols, values)), round(point.x, 5), round(point.y, 5)


def to_geojson(frame: gpd.GeoDataFrame) -> str:
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
        for props, lon, lat in _rows(frame)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _cell(value) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    # a cell starting like a formula would run in a spreadsheet (CSV injection): make it plain text
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(frame: gpd.GeoDataFrame) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = [c for c in EXPORT_COLUMNS if c in frame.columns]
    writer.writerow([*cols, "lon", "lat"])
    for props, lon, lat in _rows(frame):
        writer.writerow([*(_cell(props[c]) for c in cols), lon, lat])
    return buf.getvalue()
