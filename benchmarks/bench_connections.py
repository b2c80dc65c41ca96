"""Connections at scale: network, suggestions, gap table, skills finder and freshness on synthetic records.

    uv run python benchmarks/bench_connections.py              # 10,000 records
    uv run python benchmarks/bench_connections.py -n 50000 --no-git

The aim (issue 7): every view stays responsive at 10,000 records — each step under 0.5 s. "cold" steps
include building the per-catalogue index they share (done once per loaded catalogue, then cached on it).
One in ten organisations and projects is given a `needs:` line so the need-matching path is exercised.
With --git (default) the data folder is committed to a fresh git repository so `last_changed` reads history.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_load import best_of  # noqa: E402  (this folder is on sys.path when run as a script)
from synthetic import check_dataset, make_dataset  # noqa: E402

from assetmap.catalogue import load_catalogue  # noqa: E402
from assetmap.insights import freshness  # noqa: E402
from assetmap.insights.find_help import find_help  # noqa: E402
from assetmap.insights.gaps import gap_csv, gap_table, zero_cells  # noqa: E402
from assetmap.insights.index import CANDIDATE_KINDS, catalogue_index  # noqa: E402
from assetmap.insights.network import clusters, focus, isolated, network, to_dot  # noqa: E402
from assetmap.insights.suggest import suggest  # noqa: E402
from assetmap.records.vocab import load_vocabularies  # noqa: E402

AIM_S = 0.5
REPEATS = 3


def add_needs(data: Path, share: float = 0.1, seed: int = 11) -> int:
    rnd = random.Random(seed)
    vocab, _ = load_vocabularies(data)
    themes = list(vocab.terms["themes"])
    n = 0
    for kind in ("organisations", "projects"):
        for path in sorted((data / kind).glob("*.yaml")):
            if rnd.random() < share:
                with path.open("a", encoding="utf-8") as f:
                    f.write(f"needs: [{rnd.choice(themes)}]\n")
                n += 1
    return n


def commit_all(data: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2024-01-15T12:00:00",
        "GIT_COMMITTER_DATE": "2024-01-15T12:00:00",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "synthetic"]):
        subprocess.run(["git", *args], cwd=data, env=env, check=True, capture_output=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--no-git", action="store_true", help="skip committing the data (freshness falls back)")
    args = ap.parse_args()
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = make_dataset(Path(tmp) / "data", args.n)
        check_dataset(data, args.n)
        with_needs = add_needs(data)
        if not args.no_git:
            t = time.perf_counter()
            commit_all(data)
            print(f"(git init + commit of {args.n} files: {time.perf_counter() - t:.1f} s, not part of the aim)")
        t = time.perf_counter()
        cat = load_catalogue(data)
        print(
            f"(load_catalogue: {time.perf_counter() - t:.1f} s, {len(cat.frame)} records on the map, "
            f"{with_needs} with needs; not part of the aim)"
        )

        frame = cat.frame
        some = frame[frame["kind"].isin(CANDIDATE_KINDS)]
        needy = some[some["needs"].map(len) > 0].index[0]
        plain = some[some["needs"].map(len) == 0].index[0]

        s, _ = best_of(lambda: suggest(cat, needy), 1)
        rows.append(("suggest, first call (builds the shared index)", s, needy))
        s, found = best_of(lambda: suggest(cat, needy), REPEATS)
        rows.append(("suggest, record with needs", s, f"{len(found)} suggestions"))
        s, found = best_of(lambda: suggest(cat, plain, lang="cy"), REPEATS)
        rows.append(("suggest, record without needs (Welsh reasons)", s, f"{len(found)} suggestions"))

        s, g = best_of(lambda: network(cat), REPEATS)
        rows.append(("network graph, all records", s, f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"))
        half = frame.index[::2]
        s, g2 = best_of(lambda: network(cat, half), REPEATS)
        rows.append(("network graph, a filtered half", s, f"{g2.number_of_nodes()} nodes"))
        s, groups = best_of(lambda: (clusters(g), isolated(g)), REPEATS)
        rows.append(("connected groups + isolated", s, f"{len(groups[0])} groups, {len(groups[1])} isolated"))
        s, dot = best_of(lambda: to_dot(g, focus(g, groups[0][0], None, 150)), REPEATS)
        rows.append(("drawing: focus + DOT of 150 nodes", s, f"{len(dot) // 1024} KiB DOT"))

        s, table = best_of(lambda: gap_table(cat), REPEATS)
        rows.append(("gap table, all themes × 22 areas", s, f"{zero_cells(table)} zero cells"))
        s, _ = best_of(lambda: gap_csv(table), REPEATS)
        rows.append(("gap table as CSV", s, ""))

        catalogue_index(cat).extra.pop("offers", None)
        s, _ = best_of(lambda: find_help(cat, near="Newtown", radius_km=30), 1)
        rows.append(("find help, first call (builds offers)", s, ""))
        theme = next(iter(cat.vocab.terms["themes"]))
        s, offers = best_of(lambda: find_help(cat, themes=[theme], near="Newtown", radius_km=30), REPEATS)
        rows.append(("find help: one theme within 30 km of Newtown", s, f"{len(offers)} offers"))
        s, offers = best_of(lambda: find_help(cat, area="powys"), REPEATS)
        rows.append(("find help: anything in Powys", s, f"{len(offers)} offers"))

        cat.__dict__.pop("_last_changed", None)
        s, dates = best_of(lambda: (cat.__dict__.pop("_last_changed", None), freshness.last_changed(cat))[1], REPEATS)
        rows.append(
            ("last_changed (one git log)" if not args.no_git else "last_changed (no git)", s, f"{len(dates)} dates")
        )
        s, old = best_of(lambda: freshness.stale(cat, dt.date(2026, 6, 1)), REPEATS)
        rows.append(("stale listing", s, f"{len(old)} stale"))

    width = max(len(r[0]) for r in rows)
    print(f"\n{'step':<{width}}  {'seconds':>8}  aim<{AIM_S}s  note")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 8}  ----")
    slow = 0
    for name, secs, note in rows:
        ok = secs < AIM_S
        slow += not ok
        print(f"{name:<{width}}  {secs:8.3f}  {'ok' if ok else 'SLOW':>8}  {note}")
    print(f"\n{args.n} records: {len(rows) - slow} of {len(rows)} steps under {AIM_S} s")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
