"""Catalogue load vs a bare C-YAML parse + GeoDataFrame build of the same files, as a ratio.

    uv run python benchmarks/bench_load.py            # 5,000 records
    uv run python benchmarks/bench_load.py -n 50000

The aim (issue 3): ratio <= 2.0, and 50,000 records well under a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synthetic import check_dataset, make_dataset  # noqa: E402

from assetmap.catalogue import load_catalogue  # noqa: E402
from assetmap.load import load  # noqa: E402
from assetmap.records.schema import KINDS  # noqa: E402


def bare(data: Path):
    rows = []
    for kind in KINDS:
        for path in sorted((data / kind).glob("*.yaml")):
            d = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            loc = d.get("location") or {}
            rows.append(
                {
                    "id": d["id"],
                    "name": d["name"],
                    "themes": d["themes"],
                    "lat": loc.get("lat", 52.3),
                    "lon": loc.get("lon", -3.5),
                }
            )
    df = pd.DataFrame(rows)
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = make_dataset(Path(tmp) / "data", args.n)
        check_dataset(data, args.n)
        best_of(lambda: bare(data), 1)  # warm the page cache
        t_bare, frame_bare = best_of(lambda: bare(data), args.repeats)
        t_validate, result = best_of(lambda: load(data), args.repeats)
        t_full, cat = best_of(lambda: load_catalogue(data), args.repeats)
    frame = cat.frame
    assert not result.errors, result.errors[:3]
    print(f"records: {args.n:,}  (best of {args.repeats})")
    print(f"{'step':<40}{'seconds':>10}{'ratio':>8}")
    print(f"{'bare C-YAML parse + GeoDataFrame':<40}{t_bare:>10.2f}{1:>8.2f}")
    print(f"{'assetmap validate (parse+check)':<40}{t_validate:>10.2f}{t_validate / t_bare:>8.2f}")
    print(f"{'assetmap catalogue (+geocode+frame)':<40}{t_full:>10.2f}{t_full / t_bare:>8.2f}")
    print(f"rows: bare {len(frame_bare):,}, catalogue {len(frame):,}")


if __name__ == "__main__":
    main()
