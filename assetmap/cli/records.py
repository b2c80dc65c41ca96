"""Record commands: `validate`, `export`, `new`, `stats`.

Heavy libraries (pandas, geopandas, folium) are imported inside the commands that need them, so
`assetmap validate` stays light.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assetmap.cli import data_dir_of, data_opt


def cmd_validate(args) -> int:
    from assetmap.load import SUPPORT_FILES, kind_of, load
    from assetmap.records.duplicates import possible_duplicates
    from assetmap.records.reporters import REPORTERS, summary

    data = data_dir_of(args)
    paths = [Path(p) for p in args.paths]
    for p in paths:
        if not p.exists() and not p.is_symlink():
            print(f"error: {p}: no such file", file=sys.stderr)
            return 2
    changed: list[Path] = []
    if args.changed_since is not None:
        from assetmap.contrib.git import GitError, changed_files

        try:
            changed = changed_files(data, args.changed_since)
        except GitError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        # vocabularies, areas and the gazetteer are not records: the full run checks them
        changed = [p for p in changed if p.relative_to(data).parts[0] not in SUPPORT_FILES]
        if not changed and not paths:
            print(f"No files under {data} added or changed since {args.changed_since}.", file=sys.stderr)
            return 0
    records = paths + [p for p in changed if p.suffix == ".yaml" and kind_of(p)]
    result = load(data, extra=records)
    problems = result.problems
    if paths or changed:
        given = paths + changed
        wanted = {str(p) for p in given} | {str(p.resolve()) for p in given}
        names = {p.name for p in given}

        def mine(path: str) -> bool:  # cheap tests first: this runs for every record
            return path in wanted or (Path(path).name in names and str(Path(path).resolve()) in wanted)

        problems = [p for p in problems if mine(p.path)]
        new = [item for item in result.records.values() if mine(item.parsed.path)]
        problems += possible_duplicates(new, result.records)
        problems.sort(key=lambda p: (p.path, p.line, p.field, p.code))
    out = REPORTERS[args.format](problems, lang=args.lang)
    if out:
        print(out)
    if args.format == "text":
        print(summary(problems, len(paths) + len(changed) or result.files, lang=args.lang), file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


def cmd_export(args) -> int:
    from assetmap.catalogue import load_catalogue
    from assetmap.outputs.exporters import EXPORTERS, run

    if EXPORTERS[args.format].is_folder and not args.output:
        print(f"error: --format {args.format} writes a folder of files; give one with -o DIR", file=sys.stderr)
        return 2
    cat = load_catalogue(data_dir_of(args))
    text, written = run(args.format, cat, Path(args.output) if args.output else None)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        print(f"wrote {len(cat.frame)} records to {args.output} ({len(written)} files)", file=sys.stderr)
    if cat.result.errors:
        print(
            f"note: {len(cat.result.errors)} problems kept some records out; run `assetmap validate`", file=sys.stderr
        )
    return 0


def cmd_new(args) -> int:
    from assetmap.contrib.skeleton import skeleton
    from assetmap.records.schema import Kind
    from assetmap.text import slugify

    kind = Kind.parse(args.kind)
    if kind is None:
        print(
            f"error: '{args.kind}' is not a kind; use one of: organisation, project, person, skill, partnership",
            file=sys.stderr,
        )
        return 2
    rid = slugify(args.name)
    if not rid:
        print("error: the name needs at least one letter or digit", file=sys.stderr)
        return 2
    path = data_dir_of(args) / kind / f"{rid}.yaml"
    if path.exists() or path.is_symlink():
        print(f"error: {path} already exists; edit it, or choose another name", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, args.name), encoding="utf-8")
    print(path)
    print(f"Now fill it in, then run: uv run assetmap validate {path}", file=sys.stderr)
    return 0


def cmd_stats(args) -> int:
    from assetmap.catalogue import load_catalogue
    from assetmap.outputs.stats import languages_markdown, stats_markdown

    cat = load_catalogue(data_dir_of(args))
    print(languages_markdown(cat) if args.languages else stats_markdown(cat))
    return 0


def register(sub) -> None:
    """Add this module's subcommands to the `assetmap` parser."""
    p = sub.add_parser("validate", help="check record files and print every problem")
    data_opt(p)
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument(
        "--lang",
        choices=("en", "cy"),
        default="en",
        help="language of the messages: en (English, default) or cy (Cymraeg)",
    )
    p.add_argument(
        "--changed-since",
        metavar="REF",
        help="check only the files under the data folder added or changed since this git ref "
        "(e.g. origin/main), as if given as PATHs",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="only report on these files, and warn if they look like existing records (default: all)",
    )
    p.set_defaults(func=cmd_validate)

    from assetmap.outputs.exporters import EXPORTERS  # light: the formats' code loads only when run

    p = sub.add_parser("export", help="write the mapped records as " + ", ".join(EXPORTERS))
    data_opt(p)
    p.add_argument(
        "--format",
        choices=tuple(EXPORTERS),
        required=True,
        help="csv and geojson: one file (or stdout); hsds and datapackage: a folder (-o DIR)",
    )
    p.add_argument("-o", "--output", metavar="FILE|DIR")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("new", help="write a commented skeleton record to fill in")
    data_opt(p)
    p.add_argument("kind", metavar="KIND", help="organisation, project, person, skill or partnership")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("stats", help="counts of records per kind and area (Markdown)")
    data_opt(p)
    p.add_argument("--languages", action="store_true", help="instead: how many records have Welsh text, per kind")
    p.set_defaults(func=cmd_stats)
