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

import re
from collections.abc import Callable
from dataclasses import dataclass, field

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
    severity: str = field(default=ERROR)
    key: str = field(default="", compare=False)
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)

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
class Code:
    severity: str
    meaning: str
    example: str


# code -> (severity, meaning, example of the message a volunteer sees)
CODES: dict[str, Code] = {
    # the file itself
    "symlink": Code(ERROR, "The file is a symbolic link.", "this is a symbolic link; replace it with a normal file"),
    "not-a-file": Code(ERROR, "The path is not a regular file.", "this is not a regular file"),
    "file-too-large": Code(ERROR, "The file is larger than the limit (64 KiB).", "the file is 70,000 bytes; a record must be under 65,536 bytes"),
    "not-utf8": Code(ERROR, "The file is not UTF-8 text.", "byte 0xff is not UTF-8; save the file as UTF-8"),
    "nul-byte": Code(ERROR, "The file contains a NUL byte.", "the file contains a NUL byte; it may be a binary file"),
    "control-character": Code(ERROR, "The text contains an invisible control character.", "invisible control character U+0007; delete it"),
    "bidi-character": Code(ERROR, "The text contains a bidirectional override character that can disguise text.", "bidirectional control character U+202E can hide what the text says; delete it"),
    "empty-file": Code(ERROR, "The file has no content.", "the file is empty; start from `uv run assetmap new`"),
    "yaml-syntax": Code(ERROR, "The YAML cannot be read.", "could not find expected ':' (check the indentation and colons)"),
    "multiple-documents": Code(ERROR, "The file holds more than one YAML document (`---`).", "only one record per file; remove the second '---' part"),
    "yaml-alias": Code(ERROR, "YAML anchors (&) and aliases (*) are not allowed.", "anchors (&name) and aliases (*name) are not allowed; write the value out in full"),
    "yaml-merge-key": Code(ERROR, "YAML merge keys (<<) are not allowed.", "merge keys (<<) are not allowed; write the fields out in full"),
    "yaml-tag": Code(ERROR, "YAML tags (!, !!) are not allowed.", "tags such as '!!python/object' are not allowed; remove the tag"),
    "duplicate-key": Code(ERROR, "A field appears twice.", "'name' appears twice (first on line 2); keep one"),
    "too-deep": Code(ERROR, "Values are nested too deeply.", "values are nested more than 6 levels deep"),
    "not-a-mapping": Code(ERROR, "The file is not a list of `field: value` lines.", "a record is a set of 'field: value' lines, but this file holds a list"),
    "invalid-key": Code(ERROR, "A field name is not plain text.", "field names must be plain words like 'name'"),
    "yaml-coercion": Code(ERROR, "YAML would silently turn this value into something else (yes/no, .inf, 0x10, 1:30).", "YAML reads 'yes' as true/false; put it in quotes: \"yes\""),
    "invalid-date": Code(ERROR, "A date does not exist or is badly written.", "2023-02-30 is not a real date; write YYYY-MM-DD"),
    # fields
    "unknown-field": Code(ERROR, "A field name is not part of the format.", "'sumary' is not a field here; did you mean 'summary'?"),
    "missing-field": Code(ERROR, "A required field is missing.", "this field is required; add 'summary: ...'"),
    "wrong-type": Code(ERROR, "A value has the wrong shape (text, number, list, date).", "expected a list like [a, b], got text"),
    "invalid-value": Code(ERROR, "A value is not one of the allowed choices.", "'finished' is not allowed; use one of: active, ended, planned"),
    "too-long": Code(ERROR, "A text is longer than allowed.", "the summary has 2,100 characters; keep it under 1,500"),
    "empty-value": Code(ERROR, "A value is empty.", "this must not be empty"),
    "invalid-id": Code(ERROR, "The id is not a lowercase slug.", "'Time Bank' is not a valid id; use lowercase letters, digits and hyphens, e.g. 'time-bank'"),
    "id-mismatch": Code(ERROR, "The id differs from the file name.", "id 'barod' does not match the file name 'barod-cic.yaml'; make them the same"),
    "duplicate-id": Code(ERROR, "Two records share one id.", "id 'barod' is also used by data/projects/barod.yaml; ids must be unique"),
    "unknown-term": Code(ERROR, "A theme, sector, work-stream or format is not in the vocabulary.", "'dementa' is not a theme; did you mean 'dementia'?"),
    "unknown-area": Code(ERROR, "An area is not one of the 22 principal areas (or 'wales').", "'rhondda' is not an area id; did you mean 'rhondda-cynon-taf'?"),
    "insecure-link": Code(ERROR, "A link is not https (http:, javascript:, data: …).", "links must start with https://"),
    "link-credentials": Code(ERROR, "A link contains a user name or password.", "the link contains a user name or password; remove it"),
    "invalid-link": Code(ERROR, "A link is not a web address.", "'www.example.org' is not a full web address; write https://www.example.org"),
    "invalid-postcode": Code(ERROR, "A postcode is not a UK postcode.", "'CF10 5B' is not a postcode; write it like 'CF10 5BF'"),
    "unknown-postcode": Code(WARNING, "A postcode district is not in the gazetteer.", "'ZZ9 9ZZ' is not a Welsh or border postcode district we know"),
    "unknown-place": Code(ERROR, "A place name is not in the gazetteer.", "'Abergavenie' is not a place we know; did you mean 'Abergavenny'?"),
    "invalid-coordinates": Code(ERROR, "Latitude or longitude is impossible.", "lat 95 is impossible; latitude is between -90 and 90"),
    "outside-wales": Code(ERROR, "Coordinates are outside Wales and its borders.", "51.5, -0.12 is outside Wales and its borders; check lat and lon are not swapped"),
    "person-contact": Code(ERROR, "A person record holds contact details.", "people appear only as public roles; remove 'email'"),
    "person-precise-location": Code(ERROR, "A person record is located more precisely than a town.", "people are shown at town or area level only; remove 'postcode'"),
    "unresolved-reference": Code(ERROR, "A reference to another record does not resolve.", "'barod-cic' is not an organisation id; did you mean 'barod'?"),
    "too-few-members": Code(ERROR, "A partnership has fewer than two members.", "a partnership needs at least two member organisations"),
    "date-order": Code(ERROR, "A record ends before it starts.", "ended (2014) is before started (2016)"),
    "future-date": Code(ERROR, "A date lies in the future where it cannot.", "last_reviewed 2031-01-01 is in the future"),
    "undated-source": Code(ERROR, "A source has no date.", "say when this source was published: add 'date:' with a year (2016) or year-month (2016-03)"),
    "retired-field": Code(ERROR, "A field that is no longer part of the format.", "'last_reviewed' is no longer used; remove it, and if someone checked the record add a 'confirmed:' block"),
    "ended-but-active": Code(ERROR, "A record is active although its end date has passed.", "the record says it ended in 2017 but its status is active; set status: ended"),
    "stale-plan": Code(WARNING, "A plan that no source or confirmation of the last two years mentions.", "'planned' is not confirmed since 2016; set status: unknown and keep what the source said in reported_status"),
    "unconfirmed-status": Code(WARNING, "An active or prospective status that no source or confirmation of the last two years vouches for.", "'active' is not confirmed since 2016; set status: unknown and keep what the source said in reported_status"),
    "unsourced-offer": Code(ERROR, "A person named in a public source is said to offer something they have not offered themselves.", "a person named in a public source has not said what they offer; leave offers empty"),
    "person-private-life": Code(ERROR, "A person record says where they live, or about their family or health.", "'where he lives': people appear only in their public role; remove it"),
    "not-located": Code(WARNING, "The record cannot be placed on the map.", "give location.place, a postcode or areas_served so the record can be mapped"),
    "possible-duplicate": Code(WARNING, "A record looks like one that already exists.", "looks like 'time-banking-wales' (Time Banking Wales) — is this the same?"),
    "support-file": Code(ERROR, "A shared data file (areas, gazetteer, postcode districts) cannot be read.", "data/areas.yaml: area 'powys' names unknown region 'mid'"),
    "wrong-extension": Code(ERROR, "A file in a kind folder does not end in .yaml, so it would never reach the map.", "records end in .yaml; rename 'barod.yml' to 'barod.yaml'"),
    "unexpected-file": Code(WARNING, "A file in data/ is not where records live or is not .yaml.", "records live in data/<kind>/<id>.yaml; this file is ignored"),
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
    key = f"problems.{code}.{variant}" if variant else f"problems.{code}"
    frozen = tuple(sorted(params.items()))
    return Problem(path, line, field_, code, _say(key, frozen, "en"), CODES[code].severity, key, frozen)


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
            pieces[-1] = _say("fields.item", (("label", pieces[-1]), ("n", int(index) + 1)), lang)
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
