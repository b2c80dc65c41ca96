"""The about view: what the map is, where to read how to contribute, and who to write to without GitHub."""

from __future__ import annotations

import streamlit as st

from assetmap.contrib.form import contact_address, repository_url
from assetmap.ui.common import View, md


def render(view: View) -> None:
    st.markdown(view.t("about.body"))
    # removal and entries without a GitHub account (issue 14): $ASSETMAP_CONTACT or the default in contrib.form
    st.markdown(view.t("intake.about_contact", contact=md(contact_address())))
    st.link_button(view.t("about.contributing"), f"{repository_url()}/blob/main/CONTRIBUTING.md")
