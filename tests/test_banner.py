"""Nothing silently lost: load.health says what was dropped and why; the app's banner says it in both languages."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assetmap.load import health, load

ROOT = Path(__file__).parent.parent
APP = str(ROOT / "app.py")
DATA = ROOT / "data"


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_whole_data_is_healthy():
    h = health(load(DATA))
    assert h.ok and not h.first


def test_health_counts_the_lost_records_and_names_why(data):
    (data / "projects" / "no-place.yaml").write_text((ROOT / "tests/corpus/projects/no-location.yaml").read_text())
    text = (data / "organisations" / "barod.yaml").read_text()
    (data / "organisations" / "barod.yaml").write_text(text.replace("themes:", "themes: 5\nold_themes:", 1))
    result = load(data)
    h = health(result)
    assert h.dropped == len(result.dropped) >= 2 and not h.support
    lost = {Path(p).name for p in result.dropped}
    assert {"no-place.yaml", "barod.yaml"} <= lost
    assert {Path(p.path).name for p in h.first} <= lost and all(p.severity == "error" for p in h.first)


def test_health_puts_broken_shared_files_first(data):
    (data / "vocab" / "themes.yaml").write_text("terms: [\n")
    h = health(load(data))
    assert not h.ok and Path(h.first[0].path).name == "themes.yaml" and h.support == h.first[:1]


@pytest.mark.parametrize(
    ("lang", "words"), [("en", ("Shared data is broken", "themes.yaml")), ("cy", ("Mae data cyffredin", "themes.yaml"))]
)
def test_the_app_shows_the_banner_when_the_vocabulary_is_broken(data, monkeypatch, lang, words):
    (data / "vocab" / "themes.yaml").write_text("terms: [\n")
    monkeypatch.setenv("ASSETMAP_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    (banner,) = at.error
    shown = banner.value.replace("\\", "")
    assert all(w in shown for w in words), shown
    assert str(data) not in shown and str(ROOT) not in shown  # no server paths


def test_no_banner_on_whole_data(monkeypatch):
    monkeypatch.setenv("ASSETMAP_DATA", str(DATA))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception and not at.error
