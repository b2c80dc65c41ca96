"""Freshness from a temporary git repository with back-dated commits, and the fallback outside git."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assetmap.insights import freshness
from assetmap.catalogue import load_catalogue

sys.path.insert(0, str(Path(__file__).parent))
from test_connections import support, write  # noqa: E402

ROOT = Path(__file__).parent.parent
TODAY = dt.date(2026, 1, 1)


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(repo))
    if when:
        env.update(GIT_AUTHOR_DATE=f"{when}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{when}T12:00:00+00:00")
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True)


def records(data: Path) -> None:
    for rid, reviewed in (("old-one", "2019-05-01"), ("edited-later", "2019-05-01"), ("never-committed", "2024-02-02"),
                          ("reviewed-recently", "2025-11-30")):
        write(data, "organisations", rid, themes=["dementia"], areas_served=["powys"], last_reviewed=reviewed)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """repo/data: old-one committed 2020-01-10; edited-later committed then, and changed 2025-06-01;
    reviewed-recently committed 2020-01-10 but last_reviewed 2025-11-30; never-committed left untracked."""
    repo = tmp_path_factory.mktemp("fresh") / "repo"
    data = support(repo / "data")
    records(data)
    git(repo, "init", "-q")
    git(repo, "add", "data/vocab", "data/areas.yaml", "data/gazetteer.csv", "data/organisations/old-one.yaml",
        "data/organisations/edited-later.yaml", "data/organisations/reviewed-recently.yaml")
    if (data / "postcode_districts.csv").exists():
        git(repo, "add", "data/postcode_districts.csv")
    git(repo, "commit", "-q", "-m", "first", when="2020-01-10")
    path = data / "organisations" / "edited-later.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("does one thing well", "does two things well"),
                    encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit", when="2025-06-01")
    return data


def test_last_changed_from_git_history(repo):
    cat = load_catalogue(repo)
    assert not cat.result.errors
    dates = freshness.last_changed(cat)
    assert dates["old-one"] == dt.date(2020, 1, 10)
    assert dates["edited-later"] == dt.date(2025, 6, 1)
    assert dates["reviewed-recently"] == dt.date(2020, 1, 10)
    assert dates["never-committed"] == dt.date(2024, 2, 2)  # untracked: falls back to last_reviewed


def test_stale_uses_the_later_of_git_and_last_reviewed(repo):
    cat = load_catalogue(repo)
    found = freshness.stale(cat, TODAY, months=12)
    assert [(s.id, s.changed) for s in found] == [("old-one", dt.date(2020, 1, 10)),
                                                  ("never-committed", dt.date(2024, 2, 2))]
    assert found[0].kind == "organisation" and found[0].path.endswith("old-one.yaml")
    assert found[0].reviewed == dt.date(2019, 5, 1)
    assert freshness.freshness(cat, "reviewed-recently") == dt.date(2025, 11, 30)
    assert [s.id for s in freshness.stale(cat, TODAY, months=120)] == []
    assert {s.id for s in freshness.stale(cat, TODAY, months=0)} == {
        "old-one", "never-committed", "edited-later", "reviewed-recently"}


def test_freshness_note(repo):
    cat = load_catalogue(repo)
    assert freshness.freshness_note(cat, "old-one", TODAY) == (
        "Not reviewed or changed since 10 January 2020 (over 12 months)")
    assert freshness.freshness_note(cat, "old-one", TODAY, lang="cy") == (
        "Heb ei adolygu na'i newid ers 10 Ionawr 2020 (dros 12 mis)")
    assert freshness.freshness_note(cat, "edited-later", TODAY) is None
    assert freshness.freshness_note(cat, "no-such-id", TODAY) is None


def test_fallback_outside_git(tmp_path, monkeypatch):
    data = support(tmp_path / "plain" / "data")
    records(data)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above tmp_path
    assert freshness.git_dates(data) is None
    cat = load_catalogue(data)
    dates = freshness.last_changed(cat)
    assert dates == {rid: item.record.last_reviewed for rid, item in cat.records.items()}
    # oldest first, then by id
    assert [s.id for s in freshness.stale(cat, TODAY)] == ["edited-later", "old-one", "never-committed"]


def test_fallback_without_git_program(repo, monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert freshness.git_dates(repo) is None


def test_months_before():
    assert freshness.months_before(dt.date(2026, 1, 1), 12) == dt.date(2025, 1, 1)
    assert freshness.months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert freshness.months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert freshness.months_before(dt.date(2026, 5, 15), 0) == dt.date(2026, 5, 15)
    assert freshness.months_before(dt.date(2026, 1, 31), 13) == dt.date(2024, 12, 31)


def test_cli_stale(repo):
    env = {k: v for k, v in os.environ.items() if k != "ASSETMAP_DATA"}
    r = subprocess.run([sys.executable, "-m", "assetmap.cli", "stale", "--data", str(repo), "--today", "2026-01-01"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = [line.split("\t") for line in r.stdout.splitlines()]
    assert [(x[0], x[1], x[3]) for x in lines] == [("old-one", "organisation", "2020-01-10"),
                                                   ("never-committed", "organisation", "2024-02-02")]
    assert lines[0][4].endswith("old-one.yaml")
    assert "2 of 4 records" in r.stderr
    r = subprocess.run([sys.executable, "-m", "assetmap.cli", "stale", "--data", str(repo), "--months", "999",
                        "--today", "2026-01-01"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0 and r.stdout == ""


def test_data_dir_given_by_a_relative_path(repo, monkeypatch):
    monkeypatch.chdir(repo.parent)
    cat = load_catalogue(Path("data"))
    assert freshness.last_changed(cat)["edited-later"] == dt.date(2025, 6, 1)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_shipped_data_has_a_date_for_every_record():
    cat = load_catalogue(ROOT / "data")
    dates = freshness.last_changed(cat)
    assert set(dates) == set(cat.records)
