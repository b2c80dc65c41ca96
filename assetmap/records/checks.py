"""Checks: a parsed file and its context -> Problems. Checks never print and never raise.

`check_shape` (records/shape.py) turns pydantic's errors into volunteer sentences; `check_record` checks meaning (vocabulary,
places, links, privacy, dates); `check_references` checks the records against each other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from assetmap.records.honesty import check_honesty
from assetmap.records.privacy import private_details
from assetmap.records.problems import PRIVACY_CODES, Label, Problem, Say, emits, problem
from assetmap.records.schema import MODELS, VOCAB_FIELDS, Common, Partnership, Person
from assetmap.records.shape import check_shape, salvage, within
from assetmap.records.suggest import closest_record, suggest
from assetmap.records.yamlsafe import Parsed

if TYPE_CHECKING:  # types only: records/ must not import geo/ at run time (geo reads records)
    from assetmap.geo.gazetteer import Gazetteer
    from assetmap.records.vocab import Vocabularies

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
POSTCODE_RE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\Z")
OUTWARD_RE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?\Z")
# https://host.name[:port][/path?query#fragment] with no user, no spaces: certainly fine
_PLAIN_HTTPS = re.compile(r"https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?([/?#][^\s]*)?\Z")
# Wales with a margin for border towns (Chester, Shrewsbury, Hereford, Bristol)
WALES_BOX = (51.25, 53.6, -5.75, -2.3)  # south, north, west, east
# code -> the fields its verdict rests on besides its own: when one of them was set aside for not fitting
# the format (records.shape.salvage), the verdict would be second-hand, so it is not given
DEPENDS_ON = {
    "unconfirmed-status": ("sources", "confirmed"),
    "stale-plan": ("sources", "confirmed"),
    "ended-but-active": ("ended",),
    "date-order": ("started", "ended"),
    "unsourced-offer": ("sources", "consent"),
    "not-located": ("location", "areas_served", "organisation", "offered_by", "members", "lead"),
}


@dataclass(frozen=True)
class Context:
    """What the checks compare a record with."""

    vocab: Vocabularies
    area_ids: frozenset[str]
    gazetteer: Gazetteer
    today: dt.date


class _Checker:
    def __init__(self, parsed: Parsed, kind: str, record: Common, ctx: Context, stem: str):
        self.parsed, self.kind, self.rec, self.ctx, self.stem = parsed, kind, record, ctx, stem
        self.out: list[Problem] = []

    def add(self, fpath: str, code: str, variant: str = "", **params) -> None:
        bad = self.parsed.bad
        if code not in PRIVACY_CODES and (  # private details are never second-hand: always said
            any(within(fpath, b) or within(b, fpath) for b in bad)
            or any(within(b, f) for f in DEPENDS_ON.get(code, ()) for b in bad)
        ):
            return  # that value, or one this verdict rests on, already has its problem: nothing second-hand
        self.out.append(problem(self.parsed.path, self.parsed.line(fpath), fpath, code, variant, **params))

    @emits("missing-field")
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
                self.add(f"sources[{i}]", "missing-field", "source")
        self.location()
        self.located()
        self.dates()
        check_honesty(self.rec, self.kind, self.ctx.today, self.add)
        if self.kind == "people":
            self.privacy()
        return self.out

    @emits("invalid-id", "id-mismatch")
    def ids(self) -> None:
        rid = self.rec.id
        if not ID_RE.match(rid):
            slug = re.sub(r"[^a-z0-9]+", "-", rid.lower()).strip("-")
            self.add("id", "invalid-id", id=rid, slug=slug)
        elif rid != self.stem:
            self.add("id", "id-mismatch", id=rid, file=f"{self.stem}.yaml")

    @emits("unknown-term")
    def terms(self) -> None:
        for fname, vocab in VOCAB_FIELDS.items():
            known = self.ctx.vocab.terms.get(vocab, {})
            if not known:  # the vocabulary file is broken: its own problem says so, not one per record
                continue
            for i, term in enumerate(getattr(self.rec, fname, None) or ()):
                if term not in known:
                    variant, params = suggest(term, known)
                    self.add(
                        f"{fname}[{i}]",
                        "unknown-term",
                        variant,
                        term=term,
                        vocab=vocab,
                        noun=Say(f"problems.unknown-term.nouns.{vocab}"),
                        **params,
                    )

    @emits("unknown-area")
    def areas(self) -> None:
        if not self.ctx.area_ids:  # areas.yaml is broken: its own problem says so
            return
        choices = self.ctx.area_ids | {"wales"}
        for i, area in enumerate(self.rec.areas_served):
            if area not in choices:
                variant, params = suggest(area, choices)
                self.add(f"areas_served[{i}]", "unknown-area", variant, area=area, **params)

    @emits("invalid-link", "insecure-link", "link-credentials")
    def link(self, fpath: str, url: str) -> None:
        if _PLAIN_HTTPS.match(url):  # the common case, without urlsplit's cost
            return
        try:
            parts = urlsplit(url)
        except ValueError:
            self.add(fpath, "invalid-link", "not-web", url=url)
            return
        if parts.scheme.lower() != "https":
            if not parts.scheme and "." in url:
                self.add(fpath, "invalid-link", "no-scheme", url=url)
            elif parts.scheme:
                self.add(fpath, "insecure-link", "scheme", scheme=parts.scheme)
            else:
                self.add(fpath, "insecure-link", "not-link")
        elif parts.username or parts.password or "@" in parts.netloc:
            self.add(fpath, "link-credentials")
        elif not parts.hostname or "." not in parts.hostname or any(c.isspace() for c in url):
            self.add(fpath, "invalid-link", "not-web", url=url)

    @emits("unknown-place", "invalid-postcode", "unknown-postcode", "missing-field")
    def location(self) -> None:
        loc = self.rec.location
        if loc is None:
            return
        gaz = self.ctx.gazetteer
        known = len(gaz) > 0  # an empty gazetteer is a broken one: its own problem says so
        if known and loc.place is not None and gaz.lookup(loc.place) is None:
            hint = gaz.suggest(loc.place, limit=1)
            if hint:
                self.add("location.place", "unknown-place", "suggest", place=loc.place, hint=hint[0])
            else:
                self.add("location.place", "unknown-place", "no-match", place=loc.place)
        if loc.postcode is not None:
            pc = " ".join(loc.postcode.upper().split())  # any case or spacing: 'sa9  1jj' is SA9 1JJ
            if not (POSTCODE_RE.match(pc) or OUTWARD_RE.match(pc)):
                self.add("location.postcode", "invalid-postcode", postcode=loc.postcode)
            elif known and gaz.postcode(pc) is None:
                self.add("location.postcode", "unknown-postcode", postcode=loc.postcode, place=Label("location.place"))
        if (loc.lat is None) != (loc.lon is None):
            missing = "lon" if loc.lon is None else "lat"
            self.add(f"location.{missing}", "missing-field", "lat-lon")
        elif loc.lat is not None:
            self.coordinates(loc.lat, loc.lon)

    @emits("invalid-coordinates", "outside-wales")
    def coordinates(self, lat: float, lon: float) -> None:
        if not (-90 <= lat <= 90) or lat != lat:
            self.add("location.lat", "invalid-coordinates", "lat", lat=lat)
        elif not (-180 <= lon <= 180) or lon != lon:
            self.add("location.lon", "invalid-coordinates", "lon", lon=lon)
        else:
            south, north, west, east = WALES_BOX
            if not (south <= lat <= north and west <= lon <= east):
                swapped = south <= lon <= north and west <= lat <= east
                self.add("location.lat", "outside-wales", "swapped" if swapped else "far", lat=lat, lon=lon)

    @emits("not-located")
    def located(self) -> None:
        """A record with no way onto the map: no place, postcode, coordinates, served area or organisation."""
        loc, rec = self.rec.location, self.rec
        if loc is not None and (loc.place or loc.postcode or loc.lat is not None):
            return
        # the geocoder's fallbacks (assetmap.geo.geocode.OWNER_FIELDS, then areas_served)
        if rec.areas_served or any(getattr(rec, f, None) for f in ("organisation", "offered_by", "members", "lead")):
            return
        self.add(
            "location" if loc is not None else "",
            "not-located",
            place=Label("location.place"),
            areas=Label("areas_served"),
        )

    @emits("date-order", "future-date")
    def dates(self) -> None:
        rec = self.rec
        if rec.started is not None and rec.ended is not None and rec.ended.key < rec.started.key:
            self.add("ended", "date-order", ended=str(rec.ended), started=str(rec.started))
        for fname, day in (
            ("last_reviewed", rec.last_reviewed),
            ("confirmed.date", rec.confirmed and rec.confirmed.date),
        ):
            if day and day > self.ctx.today:
                self.add(fname, "future-date", date=day.isoformat())

    @emits("person-precise-location", "future-date", "person-contact", "person-address")
    def privacy(self) -> None:
        assert isinstance(self.rec, Person)  # run() calls this for people only
        loc = self.rec.location
        if loc is not None:
            for fname in ("postcode", "lat", "lon"):
                if getattr(loc, fname) is not None:
                    self.add(f"location.{fname}", "person-precise-location", place=Label("location.place"))
        if self.rec.consent.date > self.ctx.today:
            self.add("consent.date", "future-date", date=self.rec.consent.date.isoformat())
        if self.rec.links:
            self.add("links", "person-contact", "links")
        for fname, value in person_texts(self.parsed.data or {}):
            for code, variant in private_details(value):
                self.add(fname, code, variant)


def person_texts(data: Mapping) -> list[tuple[str, str]]:
    """(field path, text) of every free-text field of a person record, as written in the file: a value set
    aside for not fitting the format (a summary too long) is read too, so no private detail hides there."""

    def part(name: str) -> Mapping:
        value = data.get(name)
        return value if isinstance(value, Mapping) else {}

    def items(name: str) -> list[tuple[int, Mapping]]:
        value = data.get(name)
        return [(i, x) for i, x in enumerate(value) if isinstance(x, Mapping)] if isinstance(value, list) else []

    texts = [(f, data.get(f)) for f in ("name", "name_cy", "summary", "summary_cy", "role")]
    texts += [("consent.note", part("consent").get("note")), ("confirmed.how", part("confirmed").get("how"))]
    texts += [(f"sources[{i}].title", s.get("title")) for i, s in items("sources")]
    for i, former in items("former_names"):
        texts += [(f"former_names[{i}].{f}", former.get(f)) for f in ("name", "name_cy")]
    return [(f, v) for f, v in texts if isinstance(v, str) and v]


def check_record(parsed: Parsed, kind: str, record: Common, ctx: Context, stem: str) -> list[Problem]:
    return _Checker(parsed, kind, record, ctx, stem).run()


@dataclass(frozen=True, slots=True)  # one per record: slots, not a dict of attributes each
class Loaded:
    """A record that passed its own checks, with where it came from (for cross-record problems)."""

    kind: str
    record: Common
    parsed: Parsed
    ok: bool = True
    # some fields did not fit and were set aside (records.shape.salvage): checked, but never a record
    partial: bool = False


def check_file(parsed: Parsed, kind: str, ctx: Context, stem: str) -> tuple[Loaded | None, list[Problem]]:
    """One file's own checks, the same for `validate`, the loader and the app's form: shape, then meaning.

    Every field is checked on its own: a field that does not fit the format is reported and set aside
    (`salvage`), and the meaning checks run on all the others, so one run shows every problem.
    Returns the record (ok=False if it has errors, kept so references to it still resolve; `partial`
    if fields were set aside) and every problem of the file, or None when the file is not a record at all.
    """
    problems = list(parsed.problems)
    if parsed.data is None:
        return None, problems
    record, shape = check_shape(parsed, kind)
    problems += shape
    partial = record is None
    if record is None:
        record = salvage(parsed, kind, stem)
        if record is None:
            return None, problems
    problems += check_record(parsed, kind, record, ctx, stem)
    ok = not partial and not any(p.severity == "error" for p in problems)
    return Loaded(kind, record, parsed, ok=ok, partial=partial), problems


# The lines still asked for once a file's own checks are done (Parsed.trimmed keeps only these): the
# whole file's, then check_references' (the id, the reference fields, a partnership's members), the
# loader's not-placed ("location") and possible_duplicates' (name, name_cy, links).
_LINES_LATER = ("", "id", "location", "name", "name_cy", "links", "members")
LINES_LATER: dict[str, frozenset[str]] = {
    kind: frozenset((*_LINES_LATER, *model.references)) for kind, model in MODELS.items()
}


def _kinds(kinds) -> tuple[Say, ...]:
    return tuple(Say(f"problems.kinds.{k}") for k in kinds)


@emits("duplicate-id", "unresolved-reference", "too-few-members")
def check_references(
    loaded: Mapping[str, Loaded],
    duplicates: Mapping[str, list[Loaded]],
    only: Collection[str] | None = None,
    partial: Sequence[Loaded] = (),
) -> list[Problem]:
    """Ids unique across kinds; every reference names an existing record of the right kind.

    `only`: check just these record ids (e.g. the one record a form is checking), still resolving
    their references against all of `loaded`. `partial`: records with fields set aside, which are no
    record of the catalogue (nothing resolves to them) but whose own references are checked too.
    """
    out: list[Problem] = []
    for rid, extras in duplicates.items():
        first = f"{loaded[rid].kind}/{Path(loaded[rid].parsed.path).name}"  # as under data/: no server paths
        for item in extras:
            if "id" in item.parsed.bad:
                continue  # the id itself has its problem
            out.append(
                problem(item.parsed.path, item.parsed.line("id"), "id", "duplicate-id", "record", id=rid, other=first)
            )
    by_kind: dict[str, list[str]] = {}
    for rid, item in loaded.items():
        by_kind.setdefault(item.kind, []).append(rid)
    checked = list(loaded.values()) if only is None else [loaded[rid] for rid in only if rid in loaded]
    for item in [*checked, *partial]:
        for fname, kinds in MODELS[item.kind].references.items():
            value = getattr(item.record, fname, None)
            if value is None:
                continue
            refs = [(fname, value)] if isinstance(value, str) else [(f"{fname}[{i}]", v) for i, v in enumerate(value)]
            for fpath, ref in refs:
                if any(within(fpath, b) for b in item.parsed.bad):
                    continue
                target = loaded.get(ref)
                if target is not None and target.kind in kinds:
                    continue
                where = (item.parsed.path, item.parsed.line(fpath), fpath, "unresolved-reference")
                if target is not None:
                    out.append(
                        problem(
                            *where,
                            "wrong-kind",
                            ref=ref,
                            actual=Say(f"problems.kinds.{target.kind}"),
                            kinds=_kinds(kinds),
                        )
                    )
                    continue
                pool = {rid: loaded[rid].record.name for k in kinds for rid in by_kind.get(k, ())}
                hint = closest_record(ref, pool)
                if hint:
                    out.append(problem(*where, "suggest", ref=ref, kinds=_kinds(kinds), hint=hint, name=pool[hint]))
                else:
                    out.append(problem(*where, "unknown", ref=ref, kinds=_kinds(kinds)))
        if (
            isinstance(item.record, Partnership)
            and len(set(item.record.members)) < 2
            and "members" not in item.parsed.bad
        ):
            out.append(
                problem(item.parsed.path, item.parsed.line("members"), "members", "too-few-members", "different")
            )
    return out
