"""The about view: what the map is, and where to read how to contribute."""

from __future__ import annotations

import streamlit as st

from assetmap.contrib.form import repository_url
from assetmap.ui.common import View


def render(view: View) -> None:
    st.markdown(view.t("about.body"))
    st.link_button(view.t("about.contributing"), f"{repository_url()}/blob/main/CONTRIBUTING.md")
