"""Duplicate detection against many existing records: build the index once, then check new records.

    uv run python benchmarks/bench_duplicates.py           # 50,000 existing records
    uv run python benchmarks/bench_duplicates.py -n 10000

Prints the time to build the index, to check 21 new records (validate on a pull request) and one (the app's
form), each as a ratio to folding every existing name once (the least any name comparison must do).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assetmap.records.checks import Loaded  # noqa: E402
from assetmap.records.duplicates import DuplicateIndex, fold_name, possible_duplicates  # noqa: E402
from assetmap.records.schema import MODELS  # noqa: E402
from assetmap.records.yamlsafe import Parsed  # noqa: E402

WORDS = (
    "Cwm Taf Swansea Time Carers Hub Network Cymru Youth Forum Mind Community Trust Cardiff Gwent Powys Arts "
    "Health Garden Repair Cafe"
).split()


def synthetic_names(n: int) -> list[str]:
    """n distinct organisation-like names made of three common words and a number."""
    w = len(WORDS)
    return [f"{WORDS[i % w]} {WORDS[(i // w) % w]} {WORDS[(i // w**2) % w]} {i}" for i in range(n)]


def organisation(rid: str, name: str, link: str | None = None) -> Loaded:
    data = {
        "id": rid,
        "name": name,
        "summary": "A summary.",
        "themes": ["time-banking"],
        "status": "active",
        "links": [link] if link else [],
        "sources": [{"title": "t", "url": "https://example.org/", "date": "2026-01"}],
    }
    rec = MODELS["organisations"].model_validate(data)
    return Loaded(
        "organisations", rec, Parsed(f"data/organisations/{rid}.yaml", data, {"": 1, "name": 2, "links[0]": 3})
    )


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=50_000)
    n = ap.parse_args().n
    names = synthetic_names(n)
    existing = {f"r-{i}": organisation(f"r-{i}", name, f"https://example.org/{i}") for i, name in enumerate(names)}
    new = [organisation(f"new-{i}", f"Swansea Community Garden {i}") for i in range(20)]
    new.append(organisation("copy", "Different", "https://EXAMPLE.org/123/"))
    floor = timed(lambda: [fold_name(x) for x in names])
    index: list[DuplicateIndex] = []
    build = timed(lambda: index.append(DuplicateIndex(existing)))
    many = timed(lambda: possible_duplicates(new, existing, index[0]))
    one = timed(lambda: possible_duplicates(new[:1], existing, index[0]))
    print(f"{n} existing records; folding every name once: {floor:.3f} s")
    for label, t in (("build the index", build), ("check 21 new records", many), ("check 1 (the form)", one)):
        print(f"  {label:22} {t:7.3f} s  = {t / floor:6.2f}x the floor")


if __name__ == "__main__":
    main()
