"""The list tab: the same filtered records as a sortable table, for keyboard and screen-reader users."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assetmap.labels import place_name
from assetmap.outputs.exporters import EXPORTERS
from assetmap.ui.common import View, pick_table


@st.cache_data(show_spinner=False, max_entries=8)
def _downloads(_frame, key: tuple) -> dict[str, str]:
    """name -> text of every one-file format in EXPORTERS (folder formats are for the CLI and the site)."""
    return {e.name: e.as_text(_frame) for e in EXPORTERS.values() if not e.is_folder}


def table(view: View) -> pd.DataFrame:
    frame, labels, t = view.frame, view.labels, view.t
    return pd.DataFrame(
        {
            t("list.name"): [view.name(rid) for rid in frame.index],
            t("list.kind"): [labels("kinds", k) for k in frame["kind"]],
            t("list.place"): [place_name(view.cat.gazetteer, p, view.lang) for p in frame["place"]],
            t("list.area"): [labels("areas", a) if a else "" for a in frame["area"]],
            t("list.themes"): [", ".join(labels.many("themes", v)) for v in frame["themes"]],
            t("list.status"): [labels("status", s) for s in frame["status"]],
            # when the facts date from: "2016 — not confirmed since" shown as such (issue 11)
            t("list.as_of"): [
                when if ok else t("detail.not_confirmed", year=when[:4]) if when else t("detail.not_confirmed_undated")
                for when, ok in zip(frame["as_of"], frame["current"])
            ],
        },
        index=frame.index,
    )


def render(view: View) -> None:
    t = view.t
    st.caption(t("list.hint"))
    pick_table(table(view), list(view.frame.index), "list")
    key = (view.spec, view.cat.version)
    texts = _downloads(view.frame, key)
    for column, (name, text) in zip(st.columns(len(texts)), texts.items()):
        exporter = EXPORTERS[name]
        column.download_button(t(exporter.label_key), text, file_name=exporter.filename(), mime=exporter.mime)
