"""`assetmap export --format datapackage`: a Frictionless Data Package that `frictionless validate` passes."""

import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_datapackage_validates_with_frictionless(tmp_path):
    out = tmp_path / "dp"
    r = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "export", "--format", "datapackage", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    names = [res["name"] for res in descriptor["resources"]]
    assert names == ["organisations", "projects", "people", "skills", "partnerships", "areas"]
    assert descriptor["licenses"] and descriptor["sources"] and descriptor["contributors"]

    from frictionless import validate

    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    areas = list(csv.DictReader((out / "areas.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(areas) == 22
    rows = sum(len((out / f"{n}.csv").read_text(encoding="utf-8").splitlines()) - 1 for n in names[:-1])
    export = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "export", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert rows == len(export.stdout.splitlines()) - 1  # every mapped record, in its kind's file


def test_a_broken_package_fails_validation(tmp_path):
    """The check can fail: a wrong type in a typed column is reported."""
    out = tmp_path / "dp"
    subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "export", "--format", "datapackage", "-o", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    path = out / "areas.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",not-a-number"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from frictionless import validate

    assert not validate(str(out / "datapackage.json")).valid


def test_folder_formats_need_an_output_folder():
    r = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "export", "--format", "datapackage"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 2 and "-o DIR" in r.stderr
