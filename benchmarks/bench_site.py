"""Static site benchmark: build time and size, and the map page's first markers vs a bare markercluster page.

    uv run python benchmarks/bench_site.py                        # 258 (shipped data), 10,000, 50,000
    uv run python benchmarks/bench_site.py --sizes 258,10000 --runs 3 --no-browser

For each size: ``load`` (YAML → catalogue) and ``build`` (``build_site``: every page of both
languages, the embeds, the data files), the number of files and their total size. ``embed ms``: the site's
embed pages (``pages.embeds``) timed on their own, per page, against the previous way of making one
(round 2: a folium map of the organisation's records per embed, :func:`folium_embed`, on a sample of
organisations); ratio = before / after. Then in headless
Chromium (file://, offline) the ms from navigation start to the first animation frame showing a
marker or cluster on ``en/index.html``, against a bare page with the same points (leaflet +
leaflet.markercluster, default markers, no popups, no legend, no CSP split). ratio = ours / bare
(aim ≤ 1.3 at 10,000). Prints a table; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assetmap.catalogue import load_catalogue  # noqa: E402
from assetmap.outputs.mapview import build_map  # noqa: E402
from assetmap.outputs.site.build import Site, build_site  # noqa: E402
from assetmap.outputs.site.pages import embeds  # noqa: E402
from benchmarks.bench_map import CHROMIUM, CHROMIUM_ARGS, OURS_SELECTOR, fmt, time_browser  # noqa: E402
from benchmarks.synthetic import check_dataset, make_dataset  # noqa: E402

BARE_SELECTOR = ".marker-cluster, .leaflet-marker-icon"
BARE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="vendor/leaflet-1.9.3/leaflet.css"/>
<link rel="stylesheet" href="vendor/leaflet.markercluster-1.1.0/MarkerCluster.css"/>
<link rel="stylesheet" href="vendor/leaflet.markercluster-1.1.0/MarkerCluster.Default.css"/>
<script src="vendor/leaflet-1.9.3/leaflet.js"></script>
<script src="vendor/leaflet.markercluster-1.1.0/leaflet.markercluster.js"></script>
<style>html,body,#map{{width:100%;height:100%;margin:0}}</style></head>
<body><div id="map"></div><script>
var map = L.map("map", {{minZoom: 6, maxZoom: 18}}).setView([52.35, -3.75], 8);
var pts = {points};
var group = L.markerClusterGroup();
map.addLayer(group);
group.addLayers(pts.map(function (p) {{ return L.marker(p); }}));
</script></body></html>
"""


EMBED_SAMPLE = 100  # organisations timed the previous way


def folium_embed(cat, rid: str, folder: Path) -> None:
    """An organisation's embed as round 2 made it: its records through folium, rendered and written."""
    near = [rid] + [o for o, _, _ in cat.neighbours.get(rid, ()) if o in cat.frame.index]
    m = build_map(cat.frame.loc[list(dict.fromkeys(near))], selected=rid, asset_base="../vendor", tiles=None)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(m.get_root().render(), encoding="utf-8")


def embed_times(cat, work: Path) -> tuple[float, float]:
    """(ms per embed page now, ms per embed the previous way)."""
    out = work / "embeds"
    site = Site(cat, out)
    t = time.perf_counter()
    embeds(site)
    now = (time.perf_counter() - t) / max(1, sum(1 for _ in (out / "embed").rglob("index.html")))
    orgs = cat.frame.index[cat.frame["kind"] == "organisation"][:EMBED_SAMPLE]
    t = time.perf_counter()
    for rid in orgs:
        folium_embed(cat, rid, work / "folium" / rid)
    before = (time.perf_counter() - t) / max(1, len(orgs))
    return now * 1000, before * 1000


class NoCSP:
    """The browser, with pages' CSP turned off: time_browser waits with page.wait_for_function, which polls by
    eval, and the site's CSP refuses eval. Nothing of the site's own loading changes."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **kwargs):
        return self.browser.new_context(bypass_csp=True, **kwargs)


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(n: int, work: Path, browser, runs: int) -> dict:
    if n == 258:
        data = ROOT / "data"
    else:
        data = make_dataset(work / f"data-{n}", n, source=ROOT / "data")
        check_dataset(data, n)
        shutil.copy(ROOT / "data" / "areas.geojson", data)  # the outlines, as on a real site
    t = time.perf_counter()
    cat = load_catalogue(data)
    load_s = time.perf_counter() - t
    out = work / f"site-{n}"
    t = time.perf_counter()
    build_site(cat, out)
    build_s = time.perf_counter() - t
    files, size = folder_size(out)
    row = {"n": len(cat.frame), "load": load_s, "build": build_s, "files": files, "mb": size / 1e6}
    row["embed"], row["embed_before"] = embed_times(cat, work / f"embeds-{n}")
    if browser is not None:
        points = [[round(p.y, 5), round(p.x, 5)] for p in cat.frame.geometry]
        (out / "bare.html").write_text(BARE_PAGE.format(points=json.dumps(points)), encoding="utf-8")
        row["ours"], _ = time_browser(NoCSP(browser), (out / "en" / "index.html").as_uri(), OURS_SELECTOR, runs)
        row["bare"], _ = time_browser(browser, (out / "bare.html").as_uri(), BARE_SELECTOR, runs)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="258,10000,50000", help="record counts; 258 = the shipped data")
    ap.add_argument("--runs", type=int, default=3, help="browser runs per page (min / median shown)")
    ap.add_argument("--no-browser", action="store_true", help="build only")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'records':>8} | {'load s':>7} | {'build s':>8} | {'files':>7} | {'MB':>8}"
        f" | {'embed ms':>8} | {'before ms':>9} | {'before/after':>12}"
        + ("" if args.no_browser else f" | {'ours ms min/med':>16} | {'bare ms min/med':>16} | ratio (med)")
    )
    with tempfile.TemporaryDirectory() as tmp:
        browser, pw = None, None
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            pw = sync_playwright().start()
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in sizes:
                r = measure(n, Path(tmp), browser, args.runs)
                line = f"{r['n']:>8} | {r['load']:>7.1f} | {r['build']:>8.1f} | {r['files']:>7} | {r['mb']:>8.1f}"
                line += f" | {r['embed']:>8.2f} | {r['embed_before']:>9.1f} | {r['embed_before'] / r['embed']:>12.0f}"
                if browser is not None:
                    ratio = statistics.median(r["ours"]) / statistics.median(r["bare"])
                    line += f" | {fmt(r['ours']):>16} | {fmt(r['bare']):>16} | {ratio:.2f}"
                print(line, flush=True)
        finally:
            if browser is not None:
                browser.close()
                pw.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
