"""How Problems look: plain text for people, JSON for programs, GitHub annotations for pull requests.

Every value a problem echoes (a theme, a file name) comes from a file we do not trust. Each problem is one
line in every format: the text reporter escapes line breaks and control characters, so a value such as
"x\\n::error file=README.md::forged" can never start a line of its own and forge a workflow command.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import PurePath

from assetmap.i18n import Translator
from assetmap.records.problems import Problem, field_label, render
from assetmap.records.schema import KINDS

# C0/C1 controls and every Unicode line or paragraph break (str.splitlines splits on all of these)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value: str) -> str:
    """`value` with line breaks and control characters shown as escapes (\\n, \\x1b, \\u2028)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


def text(problems: Sequence[Problem], lang: str = "en") -> str:
    t = Translator(lang)
    lines = []
    for p in problems:
        level = t("problems_report.warning") + " " if p.severity == "warning" else ""
        lines.append(one_line(f"{p.path}:{p.line}: {_label(p, lang)}{level}{render(p, lang)} [{p.code}]"))
    return "\n".join(lines)


def _label(p: Problem, lang: str) -> str:
    """The field's label and a colon; nothing for a whole shared file (areas.yaml is not "the record")."""
    if not p.field and PurePath(p.path).parent.name not in KINDS:
        return ""
    return f"{field_label(p.field, lang)}: "


def as_json(problems: Sequence[Problem], lang: str = "en") -> str:
    """JSON keeps the technical field path and the English message; `label` and `text` are in `lang`."""
    rows = [{**p.as_dict(), "label": field_label(p.field, lang), "text": render(p, lang)} for p in problems]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def _gh_data(value: str) -> str:
    return one_line(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem], lang: str = "en") -> str:
    """GitHub workflow commands: each problem becomes an annotation on its file and line."""
    lines = []
    for p in problems:
        level = "warning" if p.severity == "warning" else "error"
        message = f"{field_label(p.field, lang)}: {render(p, lang)}"
        lines.append(
            f"::{level} file={_gh_property(p.path)},line={p.line},title={_gh_property(p.code)}::{_gh_data(message)}"
        )
    return "\n".join(lines)


def summary(problems: Sequence[Problem], files: int, lang: str = "en") -> str:
    t = Translator(lang)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    where = len({p.path for p in problems})
    if not problems:
        return t("problems_report.all_good", files=files)
    return t("problems_report.summary", errors=errors, warnings=warnings, where=where, files=files)


REPORTERS = {"text": text, "json": as_json, "github": github}
