#!/usr/bin/env python3
"""How many place names in a set of texts does a gazetteer know? (research aid for a fuller gazetteer)

    uv run python scripts/place_coverage.py                          # texts: ../shared/seeds/*.txt
    uv run python scripts/place_coverage.py --texts DIR --candidates data/places_extra.csv

Extracts capitalised words and phrases ("Bronllys Hospital", "Merthyr Tydfil", "Bro Morgannwg") from the texts,
and looks up the longest run of words that is a name, Welsh name or alternate name in data/gazetteer.csv and,
if given, in a candidate list (any CSV with a ``name`` column; ``name_cy`` and ``alt_names`` are used when
present). Prints the places found in each list, the ambiguous hits (the word is also used
in lower case in the same texts — "Over", "Hope", "Ask" — or is a surname after a capitalised first name), and
the capitalised phrases that look Welsh (Llan-, Aber-, Cwm-, …) or follow "in/at/from/near/across" but are in
neither list, for a person to review. Reads only local files; no network.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WELSH_START = re.compile(
    r"^(Llan|Aber|Pen|Cwm|Tre|Bryn|Pont|Caer|Cefn|Blaen|Rhos|Ystrad|Nant|Glan|Porth|Maes|Castell|Coed|Betws|"
    r"Capel|Pentre|Dol|Mynydd|Rhyd|Ynys|Tal|Bod|Gwaun|Garn|Bron|Hen|Y |Yr )"
)
PHRASE = re.compile(r"\b([A-Z][\w'’\-]+(?:[ \t]+(?:(?:ar|y|yr|upon|on|le|by|a)[ \t]+)?[A-Z][\w'’\-]+)*)")
AFTER_PREP = re.compile(r"\b(?:in|at|from|near|across|around|between)[ \t]+([A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+)*)")
URL_OR_EMAIL = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+|\S+\.(?:org|com|gov|uk|cymru|wales)\S*")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def load_names(path: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            alts = [a for a in (r.get("alt_names") or "").split("|") if a]
            for n in [r["name"], r.get("name_cy") or "", *alts]:
                if len(norm(n)) > 2:
                    names.setdefault(norm(n), f"{r['name']} ({r.get('area') or r.get('country') or ''})")
    return names


def longest_match(words: list[str], names: dict[str, str]) -> tuple[str, str] | None:
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            k = norm(" ".join(words[i : i + size]))
            if k in names:
                return " ".join(words[i : i + size]), names[k]
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--gazetteer", type=Path, default=ROOT / "data" / "gazetteer.csv")
    ap.add_argument(
        "--candidates", type=Path, help="a CSV of candidate places (column name, optional name_cy, alt_names)"
    )
    args = ap.parse_args(argv)

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(args.texts.glob("*.txt")))
    lower_words = set(re.findall(r"\b[a-z][a-z'’\-]+\b", URL_OR_EMAIL.sub(" ", text)))
    phrases = collections.Counter(m.group(1) for m in PHRASE.finditer(text))
    after_prep = {m.group(1) for m in AFTER_PREP.finditer(text)}
    lists = {"gazetteer": load_names(args.gazetteer)}
    if args.candidates:
        lists["candidates"] = load_names(args.candidates)

    hits: dict[str, collections.Counter] = {k: collections.Counter() for k in lists}
    doubtful: collections.Counter = collections.Counter()
    unmatched: collections.Counter = collections.Counter()
    for phrase, n in phrases.items():
        words = phrase.split()
        matched = False
        for label, names in lists.items():
            m = longest_match(words, names)
            if not m:
                continue
            matched = True
            span, entry = m
            if " " not in span and (span.lower() in lower_words or (len(words) == 2 and words[1] == span)):
                doubtful[f"{span} -> {entry}"] += n
            else:
                hits[label][f"{span} -> {entry}"] += n
        if not matched and (WELSH_START.match(phrase) or phrase in after_prep):
            unmatched[phrase] += n

    print(
        f"texts: {len(list(args.texts.glob('*.txt')))} files, {len(text):,} characters, {len(phrases)} capitalised phrases"
    )
    for label, c in hits.items():
        print(f"\nfound in {label}: {len(c)} distinct")
        for k, n in c.most_common():
            print(f"  {n:3d}  {k}")
    print(
        f"\nambiguous (also an ordinary word here, or second of two capitalised words: surname or organisation): {len(doubtful)}"
    )
    for k, n in doubtful.most_common():
        print(f"  {n:3d}  {k}")
    print(f"\nin no list — Welsh-looking or after in/at/from/near (review by hand): {len(unmatched)}")
    for k, n in unmatched.most_common():
        print(f"  {n:3d}  {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
