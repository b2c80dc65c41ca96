"""Contributing: reference docs generated from the code, and what a branch changes, for a maintainer.

* `assetmap schema --markdown` — the field reference, from the pydantic models' fields and descriptions;
* `assetmap codes --markdown` — every problem code (from `problems.CODES`);
* `assetmap vocab --markdown` — the vocabularies and the 22 areas, with English and Welsh labels;
* `assetmap docs [--check]` — writes those three into CONTRIBUTING.md, and `assetmap stats` into README.md, between `<!-- BEGIN generated: X -->`
  and `<!-- END generated: X -->` markers (`--check` only says whether they are stale), so the guide cannot
  drift from the code;
* `assetmap diff BASE` — the records a branch adds, changes and removes, in words.

The git helpers here (`changed_files`, `record_changes`) are also used by `assetmap validate --changed-since`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import types
import typing
from pathlib import Path

from pydantic import BaseModel

GENERATED = ("schema", "codes", "vocab")
DOCS_FILE = "CONTRIBUTING.md"


# ---------------------------------------------------------------------------------------------- markdown
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


PART_TITLES = {"Location": "`location`", "Source": "Each entry of `sources`", "Consent": "`consent` (people only)",
               "ReportedStatus": "`reported_status`", "Confirmation": "`confirmed`",
               "FormerName": "Each entry of `former_names`"}


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

    out = ["### Fields every record has", "",
           "Every kind of record has these fields; the kind is the folder the file is in.", "",
           _table(FIELD_HEADER, _field_rows(Common, Common.model_fields)), ""]
    for kind in KINDS:
        model = MODELS[kind]
        own = [n for n, f in model.model_fields.items()
               if n not in Common.model_fields or f.annotation != Common.model_fields[n].annotation]
        out += [f"### {kind.capitalize()} (`data/{kind}/<id>.yaml`)", ""]
        doc = (model.__doc__ or "").strip() if model.__doc__ != Common.__doc__ else ""
        if doc:
            out += [doc, ""]
        if own:
            changed = [n for n in own if n in Common.model_fields]
            if changed:
                out += ["For " + ("an " if SINGULAR[kind][0] in "aeiou" else "a ") + SINGULAR[kind] + ", "
                        + ", ".join(f"`{n}`" for n in changed) + " differs from the common field:", ""]
            out += [_table(FIELD_HEADER, _field_rows(model, own)), ""]
        else:
            out += ["No fields beyond the common ones.", ""]
    for part in PARTS.values():
        out += [f"### {_part_name(part)}", "", _table(FIELD_HEADER, _field_rows(part, part.model_fields)), ""]
    return "\n".join(out).rstrip() + "\n"


def codes_markdown() -> str:
    from assetmap.records.problems import CODES

    rows = [(f"`{code}`", c.severity, c.meaning, c.example) for code, c in CODES.items()]
    return ("An **error** stops the record from being merged and from appearing on the map; a **warning** is a "
            "question for you and the maintainer.\n\n"
            + _table(("Code", "Severity", "Meaning", "Example of the message"), rows) + "\n")


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
        rows = [(f"`{t.id}`", t.en, t.cy + (" (to be checked)" if t.review else ""))
                for t in vocab.terms.get(name, {}).values()]
        out += [f"### {title} (`data/vocab/{name}.yaml`)", "", f"Used in {used}.", "",
                _table(("id", "English", "Cymraeg"), rows), ""]
    areas = load_areas(data_dir)
    regions = getattr(areas, "regions", {}) or {}

    def region_label(rid: str) -> str:
        pair = regions.get(rid)
        if pair is None:
            return rid or ""
        return pair[0] if isinstance(pair, tuple | list) else getattr(pair, "en", str(pair))

    rows = [("`wales`", "All of Wales", "Cymru gyfan", "")]
    rows += [(f"`{a.id}`", a.en, a.cy, region_label(getattr(a, "region", ""))) for a in areas.areas.values()]
    out += ["### Areas (`data/areas.yaml`)", "",
            f"Used in `areas_served`: the {len(areas.areas)} principal areas of Wales, or `wales` for all of Wales.", "",
            _table(("id", "English", "Cymraeg", "Region"), rows), ""]
    return "\n".join(out).rstrip() + "\n"


# file -> the generated blocks it holds
DOCS = {DOCS_FILE: ("schema", "codes", "vocab"), "README.md": ("stats",)}


def generated_blocks(data_dir: Path, names=DOCS[DOCS_FILE]) -> dict[str, str]:
    def stats() -> str:
        from assetmap.catalogue import load_catalogue
        from assetmap.outputs.stats import stats_markdown

        return stats_markdown(load_catalogue(data_dir))

    make = {"schema": schema_markdown, "codes": codes_markdown, "vocab": lambda: vocab_markdown(data_dir),
            "stats": stats}
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
            raise DocsError(f"the markers '{begin}' and '{end}' must each appear once, in that order, on their own lines")
        note = "<!-- generated by `uv run assetmap docs` from the code and data/: edit those, not this block -->\n"
        text = pattern.sub(lambda _m: f"{begin}\n{note}\n{body.rstrip()}\n\n{end}", text)
    return text


# ---------------------------------------------------------------------------------------------- git
class GitError(Exception):
    pass


def _git(cwd: Path, *args: str) -> bytes:
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        run = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=120, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise GitError(f"could not run git ({e})") from e
    if run.returncode != 0:
        why = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(why[-1] if why else f"git {args[0]} failed")
    return run.stdout


def _check_ref(data: Path, ref: str) -> None:
    if not ref or ref.startswith("-") or any(c.isspace() for c in ref):
        raise GitError(f"'{ref}' is not a git reference")
    try:
        _git(data, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"'{ref}' is not a commit, branch or tag in this repository "
                       "(for a branch on GitHub, fetch it first: git fetch origin)") from None


def _z(out: bytes) -> list[str]:
    return [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]


def _untracked(data: Path) -> list[str]:
    return _z(_git(data, "ls-files", "--others", "--exclude-standard", "-z", "--", "."))


def changed_files(data: Path, ref: str) -> list[Path]:
    """Files under `data` added or modified since git `ref` (a renamed file counts as added).

    `git diff --name-only --diff-filter=AM REF -- DATA`, with `--no-renames` so a renamed record is checked
    too, and `--relative` so names are relative to the data folder wherever the repository root is; plus
    new files git does not track yet (a volunteer checking before `git add`; in CI there are none).
    """
    _check_ref(data, ref)
    out = _git(data, "diff", "--name-only", "--no-renames", "--diff-filter=AM", "--relative", "-z", ref, "--", ".")
    names = _z(out)
    return [data / name for name in names + [n for n in _untracked(data) if n not in names]]


# ---------------------------------------------------------------------------------------------- diff
_UNPRINTABLE = re.compile(r"[^\S ]|[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _clean(text, limit: int = 80) -> str:
    """Text from a record made safe for a terminal: no control or invisible characters, not too long."""
    text = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if m.group() not in "\n\t" else " ", str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(kind: str | None, data: dict | None, stem: str) -> str:
    from assetmap.records.schema import SINGULAR

    noun = SINGULAR.get(kind or "", "record")
    rid = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else stem
    name = data.get("name") if isinstance(data, dict) else None
    return f"{noun} '{_clean(rid)}'" + (f" ({_clean(name)})" if isinstance(name, str) and name else "")


def _field_changes(old: dict, new: dict) -> list[str]:
    out = []
    for key in list(old) + [k for k in new if k not in old]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key not in new:
            out.append(f"{_clean(key)} (removed)")
        elif key not in old:
            out.append(f"{_clean(key)} (added)")
        elif isinstance(before, list) and isinstance(after, list) and all(
                isinstance(v, str) for v in before + after):
            plus = [f"+{_clean(v, 40)}" for v in after if v not in before]
            minus = [f"−{_clean(v, 40)}" for v in before if v not in after]
            out.append(f"{_clean(key)} ({', '.join(plus + minus) or 'order'})")
        else:
            out.append(_clean(key))
    return out


def record_changes(data: Path, base: str) -> list[str]:
    """What the working tree adds, changes and removes under `data` since it left git ref `base`, in words.

    Compared with the merge base of `base` and HEAD, so changes made on `base` after the branch started do
    not show as reverts. Old versions come from `git show`, parsed with the same hostile-safe parser as
    everything else; files that are not records are listed by path.
    """
    from assetmap.load import kind_of
    from assetmap.records.yamlsafe import parse_bytes, read_file

    _check_ref(data, base)
    try:
        since = _git(data, "merge-base", base, "HEAD").decode().strip()
    except GitError:
        since = base
    # with --no-renames every entry is exactly: status NUL path NUL
    tokens = _z(_git(data, "diff", "--name-status", "--no-renames", "--relative", "-z", since, "--", "."))
    entries = [(tokens[i][:1], tokens[i + 1]) for i in range(0, len(tokens) - 1, 2)]
    entries += [("A", rel) for rel in _untracked(data)]
    order = {"A": 0, "M": 1, "T": 1, "D": 2}
    lines = []
    for status, rel in sorted(entries, key=lambda e: (order.get(e[0], 3), e[1])):
        path = data / rel
        kind = kind_of(path) if path.suffix == ".yaml" else None
        if kind is None:
            verb = {"A": "added", "D": "removed"}.get(status, "changed")
            lines.append(f"{verb} {_clean(path.as_posix(), 200)} (not a record)")
            continue
        old = parse_bytes(_git(data, "show", f"{since}:./{rel}"), rel) if status != "A" else None
        new = read_file(path, rel) if status != "D" else None
        if status == "A":
            line = f"added {_describe(kind, new.data, path.stem)}"
            if kind == "people":
                line += " — a person: check the consent basis and that the source names them"
        elif status == "D":
            line = f"removed {_describe(kind, old.data, path.stem)}"
        else:
            line = f"changed {_describe(kind, new.data or old.data, path.stem)}: "
            if old.data is None or new.data is None:
                which = "new" if new.data is None else "old"
                line += f"the {which} version cannot be read (run `uv run assetmap validate {path.as_posix()}`)"
            else:
                line += ", ".join(_field_changes(old.data, new.data)) or "layout or comments only"
        lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------------- commands
def cmd_markdown(args) -> int:
    """`schema`, `codes` and `vocab`: print one generated reference."""
    from assetmap.cli import data_dir_of

    make = {"schema": schema_markdown, "codes": codes_markdown}.get(args.command)
    print(make() if make else vocab_markdown(data_dir_of(args)), end="")
    return 0


def cmd_docs(args) -> int:
    from assetmap.cli import data_dir_of

    data = data_dir_of(args)
    targets = [(args.file, DOCS[DOCS_FILE])] if args.file else list(DOCS.items())
    stale = 0
    for name, blocks in targets:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            print(f"error: cannot read {path} ({e.strerror})", file=sys.stderr)
            return 2
        try:
            new = update_docs(text, generated_blocks(data, blocks))
        except DocsError as e:
            print(f"error: {path}: {e}", file=sys.stderr)
            return 1
        if new == text:
            print(f"{path} is up to date.", file=sys.stderr)
        elif args.check:
            print(f"{path} is out of date with the code or data/: run `uv run assetmap docs` and commit the result.",
                  file=sys.stderr)
            stale += 1
        else:
            path.write_text(new, encoding="utf-8")
            print(f"updated the generated parts of {path}.", file=sys.stderr)
    return 1 if stale else 0


def cmd_diff(args) -> int:
    from assetmap.cli import data_dir_of

    data = data_dir_of(args)
    try:
        lines = record_changes(data, args.base)
    except GitError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not lines:
        print(f"No changes under {data} since {args.base}.", file=sys.stderr)
        return 0
    print("\n".join(lines))
    n = len(lines)
    print(f"{n} change{'s' * (n != 1)} under {data} since {args.base}. "
          "Check them with: uv run assetmap validate --changed-since " + args.base, file=sys.stderr)
    return 0


def register(sub, data_opt) -> None:
    """Add this module's subcommands to the `assetmap` parser."""
    for name, what, needs_data in (
        ("schema", "the field reference of every kind of record", False),
        ("codes", "every problem code with its severity, meaning and an example", False),
        ("vocab", "the vocabularies and areas with English and Welsh labels", True),
    ):
        p = sub.add_parser(name, help=f"{what} (Markdown)")
        if needs_data:
            data_opt(p)
        p.add_argument("--markdown", action="store_true", help="Markdown output (the only format)")
        p.set_defaults(func=cmd_markdown)

    p = sub.add_parser("docs", help="rewrite the generated parts of CONTRIBUTING.md (schema, codes, vocab) and README.md (stats)")
    data_opt(p)
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if CONTRIBUTING.md is out of date")
    p.add_argument("--file", metavar="FILE", help=f"only this file, with the blocks of {DOCS_FILE}")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("diff", help="the records this branch adds, changes and removes since a git ref, in words")
    data_opt(p)
    p.add_argument("base", metavar="BASE", help="git ref to compare with, e.g. origin/main")
    p.set_defaults(func=cmd_diff)
