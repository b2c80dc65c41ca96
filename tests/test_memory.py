"""Memory: the loader keeps of each checked file only what later checks ask for, and the messages stay the same."""

import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from assetmap.load import load
from assetmap.records.duplicates import possible_duplicates
from assetmap.records.schema import Location
from assetmap.records.yamlsafe import parse_bytes

DATA = Path(__file__).parent.parent / "data"

PROJECT = """id: {rid}
name: {name}
summary: A garden.
themes:
  - community-development
status: ended
location:
  place: Swansea
links:
  - https://example.org/
  - {link}
partners:
  - {partner}
  - no-such-organisation
sources:
  - title: Our site
    url: https://example.org/
"""


def test_trimmed_keeps_the_named_top_level_fields_and_their_items_only():
    parsed = parse_bytes(PROJECT.format(rid="x", name="X", link="https://a.example/", partner="p").encode(), "x.yaml")
    kept = parsed.trimmed({"", "id", "partners", "location"})
    assert kept.data is None and kept.path == "x.yaml"
    assert kept.lines == {"": 1, "id": 1, "location": 7, "partners": 12, "partners[0]": 13, "partners[1]": 14}
    assert kept.line("partners[1]") == parsed.line("partners[1]") == 14
    assert kept.line("location.place") == 7  # its parent's line: the loader asks for no deeper field


def test_problems_found_across_records_keep_their_lines(tmp_path):
    """check_references and possible_duplicates run after the raw parse has gone: their lines still point
    at the list item at fault."""
    existing = load(DATA)
    org = sorted(rid for rid, item in existing.records.items() if item.kind == "organisations")[0]
    linked = next(i for i in existing.records.values() if i.kind == "projects" and i.record.links)
    path = tmp_path / "projects" / "cwm-garden.yaml"
    path.parent.mkdir()
    path.write_text(
        PROJECT.format(rid="cwm-garden", name="Cwm Garden", link=linked.record.links[0], partner=org), encoding="utf-8"
    )
    result = load(DATA, extra=[path])
    item = result.records["cwm-garden"]
    assert item.parsed.data is None
    (unresolved,) = [p for p in result.problems if p.path == str(path) and p.code == "unresolved-reference"]
    assert (unresolved.field, unresolved.line) == ("partners[1]", 14)
    dup = [p for p in possible_duplicates([item], result.records) if p.field == "links[1]"]
    assert dup and dup[0].line == 11


def test_records_that_give_the_same_fields_share_one_fields_set_and_copies_get_their_own():
    a = Location.model_validate({"place": "Y Fenni"})
    b = Location.model_validate({"place": "Conwy"})
    assert a.model_fields_set is b.model_fields_set and a.model_fields_set == {"place"}
    assert Location.model_validate({"postcode": "CF10"}).model_fields_set == {"postcode"}
    c = a.model_copy(update={"postcode": "NP7"})
    assert c.model_fields_set == {"place", "postcode"} and a.model_fields_set == b.model_fields_set == {"place"}


def test_the_frame_and_the_map_payload_hold_the_records_own_text_not_copies():
    from assetmap.catalogue import RECORD_TEXT, load_catalogue
    from assetmap.outputs.mappoints import map_data, short_summary

    cat = load_catalogue(DATA)
    rid = cat.frame.index[0]
    item = cat.records[rid]
    row = cat.frame.loc[rid]
    assert row["name"] is item.record.name and row["path"] is item.parsed.path and cat.frame.index[0] is item.record.id
    assert all(cat.frame[c].dtype == object for c in RECORD_TEXT)
    short = next(
        r for r in cat.frame.index if short_summary(cat.records[r].record.summary) == cat.records[r].record.summary
    )
    payload = map_data(cat.frame, "en").payload
    assert payload["s"][payload["id"].index(short)] is cat.records[short].record.summary


def test_a_record_keeps_its_fields_in_a_dict_with_shared_keys_and_behaves_the_same():
    from assetmap.records.schema import Organisation

    given = {
        "id": "a",
        "name": " A ",
        "summary": "S.",
        "themes": ["carers"],
        "status": "active",
        "sources": [{"title": "T", "url": "https://example.org/"}],
    }
    a, b = Organisation.model_validate(given), Organisation.model_validate(given)
    assert a.__dict__ == dict(a.__dict__) and sys.getsizeof(a.__dict__) < sys.getsizeof(dict(a.__dict__)) / 2
    assert a == b and a.name == "A" and a.model_dump() == b.model_dump() and a.model_fields_set == set(given)
    assert list(a.__dict__) == list(Organisation.model_fields)
    with pytest.raises(ValidationError):
        a.name = "B"  # type: ignore[misc]
    assert a.model_copy(update={"name": "B"}).name == "B" and a.name == "A"


def test_files_without_problems_share_one_empty_set_of_fields_set_aside():
    one, two = parse_bytes(b"id: a\n", "a.yaml"), parse_bytes(b"id: b\n", "b.yaml")
    assert one.bad == frozenset() and one.bad is two.bad
    odd = parse_bytes(b'id: a\nname: "x\\x07"\n', "a.yaml")
    assert odd.bad == {"name"} and one.bad == frozenset()
