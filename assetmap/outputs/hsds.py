"""The catalogue as Open Referral UK / HSDS 3.0: one JSON list and one CSV table per object.

Mapping (HSDS 3.0 schema reference, docs.openreferral.org):

* organisations → ``organization`` (+ a ``location`` where it is placed)
* projects and skills → ``service``; ``organization_id`` is the project's ``lead`` (else its first
  partner) or the skill's first organisation in ``offered_by``
* a service's place → ``location`` + ``service_at_location``; its ``areas_served`` → ``service_area``
* themes, sectors and work streams → ``taxonomy`` + ``taxonomy_term``; each use → ``attribute``

People and partnerships are not exported: HSDS has no object for a person's public role, and a
partnership is neither an organisation nor a service. Ids are UUIDv5 of the record id (and, for
the linking objects, of what they link), so they stay the same from one build to the next.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the CLI parser imports this module through EXPORTERS
    from assetmap.catalogue import Catalogue
from assetmap.outputs.export import csv_text

# uuid5(NAMESPACE_URL, the project's repository): the root every HSDS id is derived from
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/coproduction-wales/assetmap")
OBJECTS = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "service_area",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)
TAXONOMIES = {"themes": "Themes", "sectors": "Sectors", "work_streams": "Co-production work streams"}
# our status -> HSDS service.status (active, inactive, defunct, temporarily closed)
# ("unknown": nobody has confirmed it lately; HSDS has no such value, and "inactive" promises least)
SERVICE_STATUS = {
    "active": "active",
    "planned": "inactive",
    "prospective": "inactive",
    "ended": "defunct",
    "unknown": "inactive",
}
SERVICE_KINDS = ("projects", "skills")


def hsds_id(*parts: str) -> str:
    """Stable UUIDv5 for a record id (one part) or for a linking object (its type and what it links)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def assured(rec) -> str | None:
    """The date someone last confirmed the record (HSDS ``assured_date``), if anyone has."""
    return rec.confirmed.date.isoformat() if rec.confirmed else None


def _website(rec) -> str | None:
    return rec.links[0] if rec.links else None


def _provider(cat: Catalogue, item) -> str | None:
    rec = item.record
    if item.kind == "projects":
        candidates = [rec.lead, *rec.partners] if rec.lead else list(rec.partners)
    else:
        candidates = list(rec.offered_by)
    for rid in candidates:
        other = cat.records.get(rid)
        if other is not None and other.ok and other.kind == "organisations":
            return hsds_id(rid)
    return None


def build(cat: Catalogue) -> dict[str, list[dict]]:
    """Every HSDS object as a list of flat dicts (the tabular form; the JSON form is the same lists)."""
    out: dict[str, list[dict]] = {name: [] for name in OBJECTS}
    frame = cat.frame
    areas = cat.areas.areas
    for vocab, title in TAXONOMIES.items():
        out["taxonomy"].append(
            {
                "id": hsds_id("taxonomy", vocab),
                "name": title,
                "description": f"assetmap vocabulary data/vocab/{vocab}.yaml",
                "uri": None,
                "version": None,
            }
        )
        for term in cat.vocab.terms.get(vocab, {}).values():
            out["taxonomy_term"].append(
                {
                    "id": hsds_id("taxonomy_term", vocab, term.id),
                    "code": term.id,
                    "name": term.en,
                    "description": f"{term.en} / {term.cy}",
                    "parent_id": None,
                    "taxonomy": title,
                    "language": "en",
                    "taxonomy_id": hsds_id("taxonomy", vocab),
                    "term_uri": None,
                }
            )
    for rid in sorted(cat.records):
        item = cat.records[rid]
        if not item.ok or item.kind not in ("organisations", *SERVICE_KINDS):
            continue
        rec, own = item.record, hsds_id(rid)
        entity = "organization" if item.kind == "organisations" else "service"
        if entity == "organization":
            out["organization"].append(
                {
                    "id": own,
                    "name": rec.name,
                    "alternate_name": rec.name_cy,
                    "description": rec.summary,
                    "website": _website(rec),
                }
            )
        else:
            out["service"].append(
                {
                    "id": own,
                    "organization_id": _provider(cat, item),
                    "name": rec.name,
                    "alternate_name": rec.name_cy,
                    "description": rec.summary,
                    "url": _website(rec),
                    "status": SERVICE_STATUS[rec.status],
                    "assured_date": assured(rec),
                }
            )
            for area in rec.areas_served:
                name = "Wales" if area == "wales" else (areas[area].en if area in areas else area)
                out["service_area"].append(
                    {
                        "id": hsds_id("service_area", rid, area),
                        "service_id": own,
                        "service_at_location_id": None,
                        "name": name,
                        "description": None,
                        "extent": None,
                        "extent_type": None,
                        "uri": None,
                    }
                )
        if rid in frame.index:
            row, point = frame.loc[rid], frame.geometry.loc[rid]
            loc = hsds_id("location", rid)
            out["location"].append(
                {
                    "id": loc,
                    "location_type": "physical",
                    "url": None,
                    "organization_id": own if entity == "organization" else _provider(cat, item),
                    "name": row["place"] or rec.name,
                    "description": None,
                    "latitude": round(point.y, 5),
                    "longitude": round(point.x, 5),
                }
            )
            if entity == "service":
                out["service_at_location"].append(
                    {
                        "id": hsds_id("service_at_location", rid),
                        "service_id": own,
                        "location_id": loc,
                        "description": None,
                    }
                )
        for vocab in TAXONOMIES:
            for term in getattr(rec, vocab):
                out["attribute"].append(
                    {
                        "id": hsds_id("attribute", rid, vocab, term),
                        "link_id": own,
                        "taxonomy_term_id": hsds_id("taxonomy_term", vocab, term),
                        "link_type": vocab,
                        "link_entity": entity,
                        "value": None,
                        "label": None,
                    }
                )
    return out


def write(cat: Catalogue, dest: Path) -> list[Path]:
    """``dest/<object>.json`` (a JSON list) and ``dest/<object>.csv`` (the tabular form) for each object."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in build(cat).items():
        header = list(rows[0]) if rows else ["id"]
        json_path, csv_path = dest / f"{name}.json", dest / f"{name}.csv"
        json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        csv_path.write_text(csv_text(header, ([r[h] for h in header] for r in rows)), encoding="utf-8")
        written += [json_path, csv_path]
    return written
