"""AppTest: the network, prospective-partner, find-help and gap views, each rendered by a small page that
builds a View the way the app does; clicks open the detail panel (session state `selected`). One test
runs the real app.py with the same data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).parent))
from test_connections import make_small_data, write  # noqa: E402

ROOT = Path(__file__).parent.parent
HOSTILE = "Evil <img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) $x$ :red[red]"

PAGE = """
from pathlib import Path
import streamlit as st
from assetmap.catalogue import load_catalogue
from assetmap.filters import FilterSpec
from assetmap.labels import Labels
from assetmap.ui.common import View
from assetmap.ui import {module} as part

@st.cache_resource
def catalogue():
    return load_catalogue(Path({data!r}))

cat = catalogue()
spec = FilterSpec(**st.session_state.get("spec", {{}}))
labels = Labels(cat.vocab, cat.areas, st.session_state.get("lang", "en"))
part.render(View(cat, spec, spec.apply(cat.frame, cat.areas, cat.gazetteer), labels))
st.text("selected=" + str(st.session_state.get("selected")))
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    d = make_small_data(tmp_path_factory.mktemp("app") / "data")
    write(
        d,
        "organisations",
        "hostile-name",
        name=HOSTILE,
        themes=["dementia"],
        location={"place": "Brecon"},
        areas_served=["powys"],
    )
    return d


def page(tmp_path: Path, data: Path, module: str, **state) -> AppTest:
    script = tmp_path / f"page_{module}.py"
    script.write_text(PAGE.format(module=module, data=str(data)), encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def selected(at: AppTest) -> str:
    return [t.value for t in at.text if t.value.startswith("selected=")][-1].removeprefix("selected=")


def frames(at: AppTest) -> dict:
    """Selectable tables by their key's stem (the app adds a hash of the rows shown to each key)."""
    return {df.key.split("-", 1)[0]: df for df in at.dataframe if df.key}


# --- network -----------------------------------------------------------------------------------------------


def test_network_view_draws_a_group_and_lists_records(tmp_path, data):
    at = page(tmp_path, data, "network", selected="alpha-carers")
    assert not at.exception
    charts = at.get("graphviz_chart")
    assert len(charts) == 1
    dot = charts[0].proto.spec
    assert '"alpha-carers"' in dot and 'label="Alpha Carers"' in dot and "penwidth=4" in dot
    assert "gamma-housing" not in dot  # another group
    assert any("connected groups" in m.value for m in at.markdown)
    tables = frames(at)
    members = tables["net_members"]
    assert len(members.value) == 6
    alone = tables["net_alone"].value
    assert "Gamma Housing" in alone.iloc[:, 0].tolist() and "Credu" in alone.iloc[:, 0].tolist()


def test_network_table_row_opens_the_record(tmp_path, data):
    at = page(tmp_path, data, "network")
    rows = frames(at)["net_alone"].value.iloc[:, 0].tolist()
    at.session_state[frames(at)["net_alone"].key] = {
        "selection": {"rows": [rows.index("Gamma Housing")], "columns": []}
    }
    at.run()
    assert not at.exception
    assert selected(at) == "gamma-housing"


def test_network_follows_the_filters(tmp_path, data):
    at = page(tmp_path, data, "network", spec={"kinds": ("organisation",)})
    assert not at.exception
    dot = at.get("graphviz_chart")[0].proto.spec if at.get("graphviz_chart") else ""
    assert "alpha-project" not in dot and "alpha-delta" not in dot
    assert "0 connected groups" in " ".join(m.value for m in at.markdown)  # only organisations: no links left


def test_suggestions_default_to_the_selected_record_and_open_on_click(tmp_path, data):
    at = page(tmp_path, data, "network", selected="alpha-carers")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "both work on dementia in Powys" in text
    assert "Credu offers carer\\-led evaluation" in text
    at.button(key="sugg-beta-dementia").click().run()
    assert not at.exception
    assert selected(at) == "beta-dementia"


def test_hostile_names_are_escaped(tmp_path, data):
    at = page(tmp_path, data, "network", selected="alpha-carers")
    button = at.button(key="sugg-hostile-name")
    assert "<img" not in button.label.replace("\\<img", "") and "\\*\\*bold\\*\\*" in button.label
    assert "\\[click\\]\\(javascript" in button.label and "\\$x\\$" in button.label
    for m in at.markdown:
        assert "<img" not in m.value.replace("\\<img", "")
    at = page(tmp_path, data, "network", selected="hostile-name")
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "<img" not in dot.split('"hostile-name"', 1)[0]  # only ever inside a quoted label
    for line in dot.splitlines():
        assert line.replace('\\"', "").count('"') % 2 == 0


def test_network_in_welsh(tmp_path, data):
    at = page(tmp_path, data, "network", selected="alpha-carers", lang="cy")
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Rhwydwaith partneriaethau", "Darpar bartneriaid"]
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "mae'r ddau'n gweithio ym maes dementia yn ardal Powys" in text


# --- find help ---------------------------------------------------------------------------------------------


def test_find_help_near_a_place(tmp_path, data):
    at = page(tmp_path, data, "skills")
    assert not at.exception
    at.radio(key="help_where").set_value("near").run()
    at.text_input(key="help_place").set_value("Newtown").run()
    at.slider(key="help_km").set_value(30).run()
    at.multiselect(key="help_themes").set_value(["dementia"]).run()
    assert not at.exception
    table = frames(at)["help_results"].value
    distances = table.iloc[:, 0].tolist()
    assert table.iloc[0, 2] == "Pat Person, Co-ordinator" and table.iloc[1, 1] == "Welshpool peer visits"
    local = [d for d in distances if d == d and d is not None]
    assert local == sorted(local)
    assert table.iloc[-1, 1] == "All-Wales dementia resource"  # across Wales, last
    at.session_state[frames(at)["help_results"].key] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    assert selected(at) == "welshpool-peer-visits"


def test_find_help_unknown_place(tmp_path, data):
    at = page(tmp_path, data, "skills")
    at.radio(key="help_where").set_value("near").run()
    at.text_input(key="help_place").set_value("Newtwon").run()
    assert not at.exception
    assert "Newtwon" in at.warning[0].value
    assert "help_results" not in frames(at)


def test_find_help_in_an_area_starts_from_the_sidebar(tmp_path, data):
    at = page(tmp_path, data, "skills", spec={"areas": ("cardiff",)})
    assert not at.exception
    assert at.radio(key="help_where").value == "area"
    at.checkbox(key="help_wales").uncheck().run()
    table = frames(at)["help_results"].value
    assert table.iloc[:, 0].tolist() == ["carer-led evaluation"]


# --- gaps --------------------------------------------------------------------------------------------------


def test_gap_view_table_download_and_map(tmp_path, data):
    at = page(tmp_path, data, "gaps")
    assert not at.exception
    table = next(df for df in at.dataframe).value
    assert table.loc["Dementia", "Powys"] == 7  # six in the unit test's data, plus the hostile-name one
    assert table.loc["Dementia", "Cardiff"] == 0 and table.loc["Dementia", "All of Wales"] == 2
    assert any("theme–area cells have nothing that has not ended" in m.value for m in at.markdown)
    assert at.get("download_button")
    assert at.selectbox(key="gaps_theme").value == "dementia"  # the theme with most to show
    at.multiselect(key="gaps_kinds").set_value(["skill"]).run()
    table = next(df for df in at.dataframe).value
    assert table.loc["Dementia", "Powys"] == 2


def test_gap_view_ignores_place_filters(tmp_path, data):
    at = page(tmp_path, data, "gaps", spec={"areas": ("cardiff",), "themes": ("dementia", "housing")})
    assert not at.exception
    table = next(df for df in at.dataframe).value  # two themes: turned, one area a row
    assert list(table.columns) == ["Dementia", "Housing"]
    assert table.index[0] == "Isle of Anglesey" and table.index[-1] == "All of Wales"
    assert table.loc["Isle of Anglesey", "Housing"] == 1 and table.loc["All of Wales", "Dementia"] == 2


# --- the real page -----------------------------------------------------------------------------------------


@pytest.mark.skipif(not (ROOT / "app.py").exists(), reason="app.py not there yet")
def test_app_tabs_render_and_a_suggestion_opens_the_detail_panel(data, monkeypatch):
    monkeypatch.setenv("ASSETMAP_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["id"] = "alpha-carers"
    at.query_params["view"] = "network"
    at.run()
    assert not at.exception, at.exception
    assert at.get("graphviz_chart")
    at.button(key="sugg-beta-dementia").click().run()
    assert not at.exception
    assert at.session_state["selected"] == "beta-dementia"
    assert "Beta Dementia Cafe" in [s.value for s in at.subheader]
