"""What every page piece shares: the current view of the catalogue, safe Markdown, opening a record."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import geopandas as gpd
import streamlit as st

from assetmap.catalogue import Catalogue
from assetmap.filters import FilterSpec
from assetmap.i18n import Translator
from assetmap.labels import Labels

# Markdown (and Streamlit's extras: $…$ maths, :colour[…] directives) that record text must not trigger
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text) -> str:
    """Record text made inert for st.markdown: every Markdown/HTML character is backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


@dataclass
class View:
    cat: Catalogue
    spec: FilterSpec
    frame: gpd.GeoDataFrame  # the filtered catalogue frame
    labels: Labels

    @property
    def t(self) -> Translator:
        return self.labels.t

    @property
    def lang(self) -> str:
        return self.labels.lang

    def name(self, rid: str) -> str:
        """Display name of any record in this view's language (Catalogue.display_name)."""
        return self.cat.display_name(rid, self.lang)


def open_record(rid: str, from_map: bool = False) -> None:
    """Show a record's detail panel: the id goes into the URL so the view can be shared."""
    st.query_params["id"] = rid
    st.session_state["selected"] = rid
    # the panel moves focus to its heading once (document.focus_panel): a keyboard user lands on it
    st.session_state["_focus_panel"] = st.session_state.get("_focus_seq", 0) + 1
    st.session_state["_focus_seq"] = st.session_state["_focus_panel"]
    if not from_map:  # the map will centre on it, so forget the map's last click
        st.session_state.pop("_map_clicked", None)


def close_record() -> None:
    st.session_state["selected"] = None
    st.query_params.pop("id", None)
    # new keys for every selectable table: their selections clear, so the same row can open it again
    st.session_state["_tables_gen"] = st.session_state.get("_tables_gen", 0) + 1


def pick_table(table, ids: list[str], key: str) -> None:
    """A table whose picked row opens that record's panel.

    The widget key includes the rows shown: Streamlit keeps a keyed table's selection when its data
    change, and an old row number must not open whatever record now sits in that row. Closing a panel
    also renews the keys (`close_record`).
    """
    rows_shown = zlib.crc32(chr(10).join(ids).encode())
    wkey = f"{key}-{st.session_state.get('_tables_gen', 0)}-{rows_shown}"
    event = st.dataframe(
        table, hide_index=True, on_select="rerun", selection_mode="single-row", key=wkey, width="stretch"
    )
    rows = event.selection.rows if event else []
    picked = st.session_state.setdefault("_picked", {})
    if rows and rows[0] < len(ids) and picked.get(wkey) != ids[rows[0]]:
        picked[wkey] = ids[rows[0]]  # once: the selection stays on later reruns
        open_record(ids[rows[0]])
        st.rerun()
