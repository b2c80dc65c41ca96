"""Synthetic but valid records at any scale, for benchmarks and scale tests.

Copies the real vocabularies, areas and gazetteer, then writes N records that pass every check
(`check_dataset` proves it: a benchmark that silently loads fewer records measures nothing).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from assetmap.geo.areas import load_areas
from assetmap.records.vocab import load_vocabularies

SUPPORT = ("vocab", "areas.yaml", "gazetteer.csv", "postcode_districts.csv")
# share of each kind, roughly as in the real data
MIX = (("organisations", 0.3), ("projects", 0.35), ("partnerships", 0.15), ("skills", 0.12), ("people", 0.08))


def make_dataset(target: Path, n: int, source: Path = Path("data"), seed: int = 7) -> Path:
    rnd = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for name in SUPPORT:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name, dirs_exist_ok=True)
        elif src.exists():
            shutil.copy(src, target / name)
    vocab, _ = load_vocabularies(source)
    areas = list(load_areas(source).areas.values())
    themes = list(vocab.terms["themes"])
    sectors = list(vocab.terms["sectors"])
    streams = list(vocab.terms["work_streams"])
    formats = list(vocab.terms["formats"])
    orgs: list[str] = []
    counts = {kind: max(1, int(n * share)) for kind, share in MIX}
    counts["organisations"] += n - sum(counts.values())
    people: list[str] = []
    for kind, _share in MIX:
        (target / kind).mkdir(exist_ok=True)
        for i in range(counts[kind]):
            rid = f"{kind[:-1]}-{i}"
            area = rnd.choice(areas)
            lat = area.lat + rnd.uniform(-0.08, 0.08)
            lon = area.lon + rnd.uniform(-0.08, 0.08)
            loc = (
                f"location:\n  place: {area.en}\n"
                if kind == "people"
                else f"location:\n  lat: {lat:.5f}\n  lon: {lon:.5f}\n"
            )
            # people appear in a public role only: no personal web pages
            links = "" if kind == "people" else f"links: [https://example.org/{rid}]\n"
            body = f"""id: {rid}
name: Synthetic {kind[:-1]} {i} in {area.en}
summary: >-
  A made-up {kind[:-1]} for measuring the asset map at scale. It works with neighbours
  and services in {area.en} on {rnd.choice(themes)}.
themes: [{", ".join(rnd.sample(themes, rnd.randint(1, 3)))}]
sectors: [{rnd.choice(sectors)}]
work_streams: [{rnd.choice(streams)}]
{loc}areas_served: [{area.id}]
status: {rnd.choice(["active", "active", "ended", "planned"])}
started: {rnd.randint(2010, 2024)}
{links}sources:
  - title: Synthetic benchmark record
    url: https://example.org/source/{rid}
    date: 2025-0{rnd.randint(1, 9)}
"""
            if kind == "organisations":
                orgs.append(rid)
            elif kind == "projects":
                body += f"lead: {rnd.choice(orgs)}\npartners: [{', '.join(rnd.sample(orgs, min(2, len(orgs))))}]\n"
            elif kind == "partnerships":
                body += f"members: [{', '.join(rnd.sample(orgs, min(3, len(orgs))))}]\npurpose: Working together.\n"
            elif kind == "skills":
                body += f"offered_by: [{rnd.choice(orgs + people)}]\nformat: [{rnd.choice(formats)}]\n"
            elif kind == "people":
                people.append(rid)
                body += (
                    f"role: Co-ordinator\norganisation: {rnd.choice(orgs)}\noffers: [{rnd.choice(formats)}]\n"
                    "consent:\n  basis: self-submitted\n  date: 2025-01-01\n  note: Synthetic.\n"
                )
            (target / kind / f"{rid}.yaml").write_text(body, encoding="utf-8")
    return target


def check_dataset(target: Path, n: int) -> None:
    """Fail loudly unless all n synthetic records load without a problem."""
    from assetmap.load import load

    result = load(target)
    ok = sum(item.ok for item in result.records.values())
    if result.problems or ok != n:
        first = result.problems[0] if result.problems else None
        raise SystemExit(f"synthetic data: {ok} of {n} records load; first problem: {first}")
