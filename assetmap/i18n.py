"""Interface strings in English and Welsh, from message catalogues, not code.

`assetmap/locales/<lang>/*.yaml` are merged, one file per part of the app, so parts can be edited apart.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("en", "cy")


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
