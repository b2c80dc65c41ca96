"""Who is linked to whom: the edges between records, read from their reference fields.

One list of edges serves the detail panel ("related records"), the partnership network and the
partnership suggestions, so every view agrees on what "linked" means.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from assetmap.records.checks import Loaded
from assetmap.records.schema import MODELS


@dataclass(frozen=True)
class Edge:
    source: str  # the record that names the other
    target: str
    relation: str  # the reference field that names it (a key of the kind's model.references)


def edges(records: dict[str, Loaded]) -> list[Edge]:
    """Edges for references that resolve; dangling ones are the checks' business, not ours."""
    out = []
    for rid, item in records.items():
        rec = item.record
        for relation in MODELS[item.kind].references:
            value = getattr(rec, relation, None)
            if value is None:
                continue
            for target in [value] if isinstance(value, str) else value:
                if target in records and target != rid:
                    out.append(Edge(rid, target, relation))
    return out


def neighbours(all_edges: list[Edge]) -> dict[str, list[tuple[str, str, bool]]]:
    """id -> [(other id, relation, outgoing)], both directions, in a stable order."""
    out: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for e in all_edges:
        out[e.source].append((e.target, e.relation, True))
        out[e.target].append((e.source, e.relation, False))
    return dict(out)
