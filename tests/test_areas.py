"""data/areas.yaml and assetmap.geo.areas."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assetmap.geo.areas import Area, Areas, load_areas
from assetmap.geo.distance import haversine_km
from assetmap.geo.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
WALES_MD = ROOT.parent / "shared" / "reference" / "wales.md"

# shared/reference/wales.md, transcribed: code -> (en, cy, region, health board, partnership board)
EXPECTED = {
    "W06000001": ("Isle of Anglesey", "Ynys Môn", "North Wales", "Betsi Cadwaladr", "North Wales"),
    "W06000002": ("Gwynedd", "Gwynedd", "North Wales", "Betsi Cadwaladr", "North Wales"),
    "W06000003": ("Conwy", "Conwy", "North Wales", "Betsi Cadwaladr", "North Wales"),
    "W06000004": ("Denbighshire", "Sir Ddinbych", "North Wales", "Betsi Cadwaladr", "North Wales"),
    "W06000005": ("Flintshire", "Sir y Fflint", "North Wales", "Betsi Cadwaladr", "North Wales"),
    "W06000006": ("Wrexham", "Wrecsam", "North Wales", "Betsi Cadwaladr", "North Wales"),
    "W06000023": ("Powys", "Powys", "Mid Wales", "Powys Teaching", "Powys"),
    "W06000008": ("Ceredigion", "Ceredigion", "Mid Wales", "Hywel Dda", "West Wales"),
    "W06000009": ("Pembrokeshire", "Sir Benfro", "South West Wales", "Hywel Dda", "West Wales"),
    "W06000010": ("Carmarthenshire", "Sir Gaerfyrddin", "South West Wales", "Hywel Dda", "West Wales"),
    "W06000011": ("Swansea", "Abertawe", "South West Wales", "Swansea Bay", "West Glamorgan"),
    "W06000012": ("Neath Port Talbot", "Castell-nedd Port Talbot", "South West Wales", "Swansea Bay", "West Glamorgan"),
    "W06000013": ("Bridgend", "Pen-y-bont ar Ogwr", "South East Wales", "Cwm Taf Morgannwg", "Cwm Taf Morgannwg"),
    "W06000014": ("Vale of Glamorgan", "Bro Morgannwg", "South East Wales", "Cardiff and Vale", "Cardiff and Vale"),
    "W06000015": ("Cardiff", "Caerdydd", "South East Wales", "Cardiff and Vale", "Cardiff and Vale"),
    "W06000016": (
        "Rhondda Cynon Taf",
        "Rhondda Cynon Taf",
        "South East Wales",
        "Cwm Taf Morgannwg",
        "Cwm Taf Morgannwg",
    ),
    "W06000024": ("Merthyr Tydfil", "Merthyr Tudful", "South East Wales", "Cwm Taf Morgannwg", "Cwm Taf Morgannwg"),
    "W06000018": ("Caerphilly", "Caerffili", "South East Wales", "Aneurin Bevan", "Gwent"),
    "W06000019": ("Blaenau Gwent", "Blaenau Gwent", "South East Wales", "Aneurin Bevan", "Gwent"),
    "W06000020": ("Torfaen", "Tor-faen", "South East Wales", "Aneurin Bevan", "Gwent"),
    "W06000021": ("Monmouthshire", "Sir Fynwy", "South East Wales", "Aneurin Bevan", "Gwent"),
    "W06000022": ("Newport", "Casnewydd", "South East Wales", "Aneurin Bevan", "Gwent"),
}
SPEC_IDS = (
    "isle-of-anglesey gwynedd conwy denbighshire flintshire wrexham powys ceredigion pembrokeshire carmarthenshire "
    "swansea neath-port-talbot bridgend vale-of-glamorgan cardiff rhondda-cynon-taf merthyr-tydfil caerphilly "
    "blaenau-gwent torfaen monmouthshire newport"
).split()


@pytest.fixture(scope="module")
def areas() -> Areas:
    return load_areas(DATA)


def test_22_areas_with_spec_ids_in_order(areas):
    assert len(areas) == 22
    assert areas.ids() == SPEC_IDS
    assert all(isinstance(a, Area) for a in areas)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.id) for a in areas)


def test_codes_unique_and_match_reference(areas):
    codes = [a.code for a in areas]
    assert len(set(codes)) == 22
    assert set(codes) == set(EXPECTED)
    assert "W06000007" not in codes and "W06000017" not in codes
    for a in areas:
        en, cy, region, hb, rpb = EXPECTED[a.code]
        assert (a.en, a.cy) == (en, cy)
        assert areas.region_label(a.region) == region
        assert areas.health_board_label(a.health_board).startswith(hb)
        assert areas.partnership_board_label(a.partnership_board) == rpb


@pytest.mark.skipif(not WALES_MD.exists(), reason="shared/reference/wales.md not beside the repo")
def test_matches_wales_md_table(areas):
    table = {}
    for line in WALES_MD.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and re.fullmatch(r"W06\d{6}", cells[0]):
            table[cells[0]] = tuple(cells[1:6])
    assert table == EXPECTED
    by_code = {a.code: a for a in areas}
    for code, (en, cy, *_rest) in table.items():
        assert (by_code[code].en, by_code[code].cy) == (en, cy)


def test_label_lists(areas):
    assert areas.regions == {
        "north-wales": ("North Wales", "Gogledd Cymru"),
        "mid-wales": ("Mid Wales", "Canolbarth Cymru"),
        "south-west-wales": ("South West Wales", "De-orllewin Cymru"),
        "south-east-wales": ("South East Wales", "De-ddwyrain Cymru"),
    }
    assert len(areas.health_boards) == 7
    assert areas.health_boards["betsi-cadwaladr"][1] == "Bwrdd Iechyd Prifysgol Betsi Cadwaladr"
    assert areas.health_boards["powys-teaching"][1] == "Bwrdd Iechyd Addysgu Powys"
    assert areas.health_boards["cardiff-and-vale"][1] == "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro"
    assert len(areas.partnership_boards) == 7
    used = {a.health_board for a in areas}, {a.partnership_board for a in areas}, {a.region for a in areas}
    assert used == (set(areas.health_boards), set(areas.partnership_boards), set(areas.regions))


def test_labels(areas):
    assert areas.label("isle-of-anglesey") == "Isle of Anglesey"
    assert areas.label("isle-of-anglesey", "cy") == "Ynys Môn"
    assert areas.label("wales", "cy") == "Cymru"
    assert areas.label("wales") == "Wales"
    assert areas.label("nowhere") == "nowhere"
    assert areas.region_label("north-wales", "cy") == "Gogledd Cymru"
    assert areas.health_board_label("hywel-dda", "cy") == "Bwrdd Iechyd Prifysgol Hywel Dda"
    assert areas.partnership_board_label("gwent", "cy") == "Gwent"
    assert areas.in_region("mid-wales") == ["powys", "ceredigion"]
    assert "cardiff" in areas and "wales" not in areas


def test_representative_points_lie_in_their_area(areas):
    gaz = Gazetteer.load(DATA)
    for a in areas:
        assert 51.3 < a.lat < 53.5 and -5.3 < a.lon < -2.6, a
        assert gaz.nearest_area(a.lat, a.lon) == a.id, a.id
        # the gazetteer's area row sits at the same point
        p = gaz.lookup(a.en if gaz.lookup(a.en).kind == "area" else f"{a.en} County Borough")
        if p is not None and p.kind == "area":
            assert haversine_km(p.lat, p.lon, a.lat, a.lon) < 0.01


def test_load_is_cached_and_validates(tmp_path):
    assert load_areas(DATA) is load_areas(DATA)
    (tmp_path / "areas.yaml").write_text(
        "regions: [{id: r, en: R, cy: R}]\nhealth_boards: [{id: h, en: H, cy: H}]\n"
        "partnership_boards: [{id: p, en: P, cy: P}]\n"
        "areas:\n  - {id: x, code: W1, en: X, cy: X, region: nope, health_board: h, partnership_board: p,"
        " lat: 1, lon: 2}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown region"):
        load_areas(tmp_path)


def test_land_borders_are_symmetric_and_known():
    areas = load_areas(DATA).areas
    for area in areas.values():
        assert set(area.borders) <= set(areas) - {area.id}, area.id
        for other in area.borders:
            assert area.id in areas[other].borders, (area.id, other)
    assert len(areas["powys"].borders) == 11
    assert areas["isle-of-anglesey"].borders == ("gwynedd",)
