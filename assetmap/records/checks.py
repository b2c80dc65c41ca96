"""Checks: a parsed file and its context -> Problems. Checks never print and never raise.

`check_shape` turns pydantic's errors into volunteer sentences; `check_record` checks meaning (vocabulary,
places, links, privacy, dates); `check_references` checks the records against each other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import ValidationError

from assetmap.text import did_you_mean
from assetmap.records.honesty import check_honesty
from assetmap.records.problems import Problem, problem
from assetmap.records.schema import MODELS, SINGULAR, VOCAB_FIELDS, Common
from assetmap.records.yamlsafe import Parsed

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
POSTCODE_RE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\Z")
OUTWARD_RE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?\Z")
# https://host.name[:port][/path?query#fragment] with no user, no spaces: certainly fine
_PLAIN_HTTPS = re.compile(r"https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?([/?#][^\s]*)?\Z")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# UK numbers as people write them: 01234 567890, (029) 2034 5678, +44 (0)29 2034 5678, 0044 ..., 07700 900123
PHONE_RE = re.compile(r"(?<![\w-])(?:(?:\+|00)44\s?(?:\(0\)\s?)?|\(?0)\d{2,5}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)")
# Wales with a margin for border towns (Chester, Shrewsbury, Hereford, Bristol)
WALES_BOX = (51.25, 53.6, -5.75, -2.3)  # south, north, west, east
CONTACT_FIELDS = {"email", "e-mail", "phone", "telephone", "tel", "mobile", "address", "home_address", "contact", "twitter", "website"}
FIELD_TYPES = {
    "list_type": "a list like [a, b]",
    "string_type": "text",
    "float_type": "a number",
    "float_parsing": "a number",
    "dict_type": "'field: value' lines indented under it",
    "model_type": "'field: value' lines indented under it",
    "model_attributes_type": "'field: value' lines indented under it",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD) without a time",
}


@dataclass(frozen=True)
class Context:
    """What the checks compare a record with. `gazetteer` is an assetmap.geo.gazetteer.Gazetteer."""

    vocab: object  # assetmap.records.vocab.Vocabularies
    area_ids: frozenset[str]
    gazetteer: object
    today: dt.date


def loc_to_path(loc: Iterable) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_shape(parsed: Parsed, kind: str) -> tuple[Common | None, list[Problem]]:
    """Validate the structure with the kind's model; None if it does not fit."""
    try:
        return MODELS[kind].model_validate(parsed.data), []
    except ValidationError as e:
        errors = e.errors(include_url=False, include_context=True, include_input=True)
    out: list[Problem] = []
    seen: set[str] = set()
    fields = MODELS[kind].model_fields
    for err in errors:
        fpath = loc_to_path(err["loc"])
        if fpath in seen or any(_within(fpath, b) or _within(b, fpath) for b in parsed.bad):
            continue
        seen.add(fpath)
        out.append(_shape_problem(parsed, kind, fpath, err, fields))
    return None, out


def _within(path: str, parent: str) -> bool:
    return path == parent or path.startswith((parent + ".", parent + "["))


def _shape_problem(parsed: Parsed, kind: str, fpath: str, err: dict, fields) -> Problem:
    etype, line, name = err["type"], parsed.line(fpath), fpath.rsplit(".", 1)[-1]
    value = err.get("input")
    if etype == "missing":
        return problem(parsed.path, line, fpath, "missing-field", f"'{name}' is required; add a line '{name}: ...'")
    if etype == "extra_forbidden":
        if kind == "people" and name.lower() in CONTACT_FIELDS:
            return problem(parsed.path, line, fpath, "person-contact",
                           f"people appear only as public roles; remove '{name}' (no addresses, phones, emails or personal websites)")
        known = fields if "." not in fpath else _nested_fields(fpath)
        return problem(parsed.path, line, fpath, "unknown-field",
                       f"'{name}' is not a field here{did_you_mean(name, known)}")
    if etype == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        return problem(parsed.path, line, fpath, "invalid-value", f"{value!r} is not allowed; use one of: {allowed}")
    if etype == "string_too_long":
        limit = err["ctx"]["max_length"]
        return problem(parsed.path, line, fpath, "too-long", f"{len(value):,} characters is too long; keep it under {limit:,}")
    if etype in ("string_too_short", "too_short"):
        if name == "members":
            return problem(parsed.path, line, fpath, "too-few-members", "a partnership needs at least two member organisations")
        return problem(parsed.path, line, fpath, "empty-value", f"'{name}' must not be empty")
    if etype == "too_long":
        return problem(parsed.path, line, fpath, "too-long", f"too many entries; at most {err['ctx']['max_length']}")
    if etype == "value_error":  # our own validators (dates) explain themselves
        return problem(parsed.path, line, fpath, "invalid-date", str(err.get("ctx", {}).get("error", err["msg"])))
    if etype.startswith("date") and isinstance(value, str):
        return problem(parsed.path, line, fpath, "invalid-date", f"{value!r} is not a date; write it as YYYY-MM-DD")
    expected = FIELD_TYPES.get(etype, err["msg"].lower())
    return problem(parsed.path, line, fpath, "wrong-type", f"expected {expected}, got {_shown(value)}")


def _nested_fields(fpath: str) -> list[str]:
    """Field names of the part of a record that `fpath` is in (for "did you mean")."""
    from assetmap.records.schema import PARTS

    head = fpath.split(".")[0].split("[")[0]
    model = PARTS.get(head)
    return list(model.model_fields) if model else []


def _shown(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "'field: value' lines"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return repr(value) if len(repr(value)) < 40 else type(value).__name__


class _Checker:
    def __init__(self, parsed: Parsed, kind: str, record: Common, ctx: Context, stem: str):
        self.parsed, self.kind, self.rec, self.ctx, self.stem = parsed, kind, record, ctx, stem
        self.out: list[Problem] = []

    def add(self, fpath: str, code: str, message: str) -> None:
        self.out.append(problem(self.parsed.path, self.parsed.line(fpath), fpath, code, message))

    def run(self) -> list[Problem]:
        self.ids()
        self.terms()
        self.areas()
        for i, link in enumerate(self.rec.links):
            self.link(f"links[{i}]", link)
        for i, src in enumerate(self.rec.sources):
            if src.url:
                self.link(f"sources[{i}].url", src.url)
            if not (src.file or src.url):
                self.add(f"sources[{i}]", "missing-field", "say where this comes from: add 'file:' or 'url:' under the title")
        self.location()
        self.dates()
        check_honesty(self.rec, self.kind, self.ctx.today, self.add)
        if self.kind == "people":
            self.privacy()
        return self.out

    def ids(self) -> None:
        rid = self.rec.id
        if not ID_RE.match(rid):
            slug = re.sub(r"[^a-z0-9]+", "-", rid.lower()).strip("-")
            self.add("id", "invalid-id", f"{rid!r} is not a valid id; use lowercase letters, digits and hyphens, e.g. '{slug}'")
        elif rid != self.stem:
            self.add("id", "id-mismatch", f"id '{rid}' does not match the file name '{self.stem}.yaml'; make them the same")

    def terms(self) -> None:
        for fname, vocab in VOCAB_FIELDS.items():
            known = self.ctx.vocab.terms.get(vocab, {})
            for i, term in enumerate(getattr(self.rec, fname, None) or ()):
                if term not in known:
                    noun = {"themes": "theme", "sectors": "sector", "work_streams": "work-stream", "formats": "format"}[vocab]
                    self.add(f"{fname}[{i}]", "unknown-term",
                             f"'{term}' is not a {noun} in data/vocab/{vocab}.yaml{did_you_mean(term, known)}")

    def areas(self) -> None:
        choices = self.ctx.area_ids | {"wales"}
        for i, area in enumerate(self.rec.areas_served):
            if area not in choices:
                self.add(f"areas_served[{i}]", "unknown-area",
                         f"'{area}' is not a principal-area id{did_you_mean(area, choices)} (see data/areas.yaml)")

    def link(self, fpath: str, url: str) -> None:
        if _PLAIN_HTTPS.match(url):  # the common case, without urlsplit's cost
            return
        try:
            parts = urlsplit(url)
        except ValueError:
            self.add(fpath, "invalid-link", f"{url!r} is not a web address")
            return
        if parts.scheme.lower() != "https":
            if not parts.scheme and "." in url:
                self.add(fpath, "invalid-link", f"{url!r} is not a full web address; write https://{url}")
            else:
                self.add(fpath, "insecure-link", f"links must start with https:// (this one is {parts.scheme or 'not a link'}:)")
        elif parts.username or parts.password or "@" in parts.netloc:
            self.add(fpath, "link-credentials", "the link contains a user name or password; remove the part before '@'")
        elif not parts.hostname or "." not in parts.hostname or any(c.isspace() for c in url):
            self.add(fpath, "invalid-link", f"{url!r} is not a web address")

    def location(self) -> None:
        loc = self.rec.location
        if loc is None:
            return
        gaz = self.ctx.gazetteer
        if loc.place is not None and gaz.lookup(loc.place) is None:
            hint = gaz.suggest(loc.place, limit=1)
            tip = f"; did you mean '{hint[0]}'?" if hint else "; use the nearest town or add a postcode"
            self.add("location.place", "unknown-place", f"'{loc.place}' is not a place we know{tip}")
        if loc.postcode is not None:
            pc = loc.postcode.upper().strip()
            if not (POSTCODE_RE.match(pc) or OUTWARD_RE.match(pc)):
                self.add("location.postcode", "invalid-postcode",
                         f"'{loc.postcode}' is not a UK postcode; write it like 'CF10 5BF' (or just 'CF10')")
            elif gaz.postcode(pc) is None:
                self.add("location.postcode", "unknown-postcode",
                         f"'{loc.postcode}' is not a Welsh or border postcode district we know; check it, or give location.place")
        if (loc.lat is None) != (loc.lon is None):
            missing = "lon" if loc.lon is None else "lat"
            self.add(f"location.{missing}", "missing-field", "give both lat and lon, or neither")
        elif loc.lat is not None:
            self.coordinates(loc.lat, loc.lon)

    def coordinates(self, lat: float, lon: float) -> None:
        if not (-90 <= lat <= 90) or lat != lat:
            self.add("location.lat", "invalid-coordinates", f"lat {lat} is impossible; latitude is between -90 and 90")
        elif not (-180 <= lon <= 180) or lon != lon:
            self.add("location.lon", "invalid-coordinates", f"lon {lon} is impossible; longitude is between -180 and 180")
        else:
            south, north, west, east = WALES_BOX
            if not (south <= lat <= north and west <= lon <= east):
                swapped = south <= lon <= north and west <= lat <= east
                tip = "lat and lon look swapped" if swapped else "check the numbers (Wales is about lat 51.4–53.4, lon -5.3 to -2.7)"
                self.add("location.lat", "outside-wales", f"{lat}, {lon} is outside Wales and its borders; {tip}")

    def dates(self) -> None:
        rec = self.rec
        if rec.started is not None and rec.ended is not None and rec.ended.key < rec.started.key:
            self.add("ended", "date-order", f"ended ({rec.ended}) is before started ({rec.started})")
        for fname, day in (("last_reviewed", rec.last_reviewed), ("confirmed.date", rec.confirmed and rec.confirmed.date)):
            if day and day > self.ctx.today:
                self.add(fname, "future-date", f"{fname} {day} is in the future; use today's date or earlier")

    def privacy(self) -> None:
        loc = self.rec.location
        if loc is not None:
            for fname in ("postcode", "lat", "lon"):
                if getattr(loc, fname) is not None:
                    self.add(f"location.{fname}", "person-precise-location",
                             f"people are shown at town or area level only; remove '{fname}' and give location.place")
        if self.rec.consent.date > self.ctx.today:
            self.add("consent.date", "future-date", f"consent date {self.rec.consent.date} is in the future")
        if self.rec.links:
            self.add("links", "person-contact",
                     "people appear only in a public role: no personal web pages; link their organisation's record instead")
        texts = [(f, getattr(self.rec, f)) for f in ("name", "name_cy", "summary", "summary_cy", "role")]
        texts += [("consent.note", self.rec.consent.note)]
        texts += [(f"sources[{i}].title", s.title) for i, s in enumerate(self.rec.sources)]
        for fname, value in texts:
            if value and (EMAIL_RE.search(value) or PHONE_RE.search(value)):
                self.add(fname, "person-contact", "people appear only as public roles; remove the email address or phone number")


def check_record(parsed: Parsed, kind: str, record: Common, ctx: Context, stem: str) -> list[Problem]:
    return _Checker(parsed, kind, record, ctx, stem).run()


@dataclass(frozen=True)
class Loaded:
    """A record that passed its own checks, with where it came from (for cross-record problems)."""

    kind: str
    record: Common
    parsed: Parsed
    ok: bool = True


def check_file(parsed: Parsed, kind: str, ctx: Context, stem: str) -> tuple[Loaded | None, list[Problem]]:
    """One file's own checks, the same for `validate`, the loader and the app's form: shape, then meaning.

    Returns the record (ok=False if it has errors, kept so references to it still resolve) and every
    problem of the file, or None when the file does not even have the shape of a record.
    """
    problems = list(parsed.problems)
    if parsed.data is None:
        return None, problems
    record, shape = check_shape(parsed, kind)
    problems += shape
    if record is None:
        return None, problems
    own = check_record(parsed, kind, record, ctx, stem)
    problems += own
    return Loaded(kind, record, parsed, ok=not any(p.severity == "error" for p in problems)), problems


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def check_references(loaded: Mapping[str, Loaded], duplicates: Mapping[str, list[Loaded]],
                     only: Collection[str] | None = None) -> list[Problem]:
    """Ids unique across kinds; every reference names an existing record of the right kind.

    `only`: check just these record ids (e.g. the one record a form is checking), still resolving
    their references against all of `loaded`.
    """
    out: list[Problem] = []
    for rid, extras in duplicates.items():
        first = loaded[rid].parsed.path
        for item in extras:
            out.append(problem(item.parsed.path, item.parsed.line("id"), "id", "duplicate-id",
                               f"id '{rid}' is also used by {first}; ids must be unique across all kinds"))
    by_kind: dict[str, list[str]] = {}
    for rid, item in loaded.items():
        by_kind.setdefault(item.kind, []).append(rid)
    checked = loaded.values() if only is None else [loaded[rid] for rid in only if rid in loaded]
    for item in checked:
        for fname, kinds in MODELS[item.kind].references.items():
            value = getattr(item.record, fname, None)
            if value is None:
                continue
            refs = [(fname, value)] if isinstance(value, str) else [(f"{fname}[{i}]", v) for i, v in enumerate(value)]
            for fpath, ref in refs:
                target = loaded.get(ref)
                if target is not None and target.kind in kinds:
                    continue
                wanted = _a(" or ".join(SINGULAR[k] for k in kinds))
                if target is not None:
                    msg = f"'{ref}' is {_a(SINGULAR[target.kind])}, not {wanted}"
                else:
                    pool = [rid for k in kinds for rid in by_kind.get(k, ())]
                    msg = f"'{ref}' is not {wanted} id{did_you_mean(ref, pool)}"
                out.append(problem(item.parsed.path, item.parsed.line(fpath), fpath, "unresolved-reference", msg))
        if item.kind == "partnerships" and len(set(item.record.members)) < 2 and "members" not in item.parsed.bad:
            out.append(problem(item.parsed.path, item.parsed.line("members"), "members", "too-few-members",
                               "a partnership needs at least two different member organisations"))
    return out
