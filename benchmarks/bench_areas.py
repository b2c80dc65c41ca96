"""Areas by point-in-polygon against the old nearest-settlement look-up, for many points at once.

    uv run python benchmarks/bench_areas.py            # 50,000 points
    uv run python benchmarks/bench_areas.py -n 10000

Points are gazetteer places (Wales and the English border) moved up to ~5 km in a random direction, plus one
in fifty out at sea, so the in-polygon test, the coastal fallback and the English side are all exercised.
Prints both times, the ratio (aim, issue 12: point-in-polygon ≤ 1.5× the nearest-settlement look-up) and how
many points the two methods put in different areas (the old method is wrong near boundaries).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_load import best_of  # noqa: E402  (this folder is on sys.path when run as a script)

from assetmap.geo.areas import load_areas  # noqa: E402
from assetmap.geo.gazetteer import Gazetteer  # noqa: E402
from assetmap.geo.polygons import _cache, area_ids, load_polygons  # noqa: E402

AIM = 1.5
REPEATS = 3


def points(gaz: Gazetteer, n: int, seed: int = 12) -> tuple[list[float], list[float]]:
    rnd = random.Random(seed)
    places = [e.place for e in gaz._entries if e.place.kind == "place"]
    lons, lats = [], []
    for i in range(n):
        if i % 50 == 0:  # Cardigan Bay / Bristol Channel
            lons.append(rnd.uniform(-5.0, -4.3))
            lats.append(rnd.uniform(51.2, 52.3))
            continue
        p = rnd.choice(places)
        lons.append(p.lon + rnd.uniform(-0.07, 0.07))
        lats.append(p.lat + rnd.uniform(-0.045, 0.045))
    return lons, lats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=50_000)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    args = ap.parse_args()
    gaz, areas = Gazetteer.load(args.data), load_areas(args.data)
    lons, lats = points(gaz, args.n)

    def cold():  # read and check areas.geojson, build the STRtree, then assign
        _cache.clear()
        return area_ids(load_polygons(args.data, areas), lons, lats, gaz)

    polys = load_polygons(args.data, areas)
    area_ids(polys, lons[:10], lats[:10], gaz)  # warm: tree and projected polygons built
    t_cold, _ = best_of(cold, REPEATS)
    t_pip, by_polygon = best_of(lambda: area_ids(load_polygons(args.data, areas), lons, lats, gaz), REPEATS)
    gaz.nearest_area(lats[0], lons[0])  # warm: the grid of settlements is built
    t_near, by_place = best_of(lambda: [gaz.nearest_area(y, x) for x, y in zip(lons, lats)], REPEATS)
    differ = sum(a != b for a, b in zip(by_polygon, by_place))
    print(f"{args.n:,} points")
    print(f"  nearest settlement (Gazetteer.nearest_area, one by one)  {t_near:7.3f} s")
    print(
        f"  point-in-polygon (area_ids, all at once)                 {t_pip:7.3f} s   "
        f"(cold, incl. reading areas.geojson: {t_cold:.3f} s)"
    )
    ratio = t_pip / t_near
    print(
        f"  ratio point-in-polygon / nearest settlement: {ratio:.2f}x (aim <= {AIM}x) "
        f"{'OK' if ratio <= AIM else 'SLOWER THAN AIM'}"
    )
    print(f"  points given a different area by the two methods: {differ:,} ({differ / args.n:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
