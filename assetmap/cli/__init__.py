"""`assetmap` command line: thin wrappers over the package. Exit codes: 0 fine, 1 problems, 2 usage.

This module owns only what every subcommand module shares: the parser class, the ``--data`` option and
``data_dir_of``. The subcommands live in ``records.py`` (validate, export, new, stats), ``contrib.py``,
``insights.py`` and ``geo.py`` (areas); each has ``register(sub)`` and imports from here, never the other way round.
``main.py`` builds the parser from them and holds ``main()`` (the ``assetmap`` command).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assetmap.load import default_data_dir


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code 2, with a hint to --help
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n(see `assetmap {self.prog.split()[-1]} --help`)\n")


def data_dir_of(args) -> Path:
    """The --data folder (or $ASSETMAP_DATA, or data/); exits 2 if it does not exist."""
    data = Path(args.data) if args.data else default_data_dir()
    if not data.is_dir():
        print(f"error: the data folder '{data}' does not exist (use --data DIR or ASSETMAP_DATA)", file=sys.stderr)
        sys.exit(2)
    return data


def data_opt(p: argparse.ArgumentParser) -> None:
    """The --data option every subcommand that reads records has."""
    p.add_argument("--data", metavar="DIR", help="data folder (default: $ASSETMAP_DATA or data/)")
