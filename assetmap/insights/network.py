"""The partnership network: who already works with whom, as a graph, its groups, and a drawing in DOT.

``network(cat, ids=None) -> nx.Graph``
    Organisations, projects, people-in-roles and partnerships (nodes, with ``kind`` and ``name``) and the
    catalogue's edges between them (``relation`` on each edge), restricted to ``ids`` (e.g. the filtered
    frame's index). Skills are not nodes: they are offers, found with :func:`assetmap.insights.find_help.find_help`.
``clusters(g) -> list[list[str]]`` / ``isolated(g) -> list[str]``
    Connected groups of two or more records (largest first) and records with no link at all.
``focus(g, nodes, centre=None, limit=120) -> list[str]``, ``to_dot(g, nodes, name=None, centre=None, href=None)``
    The part of a group to draw (centre first, breadth first) and its Graphviz DOT, every label escaped.
``linked(cat, rid) -> set[str]``
    Records already working with ``rid`` (what :func:`assetmap.insights.suggest.suggest` leaves out).
"""

from __future__ import annotations

import textwrap

import networkx as nx
import pandas as pd

from assetmap.catalogue import Catalogue

NETWORK_KINDS = ("organisation", "project", "person", "partnership")


def network(cat: Catalogue, ids=None) -> nx.Graph:
    """Graph of organisations, projects, people-in-roles and partnerships on the map (or among ``ids``).

    Nodes carry ``kind`` (singular) and ``name``; edges carry ``relation`` (lead, partners, members,
    projects, organisation). Edges come from ``cat.edges`` only, so the network agrees with the detail panel.
    """
    frame = cat.frame
    keep = frame.index if ids is None else frame.index.intersection(pd.Index(list(ids)))
    sub = frame.loc[keep, ["kind", "name"]]
    sub = sub[sub["kind"].isin(NETWORK_KINDS)]
    g = nx.Graph()
    g.add_nodes_from(
        (rid, {"kind": kind, "name": name}) for rid, kind, name in zip(sub.index, sub["kind"], sub["name"])
    )
    g.add_edges_from(
        (e.source, e.target, {"relation": e.relation}) for e in cat.edges if e.source in g and e.target in g
    )
    return g


def clusters(g: nx.Graph) -> list[list[str]]:
    """Connected groups of at least two records, largest first; members sorted by id."""
    groups = [sorted(c) for c in nx.connected_components(g) if len(c) > 1]
    groups.sort(key=lambda c: (-len(c), c[0]))
    return groups


def isolated(g: nx.Graph) -> list[str]:
    """Records with no link to any other record in the graph, by id."""
    return sorted(n for n, d in g.degree() if d == 0)


def linked(cat: Catalogue, rid: str) -> set[str]:
    """Records already working with ``rid``: direct edges, plus anyone reached through a shared partnership
    or project (co-members, co-partners, the members of a partnership that runs the project)."""
    kinds = {r: item.kind for r, item in ((o, cat.records.get(o)) for o, _, _ in cat.neighbours.get(rid, ())) if item}
    out = set(kinds)
    for other, kind in kinds.items():
        if kind in ("partnerships", "projects"):
            out.update(o for o, _, _ in cat.neighbours.get(other, ()))
    out.discard(rid)
    return out


def focus(g: nx.Graph, nodes, centre: str | None = None, limit: int = 120) -> list[str]:
    """Up to ``limit`` of ``nodes`` (one connected group) to draw, centre first then breadth first (best
    connected neighbours first). The centre is ``centre`` if it is in the group, else its best-connected
    member."""
    nodes = list(nodes)
    if not nodes:
        return []
    start = centre if centre is not None and centre in g and centre in set(nodes) else None
    if start is None:
        start = max(nodes, key=lambda n: (g.degree(n), n))
    order: list[str] = [start]
    if limit > 1:
        for _, child in nx.bfs_edges(g, start, sort_neighbors=lambda ns: sorted(ns, key=lambda n: (-g.degree(n), n))):
            order.append(child)
            if len(order) >= limit:
                break
    return order


# DOT shapes and colours per kind (Okabe-Ito, as on the map), and line styles per relation
DOT_KINDS = {
    "organisation": ("ellipse", "#0072B2", "white"),
    "project": ("box", "#E69F00", "black"),
    "person": ("house", "#CC79A7", "black"),
    "partnership": ("hexagon", "#D55E00", "black"),
}
DOT_RELATIONS = {
    "lead": "solid",
    "members": "solid",
    "projects": "solid",
    "partners": "dashed",
    "organisation": "dotted",
}


def dot_text(text: str, limit: int = 40) -> str:
    """A string made safe inside a double-quoted DOT attribute (no escape sequences, no HTML labels)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("\\", "\\\\").replace('"', '\\"')


def dot_label(text: str, width: int = 16, lines: int = 2) -> str:
    """A node label wrapped onto at most ``lines`` lines of about ``width`` characters, each made safe with
    :func:`dot_text` and joined with DOT's line break escape (the only escape sequence we emit)."""
    parts = textwrap.wrap(" ".join(str(text).split()), width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\\n".join(dot_text(p, width + 1) for p in parts)


def to_dot(g: nx.Graph, nodes, name=None, centre: str | None = None, href=None) -> str:
    """Graphviz DOT of ``nodes`` and the edges among them, laid out left to right by distance from
    ``centre`` (default: the first node), which is drawn first and outlined: its partners in the next
    column, theirs in the one after. ``name(id)`` gives display names (default: the node's ``name``);
    ``href(id)`` an optional link per node. Record text only ever appears inside quoted, escaped attribute
    values (:func:`dot_text`)."""
    nodes = list(nodes)
    keep = set(nodes)
    sub = g.subgraph(keep)
    root = centre if centre in keep else (nodes[0] if nodes else None)
    depth = nx.single_source_shortest_path_length(sub, root) if root is not None else {}
    far = max(depth.values(), default=0) + 1
    lines = [
        "graph network {",
        "  rankdir=LR; ranksep=0.35; nodesep=0.1; outputorder=edgesfirst;",
        '  node [style=filled, fontname="sans-serif", fontsize=14, penwidth=1, color="#333333",'
        ' margin="0.08,0.03", height=0.3];',
        '  edge [color="#777777"];',
    ]
    for n in sorted(nodes, key=lambda n: (depth.get(n, far), -sub.degree(n), n)):
        kind = g.nodes[n].get("kind", "")
        shape, fill, font = DOT_KINDS.get(kind, ("ellipse", "#888888", "black"))
        text = name(n) if name else g.nodes[n].get("name", n)
        attrs = [
            f'label="{dot_label(text)}"',
            f'tooltip="{dot_text(text, 200)}"',
            f"shape={shape}",
            f'fillcolor="{fill}"',
            f'fontcolor="{font}"',
        ]
        if n == root:
            attrs += ["penwidth=4", 'color="#000000"']
        if href:
            attrs += [f'URL="{dot_text(href(n), 10_000)}"', 'target="_self"']  # a cut URL would lose filters
        lines.append(f'  "{dot_text(n, 100)}" [{", ".join(attrs)}];')
    for a, b, data in sub.edges(data=True):
        da, db = depth.get(a, far), depth.get(b, far)
        if db < da:
            a, b = b, a  # tail nearer the centre, so columns follow the distance from it
        extra = "" if da != db else ", constraint=false"
        style = DOT_RELATIONS.get(data.get("relation", ""), "solid")
        lines.append(f'  "{dot_text(a, 100)}" -- "{dot_text(b, 100)}" [style={style}{extra}];')
    lines.append("}")
    return "\n".join(lines)
