"""The offline gazetteer: committed data/gazetteer.csv + data/postcode_districts.csv, read by assetmap.geo.gazetteer."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from assetmap.geo.distance import haversine_km
from assetmap.geo.gazetteer import (
    OUTWARD_RE,
    POSTCODE_RE,
    Gazetteer,
    Place,
    normalise,
    outward_code,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCRIPT = ROOT / "scripts" / "build_gazetteer.py"
AREA_IDS = {
    "isle-of-anglesey",
    "gwynedd",
    "conwy",
    "denbighshire",
    "flintshire",
    "wrexham",
    "powys",
    "ceredigion",
    "pembrokeshire",
    "carmarthenshire",
    "swansea",
    "neath-port-talbot",
    "bridgend",
    "vale-of-glamorgan",
    "cardiff",
    "rhondda-cynon-taf",
    "merthyr-tydfil",
    "caerphilly",
    "blaenau-gwent",
    "torfaen",
    "monmouthshire",
    "newport",
}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(DATA)


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------------------------- principal areas
TOWNS = {
    "Ystradgynlais": "powys",
    "Abergavenny": "monmouthshire",
    "Chepstow": "monmouthshire",
    "Pontypridd": "rhondda-cynon-taf",
    "Llandudno": "conwy",
    "Wrexham": "wrexham",
    "Aberystwyth": "ceredigion",
    "Carmarthen": "carmarthenshire",
    "Haverfordwest": "pembrokeshire",
    "Merthyr Tydfil": "merthyr-tydfil",
    "Bridgend": "bridgend",
    "Barry": "vale-of-glamorgan",
    "Newport": "newport",
    "Cwmbran": "torfaen",
    "Ebbw Vale": "blaenau-gwent",
    "Caerphilly": "caerphilly",
    "Neath": "neath-port-talbot",
    "Port Talbot": "neath-port-talbot",
    "Holyhead": "isle-of-anglesey",
    "Bangor": "gwynedd",
    "Mold": "flintshire",
    "Rhyl": "denbighshire",
    "Ruthin": "denbighshire",
    "Newtown": "powys",
    "Brecon": "powys",
    "Llanelli": "carmarthenshire",
    "Swansea": "swansea",
    "Cardiff": "cardiff",
    "Aberdare": "rhondda-cynon-taf",
    "Treorchy": "rhondda-cynon-taf",
    # near area boundaries, fixed by hand-checked overrides or worth guarding
    "Coelbren": "powys",
    "Dwyran": "isle-of-anglesey",
    "Cilgerran": "pembrokeshire",
    "Cwmann": "carmarthenshire",
    "Llanwrtyd Wells": "powys",
    "Ogmore-by-Sea": "vale-of-glamorgan",
    "Newcastle Emlyn": "carmarthenshire",
    "Hay-on-Wye": "powys",
    "Knighton": "powys",
    "Monmouth": "monmouthshire",
    "Chirk": "wrexham",
    "Llangollen": "denbighshire",
    "Machynlleth": "powys",
    "Cardigan": "ceredigion",
    "Pontardawe": "neath-port-talbot",
}


@pytest.mark.parametrize("town,area", sorted(TOWNS.items()))
def test_town_in_right_principal_area(gaz, town, area):
    place = gaz.lookup(town)
    assert place is not None, town
    assert (place.area, place.country) == (area, "wales")


@pytest.mark.parametrize(
    "town",
    [
        "Chester",
        "Shrewsbury",
        "Oswestry",
        "Hereford",
        "Ludlow",
        "Bristol",
        "Gloucester",
        "Ross-on-Wye",
        "Leominster",
        "Ellesmere Port",
        "Liverpool",
        "Kington",
    ],
)
def test_english_border_towns(gaz, town):
    place = gaz.lookup(town)
    assert place is not None, town
    assert (place.country, place.area) == ("england", "")


# ---------------------------------------------------------------------------------------------- Welsh names
WELSH = {
    "Caerdydd": "Cardiff",
    "Abertawe": "Swansea",
    "Casnewydd": "Newport",
    "Y Trallwng": "Welshpool",
    "Aberhonddu": "Brecon",
    "Y Fenni": "Abergavenny",
    "Cas-gwent": "Chepstow",
    "Caerfyrddin": "Carmarthen",
    "Wrecsam": "Wrexham",
    "Hwlffordd": "Haverfordwest",
    "Pen-y-bont ar Ogwr": "Bridgend",
    "Merthyr Tudful": "Merthyr Tydfil",
    "Castell-nedd": "Neath",
    "Y Drenewydd": "Newtown",
    "Treorci": "Treorchy",
    "Tyddewi": "St Davids",
    "Yr Wyddgrug": "Mold",
    "Caergybi": "Holyhead",
    "Glynrhedynog": "Ferndale",
}


@pytest.mark.parametrize("cy,en", sorted(WELSH.items()))
def test_welsh_name_geocodes_near_english_place(gaz, cy, en):
    p_cy, p_en = gaz.lookup(cy), gaz.lookup(en)
    assert p_cy is not None and p_en is not None
    assert haversine_km(p_cy.lat, p_cy.lon, p_en.lat, p_en.lon) < 5.0
    assert p_cy.area == p_en.area


def test_welsh_name_is_carried(gaz):
    p = gaz.lookup("Abergavenny")
    assert p.name == "Abergavenny" and p.name_cy == "Y Fenni"
    assert gaz.display_name(p, "cy") == "Y Fenni (Abergavenny)"
    assert gaz.display_name(p, "en") == "Abergavenny"


# ---------------------------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    "a,b",
    [
        ("Llan Ffestiniog", "Llanffestiniog"),
        ("Llan-ffestiniog", "LLANFFESTINIOG"),
        ("YSTRADGYNLAIS", "Ystradgynlais"),
        ("Pen-y-bont ar Ogwr", "Penybont ar Ogwr"),
        ("St Davids", "St. David's"),
        ("St Davids", "Saint Davids"),
        ("Aberdâr", "Aberdar"),
        ("Pont-y-pŵl", "Pontypwl"),
        ("Ynys Môn", "ynys mon"),
        ("Llŷn", "Llyn"),
        ("Connah's Quay", "Connahs Quay"),
    ],
)
def test_normalise_equivalences(a, b):
    assert normalise(a) == normalise(b)


def test_normalise_shape():
    assert normalise("  Betws-y-Coed ") == "betwsycoed"
    assert normalise("Ŵ ŷ â ê î ô û") == "wyaeiou"
    assert normalise("Stow") == "stow"  # only the word "St" means Saint
    assert normalise("") == ""


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Llan Ffestiniog", "Llan Ffestiniog"),
        ("Llanffestiniog", "Llan Ffestiniog"),
        ("YSTRADGYNLAIS", "Ystradgynlais"),
        ("ystradgynlais", "Ystradgynlais"),
        ("Pen-y-bont ar Ogwr", "Bridgend"),
        ("Penybont ar Ogwr", "Bridgend"),
        ("St Davids", "St Davids"),
        ("St. David's", "St Davids"),
        ("Tyddewi", "St Davids"),
        ("llanfair-pwllgwyngyll", "Llanfairpwllgwyngyll"),
        ("Llanfair PG", "Llanfairpwllgwyngyll"),
        ("Blaenau-Ffestiniog", "Blaenau Ffestiniog"),
        ("Hay on Wye", "Hay-on-Wye"),
        ("the mumbles", "Mumbles"),
        ("Aberdâr", "Aberdare"),
        ("Aberdar", "Aberdare"),
    ],
)
def test_lookup_variants(gaz, query, expected):
    place = gaz.lookup(query)
    assert place is not None, query
    assert place.name == expected


@pytest.mark.parametrize("query", ["SA9", "sa9", "SA9 1JJ", "sa9 1jj", "SA91JJ", " sa9   1jj "])
def test_lookup_takes_postcodes_and_districts(gaz, query):
    """Every place box (Near a place, Find help, the form, --near) goes through lookup: SA9 was refused."""
    place = gaz.lookup(query)
    assert place is not None and place.kind == "postcode" and place.area == "powys", query
    assert place == gaz.postcode("SA9")


def test_lookup_unknown_postcode(gaz):
    assert gaz.lookup("ZZ9 9ZZ") is None and gaz.lookup("ZZ9") is None


def test_lookup_unknown(gaz):
    assert gaz.lookup("Atlantis") is None
    assert gaz.lookup("") is None
    assert gaz.lookup("   ") is None


def test_ambiguous_names_prefer_welsh_then_populous(gaz):
    assert gaz.lookup("Newport").area == "newport"  # the city, not Newport, Pembrokeshire, nor Newport, Shropshire
    assert gaz.lookup("Whitchurch").area == "cardiff"  # Welsh before Whitchurch, Shropshire
    assert gaz.lookup("Trefdraeth").area == "pembrokeshire"
    assert gaz.lookup("Newport (Pembrokeshire)").area == "pembrokeshire"
    assert gaz.lookup("Newport (Sir Benfro)").area == "pembrokeshire"
    assert gaz.lookup("Whitchurch (England)").country == "england"
    assert gaz.lookup("Y Fenni (Abergavenny)").name == "Abergavenny"


def test_principal_area_names_resolve(gaz):
    for name, area in [
        ("Pembrokeshire", "pembrokeshire"),
        ("Sir Benfro", "pembrokeshire"),
        ("Vale of Glamorgan", "vale-of-glamorgan"),
        ("Bro Morgannwg", "vale-of-glamorgan"),
        ("Rhondda Cynon Taff", "rhondda-cynon-taf"),
        ("Isle of Anglesey", "isle-of-anglesey"),
        ("Anglesey", "isle-of-anglesey"),
        ("Ynys Mon", "isle-of-anglesey"),
        ("Powys", "powys"),
        ("Sir Gâr", "carmarthenshire"),
        ("Blaenau Gwent", "blaenau-gwent"),
    ]:
        p = gaz.lookup(name)
        assert p is not None and p.area == area and p.kind == "area", name
    # a settlement beats the principal area of the same name
    assert gaz.lookup("Cardiff").kind == "place"
    assert gaz.lookup("Conwy").kind == "place"


def test_regions_resolve(gaz):
    assert gaz.lookup("Rhondda").area == "rhondda-cynon-taf"
    assert gaz.lookup("Cynon Valley").area == "rhondda-cynon-taf"
    assert gaz.lookup("Gower").area == "swansea"
    assert gaz.lookup("Gŵyr").area == "swansea"


# ---------------------------------------------------------------------------------------------- suggestions
@pytest.mark.parametrize(
    "typo,first,place",
    [
        ("Abergavenie", "Abergavenny", "Abergavenny"),
        ("Ystradgynlis", "Ystradgynlais", "Ystradgynlais"),
        ("Abertawee", "Abertawe (Swansea)", "Swansea"),
        ("Caerdyd", "Caerdydd (Cardiff)", "Cardiff"),
        ("Aberystwith", "Aberystwyth", "Aberystwyth"),
        ("Pontypridd", "Pontypridd", "Pontypridd"),
    ],
)
def test_suggest_puts_the_right_place_first(gaz, typo, first, place):
    got = gaz.suggest(typo)
    assert got and got[0] == first, got
    assert gaz.lookup(got[0]).name == place
    assert len(got) <= 3
    assert len(set(got)) == len(got)


def test_suggest_limits(gaz):
    assert len(gaz.suggest("Llan", limit=5)) <= 5
    assert gaz.suggest("Llanelli", limit=0) == []
    assert gaz.suggest("") == []
    assert gaz.suggest("qqqqqqqqqqqqqqqq") == []


def test_names_all_resolve_to_themselves(gaz):
    names = gaz.names()
    assert names == sorted(names, key=lambda s: (s.casefold(), s))
    assert len(names) == len(set(names)) > 900
    assert {"Abergavenny", "Y Fenni (Abergavenny)", "Chester", "Pembrokeshire"} <= set(names)
    for n in names:
        p = gaz.lookup(n)
        assert p is not None, n
        base = n.split(" (")[0]
        assert normalise(base) in {normalise(p.name), normalise(p.name_cy)}, (n, p)


# ---------------------------------------------------------------------------------------------- postcodes
@pytest.mark.parametrize(
    "pc,area",
    [
        ("CF10 5BF", "cardiff"),
        ("cf105bf", "cardiff"),
        (" cf10   5bf ", "cardiff"),
        ("LL30 1BB", "conwy"),
        ("SA31", "carmarthenshire"),
        ("sa31", "carmarthenshire"),
        ("NP7 5AA", "monmouthshire"),
        ("LD3 7AA", "powys"),
        ("SY23 1AA", "ceredigion"),
        ("CH5 1AA", "flintshire"),
        ("SA1 1AA", "swansea"),
        ("SA9 1AA", "powys"),
        ("CF37 1AA", "rhondda-cynon-taf"),
        ("NP44 1AA", "torfaen"),
        ("LL65 1AA", "isle-of-anglesey"),
    ],
)
def test_postcode_to_area(gaz, pc, area):
    p = gaz.postcode(pc)
    assert p is not None, pc
    assert (p.area, p.country, p.kind) == (area, "wales", "postcode")


def test_postcode_centroid_is_near_its_town(gaz):
    cf10, cardiff = gaz.postcode("CF10 5BF"), gaz.lookup("Cardiff")
    assert haversine_km(cf10.lat, cf10.lon, cardiff.lat, cardiff.lon) < 3
    ll30, llandudno = gaz.postcode("LL30 1BB"), gaz.lookup("Llandudno")
    assert haversine_km(ll30.lat, ll30.lon, llandudno.lat, llandudno.lon) < 1
    assert gaz.postcode("CF10").name == "Cardiff CF10"


def test_border_postcodes(gaz):
    assert gaz.postcode("CH1 1AA").country == "england"
    assert gaz.postcode("HR1 1AA").area == ""
    assert gaz.postcode("SY11 1AA").country == "england"


def test_bad_postcodes(gaz):
    for bad in ["", "CF", "CF10 5B", "12345", "CF10 5BFF", "ZZ99 9ZZ", "Cardiff"]:
        assert gaz.postcode(bad) is None, bad


def test_postcode_regexes():
    for good in ["CF10 5BF", "CF105BF", "SW1A 1AA", "M1 1AE", "B33 8TH", "LL30 1BB"]:
        assert POSTCODE_RE.match(good), good
    for bad in ["CF10", "CF10 5B", "cf10 5bf", "1CF 5BF"]:
        assert not POSTCODE_RE.match(bad), bad
    for good in ["CF10", "SA1", "LL30", "SW1A", "M1"]:
        assert OUTWARD_RE.match(good), good
    assert outward_code("cf10 5bf") == "CF10"
    assert outward_code("SA31") == "SA31"
    assert outward_code("nonsense") is None


# ---------------------------------------------------------------------------------------------- coordinates
def test_nearest_area(gaz):
    assert gaz.nearest_area(51.77, -3.77) == "powys"  # Ystradgynlais
    assert gaz.nearest_area(51.48, -3.18) == "cardiff"
    assert gaz.nearest_area(52.06, -2.71) == ""  # Hereford, England


# ---------------------------------------------------------------------------------------------- the data files
def test_gazetteer_csv_integrity():
    data = rows("gazetteer.csv")
    assert list(data[0]) == [
        "name",
        "name_cy",
        "alt_names",
        "lat",
        "lon",
        "area",
        "country",
        "population",
        "geonameid",
        "kind",
    ]
    ids = [r["geonameid"] for r in data if r["geonameid"]]
    assert len(ids) == len(set(ids))
    welsh = [r for r in data if r["country"] == "wales"]
    english = [r for r in data if r["country"] == "england"]
    assert len(welsh) > 500 and len(english) > 300
    assert all(r["area"] in AREA_IDS for r in welsh)
    assert all(r["area"] == "" for r in english)
    assert {r["area"] for r in data if r["kind"] == "area"} == AREA_IDS
    for r in data:
        lat, lon = float(r["lat"]), float(r["lon"])
        assert 51.0 < lat < 53.8 and -5.5 < lon < -1.9, r
        for alt in filter(None, r["alt_names"].split("|")):
            assert all(unicodedata.name(ch, "").startswith("LATIN") for ch in alt if ch.isalpha()), alt
    for area in AREA_IDS:  # every area has several places to geocode
        assert sum(1 for r in welsh if r["area"] == area and r["kind"] == "place") >= 5, area


def test_postcode_csv_integrity():
    data = rows("postcode_districts.csv")
    districts = [r["district"] for r in data]
    assert len(districts) == len(set(districts)) > 200
    for r in data:
        assert OUTWARD_RE.match(r["district"]), r
        assert (r["country"] == "wales") == (r["area"] in AREA_IDS), r
        assert r["area"] == "" or r["area"] in AREA_IDS
    for must in ["CF10", "SA1", "LL30", "NP7", "LD3", "SY23", "CH5", "SA31", "CF83", "LL77"]:
        assert must in districts
    covered = {r["area"] for r in data if r["area"]}
    assert covered == AREA_IDS


def test_load_is_read_once_per_data_folder():
    # how fast is a benchmark's business (benchmarks/bench_load.py), not a timed test's
    Gazetteer._cache.clear()
    first = Gazetteer.load(DATA)
    assert Gazetteer.load(DATA) is first
    assert isinstance(first.lookup("Cardiff"), Place)


def test_module_does_not_import_heavy_libraries():
    code = (
        "import sys; from pathlib import Path; from assetmap.geo.gazetteer import Gazetteer; "
        f"g = Gazetteer.load(Path({str(DATA)!r})); g.lookup('Cardiff'); g.postcode('CF10 5BF'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pandas', 'geopandas', 'folium', 'shapely', 'numpy', 'streamlit'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------- reproducibility
HAVE_REVERSE_GEOCODE = importlib.util.find_spec("reverse_geocode") is not None


@pytest.mark.parametrize(
    "mode",
    [
        pytest.param(
            "full",
            marks=pytest.mark.skipif(
                not HAVE_REVERSE_GEOCODE,
                reason="reverse_geocode (dev dependency of scripts/build_gazetteer.py) is not installed; "
                "the --areas-from variant still checks everything but the admin2 area assignment",
            ),
        ),
        "areas-from",
    ],
)
def test_build_script_reproduces_committed_files(tmp_path, mode):
    cmd = [sys.executable, str(SCRIPT), "--out", str(tmp_path), "-q"]
    if mode == "areas-from":
        cmd += ["--areas-from", str(DATA / "gazetteer.csv")]
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, text=True)
    for name in ("gazetteer.csv", "postcode_districts.csv", "areas.yaml"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"data/{name} differs from a fresh build: run `uv run python scripts/build_gazetteer.py`"
        )


EXTRA = """name,name_cy,alt_names,lat,lon,area,country,population,geonameid,kind
Trefeglwys,,,52.49710,-3.52940,powys,wales,0,,place
Llanfihangel-y-Creuddyn,Llanfihangel-y-Creuddyn,Llanfihangel y Creuddyn,52.37890,-3.94240,ceredigion,wales,0,,place
Newport Bay Hamlet,Pentref y Bae,,51.58000,-2.99000,newport,wales,0,,place
Brecon,,,51.00000,-3.00000,powys,wales,0,,place
"""


def test_places_extra_csv_adds_villages(tmp_path):
    for name in ("gazetteer.csv", "postcode_districts.csv"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    assert Gazetteer.load(tmp_path).lookup("Trefeglwys") is None
    (tmp_path / "places_extra.csv").write_text(EXTRA, encoding="utf-8")
    gaz = Gazetteer.load(tmp_path)  # a new file: not the cached gazetteer without villages
    assert gaz.lookup("trefeglwys").area == "powys"
    assert gaz.lookup("Llanfihangel y Creuddyn").area == "ceredigion"
    assert gaz.lookup("pentref-y-bae").name == "Newport Bay Hamlet"  # by its Welsh name, normalised
    assert gaz.suggest("Trefegwlys")[0] == "Trefeglwys"
    assert gaz.lookup("Brecon").lat == pytest.approx(51.94612)  # a town of the main file wins a shared name
    assert "Trefeglwys" in gaz.names()
