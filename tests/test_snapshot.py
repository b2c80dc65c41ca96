"""A restarted app reads its catalogue back from a snapshot instead of loading every file (assetmap.snapshot),
and never when anything the catalogue depends on has changed, nor from a snapshot it should not trust."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from shipped import DATA, TODAY
from streamlit.testing.v1 import AppTest

import assetmap.catalogue as catalogue_module
from assetmap.catalogue import load_catalogue
from assetmap.records.schema import KINDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path):
    """data/ with its support files and a few records of each kind (a whole load per step keeps this quick)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=lambda folder, names: sorted(names)[4:] if Path(folder).name in KINDS else [])
    return target


@pytest.fixture
def loads(monkeypatch):
    """The number of times the catalogue was loaded from the files."""
    calls: list[Path] = []
    real = catalogue_module.load

    def counting(data_dir, **kwargs):
        calls.append(data_dir)
        return real(data_dir, **kwargs)

    monkeypatch.setattr(catalogue_module, "load", counting)
    return calls


def snapshots(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalogue-*.pickle"))


def test_unchanged_files_are_read_back_from_the_snapshot(data, tmp_path, loads):
    cache = tmp_path / "cache"
    first = load_catalogue(data, TODAY, snapshots=cache)
    assert len(loads) == 1 and len(snapshots(cache)) == 1
    again = load_catalogue(data, TODAY, snapshots=cache)
    assert len(loads) == 1, "the second load read every file again"
    assert again.frame.equals(first.frame)
    assert list(again.records) == list(first.records)
    assert again.edges == first.edges
    assert again.version == first.version
    assert oct(cache.stat().st_mode & 0o777) == "0o700"


def test_a_changed_record_is_loaded_from_its_file(data, tmp_path, loads):
    cache = tmp_path / "cache"
    load_catalogue(data, TODAY, snapshots=cache)
    path = next((data / "organisations").glob("*.yaml"))
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines[at] = "name: A New Name"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")  # in place, as `echo >>` would: no new folder mtime
    loads.clear()
    changed = load_catalogue(data, TODAY, snapshots=cache)
    assert len(loads) == 1
    assert changed.frame.at[path.stem, "name"] == "A New Name"
    assert len(snapshots(cache)) == 1, "the old snapshot of this folder was not replaced"


def test_another_day_loads_again(data, tmp_path, loads):
    """What is current depends on the day: yesterday's snapshot is not today's catalogue."""
    cache = tmp_path / "cache"
    load_catalogue(data, TODAY, snapshots=cache)
    load_catalogue(data, TODAY + dt.timedelta(days=1), snapshots=cache)
    assert len(loads) == 2


def test_a_damaged_snapshot_is_ignored_and_replaced(data, tmp_path, loads):
    cache = tmp_path / "cache"
    expected = load_catalogue(data, TODAY, snapshots=cache).frame
    (path,) = snapshots(cache)
    path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    assert load_catalogue(data, TODAY, snapshots=cache).frame.equals(expected)
    assert len(loads) == 2
    load_catalogue(data, TODAY, snapshots=cache)
    assert len(loads) == 2, "the damaged snapshot was not replaced by a good one"


@pytest.mark.parametrize("how", ["others can write it", "a symlink", "in a folder others can write to"])
def test_a_snapshot_it_should_not_trust_is_never_read(data, tmp_path, loads, how):
    """Unpickling runs code: only this user's own file, in this user's own folder, is read."""
    cache = tmp_path / "cache"
    load_catalogue(data, TODAY, snapshots=cache)
    (path,) = snapshots(cache)
    if how == "others can write it":
        path.chmod(0o666)
    elif how == "a symlink":
        real = tmp_path / "elsewhere.pickle"
        path.rename(real)
        path.symlink_to(real)
    else:
        cache.chmod(0o777)
    load_catalogue(data, TODAY, snapshots=cache)
    assert len(loads) == 2


def test_a_folder_that_cannot_hold_snapshots_costs_only_time(data, tmp_path, loads):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for _ in range(2):
        assert len(load_catalogue(data, TODAY, snapshots=blocked / "cache").frame) > 0
    assert len(loads) == 2


def test_the_app_keeps_its_catalogue_in_the_cache_folder(data, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("ASSETMAP_DATA", str(data))
    monkeypatch.setenv("ASSETMAP_CACHE", str(cache))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert len(snapshots(cache)) == 1
    assert os.stat(snapshots(cache)[0]).st_mode & 0o077 == 0
