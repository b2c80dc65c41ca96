"""`assetmap export --format hsds`: Open Referral UK / HSDS 3.0 objects, checked against the standard.

No package on PyPI ships the HSDS 3.0 JSON schemas (there is no `hsds-validator`; checked 2026-11-30),
so REQUIRED below is our own transcription of the HSDS 3.0 schema reference (openreferral/specification,
schema/simple/schema.csv): each object's required fields, the fields the tabular form requires, and
the type of every field we write.
"""

import csv
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

# object -> (required, required in the tabular form, {field: type})
STR, NUM, UUID, URI = "string", "number", "uuid", "uri"
REQUIRED = {
    "organization": (
        {"id", "name", "description"},
        set(),
        {"id": UUID, "name": STR, "alternate_name": STR, "description": STR, "website": URI},
    ),
    "service": (
        {"id", "name", "status"},
        set(),
        {
            "id": UUID,
            "organization_id": UUID,
            "name": STR,
            "alternate_name": STR,
            "description": STR,
            "url": URI,
            "status": STR,
            "assured_date": STR,
        },
    ),
    "location": (
        {"id", "location_type"},
        set(),
        {
            "id": UUID,
            "location_type": STR,
            "url": URI,
            "organization_id": UUID,
            "name": STR,
            "description": STR,
            "latitude": NUM,
            "longitude": NUM,
        },
    ),
    "service_at_location": (
        {"id"},
        {"service_id", "location_id"},
        {"id": UUID, "service_id": UUID, "location_id": UUID, "description": STR},
    ),
    "service_area": (
        {"id"},
        set(),
        {
            "id": UUID,
            "service_id": UUID,
            "service_at_location_id": UUID,
            "name": STR,
            "description": STR,
            "extent": STR,
            "extent_type": STR,
            "uri": URI,
        },
    ),
    "taxonomy": (
        {"id", "name", "description"},
        set(),
        {"id": UUID, "name": STR, "description": STR, "uri": URI, "version": STR},
    ),
    "taxonomy_term": (
        {"id", "name", "description"},
        set(),
        {
            "id": UUID,
            "code": STR,
            "name": STR,
            "description": STR,
            "parent_id": UUID,
            "taxonomy": STR,
            "language": STR,
            "taxonomy_id": UUID,
            "term_uri": URI,
        },
    ),
    "attribute": (
        {"id"},
        {"link_id", "taxonomy_term_id", "link_entity"},
        {
            "id": UUID,
            "link_id": UUID,
            "taxonomy_term_id": UUID,
            "link_type": STR,
            "link_entity": STR,
            "value": STR,
            "label": STR,
        },
    ),
}
ENUMS = {
    ("service", "status"): {"active", "inactive", "defunct", "temporarily closed"},
    ("location", "location_type"): {"physical", "postal", "virtual"},
}


def export(data: Path, out: Path) -> dict[str, list[dict]]:
    r = subprocess.run(
        [sys.executable, "-m", "assetmap.cli", "export", "--format", "hsds", "--data", str(data), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return {name: json.loads((out / f"{name}.json").read_text(encoding="utf-8")) for name in REQUIRED}


@pytest.fixture(scope="module")
def hsds(tmp_path_factory):
    return export(ROOT / "data", tmp_path_factory.mktemp("hsds"))


def check_value(obj: str, field: str, value, kind: str) -> None:
    if value is None:
        return
    where = f"{obj}.{field} = {value!r}"
    if kind == NUM:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), where
        return
    assert isinstance(value, str) and value, where
    if kind == UUID:
        assert str(uuid.UUID(value)) == value, where
    if kind == URI:
        assert value.startswith("https://"), where


def test_every_object_has_its_required_fields_and_types(hsds):
    for obj, (required, tabular, types) in REQUIRED.items():
        assert hsds[obj], f"no {obj} objects"
        ids = [row["id"] for row in hsds[obj]]
        assert len(ids) == len(set(ids)), f"duplicate {obj} ids"
        for row in hsds[obj]:
            assert set(row) <= set(types), f"{obj}: unknown fields {set(row) - set(types)}"
            for field in required | tabular:
                assert row.get(field) not in (None, ""), f"{obj} {row['id']}: {field} is required"
            for field, value in row.items():
                check_value(obj, field, value, types[field])
                if (obj, field) in ENUMS:
                    assert value in ENUMS[(obj, field)], f"{obj}.{field} = {value!r}"


def test_references_point_at_existing_objects(hsds):
    ids = {obj: {row["id"] for row in rows} for obj, rows in hsds.items()}
    links = [
        ("service", "organization_id", "organization"),
        ("location", "organization_id", "organization"),
        ("service_at_location", "service_id", "service"),
        ("service_at_location", "location_id", "location"),
        ("service_area", "service_id", "service"),
        ("taxonomy_term", "taxonomy_id", "taxonomy"),
        ("attribute", "taxonomy_term_id", "taxonomy_term"),
    ]
    for obj, field, target in links:
        for row in hsds[obj]:
            assert row[field] is None or row[field] in ids[target], f"{obj}.{field} -> missing {target}"
    for row in hsds["attribute"]:
        assert row["link_id"] in ids[row["link_entity"]]
    # most projects name a lead organisation: the services must carry it
    assert sum(bool(s["organization_id"]) for s in hsds["service"]) > len(hsds["service"]) / 2


def test_ids_are_uuid5_of_the_record_id_and_stable(hsds, tmp_path):
    from assetmap.outputs.hsds import hsds_id

    names = {o["name"]: o["id"] for o in hsds["organization"]}
    assert names["Barod"] == hsds_id("barod") == str(uuid.UUID(hsds_id("barod"), version=5))
    again = export(ROOT / "data", tmp_path / "again")
    assert again == hsds


def test_tabular_form_matches_the_json_and_neutralises_formulas(tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(ROOT / "data", data)
    text = (data / "organisations" / "barod.yaml").read_text(encoding="utf-8")
    (data / "organisations" / "barod.yaml").write_text(
        text.replace('name: "Barod"', 'name: "=HYPERLINK(\\"https://evil.example\\")"').replace(
            "name: Barod", 'name: "=HYPERLINK(\\"https://evil.example\\")"'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    objects = export(data, out)
    for obj, rows in objects.items():
        raw = (out / f"{obj}.csv").read_text(encoding="utf-8")
        assert raw.startswith("\ufeff")
        table = list(csv.DictReader(raw.removeprefix("\ufeff").splitlines()))
        assert len(table) == len(rows) and [r["id"] for r in table] == [r["id"] for r in rows]
    evil = [o for o in objects["organization"] if o["name"].startswith("=HYPERLINK")]
    assert len(evil) == 1  # JSON keeps the value as it is
    table = list(
        csv.DictReader((out / "organization.csv").read_text(encoding="utf-8").removeprefix("\ufeff").splitlines())
    )
    assert [r["name"] for r in table if r["id"] == evil[0]["id"]] == ["'" + evil[0]["name"]]


def test_people_are_not_exported(hsds):
    names = {row["name"] for rows in hsds.values() for row in rows if "name" in row}
    from assetmap.load import load

    people = [item.record.name for item in load(ROOT / "data").records.values() if item.kind == "people"]
    assert people and not names & set(people)
