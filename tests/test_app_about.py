"""The About tab names where to write without GitHub: $ASSETMAP_CONTACT, or says that none is set (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assetmap.contrib.form import contact_address

ROOT = Path(__file__).parent.parent
APP = ROOT / "app.py"


def about(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["view"] = "about"
    at.query_params["lang"] = lang
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_about_shows_the_contact_address_from_the_environment(monkeypatch, lang):
    monkeypatch.setenv("ASSETMAP_CONTACT", "dileu@example.cymru")
    at = about(lang)
    assert not at.exception
    assert "dileu@example.cymru" in texts(at)
    assert "ASSETMAP_CONTACT" not in texts(at)
    assert ("No GitHub account?" if lang == "en" else "Dim cyfrif GitHub?") in texts(at)


def test_about_says_when_no_address_is_set(monkeypatch):
    monkeypatch.delenv("ASSETMAP_CONTACT", raising=False)
    shown = texts(about())
    assert "no contact address yet" in shown and "@" not in shown  # never an invented address


def test_contact_address_is_one_plain_line(monkeypatch):
    monkeypatch.setenv("ASSETMAP_CONTACT", "  a@example.org\u202e\nb@example.org ")
    assert contact_address() == "a@example.org"
    monkeypatch.setenv("ASSETMAP_CONTACT", "   ")
    assert contact_address() == ""


def test_contributing_says_where_the_contact_address_is_shown():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "ASSETMAP_CONTACT" in text and "About" in text
