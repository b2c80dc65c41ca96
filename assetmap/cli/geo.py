"""CLI subcommands for geography: `areas`.

Thin wrapper over assetmap.geo.polygons. Exit codes: 0 fine, 1 the polygons file is missing or unreadable.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assetmap.cli import data_dir_of, data_opt

# said wherever the derived polygons are handed out (see data/ATTRIBUTION.md)
NOTE = (
    "Approximate boundaries derived from ONS Postcode Directory data (Open Government Licence); "
    "not official boundaries. See data/ATTRIBUTION.md."
)


def cmd_areas(args) -> int:
    from assetmap.geo.areas import load_areas
    from assetmap.geo.polygons import POLYGONS_FILE, feature_collection, load_polygons

    data = data_dir_of(args)
    try:
        polys = load_polygons(data, load_areas(data))
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if polys is None:
        print(
            f"error: {data / POLYGONS_FILE} does not exist; build it with scripts/build_area_polygons.py",
            file=sys.stderr,
        )
        return 1
    doc = {**feature_collection(polys), "approximate": True, "note": NOTE}
    text = json.dumps(doc, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {len(polys)} areas to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text + "\n")
    return 0


def register(sub) -> None:
    """Add this module's subcommands to the `assetmap` parser."""
    p = sub.add_parser("areas", help="the 22 principal areas as GeoJSON polygons (approximate boundaries)")
    data_opt(p)
    p.add_argument("--format", choices=("geojson",), required=True)
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(func=cmd_areas)
