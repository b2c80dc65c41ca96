"""Every broken file in tests/corpus yields its expected problem code on its expected line, and every code has one.

Record files are checked as `validate PATH` checks them (against data/, with the look-alike warnings);
files under `datasets/<name>/` are whole data folders of their own (broken support files, stray files).
"""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assetmap.load import load
from assetmap.records.duplicates import possible_duplicates
from assetmap.records.problems import CODES

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
DATA = HERE.parent / "data"


def _expected():
    for line in (CORPUS / "EXPECTED.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            name, code, lineno = line.split("\t")
            yield name, code, int(lineno)


EXPECTED = list(_expected())


@pytest.fixture(scope="module")
def problems_by_file():
    files = [CORPUS / name for name, _, _ in EXPECTED if not name.startswith("datasets/")]
    result = load(DATA, extra=files)
    wanted = {str(f) for f in files}
    problems = result.problems + possible_duplicates(
        [item for item in result.records.values() if item.parsed.path in wanted], result.records
    )
    for folder in sorted({name.split("/")[1] for name, _, _ in EXPECTED if name.startswith("datasets/")}):
        problems += load(CORPUS / "datasets" / folder).problems
    out = {}
    for p in problems:
        out.setdefault(p.path, []).append(p)
    return out


def test_corpus_is_big_enough():
    assert len(EXPECTED) >= 30
    assert all(code in CODES for _, code, _ in EXPECTED)


def test_every_code_has_an_example_in_the_corpus():
    """A new code needs a real file showing it (CONTRIBUTING.md, "Adding a problem code")."""
    missing = set(CODES) - {code for _, code, _ in EXPECTED}
    assert not missing, f"add a file to tests/corpus and a line to EXPECTED.tsv for: {sorted(missing)}"


@pytest.mark.parametrize(("name", "code", "line"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_broken_file_yields_code_and_line(problems_by_file, name, code, line):
    got = problems_by_file.get(str(CORPUS / name), [])
    assert (code, line) in {(p.code, p.line) for p in got}, [f"{p.line}:{p.code}:{p.message}" for p in got]
    for p in got:
        assert p.message and "\n" not in p.message and "Traceback" not in p.message


def test_suggestions_name_the_fix(problems_by_file):
    def msg(name, code):
        return next(p.message for p in problems_by_file[str(CORPUS / name)] if p.code == code)

    assert "did you mean 'summary'" in msg("projects/typo-field.yaml", "unknown-field")
    assert "did you mean 'Abergavenny'" in msg("projects/misspelt-place.yaml", "unknown-place")
    assert "did you mean 'time-banking'" in msg("projects/unknown-theme.yaml", "unknown-term")
    assert "did you mean 'powys'" in msg("projects/unknown-area.yaml", "unknown-area")
    assert "put it in quotes" in msg("projects/status-yes.yaml", "yaml-coercion")


def _write(tmp_path, kind, name, content: bytes) -> Path:
    (tmp_path / kind).mkdir(parents=True, exist_ok=True)
    path = tmp_path / kind / name
    path.write_bytes(content)
    return path


def test_symlink_and_oversized_files_are_refused(tmp_path):
    target = _write(tmp_path, "elsewhere", "x.yaml", (CORPUS / "projects/typo-field.yaml").read_bytes())
    link = tmp_path / "projects" / "linked.yaml"
    link.parent.mkdir(exist_ok=True)
    os.symlink(target, link)
    big = _write(tmp_path, "projects", "big.yaml", b"id: big\nsummary: " + b"x" * 70_000 + b"\n")
    result = load(DATA, extra=[link, big])
    codes = {(Path(p.path).name, p.code) for p in result.problems}
    assert ("linked.yaml", "symlink") in codes
    assert ("big.yaml", "file-too-large") in codes


def test_fifo_does_not_hang(tmp_path):
    (tmp_path / "projects").mkdir()
    fifo = tmp_path / "projects" / "pipe.yaml"
    os.mkfifo(fifo)
    result = load(DATA, extra=[fifo])
    assert [p.code for p in result.problems if p.path == str(fifo)] == ["not-a-file"]


def test_one_bad_file_loses_nothing_else(tmp_path):
    """The shipped data plus one hostile file: every shipped record still loads."""
    clean = load(DATA)
    bad = _write(tmp_path, "projects", "alias-bomb.yaml", (CORPUS / "projects/alias-bomb.yaml").read_bytes())
    result = load(DATA, extra=[bad])
    assert set(clean.records) <= set(result.records)


MANY = CORPUS / "projects" / "many-problems.yaml"
# every independent mistake in many-problems.yaml: (line, code); nothing else may be reported about it
MANY_EXPECTED = {(n, c) for name, c, n in EXPECTED if name == "projects/many-problems.yaml"}


def test_every_problem_of_a_file_in_one_check_file_run():
    """A field that does not fit the format hides nothing: meaning checks and references still run on the rest."""
    from assetmap.records.checks import Context, check_file, check_references
    from assetmap.records.yamlsafe import read_file

    clean = load(DATA)
    ctx = Context(clean.vocab, frozenset(clean.areas.areas), clean.gazetteer, dt.date.today())
    item, problems = check_file(read_file(MANY, str(MANY)), "projects", ctx, MANY.stem)
    assert item is not None and item.partial and not item.ok
    problems += check_references(clean.records, {}, partial=[item])
    assert {(p.line, p.code) for p in problems} == MANY_EXPECTED, [f"{p.line}:{p.code}" for p in problems]


def test_every_problem_of_a_file_in_one_validate_run():
    r = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "validate", "--format", "json", str(MANY)],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
        env={k: v for k, v in os.environ.items() if k != "ASSETMAP_DATA"},
        timeout=300,
    )
    assert r.returncode == 1, r.stderr
    got = {(p["line"], p["code"]) for p in json.loads(r.stdout)}
    assert got == MANY_EXPECTED


def test_a_file_with_fields_set_aside_is_never_a_record():
    result = load(DATA, extra=[MANY])
    assert "many-problems" not in result.records
    assert all(p.severity == "error" for p in result.problems if p.path == str(MANY))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("from the office at 12 High Street, Ystradgynlais", ("person-address", "street")),
        ("7 Heol y Coleg", ("person-address", "street")),
        ("postcode sa91jj", ("person-address", "postcode")),
        ("jane at example dot org", ("person-contact", "email")),
        ("jane [at] example [dot] org", ("person-contact", "email")),
        ("jane (at) example (dot) org", ("person-contact", "email")),
        ("ｊａｎｅ＠ｅｘａｍｐｌｅ.org", ("person-contact", "email")),
        ("jane@example.xyz", ("person-contact", "email")),
        ("ring 01639 123456", ("person-contact", "phone")),
        ("+44 (0)29 2034 5678", ("person-contact", "phone")),
        ("029.2034.5678", ("person-contact", "phone")),
        ("+1-202-555-0123", ("person-contact", "phone")),
        ("0033 1 23 45 67 89", ("person-contact", "phone")),
        ("her blog: https://jane.example.org/about", ("person-contact", "web")),
        ("see janesmith.me", ("person-contact", "web")),
        ("www.janesmith.co.uk", ("person-contact", "web")),
    ],
)
def test_private_details_are_found_in_any_disguise(text, found):
    from assetmap.records.privacy import private_details

    assert private_details(text) == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Co-ordinator at Credu",
        "Worked with 30 people in the Park from 2014 to 2016",
        "Chair 2014-2016, 2017 2018; 120 members",
        "Covid-19 recovery work in SA9 and Powys",
        "Works at Credu dot the i's",
    ],
)
def test_public_roles_are_not_private_details(text):
    from assetmap.records.privacy import private_details

    assert private_details(text) == []


def test_the_real_people_have_no_private_details_found():
    """Every detector runs over every text field of the real person records without a false alarm."""
    from assetmap.records.problems import PRIVACY_CODES

    result = load(DATA)
    people = [item for item in result.records.values() if item.kind == "people"]
    assert len(people) >= 60 and all(item.ok for item in people)
    assert not [p for p in result.problems if p.code in PRIVACY_CODES]


def test_a_private_detail_in_a_field_set_aside_is_still_found(tmp_path):
    """A summary too long for the format is set aside, but its email is still a privacy error, and the form
    treats the entry as unread (no download, no GitHub link) while fields are set aside."""
    from assetmap.contrib.form import check_entry

    text = (CORPUS / "people" / "person-street.yaml").read_text(encoding="utf-8")
    long = "  Co-ordinates the carers' group; write to jane at example dot org. " + "More words here. " * 100 + "\n"
    text = text.replace(text.split("summary: >-\n")[1].split("summary_cy")[0], long)
    path = tmp_path / "people" / "person-street.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    got = {(p.field, p.code) for p in load(DATA, extra=[path]).problems if p.path == str(path)}
    assert {("summary", "too-long"), ("summary", "person-contact")} <= got, got
    checked = check_entry(text, "people", "data/people/person-street.yaml", load(DATA))
    assert checked.private and not checked.complete and not checked.may_leave
