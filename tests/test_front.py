"""The map behind nginx, as README's "Many visitors at once" runs it for a public server
(scripts/nginx_front.py): nginx serves Streamlit's and the map's script files, Streamlit the rest, the
websocket included. A real nginx and a real Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import streamlit_server
from serving import NGINX, nginx_front
from test_browser_app import open_map

ROOT = Path(__file__).resolve().parent.parent
NGINX_ETAG = re.compile(r'(W/)?"[0-9a-f]+-[0-9a-f]+"')  # modification time and size; Streamlit's is an md5


@pytest.fixture(scope="module")
def front_url():
    if not Path(NGINX).exists():
        if os.environ.get("CI"):  # .ci/run installs it: missing in CI is a failure, not a skip
            pytest.fail(f"this test needs nginx at {NGINX}")
        pytest.skip(f"this test needs nginx at {NGINX} (apt-get install nginx-light)")
    with streamlit_server(ROOT / "app.py", ROOT) as url, nginx_front(url) as front:
        yield front


def test_the_map_works_behind_nginx_which_serves_the_script_files(offline_page, front_url):
    page = offline_page.page
    answers = {}
    page.on("response", lambda r: answers.setdefault(r.url, r))
    frame = open_map(page, front_url + "/?kind=project")
    assert frame.locator(".marker-cluster, .am-m").count() > 0
    assert not offline_page.errors

    scripts = [r for url, r in answers.items() if "/static/js/" in url and "/app/static/" not in url]
    assert len(scripts) > 20 and all(r.status == 200 for r in scripts)
    assert all(r.headers.get("expires") for r in scripts)  # nginx's `expires max`: Streamlit sends no Expires
    leaflet = [r for url, r in answers.items() if "/app/static/vendor/" in url]
    assert leaflet and all(NGINX_ETAG.fullmatch(r.headers.get("etag", "")) for r in leaflet)
