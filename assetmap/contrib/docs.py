"""Reference docs generated from the code, so the contributor's guide cannot drift from it.

* :func:`schema_markdown` — the field reference, from the pydantic models' fields and descriptions;
* :func:`codes_markdown` — every problem code (from ``problems.CODES``);
* :func:`vocab_markdown` — the vocabularies and the 22 areas, with English and Welsh labels;
* :func:`update_docs` — writes generated blocks (those three into CONTRIBUTING.md, ``assetmap stats`` into
  README.md) between ``<!-- BEGIN generated: X -->`` and ``<!-- END generated: X -->`` markers.

The CLI (``assetmap schema``, ``codes``, ``vocab``, ``docs``) is a thin wrapper in ``assetmap/cli/contrib.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from pathlib import Path

from pydantic import BaseModel

DOCS_FILE = "CONTRIBUTING.md"


def _cell(text) -> str:
    """Text for a Markdown table cell: no line breaks, pipes escaped, `<…>` shown rather than read as HTML."""
    parts = str(text).replace("\n", " ").split("`")
    for i in range(0, len(parts), 2):  # outside `code` spans
        parts[i] = parts[i].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*")
    return "`".join(parts).replace("|", "\\|").strip()


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _limits(field) -> dict[str, int]:
    out = {}
    for m in field.metadata:
        for name in ("min_length", "max_length"):
            if getattr(m, name, None) is not None:
                out[name] = getattr(m, name)
    return out


PART_TITLES = {
    "Location": "`location`",
    "Source": "Each entry of `sources`",
    "Consent": "`consent` (people only)",
    "ReportedStatus": "`reported_status`",
    "Confirmation": "`confirmed`",
    "FormerName": "Each entry of `former_names`",
}


def _part_name(model: type[BaseModel]) -> str:
    return PART_TITLES.get(model.__name__, f"`{model.__name__.lower()}`")


def type_words(annotation, field=None) -> str:
    """A field's type as a volunteer would say it: 'text, up to 200 characters', 'list (at least 1)'."""
    from assetmap.records.schema import When

    limits = _limits(field) if field is not None else {}
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_words(args[0], field)
    if annotation is When:
        return "year (`2016`), year-month (`2016-03`) or date (`2016-03-15`)"
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return type_words(inner[0], field) if len(inner) == 1 else " or ".join(type_words(a) for a in inner)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if annotation is typing.Any:
        return "year or date"
    if annotation is str:
        return f"text, up to {limits['max_length']:,} characters" if "max_length" in limits else "text"
    if annotation is float:
        return "number"
    if annotation is int:
        return "whole number"
    if annotation is dt.date:
        return "date (YYYY-MM-DD)"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "`field: value` lines indented under it (see below)"
    if origin is list:
        (item,) = args or (str,)
        if isinstance(item, type) and issubclass(item, BaseModel):
            words = "list of `- field: value` entries (see below)"
        else:
            words = "list like `[a, b]`"
        bounds = []
        if limits.get("min_length"):
            bounds.append(f"at least {limits['min_length']}")
        if limits.get("max_length"):
            bounds.append(f"at most {limits['max_length']}")
        return words + (f" ({', '.join(bounds)})" if bounds else "")
    return str(annotation)


def _field_rows(model: type[BaseModel], names) -> list[tuple]:
    rows = []
    for name in names:
        f = model.model_fields[name]
        rows.append((f"`{name}`", "yes" if f.is_required() else "no", type_words(f.annotation, f), f.description or ""))
    return rows


FIELD_HEADER = ("Field", "Required", "Type", "What to write")


def schema_markdown() -> str:
    """The field reference: common fields, then each kind's own, then the nested parts."""
    from assetmap.records.schema import KINDS, MODELS, PARTS, SINGULAR, Common

    out = [
        "### Fields every record has",
        "",
        "Every kind of record has these fields; the kind is the folder the file is in.",
        "",
        _table(FIELD_HEADER, _field_rows(Common, Common.model_fields)),
        "",
    ]
    for kind in KINDS:
        model = MODELS[kind]
        own = [
            n
            for n, f in model.model_fields.items()
            if n not in Common.model_fields or f.annotation != Common.model_fields[n].annotation
        ]
        out += [f"### {kind.capitalize()} (`data/{kind}/<id>.yaml`)", ""]
        doc = (model.__doc__ or "").strip() if model.__doc__ != Common.__doc__ else ""
        if doc:
            out += [doc, ""]
        if own:
            changed = [n for n in own if n in Common.model_fields]
            if changed:
                out += [
                    "For "
                    + ("an " if SINGULAR[kind][0] in "aeiou" else "a ")
                    + SINGULAR[kind]
                    + ", "
                    + ", ".join(f"`{n}`" for n in changed)
                    + " differs from the common field:",
                    "",
                ]
            out += [_table(FIELD_HEADER, _field_rows(model, own)), ""]
        else:
            out += ["No fields beyond the common ones.", ""]
    for part in PARTS.values():
        out += [f"### {_part_name(part)}", "", _table(FIELD_HEADER, _field_rows(part, part.model_fields)), ""]
    return "\n".join(out).rstrip() + "\n"


def codes_markdown() -> str:
    from assetmap.records.problems import CODES

    rows = [(f"`{code}`", c.severity, c.meaning, c.example) for code, c in CODES.items()]
    return (
        "An **error** stops the record from being merged and from appearing on the map; a **warning** is a "
        "question for you and the maintainer.\n\n"
        + _table(("Code", "Severity", "Meaning", "Example of the message"), rows)
        + "\n"
    )


VOCAB_TITLES = {
    "themes": ("Themes", "`themes` and `needs`"),
    "sectors": ("Sectors", "`sectors`"),
    "work_streams": ("Work-streams", "`work_streams`"),
    "formats": ("Formats", "`format` (skills) and `offers` (people)"),
}


def vocab_markdown(data_dir: Path) -> str:
    from assetmap.geo.areas import load_areas
    from assetmap.records.vocab import VOCABULARIES, load_vocabularies

    vocab, _problems = load_vocabularies(data_dir)
    out: list[str] = []
    for name in VOCABULARIES:
        title, used = VOCAB_TITLES.get(name, (name, f"`{name}`"))
        rows = [
            (f"`{t.id}`", t.en, t.cy + (" (to be checked)" if t.review else ""))
            for t in vocab.terms.get(name, {}).values()
        ]
        out += [
            f"### {title} (`data/vocab/{name}.yaml`)",
            "",
            f"Used in {used}.",
            "",
            _table(("id", "English", "Cymraeg"), rows),
            "",
        ]
    areas = load_areas(data_dir)
    regions = getattr(areas, "regions", {}) or {}

    def region_label(rid: str) -> str:
        pair = regions.get(rid)
        if pair is None:
            return rid or ""
        return pair[0] if isinstance(pair, tuple | list) else getattr(pair, "en", str(pair))

    area_rows = [("`wales`", "All of Wales", "Cymru gyfan", "")]
    area_rows += [(f"`{a.id}`", a.en, a.cy, region_label(getattr(a, "region", ""))) for a in areas.areas.values()]
    out += [
        "### Areas (`data/areas.yaml`)",
        "",
        f"Used in `areas_served`: the {len(areas.areas)} principal areas of Wales, or `wales` for all of Wales.",
        "",
        _table(("id", "English", "Cymraeg", "Region"), area_rows),
        "",
    ]
    return "\n".join(out).rstrip() + "\n"


# file -> the generated blocks it holds
DOCS = {DOCS_FILE: ("schema", "codes", "vocab"), "README.md": ("stats", "languages")}


def generated_blocks(data_dir: Path, names=DOCS[DOCS_FILE]) -> dict[str, str]:
    @functools.cache
    def catalogue():  # loaded once, and only when a README block asks for it
        from assetmap.catalogue import load_catalogue

        return load_catalogue(data_dir)

    def stats(which: str):
        def make() -> str:
            from assetmap.outputs import stats

            return getattr(stats, f"{which}_markdown")(catalogue())

        return make

    make = {
        "schema": schema_markdown,
        "codes": codes_markdown,
        "vocab": lambda: vocab_markdown(data_dir),
        "stats": stats("stats"),
        "languages": stats("languages"),
    }
    return {name: make[name]() for name in names}


class DocsError(Exception):
    pass


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- BEGIN generated: {name} -->", f"<!-- END generated: {name} -->"


def update_docs(text: str, blocks: dict[str, str]) -> str:
    """`text` with every generated block replaced; DocsError if a pair of markers is missing or broken."""
    for name, body in blocks.items():
        begin, end = _markers(name)
        pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.S)
        if text.count(begin) != 1 or text.count(end) != 1 or not pattern.search(text):
            raise DocsError(
                f"the markers '{begin}' and '{end}' must each appear once, in that order, on their own lines"
            )
        note = "<!-- generated by `uv run assetmap docs` from the code and data/: edit those, not this block -->\n"
        block = f"{begin}\n{note}\n{body.rstrip()}\n\n{end}"
        text = pattern.sub(block.replace("\\", "\\\\"), text)  # backslashes in block are text, not escapes
    return text
