"""Many visitors at once: 5, 10 and 25 concurrent browser sessions against one local app server.

    uv run python benchmarks/bench_concurrency.py                  # 10,000 records, 5/10/25 sessions
    uv run python benchmarks/bench_concurrency.py --size 258 --sessions 5,10
    uv run python benchmarks/bench_concurrency.py --no-browsers       # the server's part alone (see below)
    uv run python benchmarks/bench_concurrency.py --no-browsers --no-floor --sessions 25 --sustain 330
    uv run python benchmarks/bench_concurrency.py --one-browser --returning   # one visitor timed among many
    uv run python benchmarks/bench_concurrency.py --one-browser --front       # behind nginx (needs nginx)

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

With --one-browser, each batch is one browser and N - 1 websocket clients at the same moment, --rounds times
(20 by default, each with the filters moved on by one); the times are the browser's, from `goto` to markers.
The clients first fetch every file that a browser's visit fetched from the server (the page, Streamlit's
scripts, fonts and the map's files, six at a time), so the server does for each what it does for a visitor.
This measures a visitor's time to markers while N visitors arrive together, each with a device of its own
(only the timed visitor's browser shares these cores). With --returning the timed browser has been to the
page before, and the clients fetch only what a second visit's requests still took to the server, by
Chromium's own network log: Streamlit's hashed scripts (immutable for a year) and the Leaflet files come from
the cache; the page, its settings and the map component's files do not.

With --front, each server has nginx in front of it (scripts/nginx_front.py, as README shows for a public
server): nginx serves Streamlit's script files and the map's Leaflet files, the Python process the rest.
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
from serving import nginx_front  # noqa: E402

KINDS = ("organisation", "project", "person", "skill", "partnership")
AREAS = ("cardiff", "swansea", "powys", "gwynedd", "conwy")
STATUSES = ("active", "ended", "planned")


def query(i: int) -> str:
    """A different filter for each session."""
    return f"?kind={KINDS[i % 5]}&area={AREAS[(i // 5) % 5]}&status={STATUSES[i % 3]}"


async def session(browser, url: str, files: list | None = None, returning=None) -> float:
    """Seconds from `goto` until the map shows markers. A first visit opens a fresh browser context; a
    returning visit opens a page in `returning`, a context that has been to the page before and keeps what
    its cache holds. `files` (when given) gets the address of each request that reached the server, not
    those the browser answered from its cache (as Chromium's own network log tells)."""
    ctx = returning or await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    try:
        if files is not None:
            cdp = await ctx.new_cdp_session(page)
            await cdp.send("Network.enable")
            cached: set[str] = set()
            cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
            cdp.on(
                "Network.responseReceived",
                lambda e: (
                    None
                    if e["requestId"] in cached
                    or e["response"].get("fromDiskCache")
                    or e["response"].get("fromPrefetchCache")
                    or not e["response"]["url"].startswith("http://127.0.0.1")
                    else files.append(e["response"]["url"])
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
        await (page.close() if returning else ctx.close())


def carries_points(msg) -> bool:
    """The message with the map's points: the map component's arguments (the app), the iframe (the floor)."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return False
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    return kind == "iframe" or (
        kind == "component_instance" and element.component_instance.component_name.endswith("assetmap_map")
    )


async def fetch(address: str) -> None:
    """One GET as a browser makes it (compressed if the server will), the whole answer read."""
    host, _, path = address.removeprefix("http://").partition("/")
    reader, writer = await asyncio.open_connection(*host.split(":"))
    writer.write(
        f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    await writer.drain()
    while await reader.read(1 << 16):
        pass
    writer.close()


async def protocol_session(url: str, files: tuple[str, ...] = ()) -> float:
    """Seconds from connecting until the server has sent the map's points, over Streamlit's websocket;
    with `files`, after fetching those first, six at a time, as a browser's page load does."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect  # the websocket library Streamlit's own server runs on

    base, _, query_string = url.partition("?")
    hello = BackMsg()
    hello.rerun_script.query_string = query_string
    hello.rerun_script.page_script_hash = ""
    start = time.perf_counter()
    if files:
        slots = asyncio.Semaphore(6)  # a browser's connections per host

        async def one(address: str) -> None:
            async with slots:
                await fetch(address)

        await asyncio.gather(*map(one, files))
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


async def batch(pid: int, rounds: list[list], visitor_only: bool = False) -> tuple[str, float]:
    """Each round's sessions (coroutine functions: `() -> seconds`) opened at the same moment; one line of the
    table. With `visitor_only`, the times are those of each round's first session (the browser among protocol
    clients), the others' p95 is added at the end."""
    n = len(rounds[0])
    before, cpu, start = rss_mib(pid)[0], cpu_s(pid), time.perf_counter()
    visitors, others, errors = [], [], 0
    for sessions in rounds:
        results = await asyncio.gather(*(open_session() for open_session in sessions), return_exceptions=True)
        errors += sum(not isinstance(r, float) for r in results)
        timed = results[:1] if visitor_only else results
        visitors += [r for r in timed if isinstance(r, float)]
        others += [r for r in results[len(timed) :] if isinstance(r, float)]
    after, cpu, wall = rss_mib(pid)[0], cpu_s(pid) - cpu, time.perf_counter() - start
    p50, p95 = (pct(visitors, 0.5), pct(visitors, 0.95)) if visitors else (float("nan"), float("nan"))
    line = (
        f"{n:>8} | {p50:6.2f} | {p95:6.2f} | {max(visitors, default=float('nan')):6.2f} | {errors:>6} | "
        f"{before:.0f} → {after:.0f} ({(after - before) / (n * len(rounds)):+.1f} per session) | "
        f"server CPU {cpu:.1f} s of {wall:.1f} s"
    )
    if visitor_only:
        line += f" | the {len(rounds)} browsers' times; the protocol clients' p95 {pct(others, 0.95):.2f} s"
    return line, p95


async def own_browser_part(browser, url: str, runs: int = 3) -> float:
    """What one visitor's browser adds to the server's part: one browser session alone, less one protocol
    session alone (medians of `runs`), on the same page."""
    alone = [await session(browser, url) for _ in range(runs)]
    served = [await protocol_session(url) for _ in range(runs)]
    return statistics.median(alone) - statistics.median(served)


# No routing to keep the browser offline: routing turns its cache off, and a returning visit needs it.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def plan(mode: str, browser, site: dict, n: int, rounds: int) -> list[list]:
    """The sessions of one batch, round by round: n browsers, n protocol clients, or (mixed) one browser and
    n - 1 protocol clients that fetch what that browser fetched from the server, each round with its filters
    moved on by one."""
    out = []
    for r in range(rounds if mode == "mixed" else 1):
        urls = [site["url"] + (query(r + i) if site["queries"] else "") for i in range(n)]
        if mode == "browsers":
            out.append([partial(session, browser, u) for u in urls])
        elif mode == "protocol":
            out.append([partial(protocol_session, u) for u in urls])
        else:
            out.append(
                [partial(session, browser, urls[0], returning=site["context"])]
                + [partial(protocol_session, u, site["files"]) for u in urls[1:]]
            )
    return out


async def run(app: tuple[str, int], floor: tuple[str, int] | None, batches: list[int], args) -> None:
    from playwright.async_api import async_playwright

    mode = "protocol" if args.no_browsers else "mixed" if args.one_browser else "browsers"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, OFFLINE])
        sites = {}
        for name, site in (("floor", floor), ("app", app)):  # the floor first in each batch: what this machine allows
            if site:
                context = (
                    await browser.new_context(viewport={"width": 1400, "height": 1000}) if args.returning else None
                )
                files: list[str] = []
                # the first session loads the catalogue (not part of any batch) and records what the page fetches;
                # for returning visitors, a second visit records what still reaches the server
                for visit in range(2 if args.returning else 1):
                    files.clear()
                    await session(browser, site[0] + (query(visit) if name == "app" else ""), files, context)
                sites[name] = {
                    "url": site[0],
                    "pid": site[1],
                    "queries": name == "app",
                    "files": tuple(files),
                    "context": context,
                }
        own = None
        if mode == "protocol":
            own = await own_browser_part(browser, app[0] + query(0))
            print(f"sessions are websocket clients (no browsers); one browser alone adds {own:.2f} s to the app's part")
        elif mode == "mixed":
            print(
                f"each batch {args.rounds} times: 1 browser ({'returning, its cache warm' if args.returning else 'a first visit'}"
                f") + the rest websocket clients that first fetch the {len(sites['app']['files'])} files it fetched "
                "from the server; times are the browser's"
            )
        print(f"{'':>6} {'sessions':>8} | {'p50 s':>6} | {'p95 s':>6} | {'max s':>6} | errors | RSS before → after MiB")
        for n in batches:
            p95s = {}
            for name, site in sites.items():
                line, p95s[name] = await batch(site["pid"], plan(mode, browser, site, n, args.rounds), mode == "mixed")
                if name == "app":
                    line += f"; p95 / 3 s aim = {p95s['app'] / 3:.2f}x"
                    if "floor" in p95s:
                        line += f"; p95 / floor p95 = {p95s['app'] / p95s['floor']:.2f}x"
                    if own is not None:
                        line += f"; with each visitor's own browser about {p95s['app'] + own:.2f} s"
                print(f"{name:>6} {line}", flush=True)
        if args.sustain:
            await sustained(mode, browser, sites["app"], max(batches), args.sustain)
        await browser.close()


async def sustained(mode: str, browser, app: dict, n: int, seconds: float) -> None:
    """Batches of n sessions every 10 s for `seconds`: does the server's memory level off? Streamlit keeps a
    closed session for server.disconnectedSessionTTL (120 s) in case its visitor reconnects, so RSS climbs for
    about that long, then sessions leave as fast as they come."""
    pid = app["pid"]
    start, total, levels = time.perf_counter(), 0, []
    while time.perf_counter() - start < seconds:
        line, _ = await batch(pid, plan(mode, browser, app, n, 1), mode == "mixed")
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
    how = ap.add_mutually_exclusive_group()
    how.add_argument(
        "--no-browsers",
        action="store_true",
        help="sessions speak Streamlit's websocket protocol: the server's part alone",
    )
    how.add_argument(
        "--one-browser",
        action="store_true",
        help="each batch: one browser, timed, among websocket clients that fetch what a browser fetches",
    )
    ap.add_argument("--rounds", type=int, default=20, help="with --one-browser: batches of each size (20)")
    ap.add_argument(
        "--returning",
        action="store_true",
        help="with --one-browser: visitors who have been before, their browsers' caches warm",
    )
    ap.add_argument(
        "--front",
        action="store_true",
        help="nginx in front of each server (scripts/nginx_front.py), serving the script files itself",
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

        def serve(script: Path, cwd: Path, env: dict | None = None) -> tuple[str, int]:
            url, pid = stack.enter_context(server(script, cwd, env))
            return (stack.enter_context(nginx_front(url)) if args.front else url), pid

        app = serve(ROOT / "app.py", ROOT, {"ASSETMAP_DATA": str(data)})
        floor = None
        if not args.no_floor:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench_concurrency_")))
            floor = serve(floors(work, data)[1], work)
        asyncio.run(run(app, floor, batches, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
