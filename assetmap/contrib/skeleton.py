"""`assetmap new`: a commented skeleton record a volunteer fills in."""

from __future__ import annotations

import datetime as dt

from assetmap.records.schema import SINGULAR
from assetmap.text import slugify

_KIND_FIELDS = {
    "projects": """\
# Organisation ids from data/organisations/ (file names without .yaml)
lead:              # e.g. barod
partners: []       # e.g. [swansea-university, swansea-council]
""",
    "partnerships": """\
members: []        # at least two organisation ids, e.g. [barod, swansea-university]
purpose: >-
  What the partners do together.
projects: []       # project ids the partnership runs (optional)
""",
    "skills": """\
offered_by: []     # organisation or person ids, e.g. [co-production-network-for-wales]
format: []         # from data/vocab/formats.yaml, e.g. [training, mentoring]
""",
    "people": """\
# People appear only in a public role. No home address, phone or personal email — ever.
role: Co-ordinator          # public role
organisation:               # organisation id
offers: []                  # from data/vocab/formats.yaml, e.g. [mentoring, speaking]
consent:
  basis: self-submitted     # named-in-public-source | self-submitted | written-consent
  date: {today}
  note: May ask to be removed at any time by opening an issue.
""",
}


def skeleton(kind: str, name: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    rid = slugify(name)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    location = "  place:            # town or village, e.g. Ystradgynlais\n"
    if kind != "people":
        location += "  # postcode:       # optional, e.g. CF10 5BF\n"
    status = "active            # active | ended | planned | unknown" + (" | prospective" if kind == "partnerships" else "")
    extra = _KIND_FIELDS.get(kind, "").format(today=today.isoformat())
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
