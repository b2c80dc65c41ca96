"""Is a new record one we already have? Fuzzy names and identical links -> `possible-duplicate` warnings.

A duplicate is a question for a person, never an error: the warning names the record it looks like and
asks. Three signals:

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

* **Words.** The same words with one more inside, in a record of the same kind: "Credu Carers" /
  "Credu – Connecting Carers" (see `DuplicateIndex.word_matches`). Former names count as names throughout:
  a new "Wales Audit Office" is asked about against Audit Wales, which was once called that.

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
    """Every name a record is known by: its names now and its former names ("Wales Audit Office")."""
    rec = item.record
    former = [n for f in rec.former_names for n in (f.name, f.name_cy)]
    return [n for n in (rec.name, rec.name_cy, *former) if n]


def _inner_cuts(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with one inner word left out: 'credu connecting carers' -> ('credu', 'carers')."""
    return [words[:i] + words[i + 1 :] for i in range(1, len(words) - 1)]


class DuplicateIndex:
    """The existing records' folded names and links, built once and asked many times."""

    def __init__(self, existing: Mapping[str, Loaded]):
        self.existing = existing
        self._owners: list[str] = []  # position in the choice lists -> record id
        spaced: list[str] = []
        squashed: list[str] = []
        self._links: dict[tuple[str, str], list[str]] = {}  # (kind, link) -> ids
        # (kind, words) and (kind, words with one inner word left out) -> ids, for the word signal
        self._words: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        self._cut: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        for rid, item in existing.items():
            for name in _names(item):
                key = fold_name(name)
                if key:
                    self._owners.append(rid)
                    spaced.append(key)
                    squashed.append(key.replace(" ", ""))
                    words = tuple(key.split())
                    if len(words) >= 2:
                        self._words.setdefault((item.kind, words), set()).add(rid)
                        for cut in _inner_cuts(words):
                            self._cut.setdefault((item.kind, cut), set()).add(rid)
            for link in item.record.links:
                self._links.setdefault((item.kind, normalise_link(link)), []).append(rid)
        self._spaced = spaced
        self._squashed = squashed

    def word_matches(self, kind: str, name: str) -> set[str]:
        """Records of the same kind whose name is this one with one more word inside, or one fewer.

        'Credu Carers' and 'Credu – Connecting Carers' keep the words a body is known by, first and last,
        and differ by one word between them: asked about. A word added at the end is a branch or a place
        ('Age Cymru' / 'Age Cymru Gwent'), and a different order is a different name: not asked about.
        """
        words = tuple(fold_name(name).split())
        if len(words) < 2:
            return set()
        found = set(self._cut.get((kind, words), ()))
        for cut in _inner_cuts(words):
            if len(cut) >= 2:
                found |= self._words.get((kind, cut), set())
        return found

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
                for rid in self.word_matches(item.kind, value):
                    keep(rid, NAME_THRESHOLD, fname)
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
