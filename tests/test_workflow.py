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


# --- the issue-form route: .github/workflows/issue-to-pr.yml ------------------------------------------------
ISSUE_WORKFLOW = ROOT / ".github" / "workflows" / "issue-to-pr.yml"


def issue_workflow() -> dict:
    return yaml.safe_load(ISSUE_WORKFLOW.read_text(encoding="utf-8"))


def test_issue_workflow_runs_on_a_label_only():
    wf = issue_workflow()
    on = wf.get("on", wf.get(True))
    assert on == {"issues": {"types": ["labeled"]}}
    for job in wf["jobs"].values():
        assert "create-pr" in job.get("if", "") or "needs" in job
    text = ISSUE_WORKFLOW.read_text(encoding="utf-8")
    assert "pull_request_target" not in text and "workflow_run" not in text


def test_issue_workflow_least_permissions():
    wf = issue_workflow()
    assert wf["permissions"] == {}  # nothing by default; each job asks for what it writes
    jobs = wf["jobs"]
    assert jobs["propose"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert jobs["comment"]["permissions"] == {"issues": "write"}
    for job in jobs.values():
        assert all(v in ("read", "write", "none") for v in job["permissions"].values())


def test_issue_workflow_actions_pinned_to_the_validate_shas():
    pinned = {s["uses"] for s in steps() if "uses" in s}
    text = ISSUE_WORKFLOW.read_text(encoding="utf-8")
    uses = [s["uses"] for job in issue_workflow()["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses
    for ref in uses:
        assert SHA_RE.match(ref) and ref in pinned, f"{ref}: reuse a SHA pinned in validate.yml"
        assert re.search(re.escape(ref) + r" # v\d", text)
    (checkout,) = [
        s
        for j in issue_workflow()["jobs"].values()
        for s in j["steps"]
        if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkout["with"]["persist-credentials"] is False


def test_issue_body_never_reaches_a_script():
    wf = issue_workflow()
    all_steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    runs = [s.get("run", "") for s in all_steps]
    assert not any("${{" in r for r in runs)  # no expression at all is pasted into a script
    for step in all_steps:  # nor into the environment: only the issue's number, never its text
        for name, value in (step.get("env") or {}).items():
            if "github.event.issue" in str(value):
                assert str(value).strip() == "${{ github.event.issue.number }}", name
    text = ISSUE_WORKFLOW.read_text(encoding="utf-8")
    for forbidden in ("issue.body", "issue.title", "comment.body", "head_ref"):
        assert forbidden not in text.split("\njobs:", 1)[1], forbidden
    # the project's own code reads the event file, and the token is not in that step's environment
    (reader,) = [s for s in all_steps if "from-issue" in s.get("run", "")]
    assert '--event "$GITHUB_EVENT_PATH"' in reader["run"] and "--write data/" in reader["run"]
    assert "env" not in reader


def test_issue_workflow_posts_the_result_and_opens_a_pull_request():
    wf = issue_workflow()
    comment = wf["jobs"]["comment"]
    assert comment["needs"] == "propose" and "always()" in comment["if"]
    assert any("gh issue comment" in s.get("run", "") and "--body-file" in s.get("run", "") for s in comment["steps"])
    propose = [s for s in wf["jobs"]["propose"]["steps"] if "gh pr create" in s.get("run", "")]
    assert propose and propose[0]["if"] == "steps.entry.outputs.ok == 'true'"
    assert "data/*/*.yaml" in propose[0]["run"]  # the path is checked again before git sees it
