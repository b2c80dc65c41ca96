"""The real CLI as a subprocess: exit codes, output formats, export, new."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
CORPUS = Path(__file__).parent / "corpus"
LINE_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]$")
GH_RE = re.compile(
    r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),title=(?P<title>[a-z0-9-]+)::(?P<msg>.+)$"
)


def run(*args, env=None, cwd=ROOT):
    full_env = {k: v for k, v in os.environ.items() if k != "ASSETMAP_DATA"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "assetmap.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )


def test_shipped_data_is_valid():
    r = run("validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no problems" in r.stderr


def test_problems_exit_1_one_per_line():
    files = [str(CORPUS / "projects" / n) for n in ("typo-field.yaml", "status-yes.yaml", "http-link.yaml")]
    r = run("validate", *files)
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    assert len(lines) >= 3
    for line in lines:
        assert LINE_RE.match(line), line
    assert any(line.endswith("[unknown-field]") and ":3: sumary:" in line for line in lines)
    assert "Traceback" not in r.stderr


def test_json_and_github_formats():
    f = str(CORPUS / "projects" / "misspelt-place.yaml")
    r = run("validate", "--format", "json", f)
    assert r.returncode == 1
    got = json.loads(r.stdout)
    assert {"path", "line", "field", "code", "message", "severity"} <= set(got[0])
    assert any(p["code"] == "unknown-place" and p["line"] == 9 for p in got)
    r = run("validate", "--format", "github", f)
    lines = r.stdout.strip().splitlines()
    assert lines and all(GH_RE.match(line) for line in lines), lines
    m = GH_RE.match(lines[0])
    assert m["file"].endswith("misspelt-place.yaml") and m["title"] == "unknown-place"


def test_usage_errors_exit_2(tmp_path):
    assert run("validate", "--format", "xml").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("validate", "--data", str(tmp_path / "nope")).returncode == 2
    assert run("validate", str(tmp_path / "missing.yaml")).returncode == 2


def test_env_var_is_data_dir(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    bad = tmp_path / "data" / "projects" / "broken.yaml"
    bad.write_text("id: broken\n")
    r = run("validate", env={"ASSETMAP_DATA": str(tmp_path / "data")})
    assert r.returncode == 1 and "broken.yaml" in r.stdout
    r = run("validate", "--data", str(tmp_path / "data"))
    assert r.returncode == 1 and "broken.yaml" in r.stdout


def test_export_geojson_and_csv(tmp_path):
    out = tmp_path / "map.geojson"
    r = run("export", "--format", "geojson", "-o", str(out))
    assert r.returncode == 0, r.stderr
    fc = json.loads(out.read_text())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) > 100
    props = fc["features"][0]["properties"]
    for key in (
        "id",
        "kind",
        "name",
        "summary",
        "themes",
        "sectors",
        "work_streams",
        "place",
        "area",
        "region",
        "status",
        "geocode",
    ):
        assert key in props
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert -5.8 < lon < -2.3 and 51.2 < lat < 53.6
    r = run("export", "--format", "csv")
    assert r.stdout.startswith("\ufeff")  # UTF-8 with BOM: spreadsheets then read Welsh letters right
    rows = list(csv.DictReader(io.StringIO(r.stdout.removeprefix("\ufeff"))))
    assert len(rows) == len(fc["features"])
    assert {"id", "kind", "themes", "area", "region", "geocode", "lon", "lat"} <= set(rows[0])


def test_new_writes_skeleton_then_refuses_overwrite(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    data = tmp_path / "data"
    r = run("new", "project", "Cwm Taf Cares Café", "--data", str(data))
    assert r.returncode == 0, r.stderr
    path = data / "projects" / "cwm-taf-cares-cafe.yaml"
    assert path.exists() and "id: cwm-taf-cares-cafe" in path.read_text()
    assert run("new", "project", "Cwm Taf Cares Café", "--data", str(data)).returncode == 1
    assert run("new", "spaceship", "X", "--data", str(data)).returncode == 2
    # unfilled, the skeleton is not yet valid: it says what to fill in
    r = run("validate", "--data", str(data), str(path))
    assert r.returncode == 1 and "themes" in r.stdout and "[empty-value]" in r.stdout


@pytest.mark.parametrize("kind", ["organisation", "project", "person", "skill", "partnership"])
def test_skeleton_validates_once_filled(tmp_path, kind):
    shutil.copytree(DATA, tmp_path / "data")
    data = tmp_path / "data"
    r = run("new", kind, "Brand New Thing", "--data", str(data))
    path = Path(r.stdout.strip())
    text = path.read_text()
    org = sorted((data / "organisations").glob("*.yaml"))[0].stem
    org2 = sorted((data / "organisations").glob("*.yaml"))[1].stem
    fills = {
        "themes: []": "themes: [community-development]",
        "  place: ": "  place: Ystradgynlais ",
        "areas_served: []": "areas_served: [powys]",
        "    url: ": "    url: https://example.org/about ",
        "lead: ": f"lead: {org} ",
        "members: []": f"members: [{org}, {org2}]",
        "offered_by: []": f"offered_by: [{org}]",
        "format: []": "format: [training]",
        "organisation: ": f"organisation: {org} ",
        "role: ": "role: Co-ordinator ",
        "purpose: ": "purpose: Working together on gardens ",
    }
    for old, new in fills.items():
        text = text.replace(old, new, 1)
    path.write_text(text)
    r = run("validate", "--data", str(data), str(path))
    assert r.returncode == 0, r.stdout + r.stderr


def _languages_row(data: Path, kind: str) -> list[int]:
    r = run("stats", "--languages", "--data", str(data))
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if line.startswith(f"| {kind} |"))
    return [int(cell.split()[0]) for cell in row.strip("| ").split("|")[1:]]  # records, names, summaries, both


def test_stats_languages_counts_welsh_text_per_kind(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    records, names, summaries, both = _languages_row(data, "project")
    path = sorted((data / "projects").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + 'summary_cy: "Prosiect cymunedol."\n', encoding="utf-8")
    assert _languages_row(data, "project") == [
        records,
        names,
        summaries + 1,
        both + (path.read_text().count("name_cy") > 0),
    ]
