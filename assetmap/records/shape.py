"""Shape: a parsed file against its kind's pydantic model, with pydantic's errors turned into volunteer sentences.

The first of the checks (records.checks.check_file runs it before the meaning checks).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from assetmap.records.problems import Problem, Say, emits, problem
from assetmap.records.schema import MODELS, Common, When
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
        if fpath in seen or any(within(fpath, b) or within(b, fpath) for b in parsed.bad):
            continue
        seen.add(fpath)
        out.append(_shape_problem(parsed, kind, fpath, err, fields))
    return None, out


def within(path: str, parent: str) -> bool:
    """`sources[1].date` is within `sources[1]` and `sources`; `sources` is within itself."""
    return path == parent or path.startswith((parent + ".", parent + "["))


SALVAGE_ROUNDS = 4  # each round sets aside every field pydantic still objects to; nesting is shallow


def salvage(parsed: Parsed, kind: str, stem: str) -> Common | None:
    """The record with every field that does not fit set aside, so the meaning checks still see the rest.

    After `check_shape` has reported what is wrong, a field (or one item of a list field) that does not fit
    is dropped when optional or replaced by a stand-in when required, and its path joins `parsed.bad`: the
    checks stay quiet about it, so no second-order problem follows from the first. The stand-ins never
    reach the map: the file has errors, so its record is not `ok`.
    """
    if not isinstance(parsed.data, dict):
        return None
    model = MODELS[kind]
    data = copy.deepcopy(parsed.data)
    for _ in range(SALVAGE_ROUNDS):
        try:
            return model.model_validate(data)
        except ValidationError as e:
            errors = e.errors(include_url=False)
        for err in errors:
            loc = err["loc"]
            if not loc or not isinstance(loc[0], str):
                return None
            parsed.bad |= {_set_aside(data, model, loc, stem)}
    return None


def _set_aside(data: dict, model: type[BaseModel], loc: tuple, stem: str, prefix: str = "") -> str:
    """Drop (optional) or stand in for (required) the innermost field or list item of `loc`; its path."""
    name = loc[0]
    path = f"{prefix}.{name}" if prefix else name
    info = model.model_fields.get(name) if isinstance(name, str) else None
    if info is None:  # a field the format does not have
        data.pop(name, None)
        return path
    value, rest = data.get(name), loc[1:]
    if rest and isinstance(rest[0], int) and isinstance(value, list) and rest[0] < len(value):
        i = rest[0]
        (element,) = get_args(info.annotation) or (str,)
        part = _model_of(element)
        if part is not None and len(rest) > 1 and isinstance(value[i], dict):
            return _set_aside(value[i], part, rest[1:], stem, f"{path}[{i}]")
        value[i] = _stand_in(element)  # keep the other items, and their positions (and lines)
        return f"{path}[{i}]"
    part = _model_of(info.annotation)
    if rest and part is not None and isinstance(value, dict):
        return _set_aside(value, part, rest, stem, path)
    if not info.is_required():
        data.pop(name, None)
    else:
        data[name] = stem if path == "id" else _stand_in(info.annotation)
    return path


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """`Location` for `Location | None`; None for a plain value."""
    for t in (annotation, *get_args(annotation)):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


def _stand_in(annotation: Any) -> Any:
    """A value of this type that the model accepts: the smallest thing that keeps the record whole."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)[0]
    if get_origin(annotation) is list:
        return [_stand_in(get_args(annotation)[0])]
    if annotation is When:
        return When(2000)
    if annotation is dt.date:
        return dt.date(2000, 1, 1)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {n: _stand_in(f.annotation) for n, f in annotation.model_fields.items() if f.is_required()}
    return "?"


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
