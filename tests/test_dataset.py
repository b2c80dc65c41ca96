"""Invariants of the shipped Wales dataset (issue: every initiative in the seeds, sourced and linked)."""

from collections import Counter
from pathlib import Path

import pytest

from assetmap.load import load
from assetmap.records.yamlsafe import read_file

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def result():
    return load(DATA)


def test_every_record_is_valid_and_every_reference_resolves(result):
    assert result.problems == [], [f"{p.path}:{p.line}: {p.message}" for p in result.problems[:10]]
    assert all(item.ok for item in result.records.values())


def test_counts(result):
    kinds = Counter(item.kind for item in result.records.values())
    assert len(result.records) >= 120
    assert kinds["organisations"] >= 30 and kinds["projects"] >= 35 and kinds["partnerships"] >= 15
    assert kinds["skills"] >= 12 and kinds["people"] >= 5


def test_sources_review_dates_and_areas(result):
    areas = set(result.areas.areas) | {"wales"}
    for rid, item in result.records.items():
        rec = item.record
        assert rec.sources and rec.last_reviewed is None and rec.confirmed is None, (
            rid
        )  # nothing confirmed by an import
        assert all(s.title and s.date and (s.file or s.url) for s in rec.sources), rid
        assert set(rec.areas_served) <= areas, rid
        assert rec.areas_served, f"{rid}: no areas_served"


def test_nearly_every_principal_area_is_served(result):
    # Only what the 2013-2017 sources say: none of them names work serving the Vale of Glamorgan (the
    # Cardiff expert class was held at "Cardiff & Vale College"), so the map shows that gap honestly.
    served = {a for item in result.records.values() for a in item.record.areas_served}
    assert set(result.areas.areas) - served <= {"vale-of-glamorgan"}


def test_sources_name_real_seed_files(result):
    seeds = Path(__file__).parent.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the seed files sit beside the repository only on the developers' machines")
    names = {p.name for p in seeds.iterdir()}
    for rid, item in result.records.items():
        for src in item.record.sources:
            assert src.file is None or src.file in names, (rid, src.file)


def test_people_are_public_roles_without_contact_details(result):
    for rid, item in result.records.items():
        if item.kind != "people":
            continue
        raw = read_file(Path(item.parsed.path), item.parsed.path).data
        assert not set(raw) & {"email", "phone", "telephone", "mobile", "address", "website"}, rid
        assert not set(raw.get("location") or {}) & {"postcode", "lat", "lon"}, rid
        assert item.record.role and item.record.consent.basis and item.record.consent.note, rid
        assert "@" not in str(raw), rid
