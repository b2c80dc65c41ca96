"""How Problems look: plain text for people, JSON for programs, GitHub annotations for pull requests."""

from __future__ import annotations

import json
from collections.abc import Sequence

from assetmap.records.problems import Problem


def text(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        level = "warning: " if p.severity == "warning" else ""
        lines.append(f"{p.path}:{p.line}: {p.field or 'file'}: {level}{p.message} [{p.code}]")
    return "\n".join(lines)


def as_json(problems: Sequence[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem]) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its file and line."""
    lines = []
    for p in problems:
        level = "warning" if p.severity == "warning" else "error"
        message = f"{p.field}: {p.message}" if p.field else p.message
        lines.append(f"::{level} file={_gh_property(p.path)},line={p.line},title={_gh_property(p.code)}::{_gh_data(message)}")
    return "\n".join(lines)


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    where = len({p.path for p in problems})
    if not problems:
        return f"All good: {files} record files checked, no problems."
    return (f"{errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)} "
            f"in {where} file{'s' * (where != 1)} ({files} record files checked).")


REPORTERS = {"text": text, "json": as_json, "github": github}
