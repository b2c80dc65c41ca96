"""Records nobody has confirmed lately, oldest first — the list local volunteers can adopt.

A record is unconfirmed when neither a confirmation nor a source of the last two years vouches for it
(records.honesty). `issue_markdown` writes the list grouped by principal area, for the weekly workflow
that keeps one GitHub issue up to date (ALISS asks owners to re-confirm every 12 months).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from assetmap.catalogue import Catalogue
from assetmap.records.honesty import CONFIRM_YEARS, as_of, is_current

MAX_PER_AREA = 50  # keeps the issue under GitHub's size limit at any scale


@dataclass(frozen=True)
class Unconfirmed:
    id: str
    kind: str  # singular
    name: str
    area: str  # principal-area id, '' for all-Wales records
    as_of: str  # '2016-03', '' if nothing is dated
    path: str


def unconfirmed(cat: Catalogue, today: dt.date | None = None) -> list[Unconfirmed]:
    """Mapped records that no recent source or confirmation vouches for, oldest (or undated) first."""
    today = today or dt.date.today()
    out = []
    frame = cat.frame
    for rid, kind, name, area, path in zip(frame.index, frame["kind"], frame["name"], frame["area"], frame["path"]):
        rec = cat.records[rid].record
        if not is_current(rec, today):
            when = as_of(rec)
            out.append(Unconfirmed(rid, kind, name, area, when.iso() if when else "", path))
    out.sort(key=lambda u: (u.as_of, u.id))
    return out


def _cell(text: str) -> str:
    """Record text inside a Markdown list item: no line breaks, no Markdown or HTML markup."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-.!|~" else ch for ch in " ".join(text.split()))


def issue_markdown(cat: Catalogue, today: dt.date | None = None, repo_url: str = "") -> str:
    """The body of the 'needs confirming' issue: counts, then records per area, oldest first."""
    items = unconfirmed(cat, today)
    by_area: dict[str, list[Unconfirmed]] = {}
    for item in items:
        by_area.setdefault(item.area, []).append(item)
    lines = [
        f"{len(items)} of {len(cat.frame)} records on the map have no source or confirmation from the last "
        f"{CONFIRM_YEARS} years, so the map shows their status as unknown.",
        "",
        "Do you know one of them? Check it with the group (their website, an email or a call), then run "
        '`uv run assetmap confirm ID --by owner --how "email from the project"` (or `--by maintainer`) and open '
        "a pull request, or comment here with what you found. Updated weekly by a workflow; edits here are overwritten.",
    ]
    areas = cat.areas.areas
    for area_id in sorted(by_area, key=lambda a: (a == "", areas[a].en if a in areas else a)):
        group = by_area[area_id]
        title = areas[area_id].en if area_id in areas else "All of Wales"
        lines += ["", f"### {title} ({len(group)})", ""]
        for item in group[:MAX_PER_AREA]:
            # the repository keeps records in data/<kind>/<id>.yaml, wherever this checkout's data folder is
            where = "data/" + "/".join(Path(item.path).parts[-2:])
            link = f"{repo_url}/blob/main/{where}" if repo_url else where
            lines.append(
                f"- [ ] [{_cell(item.name)}]({link}) — {item.kind}, "
                f"{'last dated ' + item.as_of if item.as_of else 'never dated'} (`{item.id}`)"
            )
        if len(group) > MAX_PER_AREA:
            lines.append(f"- … and {len(group) - MAX_PER_AREA} more (`uv run assetmap stale`)")
    return "\n".join(lines) + "\n"
