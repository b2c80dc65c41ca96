"""CLI subcommands for connections: `suggest`, `find-help`, `network`, `gaps`, `stale`.

Thin wrappers over assetmap.insights (network, suggest, find_help, gaps, freshness). Exit codes: 0 fine, 2 usage (unknown id,
theme, area or place, with a did-you-mean).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from assetmap.cli import data_dir_of, data_opt


def _catalogue(args):
    from assetmap.catalogue import load_catalogue

    return load_catalogue(data_dir_of(args))


def _unknown(what: str, value: str, choices) -> int:
    from assetmap.text import did_you_mean

    print(f"error: '{value}' is not a known {what}{did_you_mean(value, choices)}", file=sys.stderr)
    return 2


def _check_terms(cat, vocab: str, values) -> int:
    known = cat.vocab.terms.get(vocab, {})
    for value in values or ():
        if value not in known:
            return _unknown(f"{vocab[:-1]} id" if vocab.endswith("s") else vocab, value, known)
    return 0


def cmd_suggest(args) -> int:
    from assetmap.insights.suggest import suggest

    cat = _catalogue(args)
    if args.id not in cat.records or not cat.records[args.id].ok:
        return _unknown("record id", args.id, cat.frame.index)
    found = suggest(cat, args.id, limit=args.limit, lang=args.lang)
    item = cat.records[args.id]
    print(
        f"Prospective partners for {item.record.name} ({args.id}):"
        if found
        else f"No suggestions for {item.record.name} ({args.id}): nothing unlinked shares a theme or meets a need."
    )
    for i, s in enumerate(found, 1):
        rec = cat.records[s.id].record
        print(f"{i:>3}. {rec.name} ({s.id})  score {s.score:g}")
        for reason in s.reasons:
            print(f"       - {reason}")
    return 0


def cmd_find_help(args) -> int:
    from assetmap.insights.find_help import find_help
    from assetmap.labels import Labels

    cat = _catalogue(args)
    if rc := _check_terms(cat, "themes", args.theme) or _check_terms(cat, "formats", args.format):
        return rc
    if args.area and args.area not in cat.areas.areas:
        return _unknown("principal-area id", args.area, cat.areas.areas)
    try:
        offers = find_help(
            cat,
            themes=args.theme or (),
            near=args.near,
            radius_km=args.km,
            area=args.area,
            formats=args.format or (),
            q=args.q or "",
            include_wales=not args.local_only,
        )
    except LookupError:
        hints = cat.gazetteer.suggest(args.near)
        print(
            f"error: '{args.near}' is not a place we know" + (f"; did you mean {', '.join(hints)}?" if hints else ""),
            file=sys.stderr,
        )
        return 2
    labels = Labels(cat.vocab, cat.areas, args.lang)
    if not offers:
        print("Nobody offers that here yet.", file=sys.stderr)
    for o in offers:
        dist = (
            ", ".join(
                x
                for x in (f"{o.distance_km:g} km" if o.distance_km is not None else "", "all Wales" if o.wales else "")
                if x
            )
            or o.place
        )
        who = cat.records[o.provider].record
        who_text = f"{who.name}, {who.role}" if o.provider_kind == "person" else who.name
        what = cat.records[o.what].record.name if o.what_kind == "skill" else "(their own offer)"
        print(f"{dist:>18}  {what} — {who_text} [{', '.join(labels.many('formats', o.formats))}] ({o.what})")
    return 0


def cmd_network(args) -> int:
    from assetmap.insights.network import clusters, isolated, network

    cat = _catalogue(args)
    g = network(cat)
    groups, alone = clusters(g), isolated(g)
    print(
        f"{g.number_of_nodes()} records, {g.number_of_edges()} links, {len(groups)} connected groups, "
        f"{len(alone)} with no link"
    )
    for i, group in enumerate(groups[: args.most], 1):
        top = sorted(group, key=lambda n: (-g.degree(n), n))[:5]
        print(f"group {i}: {len(group)} records, e.g. {', '.join(top)}")
    if alone:
        print("no link yet: " + ", ".join(alone))
    return 0


def cmd_gaps(args) -> int:
    from assetmap.insights.gaps import GAP_KINDS, gap_csv, gap_table, zero_cells
    from assetmap.labels import Labels

    cat = _catalogue(args)
    if rc := _check_terms(cat, "themes", args.theme):
        return rc
    kinds = tuple(args.kind) if args.kind else GAP_KINDS
    table = gap_table(cat, kinds=kinds, themes=args.theme or None)
    text = gap_csv(table, Labels(cat.vocab, cat.areas, args.lang))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        zeros = zero_cells(table)
        print(
            f"wrote {len(table)} themes × {len(table.columns) - 1} areas to {args.output} "
            f"({zeros} cells with nothing that has not ended)",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0


def cmd_stale(args) -> int:
    from assetmap.contrib.form import repository_url
    from assetmap.insights.unconfirmed import issue_markdown, unconfirmed

    cat = _catalogue(args)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    if args.issue:
        sys.stdout.write(issue_markdown(cat, today, repository_url()))
        return 0
    found = unconfirmed(cat, today)
    for u in found:
        print(f"{u.id}\t{u.kind}\t{u.name}\t{u.area or 'wales'}\t{u.as_of or 'undated'}\t{u.path}")
    print(
        f"{len(found)} of {len(cat.frame)} records not confirmed by a source or a person since "
        f"{today.year - 2} (oldest first); confirm one with `assetmap confirm ID --by owner --how ...`",
        file=sys.stderr,
    )
    return 0


def cmd_confirm(args) -> int:
    from assetmap.contrib.confirm import confirm_text
    from assetmap.load import load
    from assetmap.text import did_you_mean

    data = data_dir_of(args)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    result = load(data)
    item = result.records.get(args.id)
    if item is None:
        print(f"error: no record with id '{args.id}'{did_you_mean(args.id, result.records)}", file=sys.stderr)
        return 2
    path = Path(item.parsed.path)
    try:
        text = confirm_text(path.read_text(encoding="utf-8"), args.by, args.how, today, args.status)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    path.write_text(text, encoding="utf-8")
    print(path)
    print(
        f"Confirmed {args.id} on {today.isoformat()} by {args.by}. Check it with: uv run assetmap validate {path}",
        file=sys.stderr,
    )
    return 0


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def _km(text: str) -> float:
    try:
        km = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 < km <= 300:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 300")
    return km


def _date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None
    return text


def register(sub) -> None:
    """Add this module's subcommands to the `assetmap` parser."""

    def command(name: str, func, text: str, lang: bool = False):
        p = sub.add_parser(name, help=text)
        data_opt(p)
        if lang:
            p.add_argument("--lang", choices=("en", "cy"), default="en", help="language of labels and reasons")
        p.set_defaults(func=func)
        return p

    p = command("suggest", cmd_suggest, "prospective partners for a record, with reasons", lang=True)
    p.add_argument("id", metavar="ID", help="record id, e.g. credu-connecting-carers")
    p.add_argument("--limit", type=_positive_int, default=10, metavar="N", help="at most N suggestions (10)")

    p = command(
        "find-help", cmd_find_help, "who offers skills, training or mentoring on a theme, near a place", lang=True
    )
    p.add_argument("--theme", action="append", metavar="T", help="theme id (repeatable; default: any)")
    p.add_argument("--format", action="append", metavar="F", help="format id, e.g. mentoring (repeatable)")
    p.add_argument("--near", metavar="PLACE", help="town, village or postcode district")
    p.add_argument("--km", type=_km, default=25.0, help="radius around --near in km (25)")
    p.add_argument("--area", metavar="AREA", help="principal-area id, e.g. powys")
    p.add_argument("-q", metavar="WORDS", help="words to look for in names and summaries")
    p.add_argument("--local-only", action="store_true", help="leave out offers across all of Wales")

    p = command("network", cmd_network, "connected groups and records with no link")
    p.add_argument("--most", type=_positive_int, default=10, metavar="N", help="list the N largest groups (10)")

    p = command("gaps", cmd_gaps, "theme × area counts of initiatives not known to have ended (CSV)", lang=True)
    p.add_argument("--theme", action="append", metavar="T", help="only this theme id (repeatable)")
    p.add_argument(
        "--kind",
        action="append",
        choices=("project", "organisation", "partnership", "skill"),
        help="count only these kinds (repeatable; default: all four)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the CSV here (default: standard output)")

    p = command("stale", cmd_stale, "records no source or person has confirmed in two years, oldest first")
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="count back from this date (default: today)")
    p.add_argument("--issue", action="store_true", help="print the Markdown body of the 'needs confirming' issue")

    p = command("confirm", cmd_confirm, "write who confirmed a record, when and how")
    p.add_argument("id", metavar="ID", help="record id, e.g. credu-connecting-carers")
    p.add_argument(
        "--by",
        required=True,
        choices=("owner", "maintainer", "source"),
        help="who confirmed it: the group itself (owner), a maintainer, or a new source",
    )
    p.add_argument("--how", required=True, metavar="TEXT", help='how, e.g. "email from the project"')
    p.add_argument(
        "--status",
        choices=("active", "ended", "planned", "prospective", "unknown"),
        help="the status they confirmed (default: leave the status as it is)",
    )
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="date of the confirmation (default: today)")
