"""Many visitors at once: 5, 10 and 25 concurrent browser sessions against one local app server.

    uv run python benchmarks/bench_concurrency.py                  # 10,000 records, 5/10/25 sessions
    uv run python benchmarks/bench_concurrency.py --size 258 --sessions 5,10
    uv run python benchmarks/bench_concurrency.py --no-browsers       # the server's part alone (see below)
    uv run python benchmarks/bench_concurrency.py --no-browsers --no-floor --sessions 25 --sustain 330

One `streamlit run app.py` on loopback (data as in bench_app.py) and one headless Chromium, offline. Each
batch opens N fresh browser contexts at the same moment (never more than --max, 25 by default); each
loads the app with a different filter in its URL (kind, area, status) and waits for the map's markers.
Prints p50/p95 seconds to markers, errors, and the server's RSS before and after each batch (aim at
10k: p95 <= 3 s with 25 sessions, no errors, RSS not growing per session beyond a small constant).

Before each batch, as many sessions open the Streamlit floor page of bench_app.py (a minimal page embedding
a bare Leaflet map of the same points, served by a second server) at once: the browsers and both servers
share this machine's cores, so the floor's p95 is what any Streamlit page reaches here, and the app's
p95 / floor p95 is the app's own share (--no-floor skips it).

With --no-browsers, each session is a websocket client speaking Streamlit's own protocol (what the page's
script sends and reads) instead of a browser: it asks for the page with its filter and stops the clock when
the map's points arrive (the map component's arguments; the floor page's iframe). This is the server's part
alone, as when every visitor has a device of their own: the batches above share these 2 cores between the
server and up to 25 browsers. One browser session alone, less one websocket session alone, is the part a
visitor's own browser adds; the table adds it to each batch's p95 as an estimate of time to markers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_app import CHROMIUM, CHROMIUM_ARGS, MARKERS, dataset, floors, rss_mib, server  # noqa: E402

KINDS = ("organisation", "project", "person", "skill", "partnership")
AREAS = ("cardiff", "swansea", "powys", "gwynedd", "conwy")
STATUSES = ("active", "ended", "planned")


def query(i: int) -> str:
    """A different filter for each session."""
    return f"?kind={KINDS[i % 5]}&area={AREAS[(i // 5) % 5]}&status={STATUSES[i % 3]}"


async def session(browser, url: str) -> float:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await ctx.new_page()
        await page.route(
            "**/*",
            lambda r: asyncio.ensure_future(
                r.continue_()
                if r.request.url.startswith(("about:", "data:", "blob:", "http://127.0.0.1"))
                else r.abort()
            ),
        )
        start = time.perf_counter()
        await page.goto(url, timeout=120_000)
        end = start + 120
        while time.perf_counter() < end:
            for frame in page.frames:
                try:
                    # the map is in an iframe, in the app and in the floor page alike
                    if frame is not page.main_frame and await frame.locator(MARKERS).count():
                        return time.perf_counter() - start
                except Exception:  # detached while we looked
                    pass
            await asyncio.sleep(0.025)
        raise TimeoutError("no markers after 120 s")
    finally:
        await ctx.close()


def carries_points(msg) -> bool:
    """The message with the map's points: the map component's arguments (the app), the iframe (the floor)."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return False
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    return kind == "iframe" or (
        kind == "component_instance" and element.component_instance.component_name.endswith("assetmap_map")
    )


async def protocol_session(url: str) -> float:
    """Seconds from connecting until the server has sent the map's points, over Streamlit's websocket."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect  # the websocket library Streamlit's own server runs on

    base, _, query_string = url.partition("?")
    hello = BackMsg()
    hello.rerun_script.query_string = query_string
    hello.rerun_script.page_script_hash = ""
    start = time.perf_counter()
    async with connect(
        base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], max_size=None, close_timeout=1
    ) as ws:
        await ws.send(hello.SerializeToString())
        async with asyncio.timeout(120):
            while True:
                msg = ForwardMsg.FromString(await ws.recv())
                if carries_points(msg):
                    return time.perf_counter() - start
                if msg.WhichOneof("type") == "script_finished":
                    raise RuntimeError("the page finished without sending the map's points")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


async def batch(open_session, url: str, pid: int, n: int, queries: bool) -> tuple[str, float]:
    """n sessions at the same moment (`open_session(url)`: a browser's or a protocol client's); one line of the table."""
    before, cpu, start = rss_mib(pid)[0], cpu_s(pid), time.perf_counter()
    results = await asyncio.gather(
        *(open_session(url + (query(i) if queries else "")) for i in range(n)), return_exceptions=True
    )
    after, cpu, wall = rss_mib(pid)[0], cpu_s(pid) - cpu, time.perf_counter() - start
    ok = [r for r in results if isinstance(r, float)]
    p50, p95 = (pct(ok, 0.5), pct(ok, 0.95)) if ok else (float("nan"), float("nan"))
    return (
        f"{n:>8} | {p50:6.2f} | {p95:6.2f} | {max(ok, default=float('nan')):6.2f} | {len(results) - len(ok):>6} | "
        f"{before:.0f} → {after:.0f} ({(after - before) / n:+.1f} per session) | "
        f"server CPU {cpu:.1f} s of the batch's {wall:.1f} s"
    ), p95


async def own_browser_part(browser, url: str, runs: int = 3) -> float:
    """What one visitor's browser adds to the server's part: one browser session alone, less one protocol
    session alone (medians of `runs`), on the same page."""
    alone = [await session(browser, url) for _ in range(runs)]
    served = [await protocol_session(url) for _ in range(runs)]
    return statistics.median(alone) - statistics.median(served)


async def run(
    app: tuple[str, int], floor: tuple[str, int] | None, batches: list[int], browsers: bool, sustain: float
) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url, _ in (app, floor) if floor else (app,):
            await session(browser, url)  # the first session loads the catalogue: not part of any batch
        own = None
        if not browsers:
            own = await own_browser_part(browser, app[0] + query(0))
            print(f"sessions are websocket clients (no browsers); one browser alone adds {own:.2f} s to the app's part")
        open_session = partial(session, browser) if browsers else protocol_session
        print(f"{'':>6} {'sessions':>8} | {'p50 s':>6} | {'p95 s':>6} | {'max s':>6} | errors | RSS before → after MiB")
        for n in batches:
            if floor:  # the same number of sessions on the floor page first: what this machine allows
                line, floor_p95 = await batch(open_session, *floor, n, queries=False)
                print(f"{'floor':>6} {line}", flush=True)
            line, p95 = await batch(open_session, *app, n, queries=True)
            ratio = f"; p95 / floor p95 = {p95 / floor_p95:.2f}x" if floor else ""
            if own is None:
                print(f"{'app':>6} {line}; p95 / 3 s aim = {p95 / 3:.2f}x{ratio}", flush=True)
            else:
                print(
                    f"{'app':>6} {line}{ratio}; with each visitor's own browser about {p95 + own:.2f} s (aim 3 s)",
                    flush=True,
                )
        if sustain:
            await sustained(open_session, app, max(batches), sustain)
        await browser.close()


async def sustained(open_session, app: tuple[str, int], n: int, seconds: float) -> None:
    """Batches of n sessions every 10 s for `seconds`: does the server's memory level off? Streamlit keeps a
    closed session for server.disconnectedSessionTTL (120 s) in case its visitor reconnects, so RSS climbs for
    about that long, then sessions leave as fast as they come."""
    url, pid = app
    start, total, levels = time.perf_counter(), 0, []
    while time.perf_counter() - start < seconds:
        line, _ = await batch(open_session, url, pid, n, queries=True)
        total += n
        levels.append(rss_mib(pid)[0])
        print(f"{'+' + format(time.perf_counter() - start, '.0f') + ' s':>6} {line}", flush=True)
        await asyncio.sleep(10)
    half = levels[len(levels) // 2 :]
    print(
        f"sustained: {total} sessions in {time.perf_counter() - start:.0f} s; server RSS {min(levels):.0f}-"
        f"{max(levels):.0f} MiB, in the second half {min(half):.0f}-{max(half):.0f} MiB",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--sessions", default="5,10,25")
    ap.add_argument("--max", type=int, default=25, help="upper bound on concurrent sessions")
    ap.add_argument("--no-floor", action="store_true", help="skip the Streamlit floor page's batches")
    ap.add_argument(
        "--no-browsers",
        action="store_true",
        help="sessions speak Streamlit's websocket protocol: the server's part alone",
    )
    ap.add_argument(
        "--sustain",
        type=float,
        default=0,
        metavar="SECONDS",
        help="then batches of the largest size every 10 s for this long, to see whether RSS levels off",
    )
    args = ap.parse_args(argv)
    batches = [min(int(s), args.max) for s in args.sessions.split(",") if s.strip()]
    data = dataset(args.size)
    print(f"{args.size:,} records ({data}); each row is one batch of simultaneous sessions", flush=True)
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(server(ROOT / "app.py", ROOT, {"ASSETMAP_DATA": str(data)}))
        floor = None
        if not args.no_floor:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench_concurrency_")))
            floor = stack.enter_context(server(floors(work, data)[1], work))
        asyncio.run(run(app, floor, batches, browsers=not args.no_browsers, sustain=args.sustain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
