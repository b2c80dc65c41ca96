"""Problem messages come from catalogues: English and Welsh say the same things, with the same placeholders."""

import re
import string
from pathlib import Path

import pytest

from assetmap.i18n import messages
from assetmap.load import load
from assetmap.records.duplicates import possible_duplicates  # noqa: F401  (its check declares its codes)
from assetmap.records.problems import CODES, EMITTERS, Problem, field_label, problem, render
from assetmap.records.reporters import github, text

HERE = Path(__file__).parent
DATA = HERE.parent / "data"
CORPUS = HERE / "corpus"


def _catalogue(lang: str) -> dict[str, str]:
    return {k: v for k, v in messages(lang).items() if k.startswith(("problems.", "fields.", "problems_report."))}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_welsh_have_the_same_keys_and_placeholders():
    en, cy = _catalogue("en"), _catalogue("cy")
    assert set(en) == set(cy), set(en) ^ set(cy)
    for key in en:
        assert _placeholders(en[key]) == _placeholders(cy[key]), key


def test_every_code_has_a_message_and_every_message_a_code():
    keys = _catalogue("en")
    for code in CODES:
        assert any(k == f"problems.{code}" or k.startswith(f"problems.{code}.") for k in keys), code
    for key in keys:
        if key.startswith("problems.") and not key.startswith(("problems.words.", "problems.kinds.")):
            assert key.split(".")[1] in CODES, key


def test_every_code_is_declared_by_a_check_and_every_declaration_is_a_code():
    declared = {code for codes in EMITTERS.values() for code in codes}
    assert declared == set(CODES), set(CODES) ^ declared


@pytest.fixture(scope="module")
def corpus_problems():
    files = sorted(p for p in CORPUS.glob("*/*.yaml"))
    return load(DATA, extra=files).problems


def test_every_corpus_problem_renders_in_welsh_without_english_fallback(corpus_problems):
    cy = messages("cy")
    for p in corpus_problems:
        assert p.key in cy, p.key
        welsh = render(p, "cy")
        assert welsh and "{" not in welsh.replace("{id}", ""), welsh
    some = next(p for p in corpus_problems if p.code == "unknown-place" and p.path.endswith("misspelt-place.yaml"))
    assert (
        render(some, "cy")
        == "nid yw 'Abergavenie' yn lle rydyn ni'n ei adnabod; ai 'Abergavenny' oeddech chi'n ei olygu?"
    )
    assert render(some, "en") == some.message == "'Abergavenie' is not a place we know; did you mean 'Abergavenny'?"


def test_problem_keeps_code_key_and_hashable_params():
    p = problem(
        "data/projects/x.yaml", 3, "location.place", "unknown-place", "suggest", place="Abergavenie", hint="Abergavenny"
    )
    assert p.key == "problems.unknown-place.suggest"
    assert dict(p.params) == {"place": "Abergavenie", "hint": "Abergavenny"}
    assert hash(p) and p == Problem(p.path, 3, "location.place", "unknown-place", p.message)


@pytest.mark.parametrize(
    ("path", "en", "cy"),
    [
        ("location.postcode", "Postcode", "Cod post"),
        ("links[0]", "Web links, item 1", "Dolenni gwe, eitem 1"),
        ("sources[0].date", "Sources, item 1: Date", "Ffynonellau, eitem 1: Dyddiad"),
        ("themes[2]", "Themes, item 3", "Themâu, eitem 3"),
        ("", "The record", "Y cofnod"),
        ("sumary", "sumary", "sumary"),
    ],
)
def test_fields_are_named_by_their_form_label(path, en, cy):
    assert field_label(path, "en") == en
    assert field_label(path, "cy") == cy


def test_messages_say_no_server_paths(corpus_problems, tmp_path):
    root = str(HERE.parent)
    for p in corpus_problems:
        assert root not in p.message and root not in render(p, "cy"), p.message


HOSTILE = "x\n::error file=README.md::forged\r::warning::also\x1b[2J\u2028::notice::sep"


@pytest.mark.parametrize("report", [text, github])
def test_a_hostile_value_cannot_start_a_line_with_two_colons(report):
    p = problem(
        "data/projects/x.yaml",
        5,
        "themes[0]",
        "unknown-term",
        "list",
        term=HOSTILE,
        vocab="themes",
        noun=HOSTILE,
        choices=HOSTILE,
    )
    hostile_field = problem(
        "data/projects/x\n::error::y.yaml",
        5,
        "themes\n::error::[0]",
        "unknown-term",
        "list",
        term="t",
        vocab="themes",
        noun="n",
        choices="c",
    )
    for lang in ("en", "cy"):
        out = report([p, hostile_field], lang=lang)
        lines = re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85", out)
        assert len(lines) == 2, lines  # one line per problem: nothing smuggled onto a line of its own
        assert not any(line.startswith("::") for line in lines if report is text)
        assert all(line.startswith(("::error file=", "::warning file=")) for line in lines if report is github)
        assert "\x1b" not in out


def _project(tmp_path, name: str, body: str) -> Path:
    path = tmp_path / "projects" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"id: {name}\n{body}", encoding="utf-8")
    return path


BODY = """name: Cwm Garden {n}
summary: A garden.
themes: [community-development]
status: ended
location: {{place: Swansea}}
sources:
  - {{title: Our site, url: "https://example.org/", date: 2016}}
"""


def _problems(tmp_path, name: str, extra: str, n: int = 1) -> list[Problem]:
    path = _project(tmp_path, name, BODY.format(n=n) + extra)
    return [p for p in load(DATA, extra=[path]).problems if p.path == str(path)]


def test_unresolved_reference_suggests_the_record_by_id_and_name(tmp_path):
    (p,) = [p for p in _problems(tmp_path, "short-lead", "lead: credu\n") if p.code == "unresolved-reference"]
    assert p.message == (
        "'credu' is not the id of any organisation; did you mean 'credu-connecting-carers' (Credu – Connecting Carers)?"
    )
    assert render(p, "cy").startswith("nid yw 'credu' yn id unrhyw sefydliad; ai 'credu-connecting-carers'")
    assert field_label(p.field, "cy") == "Sefydliad arweiniol"


def test_unknown_term_with_no_close_match_lists_valid_ones(tmp_path):
    (p,) = [p for p in _problems(tmp_path, "odd-sector", "sectors: [zzzz]\n") if p.code == "unknown-term"]
    assert p.key == "problems.unknown-term.list" and "choose from: " in p.message
    shown = p.message.split("choose from: ")[1].split(" (")[0].rstrip(", …").split(", ")
    vocab = load(DATA).vocab.terms["sectors"]
    assert len(shown) >= 3 and set(shown) <= set(vocab)


def test_a_colon_in_a_name_is_explained(tmp_path):
    path = _project(tmp_path, "colon-name", "name: Time: a bank\nsummary: x\n")
    (p,) = [p for p in load(DATA, extra=[path]).problems if p.path == str(path)]
    assert p.code == "yaml-syntax" and "put the whole value in double quotes" in p.message
    assert "rhwng dyfynodau dwbl" in render(p, "cy")


def test_duplicate_id_names_the_other_file_relative_to_the_data_folder(tmp_path):
    rid = sorted((DATA / "projects").glob("*.yaml"))[0].stem
    path = _project(tmp_path, "copy", BODY.format(n=2)).with_name("copy.yaml")
    path.write_text(path.read_text().replace("id: copy", f"id: {rid}"), encoding="utf-8")
    (p,) = [p for p in load(DATA, extra=[path]).problems if p.code == "duplicate-id"]
    assert f"is also used by projects/{rid}.yaml;" in p.message and str(DATA) not in p.message


def test_validate_speaks_welsh(tmp_path):
    import subprocess
    import sys

    path = _project(tmp_path, "welsh-check", BODY.format(n=3) + "links: [http://example.org]\n")
    r = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "validate", "--data", str(DATA), "--lang", "cy", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 1
    assert "Dolenni gwe, eitem 1: rhaid i ddolenni ddechrau gyda https://" in r.stdout
    assert "Gwallau: 1;" in r.stderr
