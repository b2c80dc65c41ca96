"""Display labels in the chosen language, for every id a record can hold (terms, areas, kinds, status)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assetmap.i18n import Translator

if TYPE_CHECKING:
    from assetmap.geo.areas import Areas
    from assetmap.geo.gazetteer import Gazetteer
    from assetmap.records.vocab import Vocabularies


# a record's place may be the country itself ("Wales": an all-Wales body)
COUNTRIES_CY = {"wales": "Cymru", "england": "Lloegr"}


@dataclass(frozen=True)
class Labels:
    vocab: Vocabularies
    areas: Areas
    lang: str = "en"

    @property
    def t(self) -> Translator:
        return Translator(self.lang)

    def __call__(self, group: str, item_id: str) -> str:
        """group: themes, sectors, work_streams, formats, areas, regions, health_boards, kinds, status."""
        if group in ("themes", "sectors", "work_streams", "formats", "needs"):
            return self.vocab.label("themes" if group == "needs" else group, item_id, self.lang)
        if group == "areas":
            if item_id == "wales":
                return self.t("area.wales")
            area = self.areas.areas.get(item_id)
            return (area.cy if self.lang == "cy" else area.en) if area else item_id
        if group in ("regions", "health_boards", "partnership_boards"):
            pair = getattr(self.areas, group).get(item_id)
            return (pair[1] if self.lang == "cy" else pair[0]) if pair else item_id
        if group == "kinds":
            return self.t(f"kind.{item_id}")
        if group == "status":
            return self.t(f"status.{item_id}")
        return item_id

    def many(self, group: str, ids) -> list[str]:
        return [self(group, i) for i in ids]


def place_name(gazetteer: Gazetteer, place: str, lang: str) -> str:
    """A record's place as a reader of ``lang`` calls it: 'Caerdydd' for 'Cardiff' on the Welsh page.

    The place is looked up as the geocoder looked it up, so the Welsh name is that of the same place; a
    place with no Welsh name in the gazetteer (or unknown to it) keeps its name as written in the record.
    """
    if lang != "cy" or not place:
        return place
    found = gazetteer.lookup(place)
    if found is None:  # the gazetteer holds places in the countries, not the countries themselves
        return COUNTRIES_CY.get(place.casefold(), place)
    return found.name_cy or place


def place_names(gazetteer: Gazetteer, places: Iterable[str], lang: str) -> dict[str, str]:
    """:func:`place_name` for each distinct place (a map payload's place table)."""
    return {p: place_name(gazetteer, p, lang) for p in set(places)}
