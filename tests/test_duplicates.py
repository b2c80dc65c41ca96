"""possible-duplicate: near-identical names and the same link warn; distinct names do not."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from assetmap.records.checks import Loaded
from assetmap.records.duplicates import NAME_THRESHOLD, DuplicateIndex, fold_name, normalise_link, possible_duplicates
from assetmap.records.problems import CODES
from assetmap.records.schema import MODELS
from assetmap.records.yamlsafe import Parsed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_duplicates import synthetic_names  # noqa: E402  (the benchmark's population, smaller)

NAMES = synthetic_names(2_000)

MESSAGE_RE = re.compile(r"^looks like '[a-z0-9-]+' \(.+\) — is this the same\?$")


def record(rid: str, name: str, kind: str = "organisations", name_cy: str | None = None, links=(), former=()) -> Loaded:
    data = {
        "id": rid,
        "name": name,
        "summary": "A summary.",
        "themes": ["time-banking"],
        "status": "active",
        "links": list(links),
        "sources": [{"title": "t", "url": "https://example.org/", "date": "2026-01"}],
    }
    if name_cy:
        data["name_cy"] = name_cy
    if former:
        data["former_names"] = [{"name": n} for n in former]
    lines = {"": 1, "id": 1, "name": 2, "name_cy": 3, **{f"links[{i}]": 10 + i for i in range(len(links))}}
    return Loaded(kind, MODELS[kind].model_validate(data), Parsed(f"data/{kind}/{rid}.yaml", data, lines))


def warns(new_name: str, old_name: str) -> bool:
    old = record("existing", old_name)
    return bool(possible_duplicates([record("new-one", new_name)], {"existing": old}))


# real-looking Welsh names: the same body written differently -> warn
SAME = [
    ("Swansea Timebank", "Swansea Time Bank"),  # a space
    ("Ceredigion Time Bank", "Ceredigion Timebank"),
    ("Gwent Carers' Hub", "Gwent Carers Hub"),  # punctuation
    ("Barod CIC", "Barod"),  # legal form
    ("The People's Platform", "Peoples Platform"),
    ("Fair Treatment for the Women of Wales", "Fair Treatment for Women of Wales"),
    ("Creating Communities Together", "Together Creating Communities"),  # word order
    ("Cwm Taf Cares", "Cwm Taf Carers"),  # one letter: a typo or not, only a person can tell -> ask
    ("Co-production Expert Classes", "Co-production Expert Class"),
    ("TIME BANKING WALES", "Time Banking Wales"),
    ("Ŵyl Gymunedol Tŷ Hapus", "Wyl Gymunedol Ty Hapus"),  # accents
    ("Arts & Health Cymru", "Arts and Health Cymru"),
]
# different bodies -> no warning
DIFFERENT = [
    ("Barod", "Credu"),
    ("Swansea Timebank", "Neath Timebank"),  # same kind of body, another place
    ("Cardiff Timebank", "Caerphilly Timebank"),
    ("Aberdare Youth Forum", "Abercarn Youth Forum"),
    ("Time Banking Wales", "Time Banking UK"),
    ("Co-production Network for Wales", "Co-production Network for Scotland"),
    ("Dementia Friendly Wales", "Dementia Friendly Swansea"),
    ("Neath Port Talbot CVS", "Neath Port Talbot Carers"),
    ("Age Cymru", "Age Cymru Gwent"),  # a national body and a local one
    ("Mind Cymru", "Mind in Cardiff"),
    ("Monmouthshire County Council", "Monmouthshire Housing Association"),
]


@pytest.mark.parametrize(("new", "old"), SAME)
def test_near_identical_names_warn(new, old):
    assert warns(new, old), (new, old)
    assert warns(old, new), (old, new)  # both ways


@pytest.mark.parametrize(("new", "old"), DIFFERENT)
def test_distinct_names_do_not_warn(new, old):
    assert not warns(new, old), (new, old)
    assert not warns(old, new), (old, new)


def test_threshold_sits_between_the_cases():
    """The threshold is justified by the lists above: closest 'different' pair below, every 'same' pair above."""
    from rapidfuzz import fuzz

    def score(a, b):
        a, b = fold_name(a), fold_name(b)
        return max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))

    assert max(score(a, b) for a, b in DIFFERENT) < NAME_THRESHOLD <= min(score(a, b) for a, b in SAME)


def test_message_code_severity_and_place():
    old = record("time-banking-wales", "Time Banking Wales")
    new = record("timebanking-wales", "Timebanking Wales")
    (p,) = possible_duplicates([new], {"time-banking-wales": old})
    assert p.code == "possible-duplicate" and p.severity == "warning" == CODES[p.code].severity
    assert p.message == "looks like 'time-banking-wales' (Time Banking Wales) — is this the same?"
    assert MESSAGE_RE.match(p.message)
    assert (p.path, p.line, p.field) == ("data/organisations/timebanking-wales.yaml", 2, "name")


def test_welsh_names_compared_both_ways():
    old = record("time-banking-wales", "Time Banking Wales", name_cy="Bancio Amser Cymru")
    assert possible_duplicates([record("bancio", "Bancio Amser Cymru")], {"time-banking-wales": old})
    new = record("tbw", "TB Wales", name_cy="Bancio Amser Cymru")
    (p,) = possible_duplicates([new], {"time-banking-wales": old})
    assert p.field == "name_cy"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.org/timebank", "https://EXAMPLE.org/timebank/"),
        ("https://www.example.org/", "https://example.org"),
        ("HTTPS://example.org:443/a", "https://example.org/a#top"),
    ],
)
def test_same_link_warns(a, b):
    assert normalise_link(a) == normalise_link(b)
    old = record("alpha", "Alpha Trust", links=[a])
    (p,) = possible_duplicates([record("beta", "Beta Group", links=[b])], {"alpha": old})
    assert p.field == "links[0]" and p.line == 10 and "'alpha' (Alpha Trust)" in p.message


def test_different_links_and_other_kinds_do_not_warn():
    old = record("alpha", "Alpha Trust", links=["https://example.org/a"])
    assert not possible_duplicates([record("beta", "Beta Group", links=["https://example.org/b"])], {"alpha": old})
    assert not possible_duplicates([record("beta", "Beta Group", links=["https://example.org/a?x=1"])], {"alpha": old})
    # a project linking to the organisation that runs it is normal
    project = record("beta", "Beta Group", kind="projects", links=["https://example.org/a"])
    assert not possible_duplicates([project], {"alpha": old})


def test_never_compared_with_itself_but_new_records_with_each_other():
    a = record("swansea-timebank", "Swansea Timebank")
    b = record("swansea-time-bank", "Swansea Time Bank")
    everything = {"swansea-timebank": a, "swansea-time-bank": b}
    assert possible_duplicates([a], {"swansea-timebank": a}) == []
    got = possible_duplicates([a, b], everything)
    assert sorted(p.path for p in got) == [
        "data/organisations/swansea-time-bank.yaml",
        "data/organisations/swansea-timebank.yaml",
    ]


def test_one_warning_per_lookalike_at_most_three():
    existing = {f"swansea-timebank-{i}": record(f"swansea-timebank-{i}", "Swansea Timebank") for i in range(6)}
    new = record("new", "Swansea Time Bank", links=["https://example.org/"])
    existing["swansea-timebank-0"] = record("swansea-timebank-0", "Swansea Timebank", links=["https://example.org"])
    got = possible_duplicates([new], existing)
    assert len(got) == 3 and len({p.message for p in got}) == 3


def test_empty_or_symbol_names_do_not_crash():
    assert fold_name("—") == "" and fold_name("The") == "the"
    assert possible_duplicates([record("x", "—")], {"y": record("y", "—")}) == []


def test_a_prebuilt_index_finds_the_copy_among_many():
    # the timing at 50,000 records is benchmarks/bench_duplicates.py's job; here: the index gives the same answers
    existing = {f"r-{i}": record(f"r-{i}", name, links=[f"https://example.org/{i}"]) for i, name in enumerate(NAMES)}
    new = [record(f"new-{i}", f"Swansea Community Garden {i}") for i in range(20)]
    new.append(record("copy", "Different", links=["https://EXAMPLE.org/123/"]))
    index = DuplicateIndex(existing)
    got = possible_duplicates(new, existing, index)
    assert any(p.message.startswith("looks like 'r-123' ") for p in got)
    assert got == possible_duplicates(new, existing)  # the same without a prebuilt index
    assert possible_duplicates(new[:1], existing, index) == possible_duplicates(new[:1], existing)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("Credu Carers", "Credu – Connecting Carers"),
        ("Swansea Carers Centre", "Swansea Young Carers Centre"),
        ("Time Banking Wales", "Time Banking Network Wales"),
    ],
)
def test_one_more_word_inside_warns(new, old):
    assert warns(new, old) and warns(old, new)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("Age Cymru", "Age Cymru Gwent"),  # a word at the end: a branch or a place
        ("Audit Wales", "Wales Audit Office"),  # another order is another name
        ("Welsh Government", "Welsh Local Government Association"),  # two more words
        ("Credu", "Credu Carers"),  # one word is too little to go on
    ],
)
def test_other_word_changes_do_not_warn(new, old):
    assert not warns(new, old) and not warns(old, new)


def test_word_sets_only_within_a_kind():
    org = record("credu-connecting-carers", "Credu – Connecting Carers")
    project = record("credu-carers", "Credu Carers", kind="projects")
    assert not possible_duplicates([project], {"credu-connecting-carers": org})


def test_former_names_are_known_names():
    old = record("audit-wales", "Audit Wales", former=["Wales Audit Office"])
    (p,) = possible_duplicates([record("wao", "Wales Audit Office")], {"audit-wales": old})
    assert "'audit-wales' (Audit Wales)" in p.message


def test_the_credu_lookalike_against_the_real_data():
    """The issue's case, end to end: a new 'Credu Carers' organisation is asked about the real Credu."""
    from pathlib import Path

    from assetmap.load import load

    result = load(Path(__file__).parent.parent / "data")
    got = possible_duplicates([record("credu-carers", "Credu Carers")], result.records)
    assert any("'credu-connecting-carers'" in p.message for p in got)
