"""The pull-request workflow is safe for forks and runs the checks a volunteer reads as annotations."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "validate.yml"
TEMPLATE = ROOT / ".github" / "pull_request_template.md"
SHA_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@]+)?@[0-9a-f]{40}$")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def test_triggered_by_pull_request_only():
    wf = workflow()
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert (list(on) if isinstance(on, dict) else on) in (["pull_request"], "pull_request")
    code = [line.split("#", 1)[0] for line in WORKFLOW.read_text(encoding="utf-8").splitlines()]
    assert not any("pull_request_target" in line for line in code)


def test_read_only_token():
    wf = workflow()
    assert wf["permissions"] == {"contents": "read"}
    for job in wf["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}


def test_every_action_pinned_to_a_full_sha_with_its_version():
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = [step["uses"] for step in steps() if "uses" in step]
    assert uses
    for ref in uses:
        assert SHA_RE.match(ref), f"{ref} is not pinned to a 40-character commit SHA"
        assert re.search(re.escape(ref) + r" # v\d", text), f"{ref} needs a '# vX' comment"


def test_checkout_keeps_no_credentials_and_fetches_history():
    (checkout,) = [s for s in steps() if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False
    assert checkout["with"]["fetch-depth"] == 0


def test_runs_validate_with_annotations_docs_check_and_tests():
    runs = [s.get("run", "") for s in steps()]
    validate = [r for r in runs if "assetmap validate" in r]
    assert any("--changed-since" in r and "--format github" in r for r in validate)
    assert any("--changed-since" not in r for r in validate)  # the full check
    # one escaped line per problem: a record's value cannot print a workflow command (issue 14)
    assert all("--format github" in r for r in validate)
    assert any("assetmap docs --check" in r for r in runs)
    assert any("pytest" in r and "not browser" in r for r in runs)
    # no ${{ }} expression is pasted into a script (template injection)
    assert not any("${{" in r for r in runs)


def test_pull_request_template_checklist():
    text = TEMPLATE.read_text(encoding="utf-8").lower()
    assert text.count("- [ ]") >= 4
    for needed in ("sources", "consent", "welsh name", "validate"):
        assert needed in text, needed
