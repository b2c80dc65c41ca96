"""Shared pytest fixtures. Browser: one headless Debian Chromium per session, offline pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

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


@pytest.fixture(scope="session")
def chromium():
    """A launched playwright Chromium (session-wide); skips if /usr/bin/chromium is missing."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):  # .ci/run installs it: a missing browser in CI is a failure, not a skip
            pytest.fail(f"browser tests need Debian Chromium at {CHROMIUM}")
        pytest.skip(f"browser tests need Debian Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(chromium):
    """A fresh page that may only load file:// and http://127.0.0.1 / localhost URLs.

    Returns a namespace: ``page``, ``dialogs`` (messages of any alert/confirm/prompt, dismissed),
    ``blocked`` (URLs refused), ``errors`` (uncaught page errors).
    """
    ctx = chromium.new_context(viewport={"width": 1000, "height": 700})
    page = ctx.new_page()
    out = SimpleNamespace(page=page, dialogs=[], blocked=[], errors=[])

    def on_dialog(dialog):
        out.dialogs.append(dialog.message)
        dialog.dismiss()

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1", "http://localhost")):
            r.continue_()
        else:
            out.blocked.append(url)
            r.abort()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: out.errors.append(str(exc)))
    page.route("**/*", route)
    yield out
    ctx.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, cwd: Path, env: dict | None = None):
    """`streamlit run script` on a free loopback port; yields its URL and stops it afterwards."""
    port = _free_port()
    full_env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env or {}))
    proc = subprocess.Popen(
        [
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
        ],
        cwd=cwd,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def shipped():
    """The shipped data/ loaded once, on the fixed day of tests/shipped.py."""
    from shipped import DATA, TODAY

    from assetmap.load import load

    return load(DATA, today=TODAY)
