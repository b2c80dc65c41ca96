"""Contributing commands: reference docs generated from the code, and what a branch changes, for a maintainer.

* `assetmap schema` — the field reference, from the pydantic models' fields and descriptions;
* `assetmap codes` — every problem code (from `problems.CODES`);
* `assetmap vocab` — the vocabularies and the 22 areas, with English and Welsh labels;
* `assetmap docs [--check]` — writes those three into CONTRIBUTING.md, and `assetmap stats` into README.md, between `<!-- BEGIN generated: X -->`
  and `<!-- END generated: X -->` markers (`--check` only says whether they are stale), so the guide cannot
  drift from the code;
* `assetmap diff BASE` — the records a branch adds, changes and removes, in words.

Argument handling only: the work is in assetmap.contrib.docs, assetmap.contrib.diff and assetmap.contrib.git.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assetmap.cli import data_dir_of, data_opt
from assetmap.contrib.diff import record_changes
from assetmap.contrib.docs import (
    DOCS,
    DOCS_FILE,
    DocsError,
    codes_markdown,
    generated_blocks,
    schema_markdown,
    update_docs,
    vocab_markdown,
)
from assetmap.contrib.git import GitError
from assetmap.contrib.issue_form import TEMPLATE_FILE


def cmd_markdown(args) -> int:
    """`schema`, `codes` and `vocab`: print one generated reference."""
    make = {"schema": schema_markdown, "codes": codes_markdown}.get(args.command)
    print(make() if make else vocab_markdown(data_dir_of(args)), end="")
    return 0


def cmd_docs(args) -> int:
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
            print(
                f"{path} is out of date with the code or data/: run `uv run assetmap docs` and commit the result.",
                file=sys.stderr,
            )
            stale += 1
        else:
            path.write_text(new, encoding="utf-8")
            print(f"updated the generated parts of {path}.", file=sys.stderr)
    return 1 if stale else 0


def cmd_diff(args) -> int:
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
    print(
        f"{n} change{'s' * (n != 1)} under {data} since {args.base}. "
        "Check them with: uv run assetmap validate --changed-since " + args.base,
        file=sys.stderr,
    )
    return 0


def cmd_issue_form(args) -> int:
    """Write (or --check) the GitHub issue form from the form's field list and the catalogues."""
    from assetmap.contrib.issue_form import issue_template
    from assetmap.load import load

    result = load(data_dir_of(args))
    path = Path(args.file)
    new = issue_template(result.vocab, result.areas)
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old == new:
        print(f"{path} is up to date.", file=sys.stderr)
        return 0
    if args.check:
        print(f"{path} is out of date: run `uv run assetmap issue-form` and commit the result.", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")
    print(f"wrote {path}.", file=sys.stderr)
    return 0


def cmd_from_issue(args) -> int:
    """An issue-form issue -> a checked record file (with --write) and the check's result as Markdown."""
    from assetmap.contrib.from_issue import (
        IssueError,
        entry_from_issue,
        github_outputs,
        read_event,
        report_markdown,
        write_entry,
    )
    from assetmap.load import load

    data = data_dir_of(args)
    entry, error, written = None, None, ""
    try:
        _number, body = read_event(Path(args.event))
        entry = entry_from_issue(body, load(data))
    except IssueError as e:
        error = e
    if entry is not None and entry.ok and args.write:
        try:
            written = str(write_entry(entry, Path(args.write)))
        except FileExistsError:
            print(f"error: {entry.path} exists already; an issue only adds new entries", file=sys.stderr)
            entry = None
            error = IssueError("exists")
    report = report_markdown(entry, error)
    if args.report:
        Path(args.report).write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    if args.outputs:  # for the workflow: only our own slugs and our own Markdown, never raw issue text
        values = {"ok": "true" if written else "false", "path": entry.path if entry else "", "report": report}
        values["id"] = entry.path.rsplit("/", 1)[-1].removesuffix(".yaml") if entry else ""
        with open(args.outputs, "a", encoding="utf-8") as f:
            f.write(github_outputs(values))
    if error is not None:
        print(f"error: {error}", file=sys.stderr)
        return 2 if error.key == "not_an_issue" else 1
    if written:
        print(f"wrote {written}", file=sys.stderr)
    return 0 if entry is not None and entry.ok else 1


def register(sub) -> None:
    """Add this module's subcommands to the `assetmap` parser."""
    for name, what, needs_data in (
        ("schema", "the field reference of every kind of record", False),
        ("codes", "every problem code with its severity, meaning and an example", False),
        ("vocab", "the vocabularies and areas with English and Welsh labels", True),
    ):
        p = sub.add_parser(name, help=f"{what} (Markdown)")
        if needs_data:
            data_opt(p)
        p.set_defaults(func=cmd_markdown)

    p = sub.add_parser(
        "docs", help="rewrite the generated parts of CONTRIBUTING.md (schema, codes, vocab) and README.md (stats)"
    )
    data_opt(p)
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if CONTRIBUTING.md is out of date")
    p.add_argument("--file", metavar="FILE", help=f"only this file, with the blocks of {DOCS_FILE}")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("issue-form", help=f"write the GitHub issue form for new entries ({TEMPLATE_FILE})")
    data_opt(p)
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if the file is out of date")
    p.add_argument("--file", metavar="FILE", default=TEMPLATE_FILE, help=f"where to write it (default {TEMPLATE_FILE})")
    p.set_defaults(func=cmd_issue_form)

    p = sub.add_parser(
        "from-issue",
        help="read an 'Add an entry' issue (a GitHub event file) into a checked record file and a Markdown report",
    )
    data_opt(p)
    p.add_argument("--event", metavar="FILE", required=True, help="the event JSON ($GITHUB_EVENT_PATH)")
    p.add_argument("--write", metavar="DIR", help="write the record under this data folder when it has no error")
    p.add_argument("--report", metavar="FILE", help="write the Markdown report here (default: standard output)")
    p.add_argument("--outputs", metavar="FILE", help="append step outputs ok, path, id, report ($GITHUB_OUTPUT)")
    p.set_defaults(func=cmd_from_issue)

    p = sub.add_parser("diff", help="the records this branch adds, changes and removes since a git ref, in words")
    data_opt(p)
    p.add_argument("base", metavar="BASE", help="git ref to compare with, e.g. origin/main")
    p.set_defaults(func=cmd_diff)
