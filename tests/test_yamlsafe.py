"""The parser never crashes or hangs, whatever the bytes; and it keeps a line for every field."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assetmap.records.yamlsafe import MAX_BYTES, parse_bytes

FRAGMENTS = [
    "id: x\n",
    "name: ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a ",
    "!!python/object ",
    "<<: ",
    ": ",
    "\n  ",
    "'",
    '"',
    "yes",
    ".inf",
    "0x1F",
    "1:30",
    "2023-02-30",
    "---\n",
    "\t",
    "#",
    "|\n",
    ">-\n",
    "?",
    ",",
    "\u202e",
    "\x00",
    "é",
    "ŵ",
]


def _check(result):
    for p in result.problems:
        assert p.line >= 1 and p.code and p.message
    if result.data is not None:
        assert isinstance(result.data, dict)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise(raw):
    _check(parse_bytes(raw, "fuzz.yaml"))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=80))
def test_yamlish_text_never_raises(parts):
    _check(parse_bytes("".join(parts).encode("utf-8", "surrogatepass"), "fuzz.yaml"))


def test_deep_nesting_is_refused_not_crashed():
    # libyaml's composer recurses in C: 30,000 levels would overflow the stack without the pre-scan
    for raw in (b"a: " + b"[" * 30000 + b"]" * 30000, b"- " * 30000 + b"x", b"{a: " * 12000 + b"1" + b"}" * 12000):
        assert [p.code for p in parse_bytes(raw, "deep.yaml").problems] == ["too-deep"]


def test_size_limit():
    assert parse_bytes(b"a: " + b"x" * MAX_BYTES, "big.yaml").problems[0].code == "file-too-large"


def test_lines_and_values():
    parsed = parse_bytes(
        b"id: x\nlocation:\n  place: Y Fenni\nthemes:\n  - a\n  - b\nstarted: 2014\nwhen: 2020-02-29\n", "f.yaml"
    )
    assert parsed.problems == []
    assert parsed.data == {
        "id": "x",
        "location": {"place": "Y Fenni"},
        "themes": ["a", "b"],
        "started": 2014,
        "when": dt.date(2020, 2, 29),
    }
    assert parsed.lines["location.place"] == 3
    assert parsed.lines["themes[1]"] == 6
    assert parsed.line("themes[1].nothing") == 6


def test_quoted_values_stay_text():
    parsed = parse_bytes(b'status: "yes"\nname: "no"\nlat: ".inf"\n', "f.yaml")
    assert parsed.problems == [] and parsed.data == {"status": "yes", "name": "no", "lat": ".inf"}


def test_escaped_control_and_bidi_characters_in_double_quotes():
    parsed = parse_bytes(b'id: x\nname: "a\\x07b"\nsummary: "left \\u202e right"\n', "f.yaml")
    assert [(p.line, p.field, p.code) for p in parsed.problems] == [
        (2, "name", "control-character"),
        (3, "summary", "bidi-character"),
    ]


def test_invisible_word_splitters_are_refused_but_welsh_letters_are_fine():
    for text in ("a: x\u200by\n", "a: x\ufeffy\n", "a: x\u2028y\n"):
        assert [p.code for p in parse_bytes(text.encode(), "f.yaml").problems] == ["control-character"], repr(text)
    assert parse_bytes("\ufeffname: Gŵyl Ŷd Llŷn\n".encode(), "f.yaml").problems == []


def test_short_repeated_values_are_one_object_long_text_is_not():
    """Thousands of records repeat ids, themes and dates: the reader keeps one copy of each short string."""
    summary = "x" * 300
    a = parse_bytes(f"id: a\nthemes: [carers]\nsummary: {summary}\n".encode(), "a.yaml").data
    b = parse_bytes(f"id: b\nthemes: [carers]\nsummary: {summary}\n".encode(), "b.yaml").data
    assert a["themes"][0] is b["themes"][0]
    assert a["summary"] == b["summary"] and a["summary"] is not b["summary"]
