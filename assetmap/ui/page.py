"""The asset map page: filters (session state) -> FilterSpec -> one view (TABS) beside the detail panel -> the
sidebar's filter widgets, drawn last.

Only the view on screen runs: the tabs track which one is open (`on_change`), and the others are not
rendered at all. Everything derived from the catalogue is built once per catalogue and shared by every
session (cached_catalogue, Catalogue properties and `derive`, `Catalogue.select` per filter).

State lives in the URL (st.query_params): filters, the view (`view`), the selected record (`id`) and the
language (`lang`), so a link reproduces what you see.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import streamlit as st

from assetmap import snapshot
from assetmap.catalogue import Catalogue, data_stamp, load_catalogue
from assetmap.filters import LIST_PARAMS, FilterSpec
from assetmap.i18n import LANGUAGES, Translator
from assetmap.labels import Labels, place_name
from assetmap.load import default_data_dir
from assetmap.ui import banner, detail_panel, document, sidebar
from assetmap.ui.common import View, md


@dataclass(frozen=True)
class Tab:
    key: str  # in the URL: ?view=<key>; never translated, so shared links work in both languages
    label: str  # message key of the tab's title
    module: str  # assetmap.ui.<module>.render(view) draws it; imported when first shown (networkx, folium…)
    panel: bool = True  # the page puts the detail panel beside it (the map view draws its own)

    @property
    def render(self) -> Callable[[View], None]:
        return importlib.import_module(f"assetmap.ui.{self.module}").render


TABS: tuple[Tab, ...] = (
    Tab("map", "tabs.map", "mapview_tab", panel=False),
    Tab("list", "tabs.list", "listview"),
    Tab("network", "tabs.network", "network"),
    Tab("skills", "tabs.skills", "skills"),
    Tab("gaps", "tabs.gaps", "gaps"),
    Tab("add", "tabs.add", "add_record"),
    Tab("about", "tabs.about", "about"),
)
BY_KEY = {tab.key: tab for tab in TABS}


# shown only while a catalogue loads (a cache miss), in both languages: the URL's language is not known here
LOADING = f"{Translator('en')('app.loading')} / {Translator('cy')('app.loading')}"


@st.cache_resource(show_spinner=LOADING, max_entries=2)
def cached_catalogue(data_dir: str, stamp: tuple) -> Catalogue:
    """One catalogue per data version, shared by every session; a restarted server reads it back from its
    snapshot (assetmap.snapshot) when no file has changed.

    The loaded catalogue is moved out of the garbage collector's sight (gc.freeze): a full collection (Python's
    own, or Streamlit's after every run where runner.postScriptGC is on) walked its millions of objects in
    0.3 s at 10,000 records and 1.5 s at 50,000, with every session's messages waiting behind it.
    Reference counting still frees what a dropped catalogue held; before each load the collector sees
    everything once more, so that what a replaced catalogue left in reference cycles is collected."""
    gc.unfreeze()
    gc.collect()
    cat = load_catalogue(Path(data_dir), snapshots=snapshot.cache_dir())
    gc.freeze()
    return cat


def catalogue() -> Catalogue:
    data_dir = default_data_dir().resolve()
    return cached_catalogue(str(data_dir), data_stamp(data_dir))


def _reload() -> None:
    cached_catalogue.clear()


def _language() -> str:
    lang = st.query_params.get("lang", "en")
    return lang if lang in LANGUAGES else "en"


def _tab() -> Tab:
    """The view on screen: this session's choice, or the URL's on a fresh visit."""
    if "_view" not in st.session_state:
        st.session_state["_view"] = st.query_params.get("view") if st.query_params.get("view") in BY_KEY else "map"
    return BY_KEY[st.session_state["_view"]]


def _switch(key: str, t: Translator) -> None:
    label = st.session_state[key]
    st.session_state["_view"] = next((tab.key for tab in TABS if t(tab.label) == label), "map")


@st.fragment
def _panel(view: View) -> None:
    """The detail panel beside a view: opening a related record reruns only the panel."""
    detail_panel.render(view, st.session_state.get("selected"))


def main() -> None:
    lang = _language()
    t = Translator(lang)
    st.set_page_config(page_title=t("app.title"), page_icon="🗺️", layout="wide")
    cat = catalogue()
    labels = Labels(cat.vocab, cat.areas, lang)

    spec = sidebar.spec(cat, labels)
    _, frame = cat.select(spec)
    view = View(cat, spec, frame, labels)
    selected = _selected(cat)
    current = _tab()
    sidebar.language_toggle(lang)
    document.declare(lang, _sync_url(spec, selected, lang, current.key))

    st.title(t("app.title"), anchor=False)
    st.caption(t("app.tagline"))
    banner.render_banner(cat, lang)  # broken shared files or lost records: said before anything else
    described = spec.describe(t, labels, partial(place_name, cat.gazetteer, lang=lang))
    shown = t("app.showing", n=len(frame), m=len(cat.frame))
    unconfirmed = int((~frame["current"]).sum()) if len(frame) else 0
    sentence = f"**{md(shown)}**" + (f": {md(described)}" if described else "")
    st.markdown(sentence + (f" — {md(t('app.unconfirmed', n=unconfirmed))}" if unconfirmed else ""))
    if spec.near and cat.gazetteer.lookup(spec.near) is None:
        st.warning(t("filters.near_unknown", place=md(spec.near)))

    key = f"view-{lang}"  # the labels change with the language: a new widget, opened on the same view
    containers = st.tabs(
        [t(tab.label) for tab in TABS], default=t(current.label), key=key, on_change=_switch, args=(key, t)
    )
    for tab, container in zip(TABS, containers):
        if not container.open:
            continue  # not on screen: not computed
        with container:
            if not tab.panel:
                tab.render(view)
                continue
            main_col, side_col = st.columns([3, 2], gap="medium")
            with main_col:
                tab.render(view)
            with side_col:
                _panel(view)
    # the sidebar last: the browser gets the view's data before it starts drawing a dozen widgets
    sidebar.render(cat, labels)
    with st.sidebar.expander(t("app.maintainers")):
        st.button(t("app.reload"), help=t("app.reload_help"), on_click=_reload)


def _selected(cat: Catalogue) -> str | None:
    """The selected record: from this session's clicks, or from the URL on a fresh visit."""
    if "selected" not in st.session_state:
        rid = st.query_params.get("id")
        st.session_state["selected"] = rid if rid in cat.records else None
    return st.session_state["selected"]


def _sync_url(spec: FilterSpec, selected: str | None, lang: str, view: str) -> dict[str, str | list[str]]:
    """Put the view into the address bar; returns the query parameters."""
    params: dict[str, str | list[str]] = dict(spec.to_params())
    if view != TABS[0].key:
        params["view"] = view
    if selected:
        params["id"] = selected
    if lang != "en":
        params["lang"] = lang
    current = {k: (st.query_params.get_all(k) if k in LIST_PARAMS else st.query_params.get(k)) for k in st.query_params}
    if current != params:
        st.query_params.from_dict(params)
    return params
