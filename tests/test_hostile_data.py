"""Hostile or broken data beside good data: nothing crashes, and a bad file costs only itself."""

import datetime as dt
import os
import shutil
import subprocess
import sys
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


def validate(data_dir, *args):
    env = {k: v for k, v in os.environ.items() if k != "ASSETMAP_DATA"}
    return subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "validate", "--data", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _support_lines(r) -> list[str]:
    assert "Traceback" not in r.stdout + r.stderr, r.stderr
    return r.stdout.splitlines()


@pytest.mark.parametrize(
    ("name", "break_it"),
    [
        ("gazetteer.csv", lambda p: (p.unlink(), os.symlink("/dev/zero", p))),
        ("postcode_districts.csv", lambda p: (p.unlink(), os.symlink("/dev/zero", p))),
        ("areas.yaml", lambda p: (p.unlink(), os.symlink("/dev/zero", p))),
        ("vocab/themes.yaml", lambda p: (p.unlink(), os.symlink("/dev/zero", p))),
        ("gazetteer.csv", lambda p: (p.unlink(), p.mkdir())),
        ("areas.yaml", lambda p: (p.unlink(), p.mkdir())),
        ("vocab/sectors.yaml", lambda p: (p.unlink(), p.mkdir())),
        # a sparse 100 MB file: refused by its size, never read into memory
        ("gazetteer.csv", lambda p: os.truncate(p, 100_000_000)),
    ],
    ids=[
        "gaz-dev-zero",
        "districts-dev-zero",
        "areas-dev-zero",
        "vocab-dev-zero",
        "gaz-dir",
        "areas-dir",
        "vocab-dir",
        "gaz-100MB",
    ],
)
def test_a_hostile_support_file_is_one_clear_line_first(data, name, break_it):
    break_it(data / name)
    result = load(data)
    first = result.problems[0]
    assert first.path == str(data / name) and first.severity == "error", first
    assert [p.path for p in result.support_errors] == [str(data / name)]
    # no record is blamed for what the shared file did
    assert all(p.path == str(data / name) or p.severity == "warning" for p in result.problems)
    r = validate(data)
    lines = _support_lines(r)
    assert r.returncode == 1 and lines[0].startswith(f"{data / name}:") and len(lines) == 1, lines


def test_a_symlink_to_a_file_outside_data_is_refused(data, tmp_path):
    outside = tmp_path / "outside.csv"
    shutil.copy(data / "postcode_districts.csv", outside)
    (data / "postcode_districts.csv").unlink()
    os.symlink(outside, data / "postcode_districts.csv")
    result = load(data)
    assert [(Path(p.path).name, p.code) for p in result.support_errors] == [("postcode_districts.csv", "support-file")]
    assert "symbolic link" in result.support_errors[0].message


@pytest.mark.parametrize("bad", ['"nan"', "1.0e+999", '"-inf"', "95.0"])
def test_non_finite_or_impossible_area_centres_are_problems(data, bad):
    text = (data / "areas.yaml").read_text()
    first_lat = next(line for line in text.splitlines() if line.strip().startswith("lat:"))
    (data / "areas.yaml").write_text(text.replace(first_lat, first_lat.split("lat:")[0] + f"lat: {bad}", 1))
    result = load(data)
    (p,) = result.support_errors
    assert Path(p.path).name == "areas.yaml" and p.code == "support-file", p
    assert p.key in ("problems.support-file.coordinates", "problems.support-file.unreadable"), p.key
    cat = load_catalogue(data)  # the app still starts: no ValueError from NaN further down
    assert cat.result.support_errors


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "1e999", "91", "north"])
def test_non_finite_or_impossible_gazetteer_coordinates_are_problems(data, bad):
    lines = (data / "gazetteer.csv").read_text().splitlines()
    cells = lines[5].split(",")
    cells[3] = bad  # lat
    lines[5] = ",".join(cells)
    (data / "gazetteer.csv").write_text("\n".join(lines) + "\n")
    result = load(data)
    (p,) = result.support_errors
    assert (Path(p.path).name, p.line, p.code) == ("gazetteer.csv", 6, "support-file"), p
    r = validate(data)
    assert r.returncode == 1 and _support_lines(r)[0].startswith(f"{data / 'gazetteer.csv'}:6:")


def test_a_gazetteer_without_its_columns_says_which(data):
    (data / "gazetteer.csv").write_text("nothing,useful\n1,2\n")
    (p,) = load(data).support_errors
    assert "lat" in p.message and p.key == "problems.support-file.columns"


def test_validate_fails_for_a_record_that_would_not_reach_the_map(data):
    """An unknown postcode alone is only a warning of its own, but the record would vanish: an error."""
    (data / "projects" / "postcode-only.yaml").write_text(
        (Path(__file__).parent / "corpus/projects/unknown-postcode-only.yaml")
        .read_text()
        .replace("id: unknown-postcode-only", "id: postcode-only")
    )
    r = validate(data)
    assert r.returncode == 1 and "[not-placed]" in r.stdout and "Errors: 1;" in r.stderr
    cat = load_catalogue(data)
    assert "postcode-only" not in cat.frame.index
    assert str(data / "projects" / "postcode-only.yaml") in cat.result.dropped


def test_every_record_file_is_on_the_map_or_has_an_error(data):
    """The net under all checks: files found == records on the map + files with an error."""
    (data / "projects" / "no-place.yaml").write_text(
        (Path(__file__).parent / "corpus/projects/no-location.yaml").read_text().replace("no-location", "no-place")
    )
    cat = load_catalogue(data)
    on_map = {cat.records[rid].parsed.path for rid in cat.frame.index}
    with_error = {p.path for p in cat.result.errors}
    assert set(cat.result.paths) == on_map | with_error and not on_map & with_error
    assert str(data / "projects" / "no-place.yaml") in with_error


def test_a_kind_folder_replaced_by_a_file_fails_validate(data):
    shutil.rmtree(data / "skills")
    (data / "skills").write_text("oops\n")
    r = validate(data)
    assert r.returncode == 1 and "[not-a-folder]" in r.stdout.splitlines()[0]
    assert "Traceback" not in r.stderr


def test_broken_polygons_say_no_server_path(data):
    (data / "areas.geojson").write_text('{"type": "FeatureCollection", "features": [{"type": "Feature"}]}')
    cat = load_catalogue(data)
    (p,) = [p for p in cat.result.problems if p.path.endswith("areas.geojson")]
    assert str(data) not in p.message and "data/areas.geojson" in p.message
    assert cat.health.support == [p]
