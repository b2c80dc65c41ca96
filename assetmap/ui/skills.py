"""The "Find help" tab: who offers skills, know-how, training or mentoring on a theme, near a place.

The search has its own controls, started from the sidebar's themes and "near a place" when those are set;
the results are skills (one row per organisation or person offering each) and people's own offers,
nearest first. Picking a row opens the skill's or the person's detail panel.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assetmap.insights.find_help import find_help
from assetmap.ui.common import View, md, pick_table

WHERE = ("any", "near", "area")


def _who(view: View, o) -> str:
    rec = view.cat.records[o.provider].record
    if o.provider_kind == "person":
        return view.t("connections.skills.person_role", name=view.name(o.provider), role=rec.role)
    return view.name(o.provider)


def render(view: View) -> None:
    t, cat, labels, spec = view.t, view.cat, view.labels, view.spec
    st.subheader(t("connections.skills.heading"), anchor=False)
    st.caption(t("connections.skills.intro"))
    themes = list(cat.vocab.terms.get("themes", {}))
    formats = list(cat.vocab.terms.get("formats", {}))
    left, right = st.columns(2)
    chosen = left.multiselect(
        t("connections.skills.theme"),
        themes,
        default=[x for x in spec.themes if x in themes],
        format_func=lambda x: labels("themes", x),
        key="help_themes",
        placeholder=t("filters.any"),
        select_all=False,
    )
    how = right.multiselect(
        t("connections.skills.format"),
        formats,
        format_func=lambda x: labels("formats", x),
        key="help_formats",
        placeholder=t("filters.any"),
        select_all=False,
    )
    words = st.text_input(t("connections.skills.query"), key="help_q")
    default_where = "near" if spec.near else ("area" if len(spec.areas) == 1 else "any")
    where = st.radio(
        t("connections.skills.where"),
        WHERE,
        index=WHERE.index(default_where),
        horizontal=True,
        format_func=lambda w: t(f"connections.skills.where_{w}"),
        key="help_where",
    )
    near, area, radius = None, None, 25.0
    if where == "near":
        a, b = st.columns([3, 2])
        near = (
            a.text_input(
                t("connections.skills.place"),
                value=spec.near,
                placeholder=t("connections.skills.place_hint"),
                key="help_place",
            ).strip()
            or None
        )
        radius = b.slider(
            t("connections.skills.radius"),
            5,
            150,
            int(min(150, max(5, spec.radius_km))) if spec.near else 25,
            step=5,
            key="help_km",
        )
    elif where == "area":
        areas = list(cat.areas.areas)
        first = spec.areas[0] if spec.areas and spec.areas[0] in areas else areas[0]
        area = st.selectbox(
            t("connections.skills.area"),
            areas,
            index=areas.index(first),
            format_func=lambda x: labels("areas", x),
            key="help_area",
            placeholder=t("connections.skills.area"),
        )
    include_wales = st.checkbox(t("connections.skills.include_wales"), value=True, key="help_wales")

    try:
        offers = find_help(
            cat,
            themes=chosen,
            near=near,
            radius_km=float(radius),
            area=area,
            formats=how,
            q=words,
            include_wales=include_wales,
        )
    except LookupError:
        st.warning(md(t("connections.skills.unknown_place", place=near)))
        hints = cat.gazetteer.suggest(near)
        if hints:
            st.caption(md(t("connections.skills.did_you_mean", names=", ".join(hints))))
        return
    if not offers:
        st.info(t("connections.skills.none"))
        return
    st.caption(md(t("connections.skills.found", n=len(offers))))
    across = t("connections.skills.across_wales")
    table = pd.DataFrame(
        {
            t("connections.skills.distance"): [o.distance_km for o in offers],
            t("connections.skills.what"): [
                view.name(o.what) if o.what_kind == "skill" else ", ".join(labels.many("themes", o.themes))
                for o in offers
            ],
            t("connections.skills.who"): [_who(view, o) for o in offers],
            t("connections.skills.how"): [", ".join(labels.many("formats", o.formats)) for o in offers],
            t("connections.skills.where_col"): [
                ", ".join(x for x in (o.place, across if o.wales else "") if x) for o in offers
            ],
        }
    )
    if near is None:
        table = table.drop(columns=t("connections.skills.distance"))
    pick_table(table, [o.what for o in offers], "help_results")
