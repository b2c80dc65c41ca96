"""`assetmap confirm`: write a confirmation into a record file, keeping the rest of the file as it is.

A confirmation says who checked the record (in role terms: owner, maintainer, source), when and how.
It is written only by a person running this command, never by an import.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from assetmap.text import BAD_CHARS

BY = ("owner", "maintainer", "source")
STATUSES = ("active", "ended", "planned", "prospective", "unknown")
_TOP_KEY = re.compile(r"[A-Za-z_][\w-]*\s*:")


def _without_block(lines: list[str], key: str) -> list[str]:
    """The lines without the top-level `key:` and everything indented under it."""
    out, skipping = [], False
    for line in lines:
        if _TOP_KEY.match(line):
            skipping = line.split(":", 1)[0].strip() == key
        elif skipping and line.strip() and not line.startswith((" ", "\t", "#")):
            skipping = False
        if not skipping:
            out.append(line)
    return out


def confirm_text(text: str, by: str, how: str, today: dt.date, status: str | None = None) -> str:
    """The record text with a new `confirmed:` block (replacing any earlier one) and, if given, a new status."""
    if by not in BY:
        raise ValueError(f"--by must be one of: {', '.join(BY)}")
    how = " ".join(BAD_CHARS.sub("", how).split())
    if not how:
        raise ValueError('say how it was confirmed, e.g. --how "email from the project"')
    if len(how) > 200:
        raise ValueError("keep --how under 200 characters")
    if status is not None and status not in STATUSES:
        raise ValueError(f"--status must be one of: {', '.join(STATUSES)}")
    lines = _without_block(text.splitlines(), "confirmed")
    if status is not None:
        lines = [
            f"status: {status}" if _TOP_KEY.match(line) and line.split(":", 1)[0].strip() == "status" else line
            for line in lines
        ]
    while lines and not lines[-1].strip():
        lines.pop()
    # a JSON string is a valid double-quoted YAML scalar: no way for `how` to break out of its field
    lines += [
        "confirmed:",
        f"  date: {today.isoformat()}",
        f"  by: {by}",
        f"  how: {json.dumps(how, ensure_ascii=False)}",
    ]
    return "\n".join(lines) + "\n"
