"""`translation: unreviewed`: Welsh text a machine wrote or nobody checked is never shown as reviewed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assetmap.catalogue import load_catalogue
from assetmap.labels import Labels
from assetmap.outputs.detail import build_detail

DATA = Path(__file__).parent.parent / "data"
RECORD = """id: {rid}
name: Brecon Carers
name_cy: Gofalwyr Aberhonddu
summary: A carers' group that meets in Brecon.
summary_cy: Grŵp gofalwyr sy'n cwrdd yn Aberhonddu.
{flag}themes: [carers]
location: {{place: Brecon}}
status: unknown
sources:
  - title: Their website
    date: 2026-01
    url: https://example.org/about
"""


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    data = tmp_path_factory.mktemp("t") / "data"
    (data / "projects").mkdir(parents=True)
    shutil.copytree(DATA / "vocab", data / "vocab")
    for name in ("areas.yaml", "gazetteer.csv", "postcode_districts.csv"):
        shutil.copy(DATA / name, data)
    (data / "projects" / "flagged.yaml").write_text(RECORD.format(rid="flagged", flag="translation: unreviewed\n"))
    (data / "projects" / "plain.yaml").write_text(RECORD.format(rid="plain", flag=""))
    return load_catalogue(data, today=dt.date(2026, 11, 30))


@pytest.mark.parametrize(
    ("lang", "label", "note"),
    [
        ("en", "Translation", "Welsh text not yet reviewed"),
        ("cy", "Cyfieithiad", "Nid yw'r testun Cymraeg wedi'i adolygu eto"),
    ],
)
def test_the_detail_says_the_welsh_is_not_reviewed(cat, lang, label, note):
    assert cat.records["flagged"].ok and cat.records["flagged"].record.translation == "unreviewed"
    labels = Labels(cat.vocab, cat.areas, lang)
    assert (label, note) in build_detail(cat, "flagged", labels).extra
    assert all(value != note for _, value in build_detail(cat, "plain", labels).extra)


def test_only_unreviewed_is_a_valid_flag(tmp_path):
    from assetmap.records.schema import MODELS

    base = {
        "id": "x",
        "name": "X",
        "summary": "Y",
        "themes": ["carers"],
        "status": "unknown",
        "sources": [{"title": "T", "date": 2020}],
    }
    assert MODELS["projects"].model_validate({**base, "translation": "unreviewed"}).translation == "unreviewed"
    with pytest.raises(ValueError):
        MODELS["projects"].model_validate({**base, "translation": "reviewed"})
