"""Is a new record one we already have? Fuzzy names and identical links -> `possible-duplicate` warnings.

A duplicate is a question for a person, never an error: the warning names the record it looks like and
asks. Two signals:

* **Names.** Names (English and Welsh, each against both) are folded — case, accents (ŵ -> w), punctuation,
  `&` -> `and`, and small words that do not tell organisations apart (`the`, `ltd`, `CIC`, `cyf`, `and`/`a`,
  `y`/`yr`, `of`, `for`) — then scored two ways, keeping the better: word order ignored
  (`token_sort_ratio`: "Together Creating Communities" = "Creating Communities Together") and spaces ignored
  (`ratio` of the squashed text: "Swansea Timebank" = "Swansea Time Bank").
  `NAME_THRESHOLD` = 92 is set by the cases in tests/test_duplicates.py: it keeps apart names that differ by
  their place ("Aberdare Youth Forum" / "Abercarn Youth Forum" score 90, "Swansea Timebank" / "Neath
  Timebank" 80) and fires for one-letter slips ("Cwm Taf Cares" / "Cwm Taf Carers" 96 — a program cannot tell
  a typo from a different word, so it asks).
* **Links.** The same web address on two records of the same kind, after folding what does not change where
  it points: scheme and host case, `www.`, port 443, a trailing slash, the `#fragment`. (Across kinds a
  shared link is normal: a project links to the organisation that runs it.)

Fast at scale: the names of existing records are folded once into a `DuplicateIndex`, and each new name is
one `rapidfuzz.process.extract` call per scorer with `score_cutoff`, which runs in C over the whole list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

from rapidfuzz import fuzz, process

from assetmap.records.checks import Loaded
from assetmap.records.problems import Problem, emits, problem

NAME_THRESHOLD = 92.0
MAX_PER_RECORD = 3  # more than three look-alikes is noise; the best three make the point
# words that do not distinguish one body from another (English and Welsh)
STOP_WORDS = frozenset({"the", "ltd", "limited", "cic", "cyf", "cyfyngedig", "and", "a", "ac", "y", "yr", "of", "for"})
_WORD = re.compile(r"[a-z0-9]+")


def fold_name(name: str) -> str:
    """'The Gwent Carers’ Hub Ltd' -> 'gwent carers hub'; '' if nothing is left."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("&", " and ")
    words = [w for w in _WORD.findall(text.replace("'", "").replace("\u2019", ""))]
    kept = [w for w in words if w not in STOP_WORDS]
    return " ".join(kept or words)


def normalise_link(url: str) -> str:
    """'HTTPS://WWW.Example.org:443/path/#top' -> 'https://example.org/path'; the input if it is not a URL."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
        port = parts.port
    except ValueError:
        return url.strip()
    if not host:
        return url.strip()
    scheme = parts.scheme.lower()
    netloc = host if port in (None, 443 if scheme == "https" else 80) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))


def _names(item: Loaded) -> list[str]:
    rec = item.record
    return [n for n in (rec.name, rec.name_cy) if n]


class DuplicateIndex:
    """The existing records' folded names and links, built once and asked many times."""

    def __init__(self, existing: Mapping[str, Loaded]):
        self.existing = existing
        self._owners: list[str] = []  # position in the choice lists -> record id
        spaced: list[str] = []
        squashed: list[str] = []
        self._links: dict[tuple[str, str], list[str]] = {}  # (kind, link) -> ids
        for rid, item in existing.items():
            for name in _names(item):
                key = fold_name(name)
                if key:
                    self._owners.append(rid)
                    spaced.append(key)
                    squashed.append(key.replace(" ", ""))
            for link in item.record.links:
                self._links.setdefault((item.kind, normalise_link(link)), []).append(rid)
        self._spaced = spaced
        self._squashed = squashed

    def name_matches(self, name: str, limit: int = 10) -> dict[str, float]:
        """Existing record id -> best score (>= NAME_THRESHOLD) for a name."""
        key = fold_name(name)
        out: dict[str, float] = {}
        if not key:
            return out
        searches = ((key, self._spaced, fuzz.token_sort_ratio), (key.replace(" ", ""), self._squashed, fuzz.ratio))
        for query, choices, scorer in searches:
            for _choice, score, pos in process.extract(
                query, choices, scorer=scorer, limit=limit, score_cutoff=NAME_THRESHOLD
            ):
                rid = self._owners[pos]
                out[rid] = max(score, out.get(rid, 0.0))
        return out

    def link_matches(self, kind: str, link: str) -> list[str]:
        return self._links.get((kind, normalise_link(link)), [])

    @emits("possible-duplicate")
    def check(self, item: Loaded) -> list[Problem]:
        """Warnings for one new record: the look-alikes, best first, at most MAX_PER_RECORD."""
        own_id, own_path = item.record.id, item.parsed.path
        found: dict[str, tuple[float, str]] = {}  # existing id -> (score, field it matched on)

        def keep(rid: str, score: float, fpath: str) -> None:
            other = self.existing[rid]
            if rid == own_id or other is item or other.parsed.path == own_path:
                return
            if rid not in found or score > found[rid][0]:
                found[rid] = (score, fpath)

        for fname in ("name", "name_cy"):
            value = getattr(item.record, fname)
            if value:
                for rid, score in self.name_matches(value).items():
                    keep(rid, score, fname)
        for i, link in enumerate(item.record.links):
            for rid in self.link_matches(item.kind, link):
                keep(rid, 100.0, f"links[{i}]")
        best = sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0]))[:MAX_PER_RECORD]
        out = []
        for rid, (_score, fpath) in best:
            other = self.existing[rid].record
            out.append(problem(own_path, item.parsed.line(fpath), fpath, "possible-duplicate", id=rid, name=other.name))
        return out


def possible_duplicates(
    new: Iterable[Loaded], existing: Mapping[str, Loaded], index: DuplicateIndex | None = None
) -> list[Problem]:
    """`possible-duplicate` warnings for each new record against the existing ones.

    `existing` may include the new records themselves (as `load()` returns them): a record is never compared
    with itself, but two new records that look alike are both reported. Pass a prebuilt `index` to ask
    repeatedly (the app does, on every change of the form).
    """
    index = index if index is not None else DuplicateIndex(existing)
    out: list[Problem] = []
    for item in new:
        out += index.check(item)
    return out
