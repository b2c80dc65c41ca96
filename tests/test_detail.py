"""The detail panel's content: names in the chosen language, related records, freshness mark."""

import shutil
from pathlib import Path

import pytest

from assetmap.catalogue import load_catalogue
from assetmap.outputs.detail import build_detail
from assetmap.labels import Labels

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DATA)


def test_related_records_both_directions(cat):
    for project_id, item in cat.records.items():
        if item.kind == "projects" and item.record.lead in cat.records:
            break
    lead = item.record.lead
    en = Labels(cat.vocab, cat.areas, "en")
    detail = build_detail(cat, project_id, en)
    groups = dict(detail.related)
    assert lead in [r.id for r in groups["Led by"]]
    back = dict(build_detail(cat, lead, en).related)
    assert project_id in [r.id for r in back["Leads"]]


def test_welsh_name_first_when_welsh_is_chosen(cat):
    rid = next(r for r, item in cat.records.items() if item.record.name_cy)
    rec = cat.records[rid].record
    cy = build_detail(cat, rid, Labels(cat.vocab, cat.areas, "cy"))
    assert cy.name == rec.name_cy and cy.other_name == rec.name
    assert build_detail(cat, rid, Labels(cat.vocab, cat.areas, "en")).name == rec.name


def test_old_records_are_marked_stale(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = next((data / "projects").glob("*.yaml"))
    text = path.read_text()
    old = next(line for line in text.splitlines() if line.startswith("last_reviewed:"))
    path.write_text(text.replace(old, "last_reviewed: 2019-05-01"))
    cat = load_catalogue(data)
    detail = build_detail(cat, path.stem, Labels(cat.vocab, cat.areas, "en"))
    assert detail.stale and "2019" in detail.stale
    fresh = next(r for r in cat.records if r != path.stem)
    assert build_detail(cat, fresh, Labels(cat.vocab, cat.areas, "en")).stale is None


def test_unknown_record_has_no_detail(cat):
    assert build_detail(cat, "no-such-record", Labels(cat.vocab, cat.areas, "en")) is None
