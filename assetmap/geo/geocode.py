"""Where each record goes on the map, offline.

Order: explicit lat/lon -> place (gazetteer) -> postcode district -> the location of the organisation
(or person) it belongs to -> the first principal area it serves -> the middle of Wales for all-Wales records.
People are only ever placed by town, their organisation or their area (see checks.privacy).
"""

from __future__ import annotations

from dataclasses import dataclass

from assetmap.geo.areas import Areas
from assetmap.geo.gazetteer import Gazetteer
from assetmap.records.checks import Loaded
from assetmap.records.schema import MODELS

# Near Llandrindod Wells: the conventional centre for records that serve all of Wales.
WALES_CENTRE = (52.33, -3.52)
# fields that point at whoever "owns" a record, in order of preference
OWNER_FIELDS = ("organisation", "offered_by", "members", "lead")


@dataclass(frozen=True, slots=True)  # one per record on the map
class Located:
    lat: float
    lon: float
    place: str
    area: str  # principal-area id, '' outside Wales or for all-Wales records
    how: str  # coordinates | place | postcode | organisation | area
    # False when the point is an area's centre (placed by area, or by an owner placed so): its area is not
    # where the point falls, so point-in-polygon must not replace it
    by_point: bool = True


class Geocoder:
    def __init__(self, records: dict[str, Loaded], gazetteer: Gazetteer, areas: Areas, names: bool = True):
        """`names` False: only whether and roughly where, without the nearest settlement to a point (most of
        the cost at scale); `validate` needs no more, and what it finds is never shown."""
        self.records, self.gaz, self.areas, self.names = records, gazetteer, areas, names
        self.done: dict[str, Located | None] = {}

    def locate(self, rid: str, _visiting: frozenset = frozenset()) -> Located | None:
        if rid not in self.done:
            self.done[rid] = self._locate(rid, _visiting | {rid})
        return self.done[rid]

    def _locate(self, rid: str, visiting: frozenset) -> Located | None:
        item = self.records[rid]
        rec, person = item.record, item.kind == "people"
        loc = rec.location
        if loc is not None:
            if loc.lat is not None and loc.lon is not None and not person:
                near = self.gaz.nearest_place(loc.lat, loc.lon) if self.names else None
                return Located(
                    loc.lat, loc.lon, loc.place or (near.name if near else ""), near.area if near else "", "coordinates"
                )
            if loc.place:
                hit = self.gaz.lookup(loc.place)
                if hit is not None:
                    return Located(hit.lat, hit.lon, hit.name, hit.area, "place")
            if loc.postcode and not person:
                hit = self.gaz.postcode(loc.postcode)
                if hit is not None:
                    return Located(hit.lat, hit.lon, loc.place or hit.name, hit.area, "postcode")
        for fname in OWNER_FIELDS:
            value = getattr(rec, fname, None)
            for owner in [value] if isinstance(value, str) else (value or ()):
                target = self.records.get(owner)
                # only a clean record of the kind the field names may lend its location
                if (
                    target is None
                    or not target.ok
                    or target.kind not in MODELS[item.kind].references.get(fname, ())
                    or owner in visiting
                ):
                    continue
                found = self.locate(owner, visiting)
                if found is None:
                    continue
                if person and found.how == "coordinates":  # people: the owner's town, never its exact spot
                    near = self.gaz.nearest_place(found.lat, found.lon)
                    if near is not None:
                        return Located(near.lat, near.lon, near.name, found.area, "organisation")
                return Located(found.lat, found.lon, found.place, found.area, "organisation", found.by_point)
        for area_id in rec.areas_served:
            area = self.areas.areas.get(area_id)
            if area is not None:
                return Located(area.lat, area.lon, area.en, area.id, "area", by_point=False)
        if "wales" in rec.areas_served:
            return Located(*WALES_CENTRE, "Wales", "", "area", by_point=False)
        return None
