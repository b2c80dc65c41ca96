"""The `assetmap` command: builds the parser from the subcommand modules and runs one command."""

from __future__ import annotations

import sys

from assetmap.cli import _Parser, contrib, geo, insights, outputs, records

# in the order `assetmap --help` lists them
SUBCOMMAND_MODULES = (records, contrib, insights, outputs, geo)


def build_parser() -> _Parser:
    parser = _Parser(prog="assetmap", description="The open asset map of co-production in Wales.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in SUBCOMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
