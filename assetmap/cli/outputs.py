"""`assetmap build-site`: the static website (assetmap/outputs/site)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from assetmap.cli import data_dir_of, data_opt


def cmd_build_site(args) -> int:
    from assetmap.catalogue import load_catalogue
    from assetmap.outputs.site.build import build_site

    out = Path(args.output)
    if out.exists() and not (out / "sitemap.xml").exists() and any(out.iterdir()):
        print(
            f"error: {out} is a folder with other files in it; build-site empties its folder first, "
            "so give a new or empty folder (or an earlier site)",
            file=sys.stderr,
        )
        return 2
    start = time.perf_counter()
    cat = load_catalogue(data_dir_of(args))
    pages = build_site(cat, out, base_url=args.base_url or "")
    print(
        f"wrote {len(pages)} pages per language for {len(cat.frame)} records to {out} "
        f"in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    if cat.result.errors:
        print(
            f"note: {len(cat.result.errors)} problems kept some records out; run `assetmap validate`", file=sys.stderr
        )
    return 0


def register(sub) -> None:
    """Add this module's subcommands to the `assetmap` parser."""
    p = sub.add_parser("build-site", help="write the static bilingual website (pages, embeds, open data)")
    data_opt(p)
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write the site into (emptied)")
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="where the site will be published, e.g. https://example.github.io/assetmap/ "
        "(for sitemap.xml and the embed snippets; default: relative links)",
    )
    p.set_defaults(func=cmd_build_site)
