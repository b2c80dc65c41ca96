"""What every page piece shares: the current view of the catalogue, safe Markdown, opening a record."""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from ..catalogue import Catalogue
from ..filters import FilterSpec
from ..i18n import Translator
from ..labels import Labels

# Markdown (and Streamlit's extras: $…$ maths, :colour[…] directives) that record text must not trigger
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text) -> str:
    """Record text made inert for st.markdown: every Markdown/HTML character is backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


@dataclass
class View:
    cat: Catalogue
    spec: FilterSpec
    frame: object  # the filtered GeoDataFrame
    labels: Labels

    @property
    def t(self) -> Translator:
        return self.labels.t

    @property
    def lang(self) -> str:
        return self.labels.lang

    def name(self, rid: str) -> str:
        """Display name of any record (Welsh where it has one and Welsh is chosen)."""
        item = self.cat.records.get(rid)
        if item is None:
            return rid
        rec = item.record
        return (rec.name_cy or rec.name) if self.lang == "cy" else rec.name


def open_record(rid: str) -> None:
    """Show a record's detail panel: the id goes into the URL so the view can be shared."""
    st.query_params["id"] = rid
    st.session_state["selected"] = rid
