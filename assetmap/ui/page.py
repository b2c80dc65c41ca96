"""The asset map page: sidebar filters -> FilterSpec -> map / list / views, with a detail panel beside them.

State lives in the URL (st.query_params): filters, the selected record (`id`) and the language (`lang`),
so a link reproduces the view.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from assetmap.catalogue import Catalogue, load_catalogue
from assetmap.filters import LIST_PARAMS, FilterSpec
from assetmap.i18n import LANGUAGES, Translator
from assetmap.labels import Labels
from assetmap.load import default_data_dir
from assetmap.contrib.form import repository_url
from assetmap.ui import add_record, detail_panel, gaps, listview, mapview_tab, network, sidebar, skills
from assetmap.ui.common import View, md


def data_state(data_dir: Path) -> tuple:
    """A cheap fingerprint of the data files (name, size, mtime): the cache key for the catalogue."""
    state = []
    for root, dirs, files in os.walk(data_dir):
        dirs.sort()
        for name in sorted(files):
            try:
                st_ = os.stat(os.path.join(root, name), follow_symlinks=False)
            except OSError:
                continue
            state.append((root, name, st_.st_size, st_.st_mtime_ns))
    return tuple(state)


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_catalogue(data_dir: str, _state: tuple, state_hash: int) -> Catalogue:
    cat = load_catalogue(Path(data_dir))
    cat.derived["fingerprint"] = state_hash  # a cache key for what is derived from these files
    return cat


def catalogue() -> Catalogue:
    data_dir = default_data_dir().resolve()
    state = data_state(data_dir)
    return cached_catalogue(str(data_dir), state, hash(state))


def _language() -> str:
    lang = st.query_params.get("lang", "en")
    return lang if lang in LANGUAGES else "en"


def main() -> None:
    lang = _language()
    t = Translator(lang)
    st.set_page_config(page_title=t("app.title"), page_icon="🗺️", layout="wide")
    with st.spinner(t("app.loading")):
        cat = catalogue()
    labels = Labels(cat.vocab, cat.areas, lang)

    spec = sidebar.render(cat, labels)
    frame = spec.apply(cat.frame, cat.areas, cat.gazetteer)
    view = View(cat, spec, frame, labels)
    selected = _selected(cat)
    _sync_url(spec, selected, lang)

    st.title(t("app.title"))
    st.caption(t("app.tagline"))
    described = spec.describe(t, labels)
    shown = t("app.showing", n=len(frame), m=len(cat.frame))
    unconfirmed = int((~frame["current"]).sum()) if len(frame) else 0
    sentence = f"**{md(shown)}**" + (f": {md(described)}" if described else "")
    st.markdown(sentence + (f" — {md(t('app.unconfirmed', n=unconfirmed))}" if unconfirmed else ""))
    if spec.near and cat.gazetteer.lookup(spec.near) is None:
        st.warning(t("filters.near_unknown", place=md(spec.near)))

    main_col, side_col = st.columns([3, 2], gap="medium")
    with main_col:
        tabs = st.tabs([t("tabs.map"), t("tabs.list"), t("tabs.network"), t("tabs.skills"), t("tabs.gaps"),
                        t("tabs.add"), t("tabs.about")])
        with tabs[0]:
            mapview_tab.render(view, selected)
        with tabs[1]:
            listview.render(view)
        with tabs[2]:
            network.render(view)
        with tabs[3]:
            skills.render(view)
        with tabs[4]:
            gaps.render(view)
        with tabs[5]:
            add_record.render(view)
        with tabs[6]:
            st.markdown(t("about.body"))
            st.link_button(t("about.contributing"), f"{repository_url()}/blob/main/CONTRIBUTING.md")
    with side_col:
        detail_panel.render(view, st.session_state.get("selected"))


def _selected(cat: Catalogue) -> str | None:
    """The selected record: from this session's clicks, or from the URL on a fresh visit."""
    if "selected" not in st.session_state:
        rid = st.query_params.get("id")
        st.session_state["selected"] = rid if rid in cat.records else None
    return st.session_state["selected"]


def _sync_url(spec: FilterSpec, selected: str | None, lang: str) -> None:
    params: dict[str, str | list[str]] = dict(spec.to_params())
    if selected:
        params["id"] = selected
    if lang != "en":
        params["lang"] = lang
    current = {k: (st.query_params.get_all(k) if k in LIST_PARAMS else st.query_params.get(k))
               for k in st.query_params}
    if current != params:
        st.query_params.from_dict(params)
