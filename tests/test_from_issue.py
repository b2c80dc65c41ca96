"""The issue-form route: the generated issue form, and `assetmap from-issue` on sample and hostile issue bodies
(the real CLI as a subprocess, real event files and a real data folder on disk)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from shipped import DATA, REPO, ROOT, TODAY

from assetmap.contrib.fields import FORM_FIELDS
from assetmap.contrib.form import build_yaml, record_data
from assetmap.contrib.from_issue import IssueError, answers, entry_from_issue, sections
from assetmap.contrib.issue_form import (
    TEMPLATE_FILE,
    choice_label,
    field_heading,
    form_id,
    issue_template,
    issue_url,
    prefill,
)
from assetmap.labels import Labels


def body_of(fields: dict[str, str]) -> str:
    """An issue body as GitHub writes it from the form: every field's heading, '_No response_' when empty.

    `fields` is keyed by field name or by issue-form id (as in a prefilled link)."""
    return "\n\n".join(
        f"### {field_heading(f)}\n\n{fields.get(form_id(f)) or fields.get(f.name) or '_No response_'}"
        for f in FORM_FIELDS
    )


def run_cli(tmp_path: Path, body, *extra: str, event: dict | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event or {"action": "labeled", "issue": {"number": 12, "body": body}}), "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "from-issue", "--event", str(path), "--data", str(DATA), *extra],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    return proc, path


GARDEN = {
    "kind": "Project / Prosiect",
    "name": "Gardd Gymunedol Tŷ Gwyrdd",
    "summary": "A community garden run by its neighbours.\nEveryone grows food together.",
    "themes": "Community development\ncarers",
    "place": "Swansea",
    "areas_served": "Abertawe",
    "status": "Active / Gweithredol",
    "links": "https://example.org/a,b\nhttps://example.org/garden",
    "source_title": "Our own website",
    "source_url": "https://example.org/garden/about",
    "source_date": "2026-11",
}


def test_the_committed_issue_form_is_current(shipped):
    text = (ROOT / TEMPLATE_FILE).read_text(encoding="utf-8")
    assert text == issue_template(shipped.vocab, shipped.areas), "run `uv run assetmap issue-form` and commit"
    form = yaml.safe_load(text)
    ids = [el["id"] for el in form["body"] if "id" in el]
    assert ids == [form_id(f) for f in FORM_FIELDS]  # the same fields as the app form, in its order
    assert "entry_projects" in ids and not {"projects", "title", "body", "labels"} & set(ids)  # GitHub's own params
    labels = [el["attributes"]["label"] for el in form["body"] if "id" in el]
    assert len(set(labels)) == len(labels) and all(" / " in label for label in labels if label != "Person")
    assert form["labels"] == ["new-entry"]


def test_a_sample_issue_becomes_a_clean_record_file(tmp_path):
    out = tmp_path / "out"
    proc, _ = run_cli(tmp_path, body_of(GARDEN), "--write", str(out), "--outputs", str(tmp_path / "outputs"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    written = out / "projects" / "gardd-gymunedol-ty-gwyrdd.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["themes"] == ["community-development", "carers"]  # labels in either language -> ids
    assert data["areas_served"] == ["swansea"] and data["status"] == "active"
    assert data["links"] == ["https://example.org/a,b", "https://example.org/garden"]  # never split on commas
    assert "No problems found" in proc.stdout and "Ni chafwyd hyd i unrhyw broblemau" in proc.stdout
    outputs = (tmp_path / "outputs").read_text(encoding="utf-8")
    assert "\ntrue\n" in outputs and "\ndata/projects/gardd-gymunedol-ty-gwyrdd.yaml\n" in outputs
    # a second run never overwrites the file
    proc, _ = run_cli(tmp_path, body_of(GARDEN), "--write", str(out))
    assert proc.returncode == 1 and "exists already" in proc.stderr


def test_problems_are_reported_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    body = body_of({**GARDEN, "themes": "dementa", "links": "http://example.org/"})
    proc, _ = run_cli(tmp_path, body, "--write", str(out))
    assert proc.returncode == 1
    assert not out.exists()
    assert "[`unknown-term`]" in proc.stdout and "[`insecure-link`]" in proc.stdout
    assert "Edit the issue" in proc.stdout


def test_private_details_make_no_file_and_are_not_repeated(tmp_path):
    out = tmp_path / "out"
    person = {
        "kind": "Person",
        "name": "Jo Bloggs",
        "summary": "Write to jo.bloggs@example.org or ring 07700 900123.",
        "themes": "carers",
        "place": "Swansea",
        "role": "Co-ordinator",
        "consent_basis": "It is me, and I agree to appear",
        "source_title": "Our own website",
    }
    proc, _ = run_cli(tmp_path, body_of(person), "--write", str(out))
    assert proc.returncode == 1 and not out.exists()
    assert "person-contact" in proc.stdout
    assert "```yaml" not in proc.stdout and "summary:" not in proc.stdout  # the record is not shown


HOSTILE = [
    # a shell and an expression in every value: they only ever become text in a YAML file
    {**GARDEN, "name": '$(touch PWNED) `touch PWNED` ${{ github.token }} "; rm -rf / #'},
    # a forged heading inside a value: the same heading twice is refused
    {**GARDEN, "summary": "Fine.\n\n### Name / Enw\n\nSomething else"},
    # path traversal and markdown / mention injection
    {**GARDEN, "id": "../../.github/workflows/evil", "summary": "@maintainers ![x](https://evil.example/x.png) <img>"},
    # control and bidi characters, a forged workflow command
    {**GARDEN, "name": "Garden\u202e\x07\n::error file=README.md::forged", "themes": "carers\n::warning::x"},
]


@pytest.mark.parametrize("fields", HOSTILE)
def test_hostile_issue_bodies_stay_data(tmp_path, fields):
    out = tmp_path / "out"
    proc, _ = run_cli(tmp_path, body_of(fields), "--write", str(out), "--report", str(tmp_path / "report.md"))
    assert proc.returncode in (0, 1), proc.stderr
    assert not (tmp_path / "PWNED").exists()
    files = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    for path in files:  # only ever a slug file inside a kind folder of the given data folder
        assert path.parent.parent == out and path.suffix == ".yaml"
        assert path.name.replace("-", "").replace(".yaml", "").isalnum()
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    for line in report.splitlines():
        assert not line.startswith("::")
    assert "\u202e" not in report and "\x07" not in report
    outside = [line for line in report.split("````")[0].splitlines() if "@maintainers" in line or "<img>" in line]
    assert all("`" in line for line in outside)  # echoed text is inside code spans: no mention, no image


def test_a_person_needs_a_consent_basis(shipped):
    person = {"kind": "Person", "name": "Jo", "summary": "Helps.", "themes": "carers", "role": "Chair"}
    with pytest.raises(IssueError) as e:
        answers(body_of(person), shipped, TODAY)
    assert e.value.key == "consent"  # never a silent "self-submitted"
    kind, found = answers(body_of({**person, "consent_basis": "They have agreed in writing"}), shipped, TODAY)
    assert (kind, found["consent_basis"]) == ("people", "written-consent")


def test_a_forged_heading_is_refused(shipped):
    with pytest.raises(IssueError) as e:
        sections(body_of({**GARDEN, "summary": "x\n\n### Themes / Themâu\n\nforged"}))
    assert e.value.key == "twice"


@pytest.mark.parametrize(
    "event",
    [{"action": "labeled"}, {"issue": {"number": "1; rm -rf /", "body": "x"}}, {"issue": {"number": 3, "body": None}}],
)
def test_events_that_are_not_entries(tmp_path, event):
    proc, _ = run_cli(tmp_path, "", event=event)
    assert proc.returncode in (1, 2)
    assert "could not be read as an entry" in proc.stdout


def test_not_json_and_oversized_bodies(tmp_path):
    path = tmp_path / "event.json"
    path.write_bytes(b"\xff\x00not json")
    proc = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "from-issue", "--event", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    proc, _ = run_cli(tmp_path, body_of({**GARDEN, "summary": "x" * 70_000}))
    assert proc.returncode == 1 and "65536" in proc.stdout


def test_unreviewed_welsh_is_flagged(shipped):
    _kind, found = answers(body_of({**GARDEN, "summary_cy": "Gardd gymunedol."}), shipped, TODAY)
    assert found["translation"] == "unreviewed"  # Welsh nobody said was reviewed
    _kind, found = answers(
        body_of({**GARDEN, "summary_cy": "Gardd gymunedol.", "translation": choice_label("translation", "reviewed")}),
        shipped,
        TODAY,
    )
    assert found["translation"] == "reviewed"
    entry = entry_from_issue(
        body_of({**GARDEN, "name_cy": "Gardd", "translation": choice_label("translation", "unreviewed")}),
        shipped,
        TODAY,
    )
    assert yaml.safe_load(entry.text)["translation"] == "unreviewed"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_apps_issue_link_comes_back_as_the_same_record(shipped, lang):
    """App form values -> prefilled issue link -> the body GitHub writes -> from-issue: the same YAML."""
    org = sorted(r for r, i in shipped.records.items() if i.kind == "organisations")[0]
    values = {
        "name": "Tŷ Gwyrdd, the garden",
        "name_cy": "Tŷ Gwyrdd",
        "summary": "A garden.\nRun by neighbours & friends: yes!",
        "translation": "unreviewed",
        "themes": ["community-development", "carers"],
        "sectors": ["third-sector"],
        "place": "Swansea",
        "postcode": "SA1 1AA",
        "areas_served": ["swansea", "wales"],
        "status": "active",
        "started": "2014",
        "links": "https://example.org/a,b",
        "sources": [{"title": "Our own website", "url": "https://example.org/x", "date": "2026-11"}],
        "lead": org,
        "partners": [org],
        "needs": ["evaluation"],
    }
    url = issue_url(REPO, "projects", values, Labels(shipped.vocab, shipped.areas, lang))
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("github.com", "/coproduction-wales/assetmap/issues/new")
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    assert query["template"] == "add-entry.yml" and query["links"] == "https://example.org/a,b"
    assert query == {
        "template": "add-entry.yml",
        "title": query["title"],
        **prefill("projects", values, Labels(shipped.vocab, shipped.areas, lang)),
    }
    entry = entry_from_issue(body_of(query), shipped, TODAY)
    assert entry.kind == "projects"
    assert yaml.safe_load(entry.text) == record_data("projects", values, TODAY)
    assert entry.text == build_yaml("projects", values, TODAY)[1]


def test_a_partnership_link_keeps_its_projects_clear_of_githubs_own_parameters(shipped):
    orgs = sorted(r for r, i in shipped.records.items() if i.kind == "organisations")[:2]
    project = sorted(r for r, i in shipped.records.items() if i.kind == "projects")[0]
    values = {
        "name": "Gwent Gardens Partnership",
        "summary": "Gardens together.",
        "themes": ["community-development"],
        "place": "Newport",
        "status": "prospective",
        "members": orgs,
        "purpose": "Share tools.",
        "projects": [project],
        "sources": [{"title": "Minutes", "date": "2026-10"}],
    }
    url = issue_url(REPO, "partnerships", values, Labels(shipped.vocab, shipped.areas, "en"))
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert "projects" not in query and query["entry_projects"] == project
    entry = entry_from_issue(body_of(query), shipped, TODAY)
    assert yaml.safe_load(entry.text) == record_data("partnerships", values, TODAY)
