"""The record format: one pydantic model per kind.

The models check shape (which fields exist, which are required, text vs list vs number, allowed choices).
Meaning (vocabulary terms, places, links, references, people's privacy) is checked in `checks.py`, where
each rule has its own Problem code. Field descriptions here are the field reference in CONTRIBUTING.md
(`assetmap schema --markdown`), so the docs cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict

KINDS = ("organisations", "projects", "people", "skills", "partnerships")
# directory name -> the singular used in the catalogue, the app and exports
SINGULAR = {
    "organisations": "organisation",
    "projects": "project",
    "people": "person",
    "skills": "skill",
    "partnerships": "partnership",
}

Status = Literal["active", "ended", "planned"]
def _quoted_date(value):
    """'2026-01-15' in quotes is still plainly a date; anything else goes to the strict check."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass  # 2026-02-30: the strict check reports it as an invalid date
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# a date, never a number: in lax mode pydantic would read `0` as 1970-01-01
Date = Annotated[dt.date, Strict(), BeforeValidator(_quoted_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Location(_Strict):
    place: str | None = Field(None, max_length=100, description="Town, village or area, in English or Welsh (e.g. `Ystradgynlais`, `Y Fenni`).")
    postcode: str | None = Field(None, max_length=10, description="UK postcode or its first half (e.g. `CF10 5BF` or `CF10`). Not for people.")
    lat: float | None = Field(None, description="Latitude in degrees (WGS84). Not for people.")
    lon: float | None = Field(None, description="Longitude in degrees (WGS84). Not for people.")


class Source(_Strict):
    title: str = Field(max_length=300, description="The newsletter, blog post or page the facts come from.")
    file: str | None = Field(None, max_length=200, description="Seed file name the facts come from (e.g. `003_723bb684ae7cffae.txt`).")
    url: str | None = Field(None, max_length=500, description="Web address of the source (https).")
    date: Any = Field(None, description="Date or year of the source.")


class Consent(_Strict):
    basis: Literal["named-in-public-source", "self-submitted", "written-consent"] = Field(
        description="Why this person may appear: named in the cited public source, added the record themselves, or gave written consent.")
    date: Date = Field(description="When the basis was recorded (YYYY-MM-DD).")
    note: str | None = Field(None, max_length=500, description="How the person can ask to be removed, and anything else worth knowing.")


class Common(_Strict):
    id: str = Field(max_length=80, description="Short name in lowercase letters, digits and hyphens; the same as the file name (e.g. `time-banking-wales`).")
    name: str = Field(min_length=1, max_length=200, description="Name in English (or the only name).")
    name_cy: str | None = Field(None, max_length=200, description="Established Welsh name. Leave out rather than guess.")
    summary: str = Field(min_length=1, max_length=1500, description="Two to four sentences in your own words: what it is, who it is for, what it does.")
    summary_cy: str | None = Field(None, max_length=1500, description="The summary in Welsh.")
    themes: list[str] = Field(min_length=1, description="What it is about: ids from `data/vocab/themes.yaml`.")
    sectors: list[str] = Field(default_factory=list, description="Kind of body: ids from `data/vocab/sectors.yaml`.")
    work_streams: list[str] = Field(default_factory=list, description="Co-production Network strands: ids from `data/vocab/work_streams.yaml`.")
    location: Location | None = Field(None, description="Where it is: any one of `place`, `postcode` or `lat`+`lon` is enough.")
    areas_served: list[str] = Field(default_factory=list, description="Principal areas served: ids from `data/areas.yaml`, or `wales`.")
    status: Status = Field(description="`active`, `ended` or `planned`.")
    started: Any = Field(None, description="Year (`2014`) or date (`2014-03-01`) it started.")
    ended: Any = Field(None, description="Year or date it ended.")
    links: list[str] = Field(default_factory=list, max_length=10, description="Web addresses, https only.")
    sources: list[Source] = Field(min_length=1, max_length=20, description="Where the facts come from: `title` and a `file` or `url`.")
    last_reviewed: Date = Field(description="When someone last checked this record (YYYY-MM-DD).")
    needs: list[str] = Field(default_factory=list, description="Themes it is looking for help with: ids from `data/vocab/themes.yaml`.")


class Organisation(Common):
    pass


class Project(Common):
    lead: str | None = Field(None, description="Organisation id that leads it.")
    partners: list[str] = Field(default_factory=list, description="Organisation ids that work on it.")


class Partnership(Common):
    status: Literal["active", "ended", "planned", "prospective"] = Field(description="`active`, `ended`, `planned` or `prospective` (sought, not yet agreed).")
    members: list[str] = Field(description="Organisation ids of the partners (at least two).")
    purpose: str = Field(min_length=1, max_length=1000, description="What the partners do together.")
    projects: list[str] = Field(default_factory=list, description="Project ids the partnership runs.")


class Skill(Common):
    offered_by: list[str] = Field(min_length=1, description="Organisation or person ids offering it.")
    format: list[str] = Field(min_length=1, description="How it is offered: ids from `data/vocab/formats.yaml` (training, mentoring, …).")


class Person(Common):
    role: str = Field(min_length=1, max_length=200, description="Public role, e.g. `Co-ordinator, Co-production Network for Wales`.")
    organisation: str | None = Field(None, description="Organisation id the role is with.")
    offers: list[str] = Field(default_factory=list, description="What they are willing to offer: ids from `data/vocab/formats.yaml`.")
    consent: Consent = Field(description="The basis on which this person appears (`basis`, `date`, `note`).")


MODELS: dict[str, type[Common]] = {
    "organisations": Organisation,
    "projects": Project,
    "people": Person,
    "skills": Skill,
    "partnerships": Partnership,
}

# reference field -> kinds it may point to
REFERENCES: dict[str, tuple[str, ...]] = {
    "lead": ("organisations",),
    "partners": ("organisations",),
    "members": ("organisations",),
    "projects": ("projects",),
    "offered_by": ("organisations", "people"),
    "organisation": ("organisations",),
}

# field -> vocabulary file it draws from
VOCAB_FIELDS: dict[str, str] = {
    "themes": "themes",
    "needs": "themes",
    "sectors": "sectors",
    "work_streams": "work_streams",
    "format": "formats",
    "offers": "formats",
}
