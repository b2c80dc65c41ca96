"""The contribution path: generated docs that cannot drift, `diff` for maintainers, `validate` on changed files."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assetmap.contrib.docs import _cell, codes_markdown, schema_markdown, update_docs, vocab_markdown
from assetmap.records.problems import CODES
from assetmap.records.schema import MODELS, Consent, Location, Source
from assetmap.records.vocab import load_vocabularies

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
THIS_MONTH = dt.date.today().strftime("%Y-%m")  # a source of this month: 'active' stays current
GH_RE = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,title=[a-z0-9-]+::.+$")


def run(*args, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if k not in ("ASSETMAP_DATA", "ASSETMAP_REPO")}
    return subprocess.run(
        [sys.executable, "-m", "assetmap.cli", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


# --------------------------------------------------------------------------------------- generated docs
def test_contributing_md_is_up_to_date():
    r = run("docs", "--check")
    assert r.returncode == 0, r.stderr + "\n(run `uv run assetmap docs` and commit CONTRIBUTING.md)"


def test_contributing_md_covers_the_volunteer_path():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needed in (
        "Add file → Create new file",
        "data/projects/your-id.yaml",
        "Add your project",
        "uv run assetmap new project",
        "uv run assetmap validate",
        "uv run assetmap diff origin/main",
        "status: ended",
        "`events`",
        "consent",
        "removal",
        "open an issue",
    ):
        assert needed.lower() in text.lower(), needed


def test_schema_reference_names_every_field_of_every_kind():
    text = schema_markdown()
    for model in [*MODELS.values(), Location, Source, Consent]:
        for name, field in model.model_fields.items():
            row = next((line for line in text.splitlines() if line.startswith(f"| `{name}` |")), None)
            assert row is not None, f"{model.__name__}.{name} missing"
            assert field.description and field.description.split("(")[0].strip()[:30] in text
    assert "| `summary` | yes | text, up to 1,500 characters |" in text
    assert "one of `active`, `ended`, `planned`, `prospective`" in text  # partnerships' own status


def test_codes_reference_lists_every_code():
    text = codes_markdown()
    for code, c in CODES.items():
        assert f"| `{code}` | {c.severity} |" in text


def test_vocab_reference_has_english_welsh_and_the_22_areas():
    text = vocab_markdown(DATA)
    vocab, _ = load_vocabularies(DATA)
    for terms in vocab.terms.values():
        for term in terms.values():
            assert f"| `{term.id}` | {_cell(term.en)} |" in text
    area_rows = [line for line in text.split("### Areas")[1].splitlines() if line.startswith("| `")]
    assert len(area_rows) == 23  # 22 principal areas + wales
    assert "| `isle-of-anglesey` | Isle of Anglesey | Ynys Môn |" in text


def test_docs_rewrites_a_stale_guide_and_check_fails_until_then(tmp_path):
    guide = tmp_path / "GUIDE.md"
    guide.write_text(
        "# Guide\n\nhand-written\n\n<!-- BEGIN generated: schema -->\nold\n<!-- END generated: schema -->\n"
        "<!-- BEGIN generated: codes -->\n<!-- END generated: codes -->\n\nmiddle\n\n"
        "<!-- BEGIN generated: vocab -->\nstale\n<!-- END generated: vocab -->\nend\n",
        encoding="utf-8",
    )
    r = run("docs", "--check", "--file", str(guide))
    assert r.returncode == 1 and "out of date" in r.stderr
    assert "old" in guide.read_text()
    assert run("docs", "--file", str(guide)).returncode == 0
    text = guide.read_text()
    assert "hand-written" in text and "middle" in text and text.endswith("end\n") and "\nold\n" not in text
    assert "| `possible-duplicate` | warning |" in text
    assert run("docs", "--check", "--file", str(guide)).returncode == 0
    assert update_docs(text, {"codes": codes_markdown()}) == text  # idempotent


def test_docs_with_missing_markers_fails(tmp_path):
    guide = tmp_path / "GUIDE.md"
    guide.write_text("<!-- BEGIN generated: schema -->\n<!-- END generated: schema -->\n", encoding="utf-8")
    r = run("docs", "--check", "--file", str(guide))
    assert r.returncode == 1 and "generated: codes" in r.stderr


# --------------------------------------------------------------------------------------- git fixtures
def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path):
    """A git repository holding a copy of data/ on branch main, with one commit."""
    root = tmp_path / "repo"
    shutil.copytree(DATA, root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "data")
    git(root, "switch", "-q", "-c", "contribution")
    return root


def some(repo: Path, kind: str, n: int = 0) -> Path:
    return sorted((repo / "data" / kind).glob("*.yaml"))[n]


def record_text(rid: str, name: str, themes: str = "[community-development]", extra: str = "") -> str:
    return (
        f'id: {rid}\nname: "{name}"\nsummary: A group that does good things together in its town.\n'
        f"themes: {themes}\nlocation:\n  place: Swansea\nstatus: active\nsources:\n"
        f"  - title: Our own website\n    url: https://example.org/{rid}\n    date: {THIS_MONTH}\n{extra}"
    )


# --------------------------------------------------------------------------------------- diff
def test_diff_lists_added_changed_and_removed(repo):
    changed = some(repo, "organisations", 0)
    removed = some(repo, "projects", 0)
    old_removed_id = removed.stem
    text = changed.read_text()
    text = re.sub(r"(?m)^summary:.*(\n  .*)*", "summary: A new summary written by the organisation itself.", text)
    text = re.sub(r"(?m)^themes: \[", "themes: [dementia, ", text)
    changed.write_text(text)
    removed.unlink()
    (repo / "data" / "projects" / "ty-new.yaml").write_text(record_text("ty-new", "Tŷ Newydd Garden"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "contribution")
    # an untracked person record counts as added too
    (repo / "data" / "people" / "jo-bloggs.yaml").write_text("id: jo-bloggs\nname: Jo Bloggs\n")
    r = run("diff", "main", "--data", "data", cwd=repo)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert "added project 'ty-new' (Tŷ Newydd Garden)" in lines
    assert any(line.startswith("added person 'jo-bloggs' (Jo Bloggs) — a person: check the consent") for line in lines)
    (line,) = [x for x in lines if x.startswith(f"changed organisation '{changed.stem}'")]
    assert line.endswith(": summary, themes (+dementia)"), line
    assert any(x.startswith(f"removed project '{old_removed_id}' (") for x in lines)
    assert len(lines) == 4
    assert "4 changes" in r.stderr


def test_diff_uses_the_merge_base_and_rejects_bad_refs(repo):
    git(repo, "switch", "-q", "main")
    some(repo, "projects", 1).unlink()  # a change on main after the branch started
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "switch", "-q", "contribution")
    r = run("diff", "main", "--data", "data", cwd=repo)
    assert r.returncode == 0 and r.stdout == "" and "No changes" in r.stderr
    for bad in ("no-such-branch", "--output=/tmp/x"):
        r = run("diff", "--data", "data", "--", bad, cwd=repo)
        assert r.returncode == 2 and "error:" in r.stderr and "Traceback" not in r.stderr


def test_diff_reports_an_unreadable_new_version(repo):
    target = some(repo, "organisations", 1)
    target.write_text("id: [broken\n")
    r = run("diff", "main", "--data", "data", cwd=repo)
    assert r.returncode == 0
    assert "the new version cannot be read" in r.stdout


# --------------------------------------------------------------------------------------- validate
def test_validate_changed_since_checks_only_the_changed_files(repo):
    org = some(repo, "organisations", 0)
    org_name = re.search(r'(?m)^name: "?(.*?)"?$', org.read_text())[1]
    (repo / "data" / "projects" / "good-new.yaml").write_text(record_text("good-new", "Gerddi Cymunedol Newydd"))
    (repo / "data" / "organisations" / "lookalike.yaml").write_text(record_text("lookalike", org_name + "s"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "two new records")
    r = run("validate", "--changed-since", "main", "--data", "data", "--format", "github", cwd=repo)
    assert r.returncode == 0, r.stdout + r.stderr  # a warning only
    lines = r.stdout.strip().splitlines()
    assert lines and all(GH_RE.match(line) for line in lines), lines
    # the organisation it copies, and any record once called that (records/duplicates.py: former names count)
    assert all(
        line.startswith("::warning file=data/organisations/lookalike.yaml,line=2,title=possible-duplicate::")
        for line in lines
    )
    assert any(f"looks like '{org.stem}' ({org_name}) — is this the same?" in line for line in lines)

    # a new file not yet added to git counts too (a volunteer checking before committing)
    (repo / "data" / "projects" / "bad-new.yaml").write_text(record_text("bad-new", "Bad", themes="[dementa]"))
    r = run("validate", "--changed-since", "main", "--data", "data", "--format", "github", cwd=repo)
    assert r.returncode == 1
    assert any(
        line.startswith("::error file=data/projects/bad-new.yaml,line=4,title=unknown-term::")
        for line in r.stdout.splitlines()
    )
    assert all(GH_RE.match(line) for line in r.stdout.strip().splitlines())


def test_validate_changed_since_nothing_changed_and_bad_ref(repo):
    r = run("validate", "--changed-since", "main", "--data", "data", cwd=repo)
    assert r.returncode == 0 and "No files" in r.stderr
    r = run("validate", "--changed-since", "nope", "--data", "data", cwd=repo)
    assert r.returncode == 2 and "'nope'" in r.stderr
    r = run("validate", "--changed-since", "main", "--data", "data", cwd=repo.parent)  # not a git repository
    assert r.returncode == 2


def test_validate_changed_since_includes_renamed_records(repo):
    src = some(repo, "projects", 2)
    git(repo, "mv", str(src.relative_to(repo)), "data/projects/renamed-one.yaml")
    git(repo, "commit", "-q", "-m", "rename")
    r = run("validate", "--changed-since", "main", "--data", "data", cwd=repo)
    assert r.returncode == 1 and "renamed-one.yaml" in r.stdout and "[id-mismatch]" in r.stdout


def test_validate_paths_warns_about_duplicates(tmp_path):
    target = tmp_path / "projects" / "swansea-time-bank-2.yaml"
    target.parent.mkdir()
    existing = sorted((DATA / "organisations").glob("*.yaml"))[0]
    name = re.search(r'(?m)^name: "?(.*?)"?$', existing.read_text())[1]
    target.write_text(record_text("swansea-time-bank-2", name.upper()))
    r = run("validate", "--format", "github", str(target))
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.strip().splitlines()  # also any record once called that (former names count)
    assert lines and all(GH_RE.match(line) and "title=possible-duplicate" in line for line in lines)
    assert any(f"looks like '{existing.stem}'" in line for line in lines)
    r = run("validate", str(target))
    assert r.returncode == 0 and "warning: looks like" in r.stdout and "[possible-duplicate]" in r.stdout


def test_codes_named_in_the_guide_exist():
    from assetmap.records.problems import CODES

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\*\*([a-z]+(?:-[a-z0-9]+)+)\*\*", text))
    assert named and named <= set(CODES), named - set(CODES)


def test_contributing_shows_the_issue_form_first():
    """For people without a GitHub habit: the issue form, then the app form, then the pull-request routes."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    order = [
        text.index("## Way 1: a simple form on GitHub"),
        text.index('## Way 2: the app\'s "Add your project" page'),
        text.index("## Way 3: GitHub's web editor"),
        text.index("## Way 4: git on your own computer"),
    ]
    assert order == sorted(order)
    assert "create-pr" in text and "one item per line" in text and "ASSETMAP_CONTACT" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "simple bilingual form on GitHub" in readme and "CONTRIBUTING.md" in readme
