"""The "Add your project" tab in Streamlit's AppTest: fill the form, see the checked YAML and the GitHub link."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from assetmap.contrib.form import check_yaml
from assetmap.i18n import Translator
from assetmap.load import load

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
APP = ROOT / "app.py"

SCRIPT = """
from pathlib import Path

import streamlit as st

from assetmap.catalogue import load_catalogue
from assetmap.filters import FilterSpec
from assetmap.labels import Labels
from assetmap.ui import add_record
from assetmap.ui.common import View


@st.cache_resource
def catalogue():
    return load_catalogue(Path({data!r}))


cat = catalogue()
lang = st.query_params.get("lang", "en")
add_record.render(View(cat, FilterSpec(), cat.frame, Labels(cat.vocab, cat.areas, lang)))
"""


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.delenv("ASSETMAP_REPO", raising=False)
    monkeypatch.setenv("ASSETMAP_DATA", str(DATA))


@pytest.fixture
def page(tmp_path) -> AppTest:
    script = tmp_path / "add_page.py"
    script.write_text(SCRIPT.format(data=str(DATA)), encoding="utf-8")
    return AppTest.from_file(str(script), default_timeout=120)


def data_state() -> dict:
    return {str(p): p.stat().st_mtime_ns for p in DATA.rglob("*")}


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def link_urls(at: AppTest) -> list[str]:
    return [el.proto.url for el in at.get("link_button")]


def fill(at: AppTest, name: str, kind: str = "projects") -> None:
    at.selectbox(key="add_kind").set_value(kind).run()
    at.text_input(key="add_name").input(name)
    at.text_area(key="add_summary").input("A community garden in Swansea.\nNeighbours grow food & share it: yes!")
    at.multiselect(key="add_themes").select("community-development")
    at.selectbox(key="add_place").set_value("Swansea")
    at.multiselect(key="add_areas_served").select("swansea")
    at.text_input(key="add_started").input("2015")
    at.text_input(key="add_source_title").input("Our own website")
    at.text_input(key="add_source_url").input("https://example.org/garden?a=1&b=2")


def test_fill_check_and_propose(page):
    before = data_state()
    at = page.run()
    assert not at.exception
    assert not at.code
    fill(at, "Gardd Gymunedol Tŷ Gwyrdd #1")
    button(at, "Check my entry").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (code,) = at.code
    text = code.value
    data = yaml.safe_load(text)
    assert data["name"] == "Gardd Gymunedol Tŷ Gwyrdd #1" and data["id"] == "gardd-gymunedol-ty-gwyrdd-1"
    assert data["location"] == {"place": "Swansea"} and data["started"] == 2015
    assert [s.value for s in at.success] == [Translator("en")("add.no_problems")]
    problems = check_yaml(text, "projects", "data/projects/gardd-gymunedol-ty-gwyrdd-1.yaml", load(DATA))
    assert [p for p in problems if p.severity == "error"] == []
    issue, url = link_urls(at)
    assert issue.startswith("https://github.com/coproduction-wales/assetmap/issues/new?template=add-entry.yml&")
    assert parse_qs(urlsplit(issue).query)["name"] == ["Gardd Gymunedol Tŷ Gwyrdd #1"]
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert url.startswith("https://github.com/coproduction-wales/assetmap/new/main?")
    assert query["filename"] == ["data/projects/gardd-gymunedol-ty-gwyrdd-1.yaml"]
    assert query["value"][0].rstrip("\n") == text.rstrip("\n")  # st.code drops the final line break
    assert [b.proto.label for b in at.get("download_button")] == ["Download the file"]
    assert data_state() == before  # nothing written into data/


def test_problems_in_plain_words_and_duplicates(page):
    at = page.run()
    existing = sorted((DATA / "organisations").glob("*.yaml"))[0]
    name = re.search(r'(?m)^name: "?(.*?)"?$', existing.read_text(encoding="utf-8"))[1]
    fill(at, name.upper() + " ", kind="organisations")
    at.text_area(key="add_links").input("http://example.org/")
    button(at, "Check my entry").click().run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # record text is shown Markdown-escaped
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any("links must start with https://" in e for e in errors), errors
    assert any("looks like" in w and f"'{existing.stem}'" in w for w in warnings), warnings
    assert link_urls(at)  # proposing stays possible: a maintainer can help


def test_problems_in_welsh_on_the_welsh_page(page):
    page.query_params["lang"] = "cy"
    at = page.run()
    fill(at, "Gardd Arall")
    at.text_area(key="add_links").input("http://example.org/")
    button(at, Translator("cy")("add.check")).click().run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(
        e.startswith("Dolenni gwe, eitem 1") and "rhaid i ddolenni ddechrau gyda https://" in e for e in errors
    ), errors
    assert not any("links must start" in e for e in errors)


def test_person_form_has_no_postcode_and_records_consent(page):
    at = page.run()
    at.selectbox(key="add_kind").set_value("people").run()
    assert "add_postcode" not in [w.key for w in at.text_input]
    fill(at, "Jo Bloggs", kind="people")
    at.text_input(key="add_role").input("Co-ordinator, Tŷ Gwyrdd")
    button(at, "Check my entry").click().run()
    assert not at.exception
    data = yaml.safe_load(at.code[0].value)
    assert data["consent"]["basis"] == "self-submitted" and "postcode" not in data["location"]
    assert link_urls(at)[1].startswith(
        "https://github.com/coproduction-wales/assetmap/new/main?filename=data%2Fpeople%2F"
    )


def test_welsh_labels(page):
    page.query_params["lang"] = "cy"
    at = page.run()
    assert not at.exception
    cy = Translator("cy")
    assert at.subheader[0].value == cy("add.heading")
    themes = at.multiselect(key="add_themes").options
    vocab = load(DATA).vocab.terms["themes"]
    assert {t.cy for t in vocab.values()} == set(themes)
    assert any(b.label == cy("add.check") for b in at.button)


def test_repository_from_environment(page, monkeypatch):
    monkeypatch.setenv("ASSETMAP_REPO", "https://github.com/someone/fork")
    at = page.run()
    fill(at, "Another Garden")
    button(at, "Check my entry").click().run()
    assert link_urls(at)[1].startswith("https://github.com/someone/fork/new/main?filename=")
    assert link_urls(at)[0].startswith("https://github.com/someone/fork/issues/new?template=add-entry.yml&")


def test_private_details_block_every_way_out(page):
    """A person's email or phone in the summary: no GitHub link, no issue link, no download, and why; fixed: offered."""
    at = page.run()
    fill(at, "Jo Bloggs", kind="people")
    at.text_input(key="add_role").input("Co-ordinator, Tŷ Gwyrdd")
    at.text_area(key="add_summary").input("Jo helps carers. Write to jo.bloggs@example.org or ring 07700 900123.")
    button(at, "Check my entry").click().run()
    assert not at.exception
    assert link_urls(at) == [] and at.get("download_button") == []
    assert Translator("en")("intake.privacy_hold") in [e.value for e in at.error]
    at.text_area(key="add_summary").input("Jo helps carers in Swansea to work with the council.")
    button(at, "Check my entry").click().run()
    assert not at.exception
    assert len(link_urls(at)) == 2 and len(at.get("download_button")) == 1
    assert Translator("en")("intake.privacy_hold") not in [e.value for e in at.error]


def test_private_details_block_says_why_in_welsh(page):
    page.query_params["lang"] = "cy"
    at = page.run()
    fill(at, "Jo Bloggs", kind="people")
    at.text_input(key="add_role").input("Cydlynydd")
    at.text_area(key="add_summary").input("Ffoniwch 07700 900123.")
    button(at, Translator("cy")("add.check")).click().run()
    assert link_urls(at) == [] and at.get("download_button") == []
    assert Translator("cy")("intake.privacy_hold") in [e.value for e in at.error]


def test_a_person_too_broken_to_check_is_not_offered(page):
    """No themes: the record stops at its shape, so the privacy checks could not read it — nothing leaves."""
    at = page.run()
    at.selectbox(key="add_kind").set_value("people").run()
    at.text_input(key="add_name").input("Jo Bloggs")
    at.text_area(key="add_summary").input("Email jo@example.org")
    button(at, "Check my entry").click().run()
    assert not at.exception
    assert link_urls(at) == [] and at.get("download_button") == []


def test_links_one_per_line_limit_stated_and_welsh_flag(page):
    at = page.run()
    fill(at, "Gardd Dolenni")
    at.text_area(key="add_links").input("https://example.org/a,b\nhttps://example.org/c")
    at.text_input(key="add_name_cy").input("Gardd y Dolenni")
    at.checkbox(key="add_translation").check()
    button(at, "Check my entry").click().run()
    assert not at.exception
    data = yaml.safe_load(at.code[0].value)
    assert data["links"] == ["https://example.org/a,b", "https://example.org/c"]
    assert data["translation"] == "unreviewed" and data["name_cy"] == "Gardd y Dolenni"
    name = at.text_input(key="add_name")
    assert name.max_chars == 200 and "200" in name.help


def test_the_form_asks_for_the_shared_field_list(page):
    """The app form, the issue form and the issue parser share FORM_FIELDS: the widgets match it, kind by kind."""
    from assetmap.contrib.fields import FORM_FIELDS, KIND_ORDER

    at = page.run()
    for kind in KIND_ORDER:
        at.selectbox(key="add_kind").set_value(kind).run()
        keys = {
            w.key.removeprefix("add_")
            for group in (at.text_input, at.text_area, at.selectbox, at.multiselect, at.checkbox)
            for w in group
            if w.key and w.key.startswith("add_")
        }
        wanted = {f.name for f in FORM_FIELDS if f.applies_to(kind)}
        assert keys == wanted, (kind, keys ^ wanted)


def test_every_string_exists_in_english_and_welsh():
    source = (ROOT / "assetmap" / "ui" / "add_record.py").read_text(encoding="utf-8")
    used = set(re.findall(r"""t\(\s*f?["']((?:add|intake)\.[a-z_.{}]+)""", source))
    en, cy = Translator("en"), Translator("cy")
    en_keys = {k for k in en._own if k.startswith(("add.", "intake."))}
    cy_keys = {k for k in cy._own if k.startswith(("add.", "intake."))}
    assert en_keys == cy_keys
    for key in used:
        if "{" in key:  # add.basis.{b}
            prefix = key.split("{")[0]
            assert any(k.startswith(prefix) for k in en_keys), key
        else:
            assert key in en_keys, key


@pytest.mark.skipif(
    not APP.exists() or "add_record" not in (ROOT / "assetmap" / "ui" / "page.py").read_text(),
    reason="app.py does not show the add page yet",
)
def test_add_page_is_reachable_in_the_app():
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["view"] = "add"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert Translator("en")("tabs.add") in [t.label for t in at.tabs]
    fill(at, "Gardd Gymunedol Newydd")
    button(at, "Check my entry").click().run()
    assert not at.exception
    assert at.code and "name: Gardd Gymunedol Newydd" in at.code[0].value
    assert any(u.startswith("https://github.com/") for u in link_urls(at))
