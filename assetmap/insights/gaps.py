"""Gaps: what is missing where — theme × principal-area counts of initiatives not known to have ended.

``gap_table(cat, frame=None, kinds=GAP_KINDS, statuses=GAP_STATUSES, themes=None) -> pandas.DataFrame``
    Theme × principal-area counts of initiatives, plus a separate ``wales`` column. ``gap_csv(table, labels)``
    writes it, ``zero_cells(table)`` counts the empty theme–area cells, ``gap_spec(spec)`` is the sidebar
    filter as the gap view applies it (no place or status filters).

Gaps: what is counted
---------------------
Initiatives = records of the kinds in :data:`GAP_KINDS` (projects, organisations, partnerships, skills —
people are not counted) not known to have ended (:data:`GAP_STATUSES`: most records are `unknown` until
someone confirms them, and an unconfirmed initiative still shows where work has been done). A record counts once per theme in each principal area it is
located in or serves; a record that serves all of Wales (``wales`` in ``areas_served``) counts only in the
separate ``wales`` column, so national bodies do not hide local gaps.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import replace

import numpy as np
import pandas as pd

from assetmap.catalogue import Catalogue
from assetmap.labels import Labels

GAP_KINDS = ("project", "organisation", "partnership", "skill")
GAP_STATUSES = ("active", "planned", "prospective", "unknown")


def gap_spec(spec):
    """The sidebar's FilterSpec as the gap view uses it: themes, kinds, sectors, work-streams and the search
    words apply; places and statuses do not (a gap table is about every area, and counts what has not ended)."""
    return replace(spec, areas=(), regions=(), health_boards=(), near="", statuses=())


def gap_table(cat: Catalogue, frame=None, kinds=GAP_KINDS, statuses=GAP_STATUSES, themes=None) -> pd.DataFrame:
    """Counts of initiatives per theme (rows, vocabulary order) and principal area (columns, areas.yaml
    order), plus a ``wales`` column for records serving all of Wales (counted there only)."""
    frame = cat.frame if frame is None else frame
    area_ids = list(cat.areas.areas)
    theme_ids = list(themes) if themes is not None else list(cat.vocab.terms.get("themes", {}))
    counts: Counter = Counter()
    sub = frame[frame["kind"].isin(kinds) & frame["status"].isin(statuses)]
    for rec_themes, area, served in zip(sub["themes"], sub["area"], sub["areas_served"]):
        places: set[str]
        if "wales" in served:
            places = {"wales"}
        else:
            places = set(served)
            if area:
                places.add(area)
        for theme in rec_themes:
            for place in places:
                counts[theme, place] += 1
    columns = [*area_ids, "wales"]
    data = np.zeros((len(theme_ids), len(columns)), dtype=int)
    col = {c: j for j, c in enumerate(columns)}
    row = {r: i for i, r in enumerate(theme_ids)}
    for (theme, place), n in counts.items():
        if theme in row and place in col:
            data[row[theme], col[place]] = n
    return pd.DataFrame(data, index=pd.Index(theme_ids, name="theme"), columns=columns)


def zero_cells(table: pd.DataFrame) -> int:
    """Theme × area cells with nothing (the ``wales`` column is not an area, so it is left out)."""
    return int((table.drop(columns="wales") == 0).to_numpy().sum())


def gap_csv(table: pd.DataFrame, labels: Labels | None = None) -> str:
    """CSV: ``theme`` (id), ``theme_name`` (label, if ``labels``), one column per area id, ``wales``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["theme", *(["theme_name"] if labels else []), *table.columns])
    for theme, values in zip(table.index, table.to_numpy().tolist()):
        writer.writerow([theme, *([labels("themes", theme)] if labels else []), *values])
    return buf.getvalue()
