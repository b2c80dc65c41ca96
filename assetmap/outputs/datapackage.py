"""The catalogue as a Frictionless Data Package: one CSV per kind, one of areas, and ``datapackage.json``.

The CSVs are the same rows and columns as the CSV export (:mod:`assetmap.outputs.export`), split by
kind; the descriptor gives each column a type, the primary key, the link from ``area`` to
``areas.csv``, the licences and the sources. Check it with ``frictionless validate datapackage.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the CLI parser imports this module through EXPORTERS
    from assetmap.catalogue import Catalogue
from assetmap.outputs.export import EXPORT_COLUMNS, csv_text, export_rows
from assetmap.records.schema import KINDS, SINGULAR

LICENCES = [
    # place names and coordinates are derived from GeoNames (data/ATTRIBUTION.md)
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
]
SOURCES = [
    {
        "title": "Co-production Network for Wales and Co-production Wales newsletters and blogs (2013-2017), "
        "summarised in our own words; each record cites its own source"
    },
    {"title": "GeoNames", "path": "https://www.geonames.org/"},
]
CONTRIBUTORS = [
    {"title": "assetmap contributors", "role": "author", "path": "https://github.com/coproduction-wales/assetmap"}
]
_TYPES = {"confirmed": "date"}  # every other export column is text (years, months or dates; lists joined by "; ")
_DESCRIPTIONS = {
    "themes": "Theme ids, separated by '; '",
    "sectors": "Sector ids, separated by '; '",
    "work_streams": "Work stream ids, separated by '; '",
    "areas_served": "Principal area ids (or 'wales'), separated by '; '",
    "links": "Web addresses, separated by '; '",
}
AREA_COLUMNS = ("id", "code", "en", "cy", "region", "health_board", "partnership_board", "lat", "lon")


def _field(name: str) -> dict:
    kind = "number" if name in ("lon", "lat") else _TYPES.get(name, "string")
    field = {"name": name, "type": kind}
    if name in _DESCRIPTIONS:
        field["description"] = _DESCRIPTIONS[name]
    return field


def _resource(name: str, path: str, columns, key: str = "id", foreign: bool = True) -> dict:
    schema: dict = {"fields": [_field(c) for c in columns], "primaryKey": [key]}
    if foreign and "area" in columns:
        schema["foreignKeys"] = [{"fields": ["area"], "reference": {"resource": "areas", "fields": ["id"]}}]
    # utf-8-sig: the CSVs start with a byte-order mark (for spreadsheets); readers must skip it
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": schema,
    }


def write(cat: Catalogue, dest: Path) -> list[Path]:
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    frame = cat.frame
    cols = [c for c in EXPORT_COLUMNS if c in frame.columns] + ["lon", "lat"]
    resources, written = [], []
    for kind in KINDS:
        part = frame[frame["kind"] == SINGULAR[kind]]
        rows = ([*(props[c] for c in cols[:-2]), lon, lat] for props, lon, lat in export_rows(part))
        path = dest / f"{kind}.csv"
        path.write_text(csv_text(cols, rows), encoding="utf-8")
        resources.append(_resource(kind, path.name, cols))
        written.append(path)
    areas = dest / "areas.csv"
    areas.write_text(
        csv_text(AREA_COLUMNS, ([getattr(a, c) for c in AREA_COLUMNS] for a in cat.areas)), encoding="utf-8"
    )
    resources.append(_resource("areas", areas.name, AREA_COLUMNS, foreign=False))
    written.append(areas)
    descriptor = {
        "profile": "tabular-data-package",
        "name": "assetmap-wales",
        "title": "Asset map of co-production in Wales",
        "description": "Organisations, projects, people (public roles only), skills and partnerships of "
        "co-production in Wales, with the principal areas they are in.",
        "homepage": "https://github.com/coproduction-wales/assetmap",
        "licenses": LICENCES,
        "sources": SOURCES,
        "contributors": CONTRIBUTORS,
        "resources": resources,
    }
    meta = dest / "datapackage.json"
    meta.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return [*written, meta]
