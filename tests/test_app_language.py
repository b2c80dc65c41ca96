"""The language switch keeps the view by meaning (AppTest): filters, near place, selected record and tab
survive a switch in either direction, between every pair of interactions; Welsh place names and the
'no Welsh version' note in the panel; near-miss place names resolve to the place meant."""

import shutil
from pathlib import Path

import pytest
from test_app import param, plain, shown, start

from assetmap.catalogue import load_catalogue
from assetmap.i18n import Translator
from assetmap.labels import place_name
from assetmap.ui import page
from assetmap.ui.sidebar import near_choice


@pytest.fixture(scope="module")
def cat():
    return load_catalogue("data")


def switch(at, lang: str):
    """Switch language; the caption count, the filters, the selection and the view must not change."""
    before = shown(at)[0], _filters(at), at.session_state["selected"], at.session_state["_view"]
    at.radio(key="lang_choice").set_value(lang).run()
    assert not at.exception, at.exception
    assert param(at, "lang") == [lang] if lang == "cy" else "lang" not in at.query_params
    after = shown(at)[0], _filters(at), at.session_state["selected"], at.session_state["_view"]
    assert after == before
    # and the next interaction keeps them too (what failed before: widget state keyed by shown labels)
    at.text_input(key="f_q").input("").run()
    assert (shown(at)[0], _filters(at), at.session_state["selected"]) == before[:3]


def _filters(at) -> tuple:
    near = at.selectbox(key="f_near").value
    return (
        tuple(at.multiselect(key="f_themes").value),
        tuple(at.multiselect(key="f_areas").value),
        near and page.catalogue().gazetteer.lookup(near),  # by meaning: "Swansea" is "Abertawe (Swansea)"
    )


@pytest.mark.parametrize(("first", "second"), [("en", "cy"), ("cy", "en")])
def test_switching_language_between_every_interaction_keeps_the_view(first, second, cat):
    at = start({"view": "list", **({"lang": "cy"} if first == "cy" else {})})
    at.multiselect(key="f_themes").set_value(["carers"]).run()
    switch(at, second)
    switch(at, first)
    at.multiselect(key="f_areas").set_value(["cardiff", "swansea", "monmouthshire"]).run()
    switch(at, second)
    at.selectbox(key="f_near").set_value("Swansea").run()
    at.slider(key="f_radius_km").set_value(100.0).run()
    switch(at, first)
    n = shown(at)[0]
    assert 0 < n < len(cat.frame)
    table = next(df for df in at.dataframe if df.key and df.key.startswith("list-"))
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    rid = at.session_state["selected"]
    assert rid and param(at, "id") == [rid]
    switch(at, second)
    switch(at, first)
    assert param(at, "id") == [rid] and param(at, "view") == ["list"]
    assert any(plain(s.value) == cat.display_name(rid, first) for s in at.subheader)


def test_a_shared_welsh_link_restores_filters_tab_and_record(cat):
    at = start({"lang": "cy", "view": "list", "theme": ["carers"], "id": "cardiff-council"})
    assert at.session_state["_view"] == "list"
    assert any(df.key and df.key.startswith("list-") for df in at.dataframe)  # the list, not the map
    assert at.multiselect(key="f_themes").value == ["carers"]
    assert "Gofalwyr" in shown(at)[2]
    assert any(plain(s.value) == cat.display_name("cardiff-council", "cy") for s in at.subheader)


def test_the_near_box_names_the_place_in_welsh_on_the_welsh_page():
    english = start({"near": "Cardiff", "km": "5"})
    welsh = start({"near": "Cardiff", "km": "5", "lang": "cy"})
    assert english.selectbox(key="f_near").value == "Cardiff"
    assert welsh.selectbox(key="f_near").value == "Caerdydd (Cardiff)"  # as the Welsh list names it
    assert shown(welsh)[0] == shown(english)[0]  # the same place
    welsh.radio(key="lang_choice").set_value("en").run()
    assert welsh.selectbox(key="f_near").value == "Caerdydd (Cardiff)"  # English readers see both names


def test_welsh_panel_names_the_place_in_welsh_and_says_once_that_the_text_is_english(cat):
    rid = "cardiff-council"
    assert not cat.records[rid].record.summary_cy  # the case under test: no Welsh description
    at = start({"lang": "cy", "id": rid})
    texts = [plain(m.value) for m in at.markdown]
    where = next(x for x in texts if x.startswith("**Ble:**"))
    assert "Caerdydd" in where and "Cardiff" not in where
    note = Translator("cy")("page.no_welsh")
    assert [plain(c.value) for c in at.caption].count(note) == 1
    summary = cat.records[rid].record.summary
    html = [h.proto.body for h in at.get("html") if 'lang="en"' in h.proto.body]
    assert len(html) == 1 and summary.split()[0] in html[0]
    # the English page says nothing of the kind and keeps the English place name
    at = start({"id": rid})
    assert Translator("en")("page.no_welsh") not in [c.value for c in at.caption]
    assert any(plain(m.value).startswith("**Where:** Cardiff") for m in at.markdown)


def test_place_names_in_welsh_where_the_gazetteer_has_one(cat):
    g = cat.gazetteer
    assert [place_name(g, p, "cy") for p in ("Cardiff", "Swansea", "Brecon", "Wales")] == [
        "Caerdydd",
        "Abertawe",
        "Aberhonddu",
        "Cymru",
    ]
    assert place_name(g, "Cardiff", "en") == "Cardiff"
    assert place_name(g, "Bangor", "cy") == "Bangor"  # no other name: unchanged
    assert place_name(g, "Nowhere Special", "cy") == "Nowhere Special"


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [("Abergavenie", "Abergavenny"), ("Abergavenny", "Abergavenny"), ("SA9", "SA9"), ("sa9 1jj", "sa9 1jj")],
)
def test_a_near_miss_place_becomes_the_place_meant(cat, typed, chosen):
    assert near_choice(cat.gazetteer, typed) == chosen
    assert cat.gazetteer.lookup(chosen) is not None


def test_unreviewed_welsh_is_shown_with_a_note(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(Path("data"), data)
    path = data / "organisations" / "cardiff-council.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "summary_cy: Cyngor y ddinas.\ntranslation: unreviewed\n", encoding="utf-8")
    monkeypatch.setenv("ASSETMAP_DATA", str(data))
    at = start({"lang": "cy", "id": "cardiff-council"})
    captions = [plain(c.value) for c in at.caption]
    assert Translator("cy")("page.unreviewed") in captions
    assert Translator("cy")("page.no_welsh") not in captions
    assert any('lang="cy"' in h.proto.body and "Cyngor y ddinas." in h.proto.body for h in at.get("html"))
    at = start({"id": "cardiff-council"})  # the English page shows the English text, with no note
    assert Translator("en")("page.unreviewed") not in [plain(c.value) for c in at.caption]


def test_the_streamlit_words_we_translate_are_still_streamlits_words():
    """STREAMLIT_WORDS finds Streamlit's own English in the page: after a Streamlit upgrade that renames
    one, the Welsh page would show the new English word, so the bundle must still contain each."""
    import streamlit
    import streamlit_folium

    from assetmap.i18n import messages
    from assetmap.ui.document import STREAMLIT_WORDS, streamlit_words

    bundle = "".join(p.read_text(errors="ignore") for p in Path(streamlit.__file__).parent.glob("static/**/*.js"))
    # Streamlit builds "Press Enter to apply" from parts; the rest are whole strings in its bundle
    bundle += (
        " Press Enter to apply Press Ctrl+Enter to apply" if "Enter to ${" in bundle and "`apply`" in bundle else ""
    )
    for slot, table in STREAMLIT_WORDS.items():
        for english, key in table.items():
            if slot == "title":  # a component's frame is titled with the component's declared name
                assert english == f"{streamlit_folium.__name__}.st_folium"
            else:
                assert english in bundle, english
            assert messages("cy")[key] != english and messages("en")[key]
    skip = streamlit_words("cy")['[data-testid="stSkipToContent"]']
    assert skip == {"Skip to main content": "Neidio i'r prif gynnwys"}
