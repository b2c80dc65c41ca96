"""Last edited (git) vs last confirmed: a temporary git repository with back-dated commits; `stale`, `confirm`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assetmap.catalogue import load_catalogue
from assetmap.insights import freshness
from assetmap.insights.unconfirmed import issue_markdown, unconfirmed

sys.path.insert(0, str(Path(__file__).parent))
from test_connections import support, write  # noqa: E402

ROOT = Path(__file__).parent.parent
TODAY = dt.date(2026, 1, 1)


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(repo),
    )
    if when:
        env.update(GIT_AUTHOR_DATE=f"{when}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{when}T12:00:00+00:00")
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True)


def records(data: Path) -> None:
    """old-one: a 2016 source; confirmed: a 2016 source but confirmed in 2025; recent: a source of 2025;
    never-committed: undated by git (untracked), source of 2015."""
    for rid, src_date, extra in (
        ("old-one", "2016-03", {}),
        ("edited-later", "2016-04", {}),
        ("confirmed", "2016-03", {"confirmed": {"date": "2025-06-01", "by": "owner", "how": "email from the group"}}),
        ("recent", "2025-02", {}),
        ("never-committed", "2015", {}),
    ):
        write(
            data,
            "organisations",
            rid,
            themes=["dementia"],
            areas_served=["powys"],
            status="unknown",
            sources=[{"title": f"Newsletter about {rid}", "date": src_date, "url": "https://example.org/n"}],
            **extra,
        )


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """repo/data: everything but never-committed committed 2020-01-10; edited-later changed 2025-06-01."""
    repo = tmp_path_factory.mktemp("fresh") / "repo"
    data = support(repo / "data")
    records(data)
    git(repo, "init", "-q")
    git(
        repo,
        "add",
        "data/vocab",
        "data/areas.yaml",
        "data/gazetteer.csv",
        "data/organisations/old-one.yaml",
        "data/organisations/edited-later.yaml",
        "data/organisations/confirmed.yaml",
        "data/organisations/recent.yaml",
    )
    if (data / "postcode_districts.csv").exists():
        git(repo, "add", "data/postcode_districts.csv")
    git(repo, "commit", "-q", "-m", "first", when="2020-01-10")
    path = data / "organisations" / "edited-later.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("does one thing well", "does two things well"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "edit", when="2025-06-01")
    return data


def test_last_edited_comes_from_git_history_only(repo):
    cat = load_catalogue(repo)
    assert not cat.result.errors
    dates = freshness.last_changed(cat)
    assert dates["old-one"] == dt.date(2020, 1, 10)
    assert dates["edited-later"] == dt.date(2025, 6, 1)
    assert "never-committed" not in dates  # untracked: no date is made up


def test_an_edit_is_not_a_confirmation(repo):
    cat = load_catalogue(repo, today=TODAY)
    found = unconfirmed(cat, TODAY)
    # edited-later was edited in 2025 but nobody confirmed it: it still needs confirming; oldest first
    assert [(u.id, u.as_of) for u in found] == [
        ("never-committed", "2015"),
        ("old-one", "2016-03"),
        ("edited-later", "2016-04"),
    ]
    assert found[0].kind == "organisation" and found[0].path.endswith("never-committed.yaml")
    assert found[0].area == "powys"


def test_issue_lists_records_by_area_as_inert_markdown(repo):
    cat = load_catalogue(repo, today=TODAY)
    body = issue_markdown(cat, TODAY, "https://github.com/example/assetmap")
    assert body.startswith("3 of 5 records on the map have no source or confirmation from the last 2 years")
    assert "### Powys (3)" in body
    assert "- [ ] [Old One](https://github.com/example/assetmap/blob/main/data/organisations/old-one.yaml)" in body
    assert "last dated 2016-03 (`old-one`)" in body


def test_fallback_outside_git(tmp_path, monkeypatch):
    data = support(tmp_path / "plain" / "data")
    records(data)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above tmp_path
    assert freshness.git_dates(data) is None
    assert freshness.last_changed(load_catalogue(data)) == {}


def test_fallback_without_git_program(repo, monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert freshness.git_dates(repo) is None


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ASSETMAP_DATA"}
    return subprocess.run(
        [sys.executable, "-m", "assetmap.cli", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_cli_stale(repo):
    r = run("stale", "--data", str(repo), "--today", "2026-01-01")
    assert r.returncode == 0, r.stderr
    lines = [line.split("\t") for line in r.stdout.splitlines()]
    assert [(x[0], x[1], x[3], x[4]) for x in lines] == [
        ("never-committed", "organisation", "powys", "2015"),
        ("old-one", "organisation", "powys", "2016-03"),
        ("edited-later", "organisation", "powys", "2016-04"),
    ]
    assert lines[0][5].endswith("never-committed.yaml")
    assert "3 of 5 records" in r.stderr
    r = run("stale", "--data", str(repo), "--today", "2026-01-01", "--issue")
    assert r.returncode == 0 and r.stdout.startswith("3 of 5 records")


def test_cli_confirm_writes_the_block_and_the_record_becomes_current(tmp_path):
    data = support(tmp_path / "data")
    records(data)
    before = (data / "organisations" / "old-one.yaml").read_text()
    r = run(
        "confirm",
        "old-one",
        "--data",
        str(data),
        "--by",
        "maintainer",
        "--how",
        "their website\n::error x",
        "--status",
        "active",
        "--today",
        "2026-01-02",
    )
    assert r.returncode == 0, r.stderr
    after = (data / "organisations" / "old-one.yaml").read_text()
    assert after.startswith(before.split("status:")[0])  # the rest of the file is kept as it was
    assert after.endswith('confirmed:\n  date: 2026-01-02\n  by: maintainer\n  how: "their website ::error x"\n')
    assert "status: active" in after
    cat = load_catalogue(data, today=dt.date(2026, 1, 5))
    assert not cat.result.problems
    assert cat.frame.loc["old-one", "status"] == "active" and cat.frame.loc["old-one", "as_of"] == "2026-01-02"
    assert "old-one" not in {u.id for u in unconfirmed(cat, dt.date(2026, 1, 5))}
    # a second confirmation replaces the first rather than adding a duplicate key
    assert (
        run(
            "confirm", "old-one", "--data", str(data), "--by", "owner", "--how", "a call", "--today", "2026-02-01"
        ).returncode
        == 0
    )
    text = (data / "organisations" / "old-one.yaml").read_text()
    assert text.count("confirmed:") == 1 and 'how: "a call"' in text


def test_cli_confirm_refuses_what_it_cannot_write(tmp_path):
    data = support(tmp_path / "data")
    records(data)
    r = run("confirm", "old-on", "--data", str(data), "--by", "owner", "--how", "x")
    assert r.returncode == 2 and "did you mean 'old-one'" in r.stderr
    r = run("confirm", "old-one", "--data", str(data), "--by", "owner", "--how", "   ")
    assert r.returncode == 2 and "say how" in r.stderr
    r = run("confirm", "old-one", "--data", str(data), "--by", "someone", "--how", "x")
    assert r.returncode == 2


def test_data_dir_given_by_a_relative_path(repo, monkeypatch):
    monkeypatch.chdir(repo.parent)
    cat = load_catalogue(Path("data"))
    assert freshness.last_changed(cat)["edited-later"] == dt.date(2025, 6, 1)
