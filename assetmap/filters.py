"""Filters as data (like datasette): one FilterSpec drives the frame filter, the caption in words,
the URL query parameters and the downloads.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from assetmap.text import fold

# query parameter -> FilterSpec field, for the fields that hold lists
LIST_PARAMS = {
    "kind": "kinds",
    "theme": "themes",
    "sector": "sectors",
    "stream": "work_streams",
    "area": "areas",
    "region": "regions",
    "hb": "health_boards",
    "status": "statuses",
}
EARTH_KM = 6371.0088
MIN_RADIUS_KM = 1.0
MAX_RADIUS_KM = 100.0


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
        spec = cls(q=one("q", 200), near=one("near"), radius_km=km)
        return replace(spec, **{attr: values(param) for param, attr in LIST_PARAMS.items()})

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
            words = fold(self.q).split()
            text = frame["search_text"].to_numpy()
            keep &= np.fromiter((all(w in t for w in words) for t in text), bool, len(frame))
        if self.kinds:
            keep &= frame["kind"].isin(self.kinds).to_numpy()
        if self.statuses:
            keep &= frame["status"].isin(self.statuses).to_numpy()
        for attr in ("themes", "sectors", "work_streams"):
            wanted = set(getattr(self, attr))
            if wanted:
                keep &= np.fromiter((not wanted.isdisjoint(v) for v in frame[attr]), bool, len(frame))
        if self.areas or self.regions or self.health_boards:
            chosen = self.area_ids(areas)
            keep &= frame["area"].isin(chosen).to_numpy() | np.fromiter(
                (not chosen.isdisjoint(v) for v in frame["areas_served"]), bool, len(frame))
        if self.near:
            centre = gazetteer.lookup(self.near)
            if centre is None:
                keep &= False
            else:
                keep &= distance_km(frame, centre.lat, centre.lon) <= self.radius_km
        return keep

    def apply(self, frame, areas, gazetteer):
        return frame[self.mask(frame, areas, gazetteer)]

    # --- words ---------------------------------------------------------------------------------------
    def describe(self, t, label) -> str:
        """The active filters in words: 'projects about dementia in Powys'.

        `t` is the i18n translator, `label(vocab, id)` gives a term's label in the chosen language.
        """
        if not self.active:
            return ""
        kinds = _join(t, [t(f"kind_plural.{k}") for k in self.kinds]) or t("describe.records")
        parts = [kinds]
        if self.statuses:
            parts.append(t("describe.status", value=_join(t, [t(f"status.{s}") for s in self.statuses])))
        if self.themes:
            parts.append(t("describe.about", value=_join(t, [label("themes", x) for x in self.themes])))
        if self.sectors:
            parts.append(t("describe.sector", value=_join(t, [label("sectors", x) for x in self.sectors])))
        if self.work_streams:
            parts.append(t("describe.stream", value=_join(t, [label("work_streams", x) for x in self.work_streams])))
        places = [label("areas", x) for x in self.areas] + [label("regions", x) for x in self.regions] + [
            label("health_boards", x) for x in self.health_boards]
        if places:
            parts.append(t("describe.in", value=_join(t, places)))
        if self.near:
            parts.append(t("describe.near", km=f"{self.radius_km:g}", place=self.near))
        if self.q:
            parts.append(t("describe.matching", value=self.q))
        return " ".join(parts)


def _join(t, items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('describe.or')} " + items[-1]


def distance_km(frame, lat: float, lon: float) -> np.ndarray:
    """Great-circle (haversine) distance from each row's point, in km — never degrees."""
    lat1, lon1 = np.radians(frame.geometry.y.to_numpy()), np.radians(frame.geometry.x.to_numpy())
    lat2, lon2 = math.radians(lat), math.radians(lon)
    a = np.sin((lat1 - lat2) / 2) ** 2 + np.cos(lat1) * math.cos(lat2) * np.sin((lon1 - lon2) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(a))

