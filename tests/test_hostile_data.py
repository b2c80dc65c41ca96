"""Hostile or broken data beside good data: nothing crashes, and a bad file costs only itself."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assetmap.catalogue import load_catalogue
from assetmap.load import load

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


THIS_MONTH = dt.date.today().strftime("%Y-%m")  # a source of this month: 'active' stays current


def person(rid: str, organisation: str) -> str:
    return f"""id: {rid}
name: Test Person
summary: A test person.
themes: [carers]
areas_served: [powys]
status: active
sources:
  - title: test
    url: https://example.org/t
    date: {THIS_MONTH}
role: Co-ordinator
organisation: {organisation}
consent:
  basis: self-submitted
  date: 2026-01-01
"""


def test_a_broken_organisation_lends_no_location(data):
    org = (data / "organisations" / "barod.yaml").read_text().replace("id: barod", "id: far-away")
    (data / "organisations" / "far-away.yaml").write_text(org + "location:\n  lat: 1.0e+400\n  lon: 3\n")
    (data / "people" / "someone-new.yaml").write_text(person("someone-new", "far-away"))
    cat = load_catalogue(data)  # must not raise (infinite coordinates)
    assert "far-away" not in cat.frame.index
    row = cat.frame.loc["someone-new"]
    assert row["geocode"] == "area" and row["area"] == "powys"


def test_a_stray_copy_does_not_push_the_real_record_off_the_map(data):
    shutil.copy(data / "organisations" / "barod.yaml", data / "organisations" / "aaa-copy.yaml")
    result = load(data)
    assert result.records["barod"].parsed.path.endswith("barod.yaml") and result.records["barod"].ok
    codes = {(Path(p.path).name, p.code) for p in result.problems}
    assert ("aaa-copy.yaml", "duplicate-id") in codes and ("barod.yaml", "duplicate-id") not in codes


def test_broken_references_keep_a_record_off_the_map(data):
    (data / "people" / "someone-new.yaml").write_text(person("someone-new", "no-such-organisation"))
    result = load(data)
    assert not result.records["someone-new"].ok
    assert "someone-new" not in load_catalogue(data).frame.index


def test_misnamed_and_dot_files(data):
    (data / "projects" / "Upper.YAML").write_text("id: upper\n")
    (data / "projects" / ".#lock.yaml").write_text("garbage: [")
    result = load(data)
    got = {(Path(p.path).name, p.code, p.severity) for p in result.problems}
    assert ("Upper.YAML", "wrong-extension", "error") in got
    assert not any(name.startswith(".") for name, _, _ in got)


def test_broken_support_files_are_problems_not_tracebacks(data):
    (data / "areas.yaml").write_text("a: &x [1]\nb: *x\n")
    (data / "gazetteer.csv").write_text("nothing,useful\n1,2\n")
    result = load(data)
    codes = {(Path(p.path).name, p.code) for p in result.problems}
    assert ("areas.yaml", "support-file") in codes and ("gazetteer.csv", "support-file") in codes
