"""The detail panel: one record, its labels, and its related records as links that open their own panel."""

from __future__ import annotations

import streamlit as st

from assetmap.outputs.detail import build_detail
from assetmap.ui.common import View, close_record, md, open_record


def render(view: View, rid: str | None) -> None:
    t = view.t
    detail = build_detail(view.cat, rid, view.labels) if rid else None
    if detail is None:
        st.info(t("detail.none"))
        return
    with st.container(border=True):
        st.caption(md(view.labels("kinds", detail.kind)))
        st.subheader(md(detail.name), anchor=False)
        if detail.other_name:
            st.caption(md(detail.other_name))
        st.markdown(md(detail.summary))
        for heading, values in ((t("detail.themes"), detail.themes), (t("detail.sectors"), detail.sectors),
                                (t("detail.work_streams"), detail.work_streams), (t("detail.needs"), detail.needs)):
            if values:
                st.markdown(f"**{md(heading)}:** " + " ".join(f":blue-badge[{md(v)}]" for v in values))
        where = ", ".join(x for x in (detail.place, detail.area) if x)
        facts = [(t("detail.place"), where), (t("detail.areas_served"), ", ".join(detail.areas_served)),
                 (t("detail.status"), detail.status), (t("detail.dates"), detail.dates), *detail.extra]
        for label, value in facts:
            if value:
                st.markdown(f"**{md(label)}:** {md(value)}")
        if detail.links:
            st.markdown(f"**{md(t('detail.links'))}:**")
            for link in detail.links:
                st.link_button(md(link[:60]), link)
        st.markdown(f"**{md(t('detail.sources'))}:** " + "; ".join(md(s) for s in detail.sources))
        st.caption(md(t("detail.last_reviewed", date=detail.last_reviewed)))
        if detail.stale:
            st.warning(md(detail.stale), icon="⏳")
        for heading, records in detail.related:
            st.markdown(f"**{md(heading)}**")
            for rel in records:
                st.button(f"{md(rel.name)} · {md(view.labels('kinds', rel.kind))}", key=f"rel-{heading}-{rel.id}",
                          on_click=open_record, args=(rel.id,))
        st.button(t("detail.close"), key="close-detail", on_click=close_record)
