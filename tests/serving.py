"""One way to start what the browser tests and the benchmarks drive: Debian Chromium's flags and a local
`streamlit run` on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from nginx_front import config  # noqa: E402  (what README tells a public server to run)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(name: str, cmd: list[str], url: str, wait_s: float, **popen) -> Iterator[subprocess.Popen]:
    """Starts `cmd`, waits until `url`/_stcore/health answers (Streamlit's, or passed on to it), stops it
    afterwards. Its log goes to a temporary file, not a pipe nobody reads (a full pipe would stall a server)."""
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, **popen)
        try:
            end = time.monotonic() + wait_s
            while True:
                try:
                    if urllib.request.urlopen(url + "/_stcore/health", timeout=1).status == 200:
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > end:
                        log.seek(0)
                        raise RuntimeError(f"{name} did not start: {log.read()[-2000:]}") from None
                    time.sleep(0.25)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def running_streamlit(
    script: Path, cwd: Path, env: dict | None = None, wait_s: float = 120
) -> Iterator[tuple[str, int]]:
    """`streamlit run script` (headless, static serving, no usage stats): yields (url, pid), stops it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.enableStaticServing=true",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env or {}))
    with _serving("streamlit", cmd, url, wait_s, cwd=cwd, env=env) as proc:
        yield url, proc.pid


NGINX = "/usr/sbin/nginx"


@contextmanager
def nginx_front(streamlit_url: str, wait_s: float = 30) -> Iterator[str]:
    """nginx in front of a running Streamlit, with scripts/nginx_front.py's configuration: yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="assetmap-nginx-") as run:
        conf = Path(run) / "nginx.conf"
        conf.write_text(config(f"127.0.0.1:{port}", streamlit_url.removeprefix("http://"), Path(run)))
        with _serving("nginx", [NGINX, "-c", str(conf), "-p", run, "-g", "daemon off;"], url, wait_s):
            yield url
