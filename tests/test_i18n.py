"""Every interface string exists in English and Welsh, with the same placeholders."""

import re

from assetmap.i18n import Translator, messages

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_welsh_has_every_english_key_with_the_same_placeholders():
    en, cy = messages("en"), messages("cy")
    assert set(en) == set(cy), sorted(set(en) ^ set(cy))
    for key in en:
        assert set(PLACEHOLDER.findall(en[key])) == set(PLACEHOLDER.findall(cy[key])), key


def test_translator_formats_and_falls_back():
    assert Translator("cy")("filters.theme") == "Thema"
    assert Translator("en")("app.showing", n=3, m=9) == "Showing 3 of 9 records"
    assert Translator("xx")("filters.theme") == "Theme"  # unknown language -> English
    assert Translator("en")("no.such.key") == "no.such.key"
