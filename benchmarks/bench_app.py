"""The explorer's speed: server time per filter rerun, filter change -> markers, first markers vs a bare page.

    uv run python benchmarks/bench_app.py                        # 258 (data/), 10,000, 50,000
    uv run python benchmarks/bench_app.py --sizes 258,10000 --runs 3
    uv run python benchmarks/bench_app.py --sizes 50000 --memory --no-browser

For each size (258 = the real data/, larger = benchmarks/synthetic.py records, written once to
$TMPDIR/assetmap-bench-N and reused):

  AppTest   server time of one rerun after a filter change (median of --reruns, 20 distinct kind
            filters: every one new to the filter cache, then the same 20 again: cached);
  browser   a real `streamlit run app.py` (loopback, static serving) and headless Chromium, offline:
            cold = the first session after a restart (the catalogue read back from its snapshot; the
            median of three restarts),
            first start = the first session of a server with no snapshot yet (loads every file),
            warm = later sessions (fresh browser contexts, in turn with the floor page's), both from `goto` until the map component
            shows a marker or cluster; filter change = typing a search and pressing Enter until the
            map's legend changes (timed in the page: from the key to the first frame painted after);
  floors    (a) a bare Leaflet + markercluster page with the same points (file://), (b) a minimal
            Streamlit page embedding that same bare page with components.html (the Streamlit floor).

Prints times and ratios (aims in issue 16: rerun <= 50 ms and filter change <= 300 ms at 10k; warm
<= 1.5x floor (b); cold <= 2x warm; 50k first markers <= 5 s). No asserts: this is a measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from serving import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' browser set-up)
from serving import running_streamlit as server  # noqa: E402
from synthetic import check_dataset, make_dataset  # noqa: E402

MARKERS = ".marker-cluster, .am-m, .leaflet-marker-icon"
KINDS = ("organisation", "project", "person", "skill", "partnership")
SEARCHES = ("Cardiff", "Swansea", "Powys", "Gwynedd", "Conwy", "carers", "dementia")

BARE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{base}/leaflet-1.9.3/leaflet.css"/>
<link rel="stylesheet" href="{base}/leaflet.markercluster-1.1.0/MarkerCluster.css"/>
<link rel="stylesheet" href="{base}/leaflet.markercluster-1.1.0/MarkerCluster.Default.css"/>
<script src="{base}/leaflet-1.9.3/leaflet.js"></script>
<script src="{base}/leaflet.markercluster-1.1.0/leaflet.markercluster.js"></script>
<style>html,body,#map{{width:100%;height:100%;margin:0}}</style></head>
<body><div id="map"></div><script>
var map = L.map("map", {{minZoom: 6, maxZoom: 18}}).setView([52.35, -3.75], 8);
var P = {points};
var group = L.markerClusterGroup();
map.addLayer(group);
group.addLayers(P.map(function (p) {{ return L.marker(p); }}));
</script></body></html>
"""

FLOOR_APP = """
import streamlit as st
import streamlit.components.v1 as components
from pathlib import Path

st.set_page_config(layout="wide")
st.title("floor")
# one search box whose words come back as text: the floor of a filter change (bench_app.typed_changes)
st.text("shown: " + st.text_input("Search names, summaries and places"))
components.html(Path(__file__).with_name("bare.html").read_text(), height=560)
"""


def dataset(n: int) -> Path:
    """data/ for its own size, else a synthetic data dir written once and reused."""
    if n <= 258:
        return ROOT / "data"
    target = Path(tempfile.gettempdir()) / f"assetmap-bench-{n}"
    if not (target / ".complete").exists():
        print(f"writing {n:,} synthetic records to {target} …", flush=True)
        make_dataset(target, n, ROOT / "data")
        check_dataset(target, n)
        (target / ".complete").write_text("ok")
    return target


def rss_mib(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MiB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def offline(page) -> None:
    allowed = ("file:", "data:", "blob:", "about:", "http://127.0.0.1")
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(allowed) else r.abort())


def marker_frame(page, timeout_s: float = 300):
    """The first frame (page or iframe) that shows a marker or a cluster."""
    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        for frame in page.frames:
            try:
                if frame.locator(MARKERS).count():
                    return frame
            except Exception:  # a frame detached while we looked
                pass
        page.wait_for_timeout(25)
    raise TimeoutError("no markers")


def time_to_markers(browser, url: str) -> float:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    offline(page)
    start = time.perf_counter()
    page.goto(url, timeout=300_000)
    marker_frame(page)
    took = time.perf_counter() - start
    ctx.close()
    return took


# Timed in the page, not by polling from here (each look costs a few round trips to the browser): the page
# stamps the Enter key; the frame that shows the result stamps the first frame painted after the text of
# `selector` changes (the map's legend, whose counts change with the markers; the floor page's echo).
STAMP_ENTER = """() => document.addEventListener("keydown", (e) => {
  if (e.key === "Enter") { window.amEnterAt = performance.timeOrigin + performance.now(); } }, true)"""
STAMP_CHANGE = """(selector) => {
  const text = () => { const el = document.querySelector(selector); return el ? el.textContent : null; };
  let last = text();
  new MutationObserver(() => {
    const now = text();
    if (now !== null && now !== last) {
      last = now;
      requestAnimationFrame(() => setTimeout(() => { window.amChangedAt = performance.timeOrigin + performance.now(); }));
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def typed_changes(browser, url: str, n: int, selector: str) -> list[float]:
    """Type a search and press Enter, n times; seconds from the key until a frame shows `selector` changed."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    offline(page)
    page.goto(url, timeout=300_000)
    marker_frame(page)
    page.wait_for_timeout(1500)  # let the component report that it holds the payload
    shows = next(f for f in page.frames if f.locator(selector).count())
    page.evaluate(STAMP_ENTER)
    shows.evaluate(STAMP_CHANGE, selector)
    box = page.get_by_label("Search names, summaries and places")
    out = []
    for word in SEARCHES[:n]:
        box.fill(word)
        shows.evaluate("window.amChangedAt = 0")
        box.press("Enter")
        end = time.perf_counter() + 60
        while not (changed := shows.evaluate("window.amChangedAt")):
            if time.perf_counter() > end:
                raise TimeoutError(f"{selector} did not change after a search for {word!r}")
            page.wait_for_timeout(5)
        out.append((changed - page.evaluate("window.amEnterAt")) / 1000)
        page.wait_for_timeout(300)
    ctx.close()
    return out


def apptest_reruns(data: Path, reruns: int) -> dict:
    """Server seconds per rerun after a filter change, under AppTest (the browser holds the payload).

    Server time = the script's own run (assetmap.ui.page.main, timed inside the script thread);
    AppTest adds its own polling on top (reported as `wall`)."""
    from streamlit.testing.v1 import AppTest

    from assetmap.ui import mapview_tab, page

    script: list[float] = []
    real_main = page.main

    def timed_main() -> None:
        start = time.perf_counter()
        try:
            real_main()
        finally:
            script.append(time.perf_counter() - start)

    page.main = timed_main  # app.py imports main from the module on every run
    os.environ["ASSETMAP_DATA"] = str(data)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    args = next(json.loads(e.proto.json_args) for e in at.get("component_instance"))
    at.session_state[mapview_tab.KEY] = {"have": args["v"], "click": None, "seq": 1, "nonce": "bench"}
    at.run()
    specs = [list(c) for r in (1, 2, 3, 4) for c in combinations(KINDS, r)][:reruns]
    out = {"first": first}
    for label in ("new", "cached"):
        wall = []
        script.clear()
        for kinds in specs:
            at.multiselect(key="f_kinds").set_value(kinds)
            start = time.perf_counter()
            at.run()
            wall.append(time.perf_counter() - start)
        out[label], out[label + "_wall"] = statistics.median(script), statistics.median(wall)
    assert not at.exception, at.exception
    page.main = real_main
    return out


MEMORY_PROBES = {
    # what a bare parse keeps: dicts -> GeoDataFrame (benchmarks/bench_load.py's reference)
    "bare": "from bench_load import bare; keep = bare(DATA)",
    # what the app keeps per catalogue: the catalogue, display names, the map payload in both languages, as
    # data and as the JSON bytes sent to browsers
    "app": (
        "from assetmap.catalogue import load_catalogue; from assetmap.ui import mapview_tab; "
        "cat = load_catalogue(DATA); keep = [mapview_tab.points(cat, lang) for lang in ('en', 'cy')]; "
        "keep += [mapview_tab.encoded(cat, lang) for lang in ('en', 'cy')]"
    ),
}


def peak_rss(data: Path, probe: str) -> float:
    """Peak RSS in MiB of a fresh interpreter that runs one of MEMORY_PROBES on `data`."""
    code = (
        f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'benchmarks')!r}]; "
        f"from pathlib import Path; DATA = Path({str(data)!r}); {MEMORY_PROBES[probe]}; "
        "from bench_app import rss_mib; import os; print(rss_mib(os.getpid())[1])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def bare_points(data: Path) -> list:
    from assetmap.catalogue import load_catalogue

    frame = load_catalogue(data).frame
    return [[round(p.y, 5), round(p.x, 5)] for p in frame.geometry]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="258,10000,50000")
    ap.add_argument("--runs", type=int, default=3, help="warm sessions per page")
    ap.add_argument("--reruns", type=int, default=20, help="filter reruns under AppTest")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument(
        "--app",
        type=Path,
        default=ROOT / "app.py",
        help="the app.py to measure in the browser (e.g. another checkout's, for a before/after)",
    )
    ap.add_argument("--no-apptest", action="store_true", help="skip the AppTest reruns")
    ap.add_argument("--memory", action="store_true", help="also peak RSS of the catalogue vs a bare parse")
    args = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    pw = browser = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        for n in sizes:
            data = dataset(n)
            print(f"\n== {n:,} records ({data})", flush=True)
            if not args.no_apptest:
                r = apptest_reruns(data, args.reruns)
                print(
                    f"AppTest: first run {r['first']:.2f} s; server time of a rerun after a filter change "
                    f"(median of {args.reruns}): {r['new'] * 1000:.0f} ms new filter, {r['cached'] * 1000:.0f} ms "
                    f"cached filter (AppTest wall {r['new_wall'] * 1000:.0f} / {r['cached_wall'] * 1000:.0f} ms); "
                    f"aim 50 ms -> {r['new'] / 0.05:.2f}x",
                    flush=True,
                )
            if args.memory:
                bare_mib, app_mib = peak_rss(data, "bare"), peak_rss(data, "app")
                print(
                    f"peak RSS: catalogue + names + map payloads {app_mib:.0f} MiB, bare parse + GeoDataFrame "
                    f"{bare_mib:.0f} MiB: {app_mib / bare_mib:.2f}x (aim <= 2.5)",
                    flush=True,
                )
            if browser:
                browse(browser, data, args.runs, args.app)
    finally:
        if browser:
            browser.close()
            pw.stop()
    return 0


def floors(work: Path, data: Path) -> tuple[Path, Path]:
    """Writes the two floor pages for `data`'s points into `work`: (a) the bare page as a file, (b) the
    Streamlit floor app (run it with `server(floor, work)`, which serves our static/ for Leaflet)."""
    from assetmap.outputs import vendor

    points = json.dumps(bare_points(data))
    vendor.copy_assets(work)
    (work / "bare_file.html").write_text(BARE_PAGE.format(base="vendor", points=points), encoding="utf-8")
    (work / "bare.html").write_text(BARE_PAGE.format(base="/app/static/vendor", points=points), encoding="utf-8")
    (work / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
    (work / "static").symlink_to(ROOT / "static", target_is_directory=True)
    return work / "bare_file.html", work / "floor.py"


def browse(browser, data: Path, runs: int, app: Path) -> None:
    med = statistics.median
    with tempfile.TemporaryDirectory(prefix="bench_app_") as tmp:
        work = Path(tmp)
        bare_file, floor_app = floors(work, data)
        bare = [time_to_markers(browser, bare_file.as_uri()) for _ in range(runs)]
        # a snapshot folder of its own: the first server starts without one, the second reads what the first wrote
        env = {"ASSETMAP_DATA": str(data), "ASSETMAP_CACHE": str(work / "cache")}
        with server(floor_app, work) as (floor_url, _), server(app, app.parent, env) as (url, pid):
            floor_cold = time_to_markers(browser, floor_url)
            first = time_to_markers(browser, url)
            floor, warm = [], []
            for _ in range(runs):  # in turn, so that the machine's drift falls on both alike
                floor.append(time_to_markers(browser, floor_url))
                warm.append(time_to_markers(browser, url))
            changes = typed_changes(browser, url, 5, ".am-legend")
            floor_changes = typed_changes(browser, floor_url, 5, '[data-testid="stText"]')
            rss, peak = rss_mib(pid)
        colds = []
        for _ in range(3):  # one session per restart: the median of three, as one varies by seconds
            with server(app, app.parent, env) as (url, _):
                colds.append(time_to_markers(browser, url))
        cold = med(colds)
    print(
        f"first markers: bare page {med(bare):.2f} s | Streamlit floor cold {floor_cold:.2f} s, warm "
        f"{med(floor):.2f} s | app cold {cold:.2f} s (restarts: {' '.join(f'{c:.2f}' for c in colds)}; first start, "
        f"no snapshot yet: {first:.2f} s), warm {med(warm):.2f} s (min {min(warm):.2f})"
    )
    print(
        f"  ratios: app warm / floor warm {med(warm) / med(floor):.2f}x (aim <= 1.5) | app cold / app warm "
        f"{cold / med(warm):.2f}x (aim <= 2; first start {first / med(warm):.2f}x) | app warm / bare "
        f"{med(warm) / med(bare):.2f}x"
    )
    print(
        f"filter change -> updated markers: median {med(changes) * 1000:.0f} ms "
        f"(min {min(changes) * 1000:.0f}, max {max(changes) * 1000:.0f}); aim 300 ms -> {med(changes) / 0.3:.2f}x | "
        f"Streamlit floor (a search box echoing its words): median {med(floor_changes) * 1000:.0f} ms"
    )
    print(f"server RSS after these sessions: {rss:.0f} MiB (peak {peak:.0f} MiB)", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
