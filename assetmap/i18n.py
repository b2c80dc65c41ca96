"""Interface strings in English and Welsh, from message catalogues, not code.

`assetmap/locales/<lang>/*.yaml` are merged, one file per part of the app, so parts can be edited apart.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from babel.dates import format_date

if TYPE_CHECKING:
    from assetmap.records.schema import When

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("en", "cy")
BABEL_LOCALES = {"en": "en_GB", "cy": "cy"}  # British English dates: 5 March 2024


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@cache
def messages(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.yaml")):
        # our own files, shipped in the package: the plain C loader is enough here
        with open(path, encoding="utf-8") as f:
            out.update(_flatten(yaml.load(f, Loader=yaml.CSafeLoader) or {}))
    return out


class Translator:
    """t('filters.theme') -> 'Theme' / 'Thema'; Welsh falls back to English for a missing key."""

    def __init__(self, lang: str = "en"):
        self.lang = lang if lang in LANGUAGES else "en"
        self._own = messages(self.lang)
        self._en = messages("en")

    def __call__(self, key: str, **values) -> str:
        text = self._own.get(key) or self._en.get(key) or key
        return text.format(**values) if values else text


def format_day(day: dt.date, lang: str = "en") -> str:
    """'5 March 2024' / '5 Mawrth 2024' (Babel's CLDR data, not hand-written month tables)."""
    return format_date(day, "d MMMM y", locale=BABEL_LOCALES.get(lang, "en_GB"))


def format_when(when: When, lang: str = "en") -> str:
    """A date as precise as its source: '2016', 'March 2016', '15 March 2016'; 'about 2016' if approximate."""
    locale = BABEL_LOCALES.get(lang, "en_GB")
    if when.day:
        text = format_date(when.first_day, "d MMMM y", locale=locale)
    elif when.month:
        text = format_date(when.first_day, "LLLL y", locale=locale)
    else:
        text = str(when.year)
    return Translator(lang)("date.about", date=text) if when.approximate else text
