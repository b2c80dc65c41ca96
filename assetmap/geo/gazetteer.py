"""Offline gazetteer for Wales and its English border: place names, Welsh names, postcode districts.

Everything comes from committed files in ``data/`` (the first two built by ``scripts/build_gazetteer.py``):

* ``gazetteer.csv`` — one row per place: ``name, name_cy, alt_names, lat, lon, area, country, population,
  geonameid, kind`` (``kind`` is ``place`` for a settlement, ``region`` for an informal area such as Gower,
  ``area`` for one of the 22 principal areas placed at its representative point).
* ``postcode_districts.csv`` — one row per postcode district (outward code) with a centroid and principal area.
* ``places_extra.csv`` (optional) — villages and hamlets not in ``gazetteer.csv``, same columns, loaded after it.

Only the standard library and the records room are imported at module level (``rapidfuzz`` is imported lazily
by :meth:`suggest`), so importing this module and loading the gazetteer stays fast for the CLI.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assetmap.geo.csvsafe import broken, number, read_rows, valid_lat_lon

__all__ = [
    "POSTCODE_RE",
    "OUTWARD_RE",
    "Place",
    "Gazetteer",
    "normalise",
    "normalise_postcode",
    "outward_code",
    "place_rank",
]

#: A full UK postcode (outward code, optional space, inward code), upper case.
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
#: An outward code (postcode district) on its own, e.g. ``CF10``, ``SA1``, ``LL30``.
OUTWARD_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")

#: Villages and hamlets beyond gazetteer.csv (same columns), if the data folder has it.
EXTRA_FILE = "places_extra.csv"

_TOKEN_RE = re.compile(r"[^\W_]+")
_PAREN_RE = re.compile(r"^\s*(.*?)\s*\(\s*([^()]*?)\s*\)\s*$")
_KIND_RANK = {"place": 0, "region": 1, "area": 2, "postcode": 3}
_COUNTRY_WORDS = {"england": "england", "lloegr": "england", "wales": "wales", "cymru": "wales"}


def normalise(name: str) -> str:
    """Matching key for a place name.

    Case-folds, strips accents (ŵ→w, ŷ→y, â→a), turns "&" into "and", reads the word "St"/"St." as
    "Saint", then drops punctuation, hyphens and spaces, so "Llan Ffestiniog" = "Llan-ffestiniog" =
    "Llanffestiniog" and "St. David's" = "Saint Davids".
    """
    s = name.casefold()
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    if "&" in s:
        s = s.replace("&", " and ")
    return "".join("saint" if tok == "st" else tok for tok in _TOKEN_RE.findall(s))


def normalise_postcode(postcode: str) -> str:
    """Upper-case a postcode and collapse its whitespace: ``" cf10  5bf "`` → ``"CF10 5BF"``."""
    return " ".join(postcode.upper().split())


def outward_code(postcode: str) -> str | None:
    """The outward code (district) of a full postcode or of an outward code alone; ``None`` if neither."""
    s = normalise_postcode(postcode)
    compact = s.replace(" ", "")
    if POSTCODE_RE.match(s) or POSTCODE_RE.match(compact):
        return compact[:-3]
    if OUTWARD_RE.match(compact):
        return compact
    return None


def place_rank(tier: int, kind: str, country: str, population: int, order: int) -> tuple:
    """How places sharing a name are ranked, best first: by ``tier`` (the English name, then the Welsh name,
    then another spelling), settlement before region before area before postcode district, Wales before
    England, the more populous first, then file ``order``. scripts/build_gazetteer.py ranks with it too, so
    the postcode districts it builds agree with what :meth:`Gazetteer.lookup` finds."""
    return (tier, _KIND_RANK.get(kind, 9), country != "wales", -population, order)


@dataclass(frozen=True)
class Place:
    """A geocoded place. ``area`` is a principal-area id ('' outside Wales); ``country`` is wales|england.

    ``kind`` is ``place`` (settlement), ``region`` (informal area, e.g. Gower), ``area`` (a principal area at its
    representative point) or ``postcode`` (a postcode-district centroid).
    """

    name: str
    name_cy: str
    lat: float
    lon: float
    area: str
    country: str
    kind: str = "place"


@dataclass(frozen=True)
class _Entry:
    place: Place
    alt_names: tuple[str, ...]
    population: int
    order: int


def _place(row: dict, name: str, name_cy: str, kind: str, path: Path, line: int) -> Place:
    lat, lon = number(row, "lat", path, line, float), number(row, "lon", path, line, float)
    if not valid_lat_lon(lat, lon):
        raise broken(path, line, "coordinates", lat=row["lat"][:30], lon=row["lon"][:30])
    return Place(name=name, name_cy=name_cy, lat=lat, lon=lon, area=row["area"], country=row["country"], kind=kind)


#: The columns each file must have (more are allowed).
PLACE_COLUMNS = ("name", "name_cy", "alt_names", "lat", "lon", "area", "country", "population")
DISTRICT_COLUMNS = ("district", "place", "place_cy", "lat", "lon", "area", "country")


def _mtime(path: Path) -> int:
    try:
        return os.lstat(path).st_mtime_ns
    except OSError:
        return 0


_CELL_DEG = 0.25
_NEAREST_KEPT = 20_000  # answers remembered per gazetteer (shared by every catalogue that uses it)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


def _closest(places: list[Place], lat: float, lon: float, coslat: float) -> tuple[float, Place] | None:
    """(squared equirectangular distance in degrees of latitude, place) of the closest, or None."""
    best = None
    for p in places:
        d = (p.lat - lat) ** 2 + ((p.lon - lon) * coslat) ** 2
        if best is None or d < best[0]:
            best = (d, p)
    return best


class Gazetteer:
    """Name and postcode look-ups over the committed gazetteer files. Build with :meth:`load`."""

    _cache: dict[tuple[str, int, int], Gazetteer] = {}

    def __init__(self, entries: list[_Entry], districts: dict[str, Place]) -> None:
        self._entries = entries
        self._districts = districts
        # normalised key -> list of (tier, entry index); tier 0 = name, 1 = Welsh name, 2 = other spelling
        index: dict[str, list[tuple[int, int]]] = {}
        for i, e in enumerate(entries):
            p = e.place
            seen: set[str] = set()
            for tier, names in ((0, (p.name,)), (1, (p.name_cy,)), (2, e.alt_names)):
                for n in names:
                    if not n:
                        continue
                    key = normalise(n)
                    if key and key not in seen:
                        seen.add(key)
                        index.setdefault(key, []).append((tier, i))
        self._index = index
        # principal-area labels (from the kind=area rows) for "Name (Area)" disambiguation
        self._area_keys: dict[str, str] = {}
        for e in entries:
            if e.place.kind == "area":
                for n in (e.place.name, e.place.name_cy, e.place.area):
                    if n:
                        self._area_keys.setdefault(normalise(n), e.place.area)
        self._area_label = {e.place.area: e.place.name for e in entries if e.place.kind == "area"}
        self._display: list[str] | None = None
        self._keys: list[str] | None = None
        self._grid: dict[tuple[int, int], list[Place]] | None = None  # built on first nearest_place
        # the places of each cell's 3x3 neighbourhood, and each point's answer: records placed by town share points
        self._hood: dict[tuple[int, int], list[Place]] = {}
        self._nearest: dict[tuple[float, float], Place | None] = {}

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, data_dir: Path | str) -> Gazetteer:
        """Load ``gazetteer.csv``, ``places_extra.csv`` (villages and hamlets, same columns; optional) and
        ``postcode_districts.csv`` from ``data_dir`` (cached per path and modification times).

        A pull request may change these files like any record, so they are read as records are (no links,
        regular files only, at most ``MAX_CSV_BYTES``, UTF-8) and every coordinate must be a finite latitude
        and longitude. Raises :class:`assetmap.geo.csvsafe.SupportFileError` (a ``support-file`` Problem) for the first fault.
        """
        data_dir = Path(data_dir)
        gpath = data_dir / "gazetteer.csv"
        xpath = data_dir / EXTRA_FILE
        ppath = data_dir / "postcode_districts.csv"
        key: tuple = (str(data_dir.resolve()), *(_mtime(p) for p in (gpath, xpath, ppath)))
        cached = cls._cache.get(key)
        if cached is not None:
            return cached
        entries: list[_Entry] = []
        for path in (gpath, xpath):
            if path is gpath or os.path.lexists(path):  # a link or folder there: refused
                # the villages come after the towns, so a town wins a shared name at equal rank (order)
                for line, row in read_rows(path, PLACE_COLUMNS):
                    place = _place(row, row["name"], row["name_cy"], row.get("kind") or "place", path, line)
                    alts = tuple(a for a in row["alt_names"].split("|") if a)
                    population = number(row, "population", path, line, int) if row["population"] else 0
                    entries.append(_Entry(place, alts, population, len(entries)))
        districts: dict[str, Place] = {}
        if os.path.lexists(ppath):
            for line, row in read_rows(ppath, DISTRICT_COLUMNS):
                districts[row["district"]] = _place(row, row["place"], row["place_cy"], "postcode", ppath, line)
        gaz = cls(entries, districts)
        cls._cache[key] = gaz
        return gaz

    # ------------------------------------------------------------------ exact look-up
    def _rank(self, cand: tuple[int, int]) -> tuple:
        tier, i = cand
        e = self._entries[i]
        return place_rank(tier, e.place.kind, e.place.country, e.population, e.order)

    def _candidates(self, key: str) -> list[tuple[int, int]]:
        return sorted(self._index.get(key, ()), key=self._rank)

    def lookup(self, name: str) -> Place | None:
        """The place called ``name`` (English, Welsh or other spelling) or with that postcode, or ``None``.

        Matching is exact on :func:`normalise`d names. Where several places share a name, a match on the main
        (English) name beats one on the Welsh name, which beats one on another spelling; then a settlement beats
        an informal region, which beats a principal area; then a place in Wales beats one in England; then the
        more populous wins. A full postcode or a postcode district (any case or spacing) gives the centroid of
        its district (:meth:`postcode`). ``"Name (Qualifier)"`` — the form :meth:`suggest` and :meth:`names` return — is
        understood: the qualifier may be another name of the place (``"Y Fenni (Abergavenny)"``), a principal
        area (``"Newport (Pembrokeshire)"``) or a country (``"Whitchurch (England)"``).
        """
        if not name or not name.strip():
            return None
        cands = self._candidates(normalise(name))
        if cands:
            return self._entries[cands[0][1]].place
        if outward_code(name) is not None:  # "SA9", "sa9 1jj", "SA91JJ": every place box takes a postcode too
            return self.postcode(name)
        m = _PAREN_RE.match(name)
        if not m:
            return None
        base, qual = m.group(1), m.group(2)
        cands = self._candidates(normalise(base))
        if not cands:
            return None
        qkey = normalise(qual)
        for _, i in cands:
            e = self._entries[i]
            p = e.place
            own = {normalise(n) for n in (p.name, p.name_cy, *e.alt_names) if n}
            if qkey in own or self._area_keys.get(qkey) == p.area != "" or _COUNTRY_WORDS.get(qkey) == p.country:
                return p
        return None

    # ------------------------------------------------------------------ display names / fuzzy suggestions
    def _display_names(self) -> list[str]:
        """Per entry, the name shown to people: "Abergavenny", "Newport (Pembrokeshire)", "Whitchurch (England)"."""
        if self._display is None:
            counts: dict[str, int] = {}
            for e in self._entries:
                k = normalise(e.place.name)
                counts[k] = counts.get(k, 0) + 1
            out = []
            for e in self._entries:
                p = e.place
                if counts[normalise(p.name)] > 1 and p.kind != "area":
                    qual = self._area_label.get(p.area, "") if p.country == "wales" else "England"
                    out.append(f"{p.name} ({qual})" if qual and normalise(qual) != normalise(p.name) else p.name)
                else:
                    out.append(p.name)
            self._display = out
        return self._display

    def display_name(self, place: Place, lang: str = "en") -> str:
        """How to show ``place``: its name, or "Y Fenni (Abergavenny)" in Welsh when it has a Welsh name."""
        if lang == "cy" and place.name_cy and place.name_cy != place.name:
            return f"{place.name_cy} ({place.name})"
        return place.name

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` closest known names for a misspelt ``name``, best first.

        Returns display names that :meth:`lookup` resolves: "Abergavenny", or "Y Fenni (Abergavenny)" when the
        Welsh name was the closer match.
        """
        from rapidfuzz import fuzz, process  # lazy: keeps import of this module and load() fast

        key = normalise(name)
        if not key or limit <= 0:
            return []
        if self._keys is None:
            self._keys = list(self._index)
        hits = process.extract(key, self._keys, scorer=fuzz.ratio, limit=max(30, limit * 10), score_cutoff=60)
        display = self._display_names()
        scored: list[tuple[tuple, str]] = []
        for k, score, _ in hits:
            for tier, i in self._index[k]:
                e = self._entries[i]
                p = e.place
                label = display[i]
                if p.name_cy and k == normalise(p.name_cy) and k != normalise(p.name):
                    label = f"{p.name_cy} ({p.name})"
                rank = (-round(score, 6), *place_rank(tier, p.kind, p.country, e.population, e.order))
                scored.append((rank, label))
        scored.sort()
        out: list[str] = []
        for _, label in scored:
            if label not in out:
                out.append(label)
            if len(out) >= limit:
                break
        return out

    def names(self) -> list[str]:
        """Every display name (English, and "Welsh (English)" forms), sorted, for autocomplete."""
        display = self._display_names()
        out: set[str] = set(display)
        for e in self._entries:
            p = e.place
            if p.name_cy and p.name_cy != p.name:
                out.add(f"{p.name_cy} ({p.name})")
        return sorted(out, key=lambda s: (s.casefold(), s))

    # ------------------------------------------------------------------ postcodes and coordinates
    def postcode(self, postcode: str) -> Place | None:
        """Centroid of the postcode district of a full postcode ("CF10 5BF", "cf105bf") or outward code ("SA31")."""
        if not postcode:
            return None
        out = outward_code(postcode)
        if out is None:
            return None
        return self._districts.get(out)

    def districts(self) -> list[str]:
        """The postcode districts (outward codes) the gazetteer knows."""
        return sorted(self._districts)

    def nearest_place(self, lat: float, lon: float) -> Place | None:
        """The nearest settlement (kind ``place``) to a point.

        Looks in the 3x3 grid cells around the point first (a catalogue may locate 50,000 records by
        coordinates); a hit closer than one cell width is certainly the nearest, otherwise scan all.
        """
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        key = (lat, lon)
        if key in self._nearest:
            return self._nearest[key]
        found = self._find_nearest(lat, lon)
        if len(self._nearest) < _NEAREST_KEPT:
            self._nearest[key] = found
        return found

    def _find_nearest(self, lat: float, lon: float) -> Place | None:
        if self._grid is None:
            self._grid = {}
            for e in self._entries:
                if e.place.kind == "place":
                    self._grid.setdefault(_cell(e.place.lat, e.place.lon), []).append(e.place)
        row, col = _cell(lat, lon)
        near = self._hood.get((row, col))
        if near is None:
            near = [p for dr in (-1, 0, 1) for dc in (-1, 0, 1) for p in self._grid.get((row + dr, col + dc), ())]
            self._hood[(row, col)] = near
        coslat = math.cos(math.radians(lat))
        best = _closest(near, lat, lon, coslat)
        cell_width = _CELL_DEG * coslat  # the narrower side of a cell, in degrees of latitude
        if best is not None and best[0] < cell_width**2:
            return best[1]
        best = _closest([p for places in self._grid.values() for p in places], lat, lon, coslat)
        return None if best is None else best[1]

    def nearest_area(self, lat: float, lon: float) -> str:
        """Principal-area id of the nearest settlement; '' if that settlement is in England.

        An approximation near area boundaries (no boundary polygons are shipped).
        """
        p = self.nearest_place(lat, lon)
        return p.area if p is not None and p.country == "wales" else ""

    def __len__(self) -> int:
        return len(self._entries)
