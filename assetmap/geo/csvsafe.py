"""Shared data files in CSV (the gazetteer, the postcode districts) read as hostile input, like records.

A pull request may change them, so they are read through records.yamlsafe's guarded ``read_bytes`` (no links,
regular files only, a size limit), must be UTF-8, must have their columns, and every number must parse; the
first fault is raised as a ``support-file`` Problem with its line, never a traceback.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from assetmap.records.problems import Problem, Say, emits, problem
from assetmap.records.yamlsafe import Refused, read_bytes

MAX_CSV_BYTES = 5_000_000  # gazetteer.csv is ~70 KB; room for places_extra.csv's villages, none for a runaway


class SupportFileError(ValueError):
    """A shared CSV file cannot be used; ``problem`` says why (a ``support-file`` Problem with its line)."""

    def __init__(self, found: Problem):
        super().__init__(found.message)
        self.problem = found


@emits("support-file")
def broken(path: Path, line: int, variant: str, **params) -> SupportFileError:
    return SupportFileError(problem(str(path), line, "", "support-file", variant, **params))


def number(row: dict, column: str, path: Path, line: int, kind: type) -> Any:
    try:
        return kind(row[column])
    except (TypeError, ValueError):
        raise broken(path, line, "csv-value", column=column, value=repr(str(row[column])[:30])) from None


def read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    """(line, row) of a CSV file read as hostile input: guarded read, UTF-8, the ``columns`` present."""
    try:
        raw = read_bytes(path, MAX_CSV_BYTES)
    except Refused as e:
        said = problem(str(path), 1, "", e.code, e.variant, **e.params)
        raise broken(path, 1, "unreadable", what=Say(said.key, said.params)) from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        said = problem(str(path), 1, "", "not-utf8", byte=f"0x{raw[e.start]:02x}")
        raise broken(path, raw.count(b"\n", 0, e.start) + 1, "unreadable", what=Say(said.key, said.params)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise broken(path, 1, "columns", columns=", ".join(columns), missing=", ".join(missing))
        return [(reader.line_num, row) for row in reader if _complete(row, columns, path, reader.line_num)]
    except csv.Error as e:
        raise broken(path, reader.line_num, "csv-syntax", detail=str(e)[:100]) from None


def _complete(row: dict, columns: tuple[str, ...], path: Path, line: int) -> bool:
    """A row with a cell for every column (a short row would leave None where text is expected)."""
    short = [c for c in columns if row.get(c) is None]
    if short:
        raise broken(path, line, "columns", columns=", ".join(columns), missing=", ".join(short))
    return True


def valid_lat_lon(lat: float, lon: float) -> bool:
    """A finite latitude and longitude in range (NaN and infinity are not places)."""
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
