"""`assetmap new`: a commented skeleton record a volunteer fills in."""

from __future__ import annotations

import datetime as dt
import typing

from assetmap.records.schema import MODELS, SINGULAR, Common
from assetmap.text import slugify

# What a volunteer may not know to write for a kind's own fields (the rest comes from the model itself)
_EXAMPLES = {
    "lead": "e.g. barod",
    "partners": "e.g. [swansea-university, swansea-council]",
    "members": "e.g. [barod, swansea-university]",
    "projects": "optional",
    "offered_by": "e.g. [co-production-network-for-wales]",
    "format": "e.g. [training, mentoring]",
    "offers": "only if the person says so themselves",
}
_PERSON = """\
# People appear only in a public role. No home address, phone or personal email — ever.
"""


def _own_fields(kind: str, today: dt.date) -> str:
    """The kind's own fields, walked from its model: an empty value and the field's description as a note."""
    model = MODELS[kind]
    lines = [_PERSON] if kind == "people" else []
    for name, field in model.model_fields.items():
        if name in Common.model_fields:
            continue
        if name == "consent":  # a nested part: its fields, with the values most people will use
            lines.append(
                f"consent:           # {field.description}\n  basis: self-submitted     "
                f"# named-in-public-source | self-submitted | written-consent\n  date: {today.isoformat()}\n"
                "  note: May ask to be removed at any time by opening an issue.\n"
            )
            continue
        empty = "[]" if typing.get_origin(field.annotation) is list else ""
        note = field.description or ""
        if name in _EXAMPLES:
            note = f"{note.rstrip('.')}; {_EXAMPLES[name]}"
        lines.append(f"{name}: {empty}".ljust(18) + f" # {note}\n")
    return "".join(lines)


def skeleton(kind: str, name: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    rid = slugify(name)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    location = "  place:            # town or village, e.g. Ystradgynlais\n"
    if kind != "people":
        location += "  # postcode:       # optional, e.g. CF10 5BF\n"
    status = "active            # active | ended | planned | unknown" + (
        " | prospective" if kind == "partnerships" else ""
    )
    extra = _own_fields(kind, today)
    return f"""\
# A new {SINGULAR[kind]} for the asset map of co-production in Wales.
# Fill in the fields, then check the file with:
#   uv run assetmap validate data/{kind}/{rid}.yaml
# Every field is explained in CONTRIBUTING.md ("Field reference").
id: {rid}
name: "{quoted}"
# name_cy:         # its established Welsh name, if it has one
summary: >-
  Two to four sentences in your own words: what it is, who it is for and what it does.
themes: []         # from data/vocab/themes.yaml, e.g. [community-development, well-being]
sectors: []        # from data/vocab/sectors.yaml, e.g. [third-sector]
work_streams: []   # from data/vocab/work_streams.yaml (optional)
location:
{location}areas_served: []   # from data/areas.yaml, e.g. [powys] — or [wales]
status: {status}
# started: 2016    # year (2016), year-month (2016-03) or date — only if a source says so
links: []          # https:// web addresses
sources:           # where the facts come from
  - title: Our own description
    date: {today:%Y-%m}     # when the source was published or written
    url:           # https:// page, or file: a seed file name
{extra}"""
