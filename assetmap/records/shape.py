"""Shape: a parsed file against its kind's pydantic model, with pydantic's errors turned into volunteer sentences.

The first of the checks (records.checks.check_file runs it before the meaning checks).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from assetmap.records.problems import Problem, Say, emits, problem
from assetmap.records.schema import MODELS, Common
from assetmap.records.yamlsafe import Parsed
from assetmap.text import closest

CONTACT_FIELDS = {
    "email",
    "e-mail",
    "phone",
    "telephone",
    "tel",
    "mobile",
    "address",
    "home_address",
    "contact",
    "twitter",
    "website",
}
# pydantic's error type -> what the field expects (`problems.wrong-type.expects.*` in the catalogues)
FIELD_TYPES = {
    "list_type": "list",
    "string_type": "text",
    "float_type": "number",
    "float_parsing": "number",
    "dict_type": "fields",
    "model_type": "fields",
    "model_attributes_type": "fields",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date-no-time",
}


def loc_to_path(loc: Iterable) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@emits(
    "missing-field",
    "person-contact",
    "unknown-field",
    "invalid-value",
    "too-long",
    "too-few-members",
    "empty-value",
    "invalid-date",
    "wrong-type",
)
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


def _shape_problem(parsed: Parsed, kind: str, fpath: str, err: Mapping[str, Any], fields) -> Problem:
    etype, line, name = err["type"], parsed.line(fpath), fpath.rsplit(".", 1)[-1]
    value = err.get("input")
    if etype == "missing":
        return problem(parsed.path, line, fpath, "missing-field", "required", name=name)
    if etype == "extra_forbidden":
        if kind == "people" and name.lower() in CONTACT_FIELDS:
            return problem(parsed.path, line, fpath, "person-contact", "field", name=name)
        known = fields if "." not in fpath else _nested_fields(fpath)
        hint = closest(name, known)
        if hint:
            return problem(parsed.path, line, fpath, "unknown-field", "suggest", name=name, hint=hint[0])
        return problem(parsed.path, line, fpath, "unknown-field", "list", name=name, choices=", ".join(known))
    if etype == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        return problem(parsed.path, line, fpath, "invalid-value", "choice", value=_shown(value), allowed=allowed)
    if etype == "string_too_long":
        return problem(
            parsed.path, line, fpath, "too-long", "text", length=len(value or ""), limit=err["ctx"]["max_length"]
        )
    if etype in ("string_too_short", "too_short"):
        if name == "members":
            return problem(parsed.path, line, fpath, "too-few-members", "fewer")
        return problem(parsed.path, line, fpath, "empty-value", name=name)
    if etype == "too_long":
        return problem(parsed.path, line, fpath, "too-long", "entries", limit=err["ctx"]["max_length"])
    if etype == "value_error":  # our own validators (dates) explain themselves, in English only
        return problem(
            parsed.path, line, fpath, "invalid-date", "detail", detail=str(err.get("ctx", {}).get("error", err["msg"]))
        )
    if etype.startswith("date") and isinstance(value, str):
        return problem(parsed.path, line, fpath, "invalid-date", "not-date", value=value)
    expected = FIELD_TYPES.get(etype)
    got = _shown(value)
    if expected is None:
        return problem(parsed.path, line, fpath, "wrong-type", "other", detail=err["msg"].lower(), got=got)
    return problem(
        parsed.path,
        line,
        fpath,
        "wrong-type",
        "expected",
        expected=Say(f"problems.wrong-type.expects.{expected}"),
        got=got,
    )


def _nested_fields(fpath: str) -> list[str]:
    """Field names of the part of a record that `fpath` is in (for "did you mean")."""
    from assetmap.records.schema import PARTS

    head = fpath.split(".")[0].split("[")[0]
    model = PARTS.get(head)
    return list(model.model_fields) if model else []


def _shown(value) -> str | Say:
    """A value as a message shows it: short values quoted, anything else by what it is."""
    if isinstance(value, list):
        return Say("problems.wrong-type.got.list")
    if isinstance(value, dict):
        return Say("problems.wrong-type.got.fields")
    if value is None:
        return Say("problems.wrong-type.got.nothing")
    if isinstance(value, bool):
        return Say("problems.wrong-type.got.bool")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str) and len(value) < 40:
        return f"'{value}'"
    return Say("problems.wrong-type.got.long-text") if isinstance(value, str) else type(value).__name__
