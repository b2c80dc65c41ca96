"""Search and place inputs are capped, echoed without hidden characters, and a search of nothing finds nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assetmap.catalogue import load_catalogue
from assetmap.filters import MAX_TEXT, FilterSpec
from assetmap.i18n import Translator
from assetmap.labels import Labels

APP = str(Path(__file__).parent.parent / "app.py")
SHOWING = re.compile(r"(?:Showing|Yn dangos) (\d+) (?:of|o) (\d+)")
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]")


@pytest.fixture(scope="module")
def cat():
    return load_catalogue("data")


def count(cat, **kw) -> int:
    return len(FilterSpec(**kw).apply(cat.frame, cat.areas, cat.gazetteer))


def test_a_huge_search_from_the_url_is_capped():
    spec = FilterSpec.from_params({"q": ["dementia " * 120_000], "near": ["Brecon" * 1000]})
    assert len(spec.q) <= MAX_TEXT and spec.q.startswith("dementia dementia")
    assert len(spec.near) <= MAX_TEXT
    assert len(FilterSpec(q="x" * 10_000).q) == MAX_TEXT  # also when built in code or from the widget


def test_hidden_characters_never_reach_the_caption(cat):
    spec = FilterSpec.from_params({"q": ["time\u202e bank\x1b[31m"], "near": ["Brecon\u2066"]})
    for lang in ("en", "cy"):
        words = spec.describe(Translator(lang), Labels(cat.vocab, cat.areas, lang))
        assert "time bank" in words and not HIDDEN.search(words)


@pytest.mark.parametrize("q", ["!!!", "-", "\u202e\u202c", "🙂", "…", "\u200b", "مرحبا"])
def test_a_search_that_folds_to_nothing_matches_nothing(cat, q):
    assert count(cat, q=q) == 0


def test_searches_still_find_records(cat):
    total = len(cat.frame)
    assert 0 < count(cat, q="time bank") < total
    assert count(cat, q="time bank !!") == count(cat, q="time bank")  # stray punctuation is not a word
    assert count(cat, q="TIME \u202eBANK") == count(cat, q="time bank")


def test_the_sidebar_caps_the_search_box_and_the_caption_is_clean():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["q"] = "\u202etime bank" + "\u2066" * 50 + "x" * 5000
    at.run()
    assert not at.exception
    box = at.text_input(key="f_q")
    assert box.max_chars == MAX_TEXT and len(box.value) <= MAX_TEXT
    caption = next(m.value for m in at.markdown if SHOWING.search(m.value))
    assert not HIDDEN.search(caption)
    assert SHOWING.search(caption)[1] == "0"  # 'time bank' followed by 5000 x's matches nothing
    at2 = AppTest.from_file(APP, default_timeout=120)
    at2.query_params["q"] = "!!!"
    at2.run()
    assert SHOWING.search(next(m.value for m in at2.markdown if SHOWING.search(m.value)))[1] == "0"
