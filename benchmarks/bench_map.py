"""Map layer benchmark: assetmap.outputs.mapview vs a bare one-GeoJSON-layer Leaflet page, same points.

    uv run python benchmarks/bench_map.py                      # 1,000 / 10,000 / 50,000
    uv run python benchmarks/bench_map.py --sizes 1000,10000 --runs 2

For each size N (synthetic catalogue frame with the spec's columns; ~35% of records share one of
20 town centroids, as geocoded records do):
  build   Python: build_map(...) + render to HTML (min of 3), and the HTML size;
  markers headless Chromium, file://, offline: ms from navigation start to the first animation
          frame that contains a marker/cluster icon (ours) or the canvas with points (bare), min
          and median of --runs fresh contexts;
  ready   ms from navigation start to two animation frames after the later of the load event and
          the markers (the page has painted and responds).
Bare page = leaflet.js/css + ``L.geoJSON(frame[["id","name","geometry"]].to_json())`` as
CircleMarkers on a canvas (``preferCanvas``), no clustering/popups: the fastest plain rendering in
shared/perf-baseline.md. ratio = ours / bare (target ≤ 1.5 at 10,000).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import geopandas as gpd  # noqa: E402
from serving import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' browser set-up)
from shapely.geometry import Point  # noqa: E402

from assetmap.outputs import mapview, vendor  # noqa: E402

TOWNS = [
    ("Cardiff", -3.179, 51.482),
    ("Swansea", -3.944, 51.621),
    ("Newport", -2.998, 51.588),
    ("Wrexham", -2.992, 53.046),
    ("Bangor", -4.129, 53.228),
    ("Aberystwyth", -4.083, 52.415),
    ("Carmarthen", -4.306, 51.857),
    ("Newtown", -3.316, 52.513),
    ("Llandrindod Wells", -3.379, 52.242),
    ("Merthyr Tydfil", -3.378, 51.748),
    ("Bridgend", -3.577, 51.504),
    ("Pontypridd", -3.342, 51.602),
    ("Caerphilly", -3.218, 51.574),
    ("Haverfordwest", -4.969, 51.801),
    ("Llandudno", -3.828, 53.324),
    ("Rhyl", -3.491, 53.319),
    ("Mold", -3.142, 53.167),
    ("Brecon", -3.391, 51.947),
    ("Abergavenny", -3.017, 51.824),
    ("Llanelli", -4.162, 51.681),
]
WORDS = (
    "community co-production wellbeing volunteers health care people services local support "
    "network training time bank young older carers housing food growing arts learning"
).split()
KINDS = ("organisation",) * 4 + ("project",) * 3 + ("person", "skill", "partnership")

OBSERVER = """
(() => {
  const sel = %r;
  let loaded = false;
  window.__bench = {markers: null, ready: null};
  addEventListener("load", () => { loaded = true; });
  function tick() {
    if (__bench.markers === null && document.querySelector(sel)) __bench.markers = performance.now();
    if (__bench.markers !== null && loaded) {
      requestAnimationFrame(() => requestAnimationFrame(() => { __bench.ready = performance.now(); }));
      return;
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""
OURS_SELECTOR = ".marker-cluster, .am-m"
BARE_SELECTOR = ".leaflet-overlay-pane canvas"

BARE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="vendor/leaflet-1.9.3/leaflet.css"/>
<script src="vendor/leaflet-1.9.3/leaflet.js"></script>
<style>html,body,#map{{width:100%;height:100%;margin:0}}</style></head>
<body><div id="map"></div><script>
var map = L.map("map", {{preferCanvas: true, minZoom: 6, maxZoom: 18}}).setView([52.35, -3.75], 8);
var data = {data};
L.geoJSON(data, {{pointToLayer: function (f, ll) {{ return L.circleMarker(ll, {{radius: 4}}); }}}}).addTo(map);
</script></body></html>
"""


def make_frame(n: int, seed: int = 1) -> gpd.GeoDataFrame:
    """Synthetic catalogue frame with the spec's columns."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        if rng.random() < 0.35:
            place, lon, lat = rng.choice(TOWNS)
            geocode = "place"
        else:
            lon, lat = rng.uniform(-5.2, -2.7), rng.uniform(51.4, 53.4)
            place, geocode = rng.choice(TOWNS)[0], "coordinates"
        kind = rng.choice(KINDS)
        name = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(2, 5)))
        summary = " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).capitalize() + "." for _ in range(3)
        )
        rows.append(
            dict(
                id=f"record-{i:06d}",
                kind=kind,
                name=name,
                name_cy="",
                summary=summary,
                summary_cy="",
                place=place,
                area="cardiff",
                region="south-east-wales",
                health_board="",
                status="active",
                started="",
                ended="",
                themes=["community-development"],
                sectors=[],
                work_streams=[],
                areas_served=[],
                links=[],
                geocode=geocode,
                last_reviewed="2026-11-23",
                path=f"data/{kind}s/record-{i:06d}.yaml",
                geometry=Point(lon, lat),
            )
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("id", drop=False)


def build_ours(frame) -> str:
    return mapview.build_map(frame, asset_base="vendor", tiles=None).get_root().render()


def build_bare(frame) -> str:
    data = frame[["id", "name", "geometry"]].to_json()
    return BARE_PAGE.format(data=data.replace("</", "<\\/"))


def time_build(fn, frame, repeat: int = 3) -> tuple[float, str]:
    best, html = float("inf"), ""
    for _ in range(repeat):
        t = time.perf_counter()
        html = fn(frame)
        best = min(best, time.perf_counter() - t)
    return best, html


def time_browser(browser, url: str, selector: str, runs: int) -> tuple[list[float], list[float]]:
    markers, ready = [], []
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1000, "height": 700})
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.add_init_script(OBSERVER % selector)
        page.goto(url, timeout=180_000)
        page.wait_for_function("window.__bench && window.__bench.ready !== null", timeout=180_000, polling=50)
        b = page.evaluate("window.__bench")
        markers.append(b["markers"])
        ready.append(b["ready"])
        ctx.close()
    return markers, ready


def fmt(vals: list[float]) -> str:
    return f"{min(vals):6.0f} / {statistics.median(vals):6.0f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000", help="comma-separated point counts")
    ap.add_argument("--runs", type=int, default=3, help="browser runs per page (fresh context each)")
    ap.add_argument("--no-browser", action="store_true", help="only Python build time and HTML size")
    ap.add_argument("--keep", metavar="DIR", help="write the pages to DIR instead of a temp dir")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_map_"))
    work.mkdir(parents=True, exist_ok=True)
    vendor.copy_assets(work)

    browser = pw = None
    if not args.no_browser:
        if not Path(CHROMIUM).exists():
            print(f"{CHROMIUM} missing: browser timings skipped", file=sys.stderr)
        else:
            from playwright.sync_api import sync_playwright

            pw = sync_playwright().start()
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    results = []
    try:
        for n in sizes:
            frame = make_frame(n)
            row = {"n": n}
            for name, fn, sel in (("ours", build_ours, OURS_SELECTOR), ("bare", build_bare, BARE_SELECTOR)):
                secs, html = time_build(fn, frame)
                path = work / f"{name}_{n}.html"
                path.write_text(html, encoding="utf-8")
                row[name] = {"build": secs, "bytes": len(html.encode())}
                if browser:
                    row[name]["markers"], row[name]["ready"] = time_browser(browser, path.as_uri(), sel, args.runs)
            results.append(row)
            print_row(row, header=len(results) == 1, browser=bool(browser))
    finally:
        if browser:
            browser.close()
            pw.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def print_row(row: dict, header: bool, browser: bool) -> None:
    if header:
        cols = f"{'N':>7} | {'page':4} | {'build s':>7} | {'HTML bytes':>11}"
        if browser:
            cols += f" | {'markers ms min/med':>18} | {'ready ms min/med':>16} | ratio markers/ready (med)"
        print(cols)
        print("-" * len(cols))
    o, b = row["ours"], row["bare"]
    for name, d in (("ours", o), ("bare", b)):
        line = f"{row['n']:>7,} | {name:4} | {d['build']:7.3f} | {d['bytes']:>11,}"
        if browser:
            line += f" | {fmt(d['markers']):>18} | {fmt(d['ready']):>16}"
            if name == "ours":
                rm = statistics.median(o["markers"]) / statistics.median(b["markers"])
                rr = statistics.median(o["ready"]) / statistics.median(b["ready"])
                line += f" | {rm:.2f}× / {rr:.2f}×"
        print(line, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
