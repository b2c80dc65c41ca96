"""Filters as data (like datasette): one FilterSpec drives the frame filter, the caption in words,
the URL query parameters and the downloads.

Every list filter is one row of `LIST_FILTERS`: its URL parameter, its FilterSpec field, its label, where its
choices come from, how it matches the frame and how it reads in the caption. The sidebar, the URL, the mask
and the caption all walk that table, so a new list filter is one row (plus a FilterSpec field).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from assetmap.geo.distance import haversine_km_array
from assetmap.records.schema import MAX_YEAR, MIN_YEAR, Kind
from assetmap.text import BAD_CHARS, fold


@dataclass(frozen=True)
class ListFilter:
    """One multiple-choice filter. `column` is matched by `match`: 'value' (a plain column: any chosen value)
    or 'any' (a list column: shares a value); 'place' filters are combined into one set of areas (see
    FilterSpec.area_ids). `words` is the caption's message key ('describe.about' -> 'about Dementia')."""

    param: str  # URL query parameter
    attr: str  # FilterSpec field
    label: str  # message key of the widget label
    group: str  # Labels group that names the values
    column: str
    match: str  # value | any | place
    words: str | None  # message key in the caption; None: the kinds name the subject ("projects …")
    options: Callable[[Any], Iterable[str]]  # catalogue -> the choices, in the order of the vocabulary


STATUSES = ("active", "unknown", "planned", "prospective", "ended")
LIST_FILTERS: tuple[ListFilter, ...] = (
    ListFilter("kind", "kinds", "filters.kind", "kinds", "kind", "value", None, lambda cat: [k.singular for k in Kind]),
    ListFilter(
        "theme",
        "themes",
        "filters.theme",
        "themes",
        "themes",
        "any",
        "describe.about",
        lambda cat: cat.vocab.terms["themes"],
    ),
    ListFilter(
        "sector",
        "sectors",
        "filters.sector",
        "sectors",
        "sectors",
        "any",
        "describe.sector",
        lambda cat: cat.vocab.terms["sectors"],
    ),
    ListFilter(
        "stream",
        "work_streams",
        "filters.work_stream",
        "work_streams",
        "work_streams",
        "any",
        "describe.stream",
        lambda cat: cat.vocab.terms["work_streams"],
    ),
    ListFilter("area", "areas", "filters.area", "areas", "area", "place", "describe.in", lambda cat: cat.areas.areas),
    ListFilter(
        "region",
        "regions",
        "filters.region",
        "regions",
        "region",
        "place",
        "describe.in",
        lambda cat: cat.areas.regions,
    ),
    ListFilter(
        "hb",
        "health_boards",
        "filters.health_board",
        "health_boards",
        "health_board",
        "place",
        "describe.in",
        lambda cat: cat.areas.health_boards,
    ),
    ListFilter(
        "status", "statuses", "filters.status", "status", "status", "value", "describe.status", lambda cat: STATUSES
    ),
)
# query parameter -> FilterSpec field, for the fields that hold lists
LIST_PARAMS = {f.param: f.attr for f in LIST_FILTERS}
MIN_RADIUS_KM = 1.0
MAX_RADIUS_KM = 100.0
# The longest search or place a person types (the widgets' max_chars, and what a URL may carry): a 1 MB search
# made every rerun take seconds and every shared link a megabyte (issue 14).
MAX_TEXT = 200


def echo(text: str) -> str:
    """Typed or URL text as the caption may echo it: no control, bidi or invisible characters, one line."""
    return " ".join(BAD_CHARS.sub("", text).split())


@dataclass(frozen=True)
class FilterSpec:
    q: str = ""
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    work_streams: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    health_boards: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    near: str = ""
    radius_km: float = 10.0
    since: int | None = None  # only records with a source or confirmation from this year on

    def __post_init__(self):
        # whichever way the text came (widget, URL, code), what is searched is capped; hidden characters stay,
        # so that a search of only bidi marks still finds nothing, but `describe` never echoes them
        object.__setattr__(self, "q", str(self.q)[:MAX_TEXT].strip())
        object.__setattr__(self, "near", str(self.near)[:MAX_TEXT].strip())

    @property
    def active(self) -> bool:
        return self != FilterSpec(radius_km=self.radius_km)

    # --- query parameters -------------------------------------------------------------------------
    def to_params(self) -> dict[str, str | list[str]]:
        out: dict[str, str | list[str]] = {}
        if self.q:
            out["q"] = self.q
        for param, attr in LIST_PARAMS.items():
            if getattr(self, attr):
                out[param] = list(getattr(self, attr))
        if self.near:
            out["near"] = self.near
            out["km"] = f"{self.radius_km:g}"
        if self.since is not None:
            out["since"] = str(self.since)
        return out

    @classmethod
    def from_params(cls, params: Mapping) -> FilterSpec:
        """From st.query_params or a dict of lists; anything malformed is dropped, never an error."""

        def values(key, limit: int = 100) -> tuple[str, ...]:
            got = params.get_all(key) if hasattr(params, "get_all") else params.get(key, [])
            got = [got] if isinstance(got, str) else list(got) if isinstance(got, (list, tuple)) else []
            return tuple(dict.fromkeys(v.strip()[:limit] for v in got if isinstance(v, str) and v.strip()))[:50]

        def one(key, limit: int = 100) -> str:
            got = values(key, limit)
            return got[0] if got else ""

        try:
            km = float(one("km") or 10)
            km = min(max(km, MIN_RADIUS_KM), MAX_RADIUS_KM) if math.isfinite(km) else 10.0
        except ValueError:
            km = 10.0
        since = one("since", 4)
        spec = cls(
            q=one("q", MAX_TEXT),
            near=one("near", MAX_TEXT),
            radius_km=km,
            since=int(since) if since.isdigit() and MIN_YEAR <= int(since) <= MAX_YEAR else None,
        )
        lists: dict[str, Any] = {attr: values(param) for param, attr in LIST_PARAMS.items()}
        return replace(spec, **lists)

    # --- applying -----------------------------------------------------------------------------------
    def area_ids(self, areas) -> set[str]:
        """Chosen areas plus every area in the chosen regions and health boards."""
        chosen = set(self.areas)
        for area in areas.areas.values():
            if area.region in self.regions or area.health_board in self.health_boards:
                chosen.add(area.id)
        return chosen

    def mask(self, frame, areas, gazetteer) -> np.ndarray:
        keep = np.ones(len(frame), dtype=bool)
        if self.q:
            # words with a letter or digit; a search of only punctuation, emoji or marks finds nothing (not everything)
            words = [w for w in fold(self.q).split() if any(c.isalnum() for c in w)]
            if not words:
                keep &= False
            for w in words:  # a plain substring test, vectorised (pyarrow) for 50,000 records
                keep &= frame["search_text"].str.contains(w, regex=False).to_numpy(dtype=bool, na_value=False)
        places = False
        for f in LIST_FILTERS:
            wanted = getattr(self, f.attr)
            if not wanted:
                continue
            if f.match == "value":
                keep &= frame[f.column].isin(wanted).to_numpy()
            elif f.match == "any":
                chosen = set(wanted)
                keep &= np.fromiter((not chosen.isdisjoint(v) for v in frame[f.column]), bool, len(frame))
            else:
                places = True
        if places:  # an area, region or health board: where it is, or one of the areas it serves
            chosen = self.area_ids(areas)
            keep &= frame["area"].isin(chosen).to_numpy() | np.fromiter(
                (not chosen.isdisjoint(v) for v in frame["areas_served"]), bool, len(frame)
            )
        if self.near:
            centre = gazetteer.lookup(self.near)
            if centre is None:
                keep &= False
            else:
                keep &= distance_km(frame, centre.lat, centre.lon) <= self.radius_km
        if self.since is not None:
            keep &= (frame["as_of"].str.slice(0, 4) >= str(self.since)).to_numpy()
        return keep

    def apply(self, frame, areas, gazetteer):
        return frame[self.mask(frame, areas, gazetteer)]

    # --- words ---------------------------------------------------------------------------------------
    def describe(self, t, label, place=str) -> str:
        """The active filters in words: 'projects about dementia in Powys'.

        `t` is the i18n translator, `label(vocab, id)` gives a term's label in the chosen language, and
        `place(name)` a place's name in it (Caerdydd).
        """
        if not self.active:
            return ""
        kinds = _join(t, [t(f"kind_plural.{k}") for k in self.kinds]) or t("describe.records")
        parts = [kinds]
        by_words: dict[str, list[str]] = {}  # the place filters share one phrase: "in Powys or Gwent"
        for f in LIST_FILTERS:
            if f.words and getattr(self, f.attr):
                by_words.setdefault(f.words, []).extend(label(f.group, x) for x in getattr(self, f.attr))
        for key, names in by_words.items():
            parts.append(t(key, value=_join(t, names)))
        if self.near:
            parts.append(t("describe.near", km=f"{self.radius_km:g}", place=echo(place(self.near))))
        if self.since is not None:
            parts.append(t("describe.since", year=self.since))
        if self.q:
            parts.append(t("describe.matching", value=echo(self.q)))
        return " ".join(parts)


def _join(t, items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('describe.or')} " + items[-1]


def distance_km(frame, lat: float, lon: float) -> np.ndarray:
    """Great-circle (haversine) distance from each row's point, in km — never degrees."""
    return haversine_km_array(frame.geometry.y.to_numpy(), frame.geometry.x.to_numpy(), lat, lon)
