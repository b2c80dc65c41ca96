"""The vendored axe-core runs offline and tells a bad page from a good one (so an empty result means something)."""

from __future__ import annotations

import pytest
from a11y import axe_violations, describe

pytestmark = pytest.mark.browser

BAD = '<html><body><img src="x.png"><p style="color:#999;background:#fff">faint</p></body></html>'
GOOD = (
    '<!doctype html><html lang="cy"><head><title>Prawf</title></head><body><main><h1>Map</h1>'
    '<img src="x.png" alt="Logo"><p style="color:#222;background:#fff">clir</p></main></body></html>'
)


def test_axe_flags_a_bad_page_and_passes_a_good_one(offline_page, tmp_path):
    page = offline_page.page
    (tmp_path / "bad.html").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    page.goto((tmp_path / "bad.html").as_uri())
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= found
    page.goto((tmp_path / "good.html").as_uri())
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert offline_page.blocked == []
