"""The detail panel: one record, its labels, and its related records as links that open their own panel."""

from __future__ import annotations

import html

import streamlit as st

from assetmap.outputs.detail import build_detail
from assetmap.ui.common import View, close_record, md, open_record
from assetmap.ui.document import focus_panel


def render(view: View, rid: str | None) -> None:
    t = view.t
    detail = build_detail(view.cat, rid, view.labels) if rid else None
    if detail is None:
        st.info(t("detail.none"))
        return
    with st.container(border=True, key="detail-panel"):
        st.caption(md(view.labels("kinds", detail.kind)))
        st.subheader(md(detail.name), anchor=False)
        if detail.other_name:
            st.caption(md(detail.other_name))
        if detail.summary_lang != view.lang:
            # said once per panel; the English text is marked so a screen reader switches voice for it
            st.caption(md(t("page.no_welsh")))
        elif detail.unreviewed:
            st.caption(md(t("page.unreviewed")))
        st.html(f'<p lang="{detail.summary_lang}">{html.escape(detail.summary)}</p>')
        for heading, values in (
            (t("detail.themes"), detail.themes),
            (t("detail.sectors"), detail.sectors),
            (t("detail.work_streams"), detail.work_streams),
            (t("detail.needs"), detail.needs),
        ):
            if values:
                st.markdown(f"**{md(heading)}:** " + " ".join(f":blue-badge[{md(v)}]" for v in values))
        where = ", ".join(dict.fromkeys(x for x in (detail.place, detail.area) if x))  # "Powys", not "Powys, Powys"
        facts = [
            (t("detail.place"), where),
            (t("detail.areas_served"), ", ".join(detail.areas_served)),
            (t("detail.status"), detail.status),
            (t("detail.dates"), detail.dates),
            *detail.extra,
        ]
        for label, value in facts:
            if value:
                st.markdown(f"**{md(label)}:** {md(value)}")
        if detail.links:
            st.markdown(f"**{md(t('detail.links'))}:**")
            for link in detail.links:
                st.link_button(md(link[:60]), link)
        st.markdown(f"**{md(t('detail.sources'))}:**")
        st.markdown("\n".join(f"- {_source(s)}" for s in detail.sources))
        for line in (detail.as_of, detail.edited):
            if line:
                st.caption(md(line))
        if detail.not_confirmed:
            st.warning(md(detail.not_confirmed), icon="⏳")
        for heading, records in detail.related:
            st.markdown(f"**{md(heading)}**")
            for rel in records:
                st.button(
                    f"{md(rel.name)} · {md(view.labels('kinds', rel.kind))}",
                    key=f"rel-{heading}-{rel.id}",
                    on_click=open_record,
                    args=(rel.id,),
                )
        st.button(t("detail.close"), key="close-detail", on_click=close_record)
    focus_panel()


def _source(src) -> str:
    """A source by its title and date, linked when it has a web address (never by an internal file name)."""
    text = md(f"{src.title}, {src.date}" if src.date else src.title)
    # the URL passed the https check; '<' '>' ')' would end the Markdown link early, so percent-encode them
    url = src.url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{text}]({url})" if url.startswith("https://") else text
