"""The detail panel's content: names in the chosen language, related records, dated facts."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assetmap.catalogue import load_catalogue
from assetmap.labels import Labels
from assetmap.outputs.detail import build_detail

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(DATA)


def test_related_records_both_directions(cat):
    project_id = next(
        rid for rid, item in cat.records.items() if item.kind == "projects" and item.record.lead in cat.records
    )
    lead = cat.records[project_id].record.lead
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


SUPPORT = ("vocab", "areas.yaml", "gazetteer.csv", "postcode_districts.csv")
DATED = """id: {rid}
name: {name}
summary: A carers' group that met in Brecon.
themes: [carers]
location: {{place: Brecon}}
status: {status}
reported_status: {{status: active, date: 2016-03}}
started: {{date: 2015, approximate: true}}
sources:
  - title: Co-production Wales newsletter
    date: 2016-03
    file: 002_434b33165444d79b.txt
  - title: Their website
    date: 2015
    url: https://example.org/about
{extra}"""


@pytest.fixture
def dated(tmp_path):
    data = tmp_path / "data"
    (data / "projects").mkdir(parents=True)
    shutil.copytree(DATA / "vocab", data / "vocab")
    for name in SUPPORT[1:]:
        shutil.copy(DATA / name, data)
    (data / "projects" / "old.yaml").write_text(DATED.format(rid="old", name="Old group", status="unknown", extra=""))
    (data / "projects" / "checked.yaml").write_text(
        DATED.format(
            rid="checked",
            name="Checked group",
            status="active",
            extra="confirmed: {date: 2026-05-01, by: owner, how: email from the project}\n",
        )
    )
    return load_catalogue(data, today=dt.date(2026, 11, 30))


def test_old_facts_are_dated_by_their_source_never_by_a_file_name(dated):
    today = dt.date(2026, 11, 30)
    en = build_detail(dated, "old", Labels(dated.vocab, dated.areas, "en"), today=today)
    assert en.status == "Unknown (reported as active, March 2016)"
    assert en.as_of == "Reported in Co-production Wales newsletter, March 2016"
    assert en.not_confirmed == "Not confirmed since 2016" and not en.current
    assert en.dates == "about 2015"
    assert [(s.title, s.date, s.url) for s in en.sources] == [
        ("Co-production Wales newsletter", "March 2016", ""),
        ("Their website", "2015", "https://example.org/about"),
    ]
    assert "002_434b" not in repr(en)
    cy = build_detail(dated, "old", Labels(dated.vocab, dated.areas, "cy"), today=today)
    assert cy.status == "Anhysbys (adroddwyd fel gweithredol, Mawrth 2016)"
    assert cy.dates == "tua 2015" and cy.not_confirmed == "Heb ei gadarnhau ers 2016"


def test_a_recent_confirmation_vouches_for_the_status(dated):
    today = dt.date(2026, 11, 30)
    detail = build_detail(dated, "checked", Labels(dated.vocab, dated.areas, "en"), today=today)
    assert detail.current and detail.not_confirmed == ""
    assert detail.status.startswith("Active")
    assert detail.as_of == "Confirmed 1 May 2026 by the group itself (email from the project)"
    assert dated.frame.loc["checked", "status"] == "active" and dated.frame.loc["old", "status"] == "unknown"
    assert dated.frame.loc["old", "as_of"] == "2016-03" and dated.frame.loc["checked", "as_of"] == "2026-05-01"


def test_unknown_record_has_no_detail(cat):
    assert build_detail(cat, "no-such-record", Labels(cat.vocab, cat.areas, "en")) is None


def test_the_catalogue_keeps_records_and_paths_but_not_the_raw_parse(cat):
    """Memory: once checked, a file's raw values and field lines are dropped; the record and its path stay."""
    item = cat.result.records["barod"]
    assert item.parsed.data is None and item.parsed.lines == {}
    assert item.parsed.path.endswith("barod.yaml") and item.record.id == "barod"
    assert build_detail(cat, "barod", Labels(cat.vocab, cat.areas, "en")) is not None
