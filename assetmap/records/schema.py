"""The record format: one pydantic model per kind.

The models check shape (which fields exist, which are required, text vs list vs number, allowed choices).
Meaning (vocabulary terms, places, links, references, people's privacy) is checked in `checks.py`, where
each rule has its own Problem code. Field descriptions here are the field reference in CONTRIBUTING.md
(`assetmap schema`), so the docs cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict

Status = Literal["active", "ended", "planned", "unknown"]
ReportedStatusValue = Literal["active", "ended", "planned", "prospective"]


@dataclass(frozen=True, slots=True)  # several per record
class When:
    """A date as precise as its source: a year, a year and month, or a day; `approximate` when only implied."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def key(self) -> tuple[int, int, int]:
        """For comparing and sorting: a month or year counts from its first day."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(*self.key)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        if self.month:
            nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        """2016, 2016-03 or 2016-03-15, as written in a record."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out

    def __str__(self) -> str:
        return self.iso()


_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})\Z")
MIN_YEAR, MAX_YEAR = 1800, 2100


def _when(value: Any) -> Any:
    """2016 / "2016-03" / 2016-03-15 / {date: 2016, approximate: true} -> When; else a ValueError in words."""
    approximate = False
    if isinstance(value, dict):
        extra = set(value) - {"date", "approximate"}
        if extra or "date" not in value or not isinstance(value.get("approximate", False), bool):
            raise ValueError("write a year, a year-month or a date, or 'date:' with 'approximate: true' under it")
        approximate = value.get("approximate", False)
        value = value["date"]
    if isinstance(value, When):
        return value
    if isinstance(value, bool):
        raise ValueError("write a year (2016), a year and month (2016-03) or a date (2016-03-15)")
    if isinstance(value, int):
        if MIN_YEAR <= value <= MAX_YEAR:
            return When(value, approximate=approximate)
        raise ValueError(f"{value} is not a year; write a year like 2016")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return When(value.year, value.month, value.day, approximate)
    if isinstance(value, str):
        text = value.strip()
        m = _YEAR_MONTH.match(text)
        if m and 1 <= int(m[2]) <= 12 and MIN_YEAR <= int(m[1]) <= MAX_YEAR:
            return When(int(m[1]), int(m[2]), approximate=approximate)
        if _ISO_DATE.fullmatch(text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"{text} is not a real date; write it as YYYY-MM-DD") from None
            return When(day.year, day.month, day.day, approximate)
        if text.isdigit() and len(text) == 4:
            return _when(int(text))
    raise ValueError("write a year (2016), a year and month (2016-03) or a date (2016-03-15)")


# When a thing happened or was said, as precisely as the source says it
Dated = Annotated[When, BeforeValidator(_when)]


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


# pydantic gives every model its own set of the fields its input gave (~400 bytes a record), though
# thousands of records give the same few combinations: one shared set per combination. Safe because the
# models are frozen (nothing adds to the set) and pydantic copies the set before changing a copy's.
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    def model_post_init(self, context: Any, /) -> None:
        given = self.__pydantic_fields_set__
        object.__setattr__(self, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(given), given))


class Location(_Strict):
    place: str | None = Field(
        None,
        max_length=100,
        description="Town, village or area, in English or Welsh (e.g. `Ystradgynlais`, `Y Fenni`).",
    )
    postcode: str | None = Field(
        None, max_length=10, description="UK postcode or its first half (e.g. `CF10 5BF` or `CF10`). Not for people."
    )
    lat: float | None = Field(None, description="Latitude in degrees (WGS84). Not for people.")
    lon: float | None = Field(None, description="Longitude in degrees (WGS84). Not for people.")


class Source(_Strict):
    title: str = Field(max_length=300, description="The newsletter, blog post or page the facts come from.")
    date: Dated | None = Field(
        None, description="When the source was published: a year (`2016`), year and month (`2016-03`) or date."
    )
    url: str | None = Field(None, max_length=500, description="Web address of the source (https), where known.")
    file: str | None = Field(
        None,
        max_length=200,
        description="For maintainers: the seed file the facts come from (e.g. `003_723bb684ae7cffae.txt`); never shown.",
    )


class ReportedStatus(_Strict):
    status: ReportedStatusValue = Field(
        description="What the source said: `active`, `ended`, `planned` or `prospective`."
    )
    date: Dated = Field(description="The date of that source (`2016-03`).")


class Confirmation(_Strict):
    date: Date = Field(description="When it was confirmed (YYYY-MM-DD).")
    by: Literal["owner", "maintainer", "source"] = Field(
        description="Who confirmed it: the `owner` (the group itself), a `maintainer`, or a new `source`."
    )
    how: str = Field(min_length=1, max_length=200, description="How, e.g. `email from the project`, `their website`.")


class FormerName(_Strict):
    name: str = Field(min_length=1, max_length=200, description="The earlier name.")
    name_cy: str | None = Field(None, max_length=200, description="The earlier Welsh name, if it had one.")
    until: Dated | None = Field(None, description="When the name stopped being used (`2017`).")


class Consent(_Strict):
    basis: Literal["named-in-public-source", "self-submitted", "written-consent"] = Field(
        description="Why this person may appear: named in the cited public source, added the record themselves, or gave written consent."
    )
    date: Date = Field(description="When the basis was recorded (YYYY-MM-DD).")
    note: str | None = Field(
        None, max_length=500, description="How the person can ask to be removed, and anything else worth knowing."
    )


ORG = ("organisations",)


# record model -> a plain class whose instances hold that model's fields (see Common.model_post_init)
_FIELD_HOLDERS: dict[type, type] = {}


class Common(_Strict):
    # reference field -> the kinds it may point to; each kind adds its own below its fields
    references: ClassVar[dict[str, tuple[str, ...]]] = {"successor": ("organisations", "projects", "partnerships")}

    def model_post_init(self, context: Any, /) -> None:
        """pydantic gives every record a dict of its ~25 fields (~830 bytes). The instances of a plain class
        share one table of keys (CPython's key-sharing dicts, PEP 412; ~290 bytes with the values), so the
        fields are set, in pydantic's order, on an object of a plain class of this model's own, whose dict
        becomes the record's: the same items, in a third of the memory (~25 MiB at 50,000 records)."""
        super().model_post_init(context)
        cls = type(self)
        holder = _FIELD_HOLDERS.get(cls) or _FIELD_HOLDERS.setdefault(cls, type(f"{cls.__name__}Fields", (), {}))
        fields = holder()
        for name, value in self.__dict__.items():
            setattr(fields, name, value)
        object.__setattr__(self, "__dict__", fields.__dict__)

    id: str = Field(
        max_length=80,
        description="Short name in lowercase letters, digits and hyphens; the same as the file name (e.g. `time-banking-wales`).",
    )
    name: str = Field(min_length=1, max_length=200, description="Name in English (or the only name).")
    name_cy: str | None = Field(
        None, max_length=200, description="Established Welsh name. Leave out rather than guess."
    )
    summary: str = Field(
        min_length=1,
        max_length=1500,
        description="Two to four sentences in your own words: what it is, who it is for, what it does.",
    )
    summary_cy: str | None = Field(None, max_length=1500, description="The summary in Welsh.")
    translation: Literal["unreviewed"] | None = Field(
        None,
        description="`unreviewed` when the Welsh name or summary was machine-translated or not yet checked by a "
        "Welsh speaker; the map then says so beside the record.",
    )
    themes: list[str] = Field(min_length=1, description="What it is about: ids from `data/vocab/themes.yaml`.")
    sectors: list[str] = Field(default_factory=list, description="Kind of body: ids from `data/vocab/sectors.yaml`.")
    work_streams: list[str] = Field(
        default_factory=list, description="Co-production Network strands: ids from `data/vocab/work_streams.yaml`."
    )
    location: Location | None = Field(
        None, description="Where it is: any one of `place`, `postcode` or `lat`+`lon` is enough."
    )
    areas_served: list[str] = Field(
        default_factory=list, description="Principal areas served: ids from `data/areas.yaml`, or `wales`."
    )
    status: Status = Field(
        description="`active`, `ended`, `planned`, or `unknown` when nobody has confirmed it lately."
    )
    reported_status: ReportedStatus | None = Field(
        None, description="The status a source reported, with that source's date."
    )
    started: Dated | None = Field(
        None, description="When it started, only if a source says: `2014`, `2014-03`, or `date:` + `approximate: true`."
    )
    ended: Dated | None = Field(None, description="When it ended, likewise.")
    links: list[str] = Field(default_factory=list, max_length=10, description="Web addresses, https only.")
    sources: list[Source] = Field(
        min_length=1, max_length=20, description="Where the facts come from: `title` and a `file` or `url`."
    )
    confirmed: Confirmation | None = Field(
        None,
        description="The latest confirmation that the record is right: `date`, `by`, `how`. Never added by an import.",
    )
    last_reviewed: Date | None = Field(None, description="Retired: replaced by `confirmed`.")
    needs: list[str] = Field(
        default_factory=list, description="Themes it is looking for help with: ids from `data/vocab/themes.yaml`."
    )
    successor: str | None = Field(None, description="Id of the record of the body it became (renamed or merged).")
    former_names: list[FormerName] = Field(
        default_factory=list, max_length=10, description="Earlier names, with the year each stopped."
    )


class Organisation(Common):
    pass


class Project(Common):
    references: ClassVar[dict[str, tuple[str, ...]]] = {**Common.references, "lead": ORG, "partners": ORG}

    lead: str | None = Field(None, description="Organisation id that leads it.")
    partners: list[str] = Field(default_factory=list, description="Organisation ids that work on it.")


class Partnership(Common):
    references: ClassVar[dict[str, tuple[str, ...]]] = {**Common.references, "members": ORG, "projects": ("projects",)}

    # a partnership may also be sought and not yet agreed: a wider choice than Common's (pydantic allows it)
    status: Literal["active", "ended", "planned", "prospective", "unknown"] = Field(  # type: ignore[assignment]
        description="`active`, `ended`, `planned`, `prospective` (sought, not yet agreed) or `unknown`."
    )
    members: list[str] = Field(description="Organisation ids of the partners (at least two).")
    purpose: str = Field(min_length=1, max_length=1000, description="What the partners do together.")
    projects: list[str] = Field(default_factory=list, description="Project ids the partnership runs.")


class Skill(Common):
    references: ClassVar[dict[str, tuple[str, ...]]] = {**Common.references, "offered_by": ("organisations", "people")}

    offered_by: list[str] = Field(min_length=1, description="Organisation or person ids offering it.")
    format: list[str] = Field(
        min_length=1, description="How it is offered: ids from `data/vocab/formats.yaml` (training, mentoring, …)."
    )


class Person(Common):
    references: ClassVar[dict[str, tuple[str, ...]]] = {**Common.references, "organisation": ORG}

    role: str = Field(
        min_length=1, max_length=200, description="Public role, e.g. `Co-ordinator, Co-production Network for Wales`."
    )
    organisation: str | None = Field(None, description="Organisation id the role is with.")
    offers: list[str] = Field(
        default_factory=list, description="What they are willing to offer: ids from `data/vocab/formats.yaml`."
    )
    consent: Consent = Field(description="The basis on which this person appears (`basis`, `date`, `note`).")


class Kind(StrEnum):
    """The five kinds of record. The value is the folder the files live in (`data/people/`);
    `singular` is the word the catalogue, the app and the exports use ("person")."""

    organisations = "organisations"
    projects = "projects"
    people = "people"
    skills = "skills"
    partnerships = "partnerships"

    @property
    def singular(self) -> str:
        return _SINGULAR[self]

    @property
    def model(self) -> type[Common]:
        return MODELS[self]

    @property
    def references(self) -> dict[str, tuple[str, ...]]:
        return MODELS[self].references

    @classmethod
    def parse(cls, word: str) -> Kind | None:
        """'people', 'person', 'Person' -> Kind.people; anything else -> None."""
        word = word.strip().lower()
        return next((k for k in cls if word in (k.value, k.singular)), None)


_SINGULAR = {
    Kind.organisations: "organisation",
    Kind.projects: "project",
    Kind.people: "person",
    Kind.skills: "skill",
    Kind.partnerships: "partnership",
}
MODELS: dict[str, type[Common]] = {
    Kind.organisations: Organisation,
    Kind.projects: Project,
    Kind.people: Person,
    Kind.skills: Skill,
    Kind.partnerships: Partnership,
}
KINDS: tuple[Kind, ...] = tuple(Kind)
SINGULAR: dict[str, str] = {k.value: k.singular for k in Kind}  # folder -> singular, for lookups by plain string

# field -> the model of its parts (nested 'field: value' lines)
PARTS: dict[str, type[_Strict]] = {
    "location": Location,
    "sources": Source,
    "consent": Consent,
    "reported_status": ReportedStatus,
    "confirmed": Confirmation,
    "former_names": FormerName,
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
