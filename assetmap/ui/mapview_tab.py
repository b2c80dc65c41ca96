"""The map tab: the filtered records as clustered markers; a click opens the record's panel."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from assetmap.outputs.mapview import RETURNED_OBJECTS, build_map, clicked_id
from assetmap.records.schema import SINGULAR
from assetmap.ui.common import View, open_record


def render(view: View, selected: str | None) -> None:
    t = view.t
    if view.frame.empty:
        st.info(t("map.empty"))
    kind_labels = {k: view.labels("kinds", k) for k in SINGULAR.values()}
    # A selection made on the map itself must not rebuild the map (that would reset the view);
    # a selection from the list or the URL centres the map on it.
    centre = selected if selected and selected != st.session_state.get("_map_clicked") else None
    m = build_map(view.frame, lang=view.lang, labels=kind_labels, selected=centre)
    result = st_folium(m, returned_objects=RETURNED_OBJECTS, key="map", height=560, use_container_width=True)
    rid = clicked_id(result, view.frame)
    popup = (result or {}).get("last_object_clicked_popup")
    if rid and popup != st.session_state.get("_map_last_popup"):
        st.session_state["_map_last_popup"] = popup
        st.session_state["_map_clicked"] = rid
        open_record(rid, from_map=True)
        st.rerun()
    st.caption(t("map.hint"))
