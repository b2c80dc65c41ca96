"""The sidebar: language switch, every filter, and the downloads of what is shown."""

from __future__ import annotations

from functools import partial

import streamlit as st

from assetmap.catalogue import Catalogue
from assetmap.filters import LIST_FILTERS, MAX_RADIUS_KM, MAX_TEXT, MIN_RADIUS_KM, FilterSpec
from assetmap.geo.gazetteer import Gazetteer, normalise
from assetmap.labels import Labels

KEYS = ("q", *(f.attr for f in LIST_FILTERS), "near", "radius_km", "since")
# behind "More filters": most visitors pick a kind, a theme, an area or a place. Every widget costs the browser
# ~50 ms to draw on each run, so these are drawn only when wanted (opened by a shared link that sets one of them).
MORE = ("sectors", "work_streams", "regions", "health_boards", "statuses", "since")
# vocabulary order for these; the others are sorted by their label in the chosen language
KEEP_ORDER = ("kinds", "regions", "health_boards", "statuses")
# the keyed choice widgets of the views, kept by meaning across a language switch like the filters
OTHER_CHOICES = ("help_themes", "help_formats", "help_area", "gaps_kinds", "gaps_theme")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}  # each in its own language, never translated


def _init_from_url(cat: Catalogue, labels: Labels) -> None:
    """On a session's first run the widgets start from the URL (unknown values dropped); then the widgets lead."""
    if st.session_state.get("_filters_ready"):
        return
    options = _options(cat, labels)
    spec = FilterSpec.from_params(st.query_params)
    for key in KEYS:
        value = getattr(spec, key)
        if isinstance(value, tuple):
            value = [v for v in value if v in options[key]]
        elif key == "since" and value not in options["since"]:
            value = None
        st.session_state[f"f_{key}"] = value
    st.session_state["f_more"] = any(st.session_state[f"f_{key}"] for key in MORE)
    st.session_state["_filters_ready"] = True


# the filters that are choices, and whether More filters is open (a late-drawn toggle sending back its default
# would close it and clear them); the search box's text is the visitor's until they press Enter
CHOICES = (*(f"f_{key}" for key in KEYS if key != "q"), "f_more")


def _resend(keys) -> None:
    """Assigning a widget's value again makes Streamlit send it to the browser afresh, not only when it changed.

    Every run resends the chosen filters: a select widget that the browser mounts after a run has ended (a
    slow server, a busy phone) holds only its empty default, and the next click (a tab, a row) would send
    that back and silently drop a filter from a shared link."""
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _set_language() -> None:
    """Switch language and keep every filter by meaning.

    Streamlit's browser side holds a select widget's value as the *shown* text ("Carers"); after a switch
    that text is no longer an option ("Gofalwyr") and the next interaction would drop it, or add it as a
    new place. Assigning each value again makes Streamlit send it afresh, shown in the new language: the
    views' choices here, the filters by every run (`spec`).
    """
    st.query_params["lang"] = st.session_state["lang_choice"]
    _resend(OTHER_CHOICES)


def near_choice(gazetteer: Gazetteer, typed: str) -> str:
    """A typed place we do not know ("Abergavenie") becomes the closest known one ("Abergavenny");
    known names, postcodes and postcode districts ("SA9", "sa9 1jj") stay as typed: lookup resolves them."""
    typed = (typed or "").strip()
    if typed and gazetteer.lookup(typed) is None:
        return next(iter(gazetteer.suggest(typed, limit=1)), typed)
    return typed


def _near_in_language(gazetteer: Gazetteer, lang: str) -> None:
    """On the Welsh page a place given by its English name (a shared link's "Cardiff", or a choice made before
    the switch) shows as the Welsh list names it, "Caerdydd (Cardiff)": the same place, as the key and the
    sentence above the map call it."""
    typed = st.session_state.get("f_near") or ""
    place = gazetteer.lookup(typed) if lang == "cy" and typed else None
    if place is not None and normalise(typed) == normalise(place.name):
        st.session_state["f_near"] = gazetteer.display_name(place, "cy")


def _toggle_language() -> None:
    st.session_state["lang_choice"] = "en" if st.session_state.get("lang_choice") == "cy" else "cy"
    _set_language()


def language_toggle(lang: str) -> None:
    """The other language as one button at the top of the page: on a phone the sidebar is closed."""
    other = "en" if lang == "cy" else "cy"
    st.button(LANGUAGE_NAMES[other], key="lang_toggle", on_click=_toggle_language)


def _resolve_near(gazetteer: Gazetteer) -> None:
    st.session_state["f_near"] = near_choice(gazetteer, st.session_state.get("f_near") or "")


def _clear(keys=KEYS) -> None:
    for key in keys:
        st.session_state[f"f_{key}"] = (
            [] if isinstance(getattr(FilterSpec(), key), tuple) else getattr(FilterSpec(), key)
        )


def _toggle_more() -> None:
    """Closing "More filters" clears them: a filter nobody can see must not narrow the map."""
    if not st.session_state.get("f_more"):
        _clear(MORE)


def _options(cat: Catalogue, labels: Labels) -> dict[str, list]:
    options: dict[str, list] = {
        f.attr: list(f.options(cat)) if f.attr in KEEP_ORDER else _sorted(f.options(cat), f.group, labels)
        for f in LIST_FILTERS
    }
    options["since"] = [None, *cat.derive(_years)]
    return options


def spec(cat: Catalogue, labels: Labels) -> FilterSpec:
    """The filters chosen, from this session's state (the URL's on a first run), before any widget is drawn.

    The page draws the map first and the sidebar last (`render`), so the browser gets the map's data before it
    starts on the widgets: ~0.2 s sooner to markers on a filter change at 10,000 records. A widget's value is
    its key's state, so the widgets drawn later show exactly this."""
    _init_from_url(cat, labels)
    _near_in_language(cat.gazetteer, labels.lang)
    _resend(CHOICES)
    values = {key: st.session_state.get(f"f_{key}") for key in KEYS}
    if not st.session_state.get("f_more"):
        values.update(dict.fromkeys(MORE))
    return FilterSpec(
        q=(values["q"] or "").strip(),
        near=values["near"] or "",
        radius_km=float(values["radius_km"] or 10),
        since=values["since"],
        **{f.attr: tuple(values[f.attr] or ()) for f in LIST_FILTERS},
    )


def render(cat: Catalogue, labels: Labels) -> None:
    """Every filter widget, in the sidebar (after `spec`, in the same run)."""
    t = labels.t
    options = _options(cat, labels)
    with st.sidebar:
        st.radio(
            t("app.language"),
            ("en", "cy"),
            index=("en", "cy").index(labels.lang),
            horizontal=True,
            format_func=LANGUAGE_NAMES.get,
            key="lang_choice",
            on_change=_set_language,
        )
        st.header(t("filters.heading"), anchor=False)
        st.text_input(t("filters.search"), key="f_q", placeholder=t("filters.search_hint"), max_chars=MAX_TEXT)

        for f in LIST_FILTERS:
            if f.attr not in MORE:
                _choose(f, options[f.attr], labels)
        st.selectbox(
            t("filters.near"),
            cat.derive(_place_choices),
            key="f_near",
            accept_new_options=True,
            format_func=lambda n: n or t("filters.anywhere"),
            placeholder=t("filters.anywhere"),
            on_change=_resolve_near,
            args=(cat.gazetteer,),
        )
        if st.session_state.get("f_near"):  # a distance means nothing without a place
            st.slider(t("filters.radius"), MIN_RADIUS_KM, MAX_RADIUS_KM, step=1.0, key="f_radius_km")
        if st.toggle(t("filters.more"), key="f_more", help=t("filters.more_help"), on_change=_toggle_more):
            for f in LIST_FILTERS:
                if f.attr in MORE:
                    _choose(f, options[f.attr], labels)
            st.selectbox(
                t("filters.since"),
                options["since"],
                key="f_since",
                format_func=lambda y: t("filters.since_any") if y is None else str(y),
                placeholder=t("filters.since_any"),  # None is "no choice" to Streamlit: it shows the placeholder
            )
        st.button(t("filters.clear"), on_click=_clear)


def _choose(f, options: list, labels: Labels) -> None:
    st.multiselect(
        labels.t(f.label),
        options,
        key=f"f_{f.attr}",
        placeholder=labels.t("filters.any"),
        format_func=partial(labels, f.group),
        select_all=False,  # Streamlit's "Select all" has no translation hook; "Any" means the same
    )


def _years(cat: Catalogue) -> list[int]:
    """The years of the latest sources, newest first: once per catalogue, not every rerun (0.3 s at 50,000)."""
    return sorted({int(x[:4]) for x in cat.frame["as_of"] if x}, reverse=True)


def _place_choices(cat: Catalogue) -> list[str]:
    """ "anywhere" and every place name: a few thousand names sorted once per catalogue, not every rerun."""
    return ["", *cat.gazetteer.names()]


def _sorted(ids, group: str, labels: Labels) -> list[str]:
    return sorted(ids, key=lambda i: labels(group, i).casefold())


def filter_to_area(area_id: str) -> None:
    """Show only the records of one principal area (a click on the map's outline): the area filter's own state.

    Called from the map component's on_change callback (before the script runs, so the widget's state may be set).
    """
    st.session_state["f_areas"] = [area_id]
