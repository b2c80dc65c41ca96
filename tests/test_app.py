"""The Streamlit app, driven by AppTest: filters, caption, Welsh switch, URL state, detail panel."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assetmap.catalogue import load_catalogue

APP = str(Path(__file__).parent.parent / "app.py")
SHOWING = re.compile(r"(?:Showing|Yn dangos) (\d+) (?:of|o) (\d+)")


@pytest.fixture(scope="module")
def cat():
    return load_catalogue("data")


def start(params=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at) -> tuple[int, int, str]:
    for m in at.markdown:
        hit = SHOWING.search(m.value)
        if hit:
            return int(hit[1]), int(hit[2]), m.value
    raise AssertionError("no 'Showing N of M' caption")


def plain(markdown: str) -> str:
    """Text as the reader sees it: the app backslash-escapes every Markdown character."""
    return re.sub(r"\\(.)", r"\1", markdown)


def param(at, key) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def test_app_runs_and_shows_everything(cat):
    at = start()
    n, m, _ = shown(at)
    assert n == m == len(cat.frame)
    labels = [w.label for w in at.multiselect]
    for word in ("Kind", "Theme", "Area"):
        assert any(word in label for label in labels), (word, labels)
    assert not at.slider, "a distance slider with no place to measure from"
    at.toggle(key="f_more").set_value(True).run()
    labels = [w.label for w in at.multiselect]
    for word in ("Sector", "Work-stream", "region", "health board", "Status"):
        assert any(word in label for label in labels), (word, labels)
    assert at.selectbox(key="f_since")


def test_more_filters_open_for_a_link_that_sets_one_and_closing_them_clears_them():
    at = start({"status": ["ended"]})
    assert at.toggle(key="f_more").value is True
    assert at.multiselect(key="f_statuses").value == ["ended"]
    narrowed = shown(at)[0]
    at.toggle(key="f_more").set_value(False).run()
    assert "status" not in at.query_params
    assert shown(at)[0] > narrowed
    assert not [w for w in at.multiselect if w.key == "f_statuses"]
    assert start().toggle(key="f_more").value is False


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("f_kinds", ["project"]),
        ("f_themes", ["dementia"]),
        ("f_sectors", ["nhs"]),
        ("f_work_streams", ["citizens-network"]),
        ("f_areas", ["powys"]),
        ("f_regions", ["north-wales"]),
        ("f_health_boards", ["aneurin-bevan"]),
        ("f_statuses", ["ended"]),
    ],
)
def test_each_filter_narrows_the_count(key, value):
    at = start()
    total = shown(at)[1]
    at.toggle(key="f_more").set_value(True).run()
    at.multiselect(key=key).set_value(value).run()
    n, m, _ = shown(at)
    assert 0 < n < m == total


def test_text_and_near_filters_narrow():
    at = start()
    total = shown(at)[1]
    at.text_input(key="f_q").input("time bank").run()
    assert 0 < shown(at)[0] < total
    at = start()
    at.selectbox(key="f_near").set_value("Merthyr Tydfil").run()
    at.slider(key="f_radius_km").set_value(10.0).run()
    assert 0 < shown(at)[0] < total


def test_combined_filters_and_caption_in_words():
    at = start()
    at.multiselect(key="f_kinds").set_value(["project"]).run()
    projects = shown(at)[0]
    at.multiselect(key="f_themes").set_value(["dementia"]).run()
    n, _, text = shown(at)
    assert n <= projects
    assert "projects about Dementia" in text
    assert param(at, "kind") == ["project"] and param(at, "theme") == ["dementia"]


def test_query_params_restore_a_view(cat):
    at = start({"kind": ["project"], "area": ["powys"], "id": "barod"})
    n, _, text = shown(at)
    assert "projects in Powys" in text
    assert at.multiselect(key="f_kinds").value == ["project"]
    assert any("Barod" in s.value for s in at.subheader)


def test_url_text_in_messages_is_not_markdown():
    at = start({"near": "[click me](https://evil.example) **x**"})
    warning = at.warning[0].value
    assert "\\[click me\\]" in warning and "\\*\\*x" in warning


def test_welsh_switch_changes_labels():
    at = start()
    at.radio(key="lang_choice").set_value("cy").run()
    assert param(at, "lang") == ["cy"]
    at.toggle(key="f_more").set_value(True).run()
    assert at.toggle(key="f_more").label == "Rhagor o hidlwyr"
    labels = [w.label for w in at.multiselect]
    assert "Thema" in labels and "Ffrwd waith" in labels
    assert shown(at)[2].startswith("**Yn dangos")
    at.multiselect(key="f_themes").set_value(["carers"]).run()
    assert "Gofalwyr" in shown(at)[2]


def test_detail_panel_shows_related_records_that_open_their_own_panel(cat):
    rid = max(cat.neighbours, key=lambda r: len(cat.neighbours[r]) if r in cat.frame.index else -1)
    at = start({"id": rid})
    names = [plain(s.value) for s in at.subheader]
    assert cat.records[rid].record.name in names
    related = [b for b in at.button if b.key and b.key.startswith("rel-")]
    assert related
    related[0].click().run()
    other = at.session_state["selected"]
    assert other != rid and param(at, "id") == [other]
    assert related[0].key.endswith(f"-{other}")
    assert cat.records[other].record.name in [plain(s.value) for s in at.subheader]


def test_bad_url_values_are_ignored(cat):
    at = start({"id": "no-such-record", "theme": ["not-a-theme", "dementia"], "km": "abc"})
    assert not start({"near": "Brecon", "km": "0.5"}).exception
    assert at.multiselect(key="f_themes").value == ["dementia"]
    assert not at.slider  # no place: no distance
    assert start({"near": "Brecon", "km": "abc"}).slider(key="f_radius_km").value == 10.0
    assert any("Pick a marker" in i.value for i in at.info)


def test_about_links_to_the_contributing_guide(monkeypatch):
    monkeypatch.setenv("ASSETMAP_REPO", "https://github.com/example/assetmap")
    at = start({"view": "about"})
    assert any(
        b.proto.url == "https://github.com/example/assetmap/blob/main/CONTRIBUTING.md" for b in at.get("link_button")
    )


def test_list_pick_opens_record_and_does_not_go_stale_after_a_filter_change():
    at = start({"view": "list"})
    table = next(df for df in at.dataframe if df.key and df.key.startswith("list-"))
    first = table.value.iloc[0, 0]
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    picked = at.session_state["selected"]
    assert plain(at.subheader[-1].value) == first or any(plain(s.value) == first for s in at.subheader)
    at.button(key="close-detail").click().run()
    assert at.session_state["selected"] is None and "id" not in at.query_params
    at.multiselect(key="f_kinds").set_value(["skill"]).run()
    assert at.session_state["selected"] is None  # the old row number opened nothing in the new list
    new_key = next(df.key for df in at.dataframe if df.key and df.key.startswith("list-"))
    assert new_key != table.key and picked


def test_every_run_sends_the_chosen_filters_to_the_browser_again():
    """A select widget the browser draws late holds only its empty default and would send that back with
    the next click; so each run sends the chosen values afresh (`set_value`), not only the first."""
    at = start({"kind": "project", "area": "powys", "status": "active"})
    at.run()  # any later run, e.g. after a click on a tab
    for key in ("f_kinds", "f_areas", "f_statuses"):
        widget = at.multiselect(key=key)
        assert widget.value and widget.proto.set_value, key
    more = at.toggle(key="f_more")  # a late toggle sending back "off" would clear the status filter
    assert more.value and more.proto.set_value
    assert not at.text_input(key="f_q").proto.set_value  # the search box's text is the visitor's until Enter
