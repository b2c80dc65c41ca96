"""The about view: what the map is, where to read how to contribute, and who to write to without GitHub."""

from __future__ import annotations

import streamlit as st

from assetmap.contrib.form import contact_address, repository_url
from assetmap.ui.common import View, md


def contact_text(view: View, key: str) -> str:
    """`intake.<key>` with this deployment's contact address, or the note that it has none yet."""
    address = contact_address()
    return view.t(f"intake.{key}", contact=md(address)) if address else view.t("intake.no_contact")


def render(view: View) -> None:
    st.markdown(view.t("about.body"))
    # removal and entries without a GitHub account (issue 14): $ASSETMAP_CONTACT
    st.markdown(contact_text(view, "about_contact"))
    st.link_button(view.t("about.contributing"), f"{repository_url()}/blob/main/CONTRIBUTING.md")
