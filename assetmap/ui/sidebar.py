"""The sidebar: language switch, every filter, and the downloads of what is shown."""

from __future__ import annotations

import streamlit as st

from assetmap.catalogue import Catalogue
from assetmap.filters import MAX_RADIUS_KM, MIN_RADIUS_KM, FilterSpec
from assetmap.labels import Labels
from assetmap.records.schema import SINGULAR

KEYS = ("q", "kinds", "themes", "sectors", "work_streams", "areas", "regions", "health_boards", "statuses", "near",
        "radius_km")
STATUSES = ("active", "planned", "prospective", "ended")


def _init_from_url(options: dict[str, list[str]]) -> None:
    """On a session's first run the widgets start from the URL (unknown values dropped); then the widgets lead."""
    if st.session_state.get("_filters_ready"):
        return
    spec = FilterSpec.from_params(st.query_params)
    for key in KEYS:
        value = getattr(spec, key)
        st.session_state[f"f_{key}"] = [v for v in value if v in options[key]] if isinstance(value, tuple) else value
    st.session_state["_filters_ready"] = True


def _set_language() -> None:
    st.query_params["lang"] = st.session_state["lang_choice"]


def _clear() -> None:
    for key in KEYS:
        st.session_state[f"f_{key}"] = [] if isinstance(getattr(FilterSpec(), key), tuple) else getattr(FilterSpec(), key)


def render(cat: Catalogue, labels: Labels) -> FilterSpec:
    t = labels.t
    options = {
        "kinds": list(SINGULAR.values()),
        "themes": _sorted(cat.vocab.terms["themes"], "themes", labels),
        "sectors": _sorted(cat.vocab.terms["sectors"], "sectors", labels),
        "work_streams": _sorted(cat.vocab.terms["work_streams"], "work_streams", labels),
        "areas": _sorted(cat.areas.areas, "areas", labels),
        "regions": list(cat.areas.regions),
        "health_boards": list(cat.areas.health_boards),
        "statuses": list(STATUSES),
    }
    _init_from_url(options)
    with st.sidebar:
        st.radio(t("app.language"), ("en", "cy"), index=("en", "cy").index(labels.lang), horizontal=True,
                 format_func=lambda code: {"en": "English", "cy": "Cymraeg"}[code], key="lang_choice",
                 on_change=_set_language)
        st.header(t("filters.heading"))
        st.text_input(t("filters.search"), key="f_q", placeholder=t("filters.search_hint"))

        for key, group, label in (("kinds", "kinds", "kind"), ("themes", "themes", "theme"),
                                  ("sectors", "sectors", "sector"), ("work_streams", "work_streams", "work_stream"),
                                  ("areas", "areas", "area"), ("regions", "regions", "region"),
                                  ("health_boards", "health_boards", "health_board"), ("statuses", "status", "status")):
            st.multiselect(t(f"filters.{label}"), options[key], key=f"f_{key}", placeholder=t("filters.any"),
                           format_func=lambda i, group=group: labels(group, i))
        st.selectbox(t("filters.near"), [""] + cat.gazetteer.names(), key="f_near", accept_new_options=True,
                     format_func=lambda n: n or t("filters.anywhere"))
        st.slider(t("filters.radius"), MIN_RADIUS_KM, MAX_RADIUS_KM, step=1.0, key="f_radius_km", disabled=not st.session_state.get("f_near"))
        st.button(t("filters.clear"), on_click=_clear)
    values = {key: st.session_state.get(f"f_{key}") for key in KEYS}
    return FilterSpec(
        q=(values["q"] or "").strip(),
        near=values["near"] or "",
        radius_km=float(values["radius_km"] or 10),
        **{k: tuple(values[k] or ()) for k in KEYS if k not in ("q", "near", "radius_km")},
    )


def _sorted(ids, group: str, labels: Labels) -> list[str]:
    return sorted(ids, key=lambda i: labels(group, i).casefold())
