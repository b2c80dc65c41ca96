"""The network tab: who works with whom (partnership network) and who could (prospective partners).

How the network is drawn, and why
---------------------------------
As a graph, with Streamlit's built-in ``st.graphviz_chart`` (Graphviz DOT, laid out in the browser by the
WebAssembly Graphviz bundled with Streamlit), not as lines on the folium map:

* On a map, lines between partner locations collapse: many records sit on the same town or area centroid
  (every Cardiff-based or all-Wales body on one point), so a partnership of co-located members is a line of
  length zero, and national bodies draw a star of lines from mid-Wales that hides everything else.
  Who-works-with-whom is structure, not geography — the map tab already shows the geography.
* ``st.graphviz_chart`` needs no extra package and no CDN (nothing to vendor, works offline), and it is
  safe: record text only ever enters DOT inside quoted, escaped attribute values
  (:func:`assetmap.insights.network.dot_text`), which Graphviz renders as SVG text, never as HTML.
  An SVG laid out with ``networkx.spring_layout`` would need ``unsafe_allow_html``; a JS network component
  is not installed.
* Streamlit passes plain DOT to the ``dot`` engine (a ``layout=`` attribute is ignored), so the drawing is
  an ego network read left to right: the selected record (outlined), its direct links in the next column,
  theirs in the one after (:func:`assetmap.insights.network.to_dot`). Tall and narrow, it fits the page's main
  column with labels still legible; a force-directed blob of long names did not. One connected group is
  drawn at a time, 30 records by default and at most :data:`MAX_DRAWN` (those closest to the selected
  record, breadth first); the tables list every record.

Clicks: the chart cannot send a click back to Python. Each node carries a plain link to this page with
``?id=<record id>`` (and the current filters), which opens that record's detail panel on a fresh page
load; and, as the dependable way, every group and the records with no link are listed in selectable tables
— picking a row calls :func:`open_record` exactly like the map and the list do.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from assetmap.insights.network import clusters, focus, isolated, network, to_dot
from assetmap.insights.suggest import suggest
from assetmap.records.schema import SINGULAR
from assetmap.ui.common import View, md, open_record, pick_table

MAX_DRAWN = 150  # most records one drawing may hold (browser-side layout time, readability)
DRAWN = 30  # records drawn by default
SUGGESTIONS = 10


def _href(rid: str) -> str:
    # the id first: it is what the link is for, whatever the filters add after it
    params = {"id": [rid], **{k: st.query_params.get_all(k) for k in st.query_params if k != "id"}}
    return "?" + urlencode(params, doseq=True)


def _kind_labels(view: View) -> dict[str, str]:
    return {k: view.labels("kinds", k) for k in SINGULAR.values()}


def _records_table(view: View, ids: list[str], g) -> pd.DataFrame:
    t = view.t
    place = view.cat.frame["place"].reindex(ids).fillna("").tolist()
    kinds = _kind_labels(view)
    return pd.DataFrame(
        {
            t("connections.network.name"): [view.name(r) for r in ids],
            t("connections.network.kind"): [kinds.get(g.nodes[r]["kind"], "") for r in ids],
            t("connections.network.place"): place,
            t("connections.network.links"): [g.degree(r) for r in ids],
        },
        index=pd.Index(ids),
    )


def _best_known(view: View, g, group: list[str], n: int = 3) -> str:
    """Names of the best-connected members of a group."""
    return ", ".join(view.name(r) for r in sorted(group, key=lambda r: (-g.degree(r), view.name(r).casefold()))[:n])


def render_network(view: View) -> None:
    t = view.t
    st.caption(t("connections.network.intro"))
    g = network(view.cat, view.frame.index)
    if g.number_of_nodes() == 0:
        st.info(t("connections.network.empty"))
        return
    groups, alone = clusters(g), isolated(g)
    st.markdown(
        md(
            t(
                "connections.network.summary",
                nodes=g.number_of_nodes(),
                links=g.number_of_edges(),
                groups=len(groups),
                alone=len(alone),
            )
        )
    )
    selected = st.session_state.get("selected")
    if groups:
        home = next((i for i, grp in enumerate(groups) if selected in grp), 0)
        names = [_best_known(view, g, grp) for grp in groups]
        choice = st.selectbox(
            t("connections.network.cluster_pick"),
            range(len(groups)),
            index=home,
            format_func=lambda i: t("connections.network.cluster_option", n=i + 1, size=len(groups[i]), names=names[i]),
            placeholder=t("connections.network.cluster_pick"),
        )
        group = groups[choice]
        size = DRAWN
        if len(group) > DRAWN:
            size = st.slider(
                t("connections.network.draw_size"), 10, min(MAX_DRAWN, len(group)), DRAWN, step=5, key="net_draw_size"
            )
        drawn = focus(g, group, selected, size)
        if len(drawn) < len(group):
            st.caption(
                md(t("connections.network.drawn_part", size=len(group), shown=len(drawn), name=view.name(drawn[0])))
            )
        st.graphviz_chart(to_dot(g, drawn, view.name, drawn[0], _href), width="stretch")
        st.caption(t("connections.network.legend"))

        st.markdown(f"**{md(t('connections.network.members_heading'))}**")
        st.caption(t("connections.network.pick_hint"))
        members = sorted(group, key=lambda n: (-g.degree(n), view.name(n).casefold()))
        pick_table(_records_table(view, members, g), members, "net_members")

        with st.expander(t("connections.network.groups_heading")):
            st.dataframe(
                pd.DataFrame(
                    {
                        t("connections.network.group"): [i + 1 for i in range(len(groups))],
                        t("connections.network.size"): [len(grp) for grp in groups],
                        t("connections.network.examples"): names,
                    }
                ),
                hide_index=True,
                width="stretch",
            )

    st.markdown(f"**{md(t('connections.network.alone_heading', n=len(alone)))}**")
    if alone:
        ids = sorted(alone, key=lambda n: view.name(n).casefold())
        pick_table(_records_table(view, ids, g), ids, "net_alone")
    else:
        st.caption(t("connections.network.alone_none"))


def render_suggestions(view: View) -> None:
    t, cat = view.t, view.cat
    st.caption(t("connections.suggest.intro"))
    kinds = _kind_labels(view)
    shown = {
        rid: f"{view.name(rid)} · {kinds.get(kind, kind)}" for rid, kind in zip(cat.frame.index, cat.frame["kind"])
    }
    ids = sorted(shown, key=lambda r: (shown[r].casefold(), r))
    selected = st.session_state.get("selected")
    rid = st.selectbox(
        t("connections.suggest.pick"),
        ids,
        index=ids.index(selected) if selected in shown else None,
        format_func=shown.__getitem__,
        placeholder=t("connections.suggest.pick_none"),
    )
    if rid is None:
        return
    among = None
    if view.spec.active and st.checkbox(t("connections.suggest.only_filtered"), value=False):
        among = view.frame.index
    found = suggest(cat, rid, limit=SUGGESTIONS, lang=view.lang, among=among)
    if not found:
        st.info(t("connections.suggest.none"))
        return
    for s in found:
        with st.container(border=True):
            left, right = st.columns([4, 1])
            left.button(
                md(shown[s.id]),
                key=f"sugg-{s.id}",
                on_click=open_record,
                args=(s.id,),
                help=md(t("connections.suggest.open", name=view.name(s.id))),
            )
            right.markdown(f"{md(t('connections.suggest.score'))}: **{s.score:g}**")
            st.markdown("\n".join(f"- {md(reason)}" for reason in s.reasons))


def render(view: View) -> None:
    t = view.t
    part_network, part_suggest = st.tabs([t("connections.network.heading"), t("connections.suggest.heading")])
    with part_network:
        render_network(view)
    with part_suggest:
        render_suggestions(view)
