"""Shared pytest fixtures. Browser: one headless Debian Chromium per session, offline pages."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from serving import CHROMIUM, CHROMIUM_ARGS, running_streamlit


@pytest.fixture(scope="session", autouse=True)
def snapshot_folder(tmp_path_factory):
    """The app keeps catalogue snapshots (assetmap.snapshot) in a folder of this test session, not in ~/.cache;
    servers the tests start inherit it."""
    folder = tmp_path_factory.mktemp("snapshots")
    os.environ["ASSETMAP_CACHE"] = str(folder)
    return folder


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


@contextmanager
def streamlit_server(script: Path, cwd: Path, env: dict | None = None):
    """`streamlit run script` on a free loopback port (serving.running_streamlit); yields its URL."""
    with running_streamlit(script, cwd, env) as (url, _pid):
        yield url


@pytest.fixture(scope="session")
def shipped():
    """The shipped data/ loaded once, on the fixed day of tests/shipped.py."""
    from shipped import DATA, TODAY

    from assetmap.load import load

    return load(DATA, today=TODAY)
