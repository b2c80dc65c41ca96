"""An issue made with the "Add an entry" issue form -> a checked record file, and the check's result in Markdown.

The issue body is data from anyone on the internet. It is read only here, by the form's own field list: the
headings GitHub writes ("### Name / Enw") are matched exactly against `FORM_FIELDS`' labels, every value goes
through the app form's cleaning (`record_values` -> `build_yaml`, so the path is always a plain slug), and the
text is checked by the same `check_entry` as the app form and `assetmap validate`. Nothing from the issue reaches
a shell: the workflow calls `assetmap from-issue --event "$GITHUB_EVENT_PATH"` and gets back only slugs.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from assetmap.contrib.fields import FORM_FIELDS, KIND_ORDER, FormField, choices, record_values
from assetmap.contrib.form import Checked, build_yaml, check_entry, clean_list, clean_text
from assetmap.contrib.issue_form import CY, EN, NO_RESPONSE, VOCAB_GROUPS, both, choice_label, field_heading
from assetmap.records.problems import field_label, render
from assetmap.records.reporters import one_line
from assetmap.text import fold

MAX_BODY = 65_536  # GitHub's own limit for an issue body, in characters
MAX_EVENT = 4 * 1024 * 1024  # an event file larger than this is not one GitHub wrote for an issue


class IssueError(ValueError):
    """The issue cannot be read as an entry; `key` and `params` say why, in the message catalogues."""

    def __init__(self, key: str, **params):
        super().__init__(EN(f"intake.from_issue.{key}", **params))
        self.key, self.params = key, params

    def say(self) -> str:
        return both(f"intake.from_issue.{self.key}", **self.params)


def sections(body: str) -> dict[str, str]:
    """'### Label\\n\\nvalue' sections -> {field name: value}; only the form's own headings start a section.

    A heading that appears twice is refused: text pasted into one field cannot pose as another field.
    """
    if len(body) > MAX_BODY:
        raise IssueError("too_long", limit=MAX_BODY)
    headings = {field_heading(f): f.name for f in FORM_FIELDS}
    out: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = " ".join(line[4:].split()) if line.startswith("### ") else ""
        if heading in headings:
            if current is not None:
                out[current] = "\n".join(lines).strip()
            current, lines = headings[heading], []
            if current in out:
                raise IssueError("twice", heading=heading)
            out[current] = ""
        elif current is not None:
            lines.append(line)
    if current is not None:
        out[current] = "\n".join(lines).strip()
    return {name: "" if value == NO_RESPONSE else value for name, value in out.items()}


class _Names:
    """Folded ids and labels -> ids, per group of values an "items" field accepts."""

    def __init__(self, result) -> None:
        self.result = result
        self._groups: dict[str, dict[str, str]] = {}

    def group(self, field: FormField) -> dict[str, str]:
        key = field.group + ":" + ",".join(field.refers_to)
        if key not in self._groups:
            self._groups[key] = {fold(" ".join(name.split())): i for i, name in self._pairs(field) if name}
        return self._groups[key]

    def _pairs(self, field: FormField):
        if field.group in VOCAB_GROUPS or field.group == "areas":
            if field.group == "areas":
                named = list(self.result.areas.areas.values())
                yield from (("wales", "wales"), ("wales", EN("area.wales")), ("wales", CY("area.wales")))
            else:
                named = list(self.result.vocab.terms[field.group].values())
            for x in named:  # a term or an area: its id, either label, or both as the issue form lists them
                yield from ((x.id, name) for name in (x.id, x.en, x.cy, f"{x.en} · {x.cy}"))
        elif field.group == "records":
            for rid, item in self.result.records.items():
                if item.kind in field.refers_to:
                    yield rid, rid
                    if item.ok:
                        yield rid, item.record.name
                        yield rid, item.record.name_cy or ""

    def resolve(self, field: FormField, value: str) -> str:
        """An id for a name or label; the text as written when nothing matches (the checks then suggest one)."""
        return self.group(field).get(fold(" ".join(value.split())), value)


def _choice(field: FormField, text: str) -> str:
    """A dropdown answer ('Project / Prosiect', or just 'Project', or the id) -> the id; '' when not one of them."""
    wanted = fold(" ".join(text.split()))
    for value in choices(field.group):
        label = choice_label(field.group, value)
        if wanted in {fold(value), fold(label), *(fold(part.strip()) for part in label.split(" / "))}:
            return value
    return ""


def answers(body: str, result, today: dt.date | None = None) -> tuple[str, dict]:
    """(kind, the form's answers) from an issue body; IssueError when it is not an entry at all."""
    found = sections(body)
    if not found:
        raise IssueError("no_fields")
    kind = _choice(FORM_FIELDS[0], found.get("kind", ""))
    if kind not in KIND_ORDER:
        raise IssueError("kind", kinds=", ".join(KIND_ORDER))
    names = _Names(result)
    out: dict = {}
    for field in FORM_FIELDS:
        text = found.get(field.name, "")
        if field.shape == "choice":
            out[field.name] = _choice(field, text)
        elif field.shape == "items" or field.group == "records":
            items = [names.resolve(field, v) for v in clean_list(text)]
            out[field.name] = items if field.shape == "items" else (items[0] if items else "")
        else:  # an input field is one line; a multi-line answer there is folded, never split into fields
            out[field.name] = clean_text(text) if field.shape == "text" else " ".join(clean_text(text).split())
    if kind == "people" and not out.get("consent_basis"):
        # the app form asks this with a default; here no answer must not become "it is me, and I agree"
        raise IssueError("consent")
    if out.get("source_title") and not out.get("source_date"):
        out["source_date"] = (today or dt.date.today()).strftime("%Y-%m")  # as the app form's default: this month
    if out.get("translation") != "reviewed" and (out.get("name_cy") or out.get("summary_cy")):
        out["translation"] = "unreviewed"  # Welsh nobody said was reviewed is shown as not yet reviewed
    return kind, out


@dataclass(frozen=True)
class Entry:
    kind: str
    path: str  # data/<kind>/<slug>.yaml
    text: str
    checked: Checked

    @property
    def ok(self) -> bool:
        """Clean enough to propose: no error, no private detail."""
        return not self.checked.errors and self.checked.may_leave


def entry_from_issue(body: str, result, today: dt.date | None = None) -> Entry:
    kind, found = answers(body, result, today)
    path, text = build_yaml(kind, record_values(kind, found), today)
    return Entry(kind, path, text, check_entry(text, kind, path, result, today=today))


def read_event(path: Path) -> tuple[int, str]:
    """(issue number, issue body) from a GitHub `issues` event file; IssueError if it is not one."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_EVENT + 1)
        event = json.loads(raw) if len(raw) <= MAX_EVENT else None
    except (OSError, ValueError):
        event = None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
        raise IssueError("not_an_issue")
    body = issue.get("body")
    return issue["number"], body if isinstance(body, str) else ""


def write_entry(entry: Entry, data_dir: Path) -> Path:
    """Write the record under `data_dir`; never over an existing file (FileExistsError)."""
    target = data_dir / entry.path.removeprefix("data/")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as f:
        f.write(entry.text)
    return target


def _code(text: str, limit: int = 500) -> str:
    """Untrusted text as inert Markdown: one line in a code span (no links, mentions, images or HTML)."""
    text = one_line(text)[:limit].replace("`", "'")
    return f"`{text}`" if text.strip() else "` `"


def report_markdown(entry: Entry | None, error: IssueError | None = None) -> str:
    """The comment posted on the issue: the check's result in English and Welsh."""
    lines = [f"### {both('intake.report.heading')}", ""]
    if entry is None:
        reason = error.say() if error else ""
        return "\n".join([*lines, both("intake.report.unreadable", reason=reason)]) + "\n"
    problems, errors = entry.checked.problems, entry.checked.errors
    if not problems:
        lines.append(both("intake.report.ok", path=entry.path))
    else:
        lines.append(both("intake.report.problems", errors=len(errors), warnings=len(problems) - len(errors)))
        lines.append("")
        for p in problems:
            mark = "❌" if p.severity == "error" else "⚠️"
            lines.append(f"- {mark} {_code(field_label(p.field, 'en'))} {_code(render(p, 'en'))} [`{p.code}`]")
            lines.append(f"  {_code(field_label(p.field, 'cy'))} {_code(render(p, 'cy'))}")
    lines.append("")
    if not entry.checked.may_leave:
        lines.append(both("intake.report.private"))  # the record (and the details) are not repeated here
        return "\n".join(lines) + "\n"
    lines.append(both("intake.report.pull_request") if entry.ok else both("intake.report.next_fix"))
    fence = "`" * max(4, _longest_run(entry.text, "`") + 1)
    lines += [
        "",
        f"<details><summary>{entry.path}</summary>",
        "",
        f"{fence}yaml",
        entry.text.rstrip("\n"),
        fence,
        "",
        "</details>",
    ]
    return "\n".join(lines) + "\n"


def _longest_run(text: str, char: str) -> int:
    best = run = 0
    for c in text:
        run = run + 1 if c == char else 0
        best = max(best, run)
    return best


def github_outputs(values: dict[str, str]) -> str:
    """Step outputs in GitHub's `name<<DELIMITER` form, with a delimiter no value contains."""
    out = []
    for name, value in values.items():
        delimiter = "EOF_" + secrets.token_hex(16)
        while delimiter in value:
            delimiter = "EOF_" + secrets.token_hex(16)
        out.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(out)
