"""Problems are data: where (path, line, field), what (a stable code) and what to say, as a message key and params.

Checks produce Problems; reporters decide how they look. A code never changes meaning once published:
`CODES` is the public list, rendered into CONTRIBUTING.md by `assetmap codes`.

The sentences live in the message catalogues `assetmap/locales/<lang>/problems.yaml` (the frictionless
pattern): a Problem keeps its message key and params, `render(problem, lang)` says it in English or Welsh, and
`Problem.message` is the English rendering, made once, for JSON, GitHub annotations and tests. Params are
hashable values; a `Say` param is itself a phrase from the catalogue (a kind of record, "a list", a type of
value) and a `Label` param is a field named by its form label, so both follow the reader's language.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from assetmap.i18n import messages

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str  # the technical path (`links[0]`), for annotations and line lookup; `field_label` names it for people
    code: str
    message: str  # the English rendering of key + params
    severity: str = dataclasses.field(default=ERROR)
    key: str = dataclasses.field(default="", compare=False)
    params: tuple[tuple[str, object], ...] = dataclasses.field(default=(), compare=False)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "key": self.key,
        }


@dataclass(frozen=True)
class Say:
    """A phrase from the catalogue used inside a message, e.g. Say("problems.kinds.people") -> "person"."""

    key: str
    params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Label:
    """A field named by its form label in the reader's language: Label("links[0]") -> "Web links, item 1"."""

    path: str


@dataclass(frozen=True)
class Example:
    """The params of a code's example message (rendered from the catalogue, so the English lives there)."""

    variant: str = ""
    params: tuple[tuple[str, object], ...] = ()


def E(variant: str = "", **params) -> Example:  # noqa: N802 (reads as a constructor in the table)
    return Example(variant, tuple(sorted(params.items())))


@dataclass(frozen=True)
class Code:
    severity: str
    meaning: str
    sample: Example
    example: str = ""  # the sample said in English (filled in below, from the catalogue)


# code -> (severity, meaning, the params of an example message)
CODES: dict[str, Code] = {
    # the file itself
    "symlink": Code(ERROR, "The file is a symbolic link.", E("file")),
    "not-a-file": Code(ERROR, "The path is not a regular file.", E("special")),
    "file-too-large": Code(ERROR, "The file is larger than the limit (64 KiB).", E("size", size=70_000, limit=65_536)),
    "not-utf8": Code(ERROR, "The file is not UTF-8 text.", E(byte="0xff")),
    "nul-byte": Code(ERROR, "The file contains a NUL byte.", E()),
    "control-character": Code(ERROR, "The text contains an invisible control character.", E("raw", char="U+0007")),
    "bidi-character": Code(
        ERROR, "The text contains a bidirectional override character that can disguise text.", E("raw", char="U+202E")
    ),
    "empty-file": Code(ERROR, "The file has no content.", E("empty")),
    "yaml-syntax": Code(ERROR, "The YAML cannot be read.", E("colon")),
    "multiple-documents": Code(ERROR, "The file holds more than one YAML document (`---`).", E()),
    "yaml-alias": Code(ERROR, "YAML anchors (&) and aliases (*) are not allowed.", E()),
    "yaml-merge-key": Code(ERROR, "YAML merge keys (<<) are not allowed.", E()),
    "yaml-tag": Code(ERROR, "YAML tags (!, !!) are not allowed.", E("tag")),
    "duplicate-key": Code(ERROR, "A field appears twice.", E(name="name", first=2)),
    "too-deep": Code(ERROR, "Values are nested too deeply.", E(depth=6)),
    "not-a-mapping": Code(ERROR, "The file is not a list of `field: value` lines.", E("list")),
    "invalid-key": Code(ERROR, "A field name is not plain text.", E("value", key="2014")),
    "yaml-coercion": Code(
        ERROR,
        "YAML would silently turn this value into something else (yes/no, .inf, 0x10, 1:30).",
        E("bool", raw="yes"),
    ),
    "invalid-date": Code(ERROR, "A date does not exist or is badly written.", E("not-real", value="2023-02-30")),
    # fields
    "unknown-field": Code(
        ERROR, "A field name is not part of the format.", E("suggest", name="sumary", hint="summary")
    ),
    "missing-field": Code(ERROR, "A required field is missing.", E("required", name="summary")),
    "wrong-type": Code(
        ERROR,
        "A value has the wrong shape (text, number, list, date).",
        E("expected", expected=Say("problems.wrong-type.expects.list"), got=Say("problems.wrong-type.got.fields")),
    ),
    "invalid-value": Code(
        ERROR,
        "A value is not one of the allowed choices.",
        E("choice", value="'finished'", allowed="'active', 'ended', 'planned' or 'unknown'"),
    ),
    "too-long": Code(ERROR, "A text is longer than allowed.", E("text", length=2100, limit=1500)),
    "empty-value": Code(ERROR, "A value is empty.", E(name="themes")),
    "invalid-id": Code(ERROR, "The id is not a lowercase slug.", E(id="Time Bank", slug="time-bank")),
    "id-mismatch": Code(ERROR, "The id differs from the file name.", E(id="barod", file="barod-cic.yaml")),
    "duplicate-id": Code(ERROR, "Two records share one id.", E("record", id="barod", other="projects/barod.yaml")),
    "unknown-term": Code(
        ERROR,
        "A theme, sector, work-stream or format is not in the vocabulary.",
        E("suggest", term="dementa", noun=Say("problems.unknown-term.nouns.themes"), hint="dementia", vocab="themes"),
    ),
    "unknown-area": Code(
        ERROR,
        "An area is not one of the 22 principal areas (or 'wales').",
        E("suggest", area="rhondda", hint="rhondda-cynon-taf"),
    ),
    "insecure-link": Code(ERROR, "A link is not https (http:, javascript:, data: …).", E("scheme", scheme="http")),
    "link-credentials": Code(ERROR, "A link contains a user name or password.", E()),
    "invalid-link": Code(ERROR, "A link is not a web address.", E("no-scheme", url="www.example.org")),
    "invalid-postcode": Code(ERROR, "A postcode is not a UK postcode.", E(postcode="CF10 5B")),
    "unknown-postcode": Code(
        WARNING, "A postcode district is not in the gazetteer.", E(postcode="ZZ9 9ZZ", place=Label("location.place"))
    ),
    "unknown-place": Code(
        ERROR, "A place name is not in the gazetteer.", E("suggest", place="Abergavenie", hint="Abergavenny")
    ),
    "invalid-coordinates": Code(ERROR, "Latitude or longitude is impossible.", E("lat", lat=95)),
    "outside-wales": Code(ERROR, "Coordinates are outside Wales and its borders.", E("swapped", lat=-3.2, lon=51.5)),
    "person-contact": Code(ERROR, "A person record holds contact details.", E("field", name="email")),
    "person-address": Code(
        ERROR, "A person record gives a street address or a full postcode in its text.", E("street")
    ),
    "person-precise-location": Code(
        ERROR, "A person record is located more precisely than a town.", E(place=Label("location.place"))
    ),
    "unresolved-reference": Code(
        ERROR,
        "A reference to another record does not resolve.",
        E(
            "suggest",
            ref="credu",
            kinds=(Say("problems.kinds.organisations"),),
            hint="credu-connecting-carers",
            name="Credu – Connecting Carers",
        ),
    ),
    "too-few-members": Code(ERROR, "A partnership has fewer than two members.", E("fewer")),
    "date-order": Code(ERROR, "A record ends before it starts.", E(ended="2014", started="2016")),
    "future-date": Code(ERROR, "A date lies in the future where it cannot.", E(date="2031-01-01")),
    "undated-source": Code(ERROR, "A source has no date.", E()),
    "retired-field": Code(ERROR, "A field that is no longer part of the format.", E(name="last_reviewed")),
    "ended-but-active": Code(ERROR, "A record is active although its end date has passed.", E(ended="2017")),
    "stale-plan": Code(
        WARNING,
        "A plan that no source or confirmation of the last two years mentions.",
        E("since", status="planned", year=2016),
    ),
    "unconfirmed-status": Code(
        WARNING,
        "An active or prospective status that no source or confirmation of the last two years vouches for.",
        E("since", status="active", year=2016),
    ),
    "unsourced-offer": Code(
        ERROR, "A person named in a public source is said to offer something they have not offered themselves.", E()
    ),
    "person-private-life": Code(
        ERROR, "A person record says where they live, or about their family or health.", E(words="where he lives")
    ),
    "not-located": Code(
        ERROR,
        "The record says nothing that could place it on the map.",
        E(place=Label("location.place"), areas=Label("areas_served")),
    ),
    "not-placed": Code(
        ERROR,
        "The record cannot be placed on the map (an unknown postcode, an organisation with no place).",
        E("nowhere", place=Label("location.place"), areas=Label("areas_served")),
    ),
    "not-a-folder": Code(
        ERROR,
        "A kind folder (data/skills) is a file, so all its records would vanish.",
        E("kind-folder", kind="skills"),
    ),
    "possible-duplicate": Code(
        WARNING, "A record looks like one that already exists.", E(id="time-banking-wales", name="Time Banking Wales")
    ),
    "support-file": Code(
        ERROR,
        "A shared data file (areas, gazetteer, postcode districts) cannot be read.",
        E("unknown-ref", area="powys", ref="mid", what=Say("problems.support-file.parts.region")),
    ),
    "wrong-extension": Code(
        ERROR,
        "A file in a kind folder does not end in .yaml, so it would never reach the map.",
        E(name="barod.yml", stem="barod"),
    ),
    "unexpected-file": Code(
        WARNING,
        "A file in data/ is not where records live or is not .yaml.",
        E("top", kinds="organisations, projects, people, skills, partnerships"),
    ),
}


def emits(*codes: str) -> Callable:
    """Declare the codes a check can emit (as `CODES_EMITTED`); tests hold every code to a corpus example."""
    unknown = set(codes) - set(CODES)
    if unknown:
        raise ValueError(f"codes not in problems.CODES: {sorted(unknown)}")

    def mark(fn):
        fn.CODES_EMITTED = codes
        EMITTERS[f"{fn.__module__}.{fn.__qualname__}"] = codes
        return fn

    return mark


EMITTERS: dict[str, tuple[str, ...]] = {}  # check function -> the codes it declares


def problem(path: str, line: int, field_: str, code: str, variant: str = "", **params) -> Problem:
    """A Problem saying the message `problems.<code>[.<variant>]` with `params`; severity from the code's entry."""
    key = _key(code, variant)
    frozen = tuple(sorted(params.items()))
    return Problem(path, line, field_, code, _say(key, frozen, "en"), CODES[code].severity, key, frozen)


def _key(code: str, variant: str) -> str:
    return f"problems.{code}.{variant}" if variant else f"problems.{code}"


def render(p: Problem, lang: str = "en") -> str:
    """The problem's sentence in `lang` ('en' or 'cy'); English where a key has no translation."""
    if lang == "en" or not p.key:
        return p.message
    return _say(p.key, p.params, lang)


def _say(key: str, params: tuple[tuple[str, object], ...], lang: str) -> str:
    text = messages(lang).get(key) or messages("en")[key]  # a missing English key is a bug: fail loudly
    return text.format(**{name: _value(v, lang) for name, v in params}) if params else text


def _value(v: object, lang: str) -> object:
    if isinstance(v, Say):
        return _say(v.key, v.params, lang)
    if isinstance(v, Label):
        return field_label(v.path, lang)
    if isinstance(v, tuple):  # a list of phrases: "a, b or c" in the reader's language
        words = [str(_value(x, lang)) for x in v]
        if len(words) < 2:
            return "".join(words)
        return f"{', '.join(words[:-1])}{_say('problems.words.or', (), lang)}{words[-1]}"
    return v


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_label(path: str, lang: str = "en") -> str:
    """`sources[0].date` -> "Sources, item 1: Date"; `location.postcode` -> "Postcode" (`fields.*` in the catalogue).

    Labels are looked up by the dotted path without list positions (`fields.sources.date`); a field the table
    does not know is shown by its name.
    """
    if not path:
        return _say("fields.whole-record", (), lang)
    own, en = messages(lang), messages("en")
    pieces: list[str] = []
    names: list[str] = []
    after_name = False
    for name, index in _PART.findall(path):
        if index:
            whole = pieces.pop() if pieces else ""
            pieces.append(_say("fields.item", (("label", whole), ("n", int(index) + 1)), lang))
            after_name = False
            continue
        names.append(name)
        key = "fields." + ".".join(names)
        label = own.get(key) or en.get(key)
        if label and after_name:
            pieces[-1] = label  # `location.postcode` is the form's "Postcode", not "Location: Postcode"
        else:
            pieces.append(label or name)
        after_name = True
    return ": ".join(pieces)


# Codes that mean a person's private details are in a record: the form offers no download and no
# GitHub link while any of these remains, so the details never leave the volunteer's browser.
PRIVACY_CODES = frozenset({"person-contact", "person-precise-location", "person-private-life", "person-address"})

# each code's example, said from the catalogue (for the codes table in CONTRIBUTING.md)
CODES = {
    code: replace(c, example=_say(_key(code, c.sample.variant), c.sample.params, "en")) for code, c in CODES.items()
}
