"""The logic behind the app's "Add your project" page (no Streamlit here, so it is testable on its own).

Form values -> the record as data (`record_data`) -> YAML text (`to_yaml`) -> Problems (`check_yaml`, with the
very checks `assetmap validate` runs: parse_bytes -> check_shape -> check_record -> check_references against
the loaded catalogue -> possible_duplicates) -> a prefilled "create a new file" link on GitHub
(`github_new_file_url`). Nothing here writes a file: the volunteer downloads the YAML or proposes it on GitHub.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import yaml

from assetmap.records.checks import Context, check_file, check_references
from assetmap.records.duplicates import DuplicateIndex, possible_duplicates
from assetmap.records.problems import PRIVACY_CODES, Problem
from assetmap.records.schema import MODELS, When
from assetmap.records.yamlsafe import parse_bytes
from assetmap.text import BAD_CHARS, slugify

# GitHub refuses very long addresses (HTTP 414); beyond this, download the file and upload it instead
MAX_URL_LENGTH = 8000
# What a pasted text must not carry into a record: control characters (except line breaks) and
# bidirectional overrides. The loader catches them in raw text, but YAML escapes ("\a", "\u202e") would
# hide them from it, so the form drops them before they are written.
_YEAR = re.compile(r"[0-9]{4}\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def clean_text(value) -> str:
    """Form text -> what a record may hold: no hidden characters, Windows line ends made plain, trimmed."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return BAD_CHARS.sub("", text).strip()


def clean_list(values) -> list[str]:
    """A multiselect's list, or text with one item per line: cleaned, blanks dropped, once each.

    Never split on commas: `https://example.org/a,b` is one link, and "Health, care" could be one label.
    """
    if values is None:
        return []
    if isinstance(values, str):
        values = values.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    for v in values:
        v = clean_text(v)
        if v and v not in out:
            out.append(v)
    return out


def parse_when(value):
    """'2014' -> 2014, '2014-03-01' -> date; other text is kept as text (the checks then say what is wrong)."""
    if value is None or isinstance(value, (int, dt.date)) and not isinstance(value, bool):
        return value
    text = clean_text(value)
    if not text:
        return None
    if _YEAR.match(text):
        return int(text)
    m = _DATE.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return text
    return text


def record_id(values: Mapping) -> str:
    return clean_text(values.get("id")) or slugify(clean_text(values.get("name")))


def record_data(kind: str, values: Mapping, today: dt.date | None = None) -> dict:
    """Form values -> the record as the YAML will hold it: empty optional fields left out, in the order of the
    kind's model (the common fields, then the kind's own), so a new field in the schema reaches the form's YAML
    without a hand list here.

    `values` keys are the field names, plus: place, postcode (-> location; no postcode for people),
    sources (list of {title, url, file, date}), consent_basis, consent_note, consent_date (-> consent).
    Fields the form never asks for (confirmed, reported_status, former_names…) stay out.
    """
    today = today or dt.date.today()
    data: dict = {}
    for name, field in MODELS[kind].model_fields.items():
        value = _field_value(name, field.annotation, kind, values, today)
        if value not in (None, "", [], {}) or (field.is_required() and (name in values or name in _BUILT)):
            data[name] = value if value is not None else ""
    return data


_BUILT = {"id": None, "sources": None, "consent": None, "status": None}  # required fields the form always writes


def _field_value(name: str, annotation, kind: str, values: Mapping, today: dt.date):
    if name == "id":
        return record_id(values)
    if name == "status":
        return clean_text(values.get("status")) or "active"
    if name == "location":
        location = {}
        if clean_text(values.get("place")):
            location["place"] = clean_text(values.get("place"))
        postcode = clean_text(values.get("postcode")).upper()
        if postcode and kind != "people":  # people are shown at town level only
            location["postcode"] = postcode
        return location
    if name == "links" and kind == "people":  # people: no personal web pages (checks.privacy)
        return None
    if name == "sources":
        return [s for s in (_source(src) for src in values.get("sources") or ()) if s]
    if name == "consent":
        consent = {
            "basis": clean_text(values.get("consent_basis")) or "self-submitted",
            "date": parse_when(values.get("consent_date")) or today,
        }
        if clean_text(values.get("consent_note")):
            consent["note"] = clean_text(values.get("consent_note"))
        return consent
    if name not in values:
        return None
    if _is(annotation, When):
        return parse_when(values.get(name))
    if typing.get_origin(_plain(annotation)) is list:
        return clean_list(values.get(name))
    return clean_text(values.get(name))


def _source(src: Mapping) -> dict:
    entry = {k: clean_text(src.get(k)) for k in ("title", "file", "url") if clean_text(src.get(k))}
    when = parse_when(src.get("date"))
    if when is not None:
        entry = {"title": entry.pop("title", ""), "date": when, **entry} if entry else {}
    return entry


def _plain(annotation):
    """`X | None` -> X; Annotated[X, ...] -> X."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is(annotation, cls) -> bool:
    return _plain(annotation) is cls


class _Dumper(yaml.SafeDumper):
    """Readable YAML our loader reads back unchanged: lists of words inline, text with line breaks as a block."""

    def ignore_aliases(self, data):  # never write &anchors / *aliases (the loader refuses them)
        return True

    def increase_indent(self, flow=False, indentless=False):  # "  - title: …" under "sources:", as in the spec
        return super().increase_indent(flow, False)


def _represent_str(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _represent_list(dumper, value: list):
    flow = all(isinstance(v, (str, int, float)) and "\n" not in str(v) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def to_yaml(kind: str, data: dict, today: dt.date | None = None) -> str:
    from assetmap.records.schema import SINGULAR

    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    when = (today or dt.date.today()).isoformat()
    return (
        f"# A {SINGULAR[kind]} for the asset map of co-production in Wales, written with the app's form on {when}.\n"
        '# Every field is explained in CONTRIBUTING.md ("Field reference").\n' + body
    )


def build_yaml(kind: str, values: Mapping, today: dt.date | None = None) -> tuple[str, str]:
    """(path in the repository, YAML text) for the form values."""
    data = record_data(kind, values, today)
    # the path is always a plain slug, whatever was typed as the id: no '../' into other folders
    return f"data/{kind}/{slugify(data['id'] or '') or 'new-record'}.yaml", to_yaml(kind, data, today)


@dataclass(frozen=True)
class Checked:
    """What the checks said about an entry, and whether its details may leave the volunteer's browser."""

    kind: str
    problems: list[Problem]
    complete: bool  # the text became a record and went through every per-record check (privacy among them)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def private(self) -> bool:
        """A person's private details remain (an email, a phone number, a street address…)."""
        return any(p.code in PRIVACY_CODES for p in self.problems)

    @property
    def may_leave(self) -> bool:
        """May it be downloaded or put in a GitHub link? Not while private details remain, and not while a
        person's entry is too broken for the privacy checks to have read it."""
        return not self.private and (self.complete or self.kind != "people")


def check_entry(
    text: str, kind: str, path: str, result, index: DuplicateIndex | None = None, today: dt.date | None = None
) -> Checked:
    """Every problem `assetmap validate PATH` would report for this text saved at `path`.

    `result` is the loaded catalogue (`assetmap.load.LoadResult`, e.g. `Catalogue.result`); `index` a
    DuplicateIndex of its records, to reuse between calls.
    """
    stem = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    ctx = Context(result.vocab, frozenset(result.areas.areas), result.gazetteer, today or dt.date.today())
    item, problems = check_file(parse_bytes(text.encode("utf-8"), path), kind, ctx, stem)
    if item is not None:
        rid, records = item.record.id, result.records
        if rid in records and records[rid].parsed.path != path:  # the id is taken by another file
            problems += check_references(records, {rid: [item]}, only=())
        problems += check_references({**records, rid: item}, {}, only=(rid,))
        problems += possible_duplicates([item], records, index)
    problems = sorted(problems, key=lambda p: (p.severity != "error", p.line, p.field, p.code))
    return Checked(kind, problems, complete=item is not None and not item.partial)  # partial: fields set aside


def check_yaml(
    text: str, kind: str, path: str, result, index: DuplicateIndex | None = None, today: dt.date | None = None
) -> list[Problem]:
    """The problems of `check_entry`."""
    return check_entry(text, kind, path, result, index, today).problems


# Where a person asks for a record to be removed, or sends an entry, without a GitHub account. Each deployment
# sets its own monitored address in $ASSETMAP_CONTACT; there is no built-in default, because an address nobody
# reads would send people's removal requests and private details nowhere (or to a stranger).


def contact_address() -> str:
    """$ASSETMAP_CONTACT (trimmed, one line), or '' when this deployment has not set one."""
    env = BAD_CHARS.sub("", os.environ.get("ASSETMAP_CONTACT", "")).strip()
    return env.splitlines()[0].strip()[:200] if env else ""


def repository_url() -> str:
    """The GitHub repository records are proposed to: $ASSETMAP_REPO, else the package's "Repository" URL."""
    env = os.environ.get("ASSETMAP_REPO", "").strip()
    if env:
        return env
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        for entry in metadata("assetmap").get_all("Project-URL") or ():
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("repository", "source", "homepage"):
                return url.strip()
    except PackageNotFoundError:
        pass
    return ""


def repository_base(repo_url: str) -> str:
    """'https://github.com/OWNER/REPO(.git)(/)' -> 'https://github.com/OWNER/REPO'; ValueError for anything else."""
    parts = urlsplit(repo_url.strip())
    segments = [s for s in parts.path.split("/") if s]
    if (
        parts.scheme != "https"
        or (parts.hostname or "").lower() != "github.com"
        or len(segments) != 2
        or parts.query
        or parts.fragment
    ):
        raise ValueError(f"not a GitHub repository address: {repo_url!r} (expected https://github.com/OWNER/REPO)")
    owner, repo = segments[0], segments[1].removesuffix(".git")
    return f"https://github.com/{quote(owner, safe='')}/{quote(repo, safe='')}"


def github_new_file_url(repo_url: str, path: str, yaml_text: str, branch: str = "main") -> str:
    """GitHub's "create a new file" page, prefilled with the file name and the YAML.

    'https://github.com/OWNER/REPO' -> 'https://github.com/OWNER/REPO/new/main?filename=data%2Fprojects%2Fx.yaml&value=…'.
    A volunteer without write access gets GitHub's offer to fork and propose the change.
    """
    base = repository_base(repo_url)
    return f"{base}/new/{quote(branch, safe='')}?filename={quote(path, safe='')}&value={quote(yaml_text, safe='')}"
