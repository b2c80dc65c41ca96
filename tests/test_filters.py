"""FilterSpec: filtering, the caption in words, and the URL round trip."""

from functools import partial

import geopandas as gpd
import pytest

from assetmap.catalogue import load_catalogue
from assetmap.filters import FilterSpec, distance_km
from assetmap.labels import Labels, place_name


@pytest.fixture(scope="module")
def cat():
    return load_catalogue("data")


def count(cat, **kw):
    return len(FilterSpec(**kw).apply(cat.frame, cat.areas, cat.gazetteer))


def test_each_filter_narrows(cat):
    total = len(cat.frame)
    for kw in (
        {"kinds": ("project",)},
        {"themes": ("dementia",)},
        {"sectors": ("nhs",)},
        {"work_streams": ("citizens-network",)},
        {"areas": ("powys",)},
        {"regions": ("north-wales",)},
        {"health_boards": ("cwm-taf-morgannwg",)},
        {"statuses": ("ended",)},
        {"q": "time bank"},
        {"near": "Merthyr Tydfil", "radius_km": 15},
    ):
        n = count(cat, **kw)
        assert 0 < n < total, kw


def test_theme_filter_matches_an_independent_count(cat):
    expected = sum("dementia" in themes for themes in cat.frame["themes"])
    assert count(cat, themes=("dementia",)) == expected


def test_filters_combine_with_and(cat):
    projects = count(cat, kinds=("project",))
    powys = count(cat, areas=("powys",))
    both = count(cat, kinds=("project",), areas=("powys",))
    assert both <= min(projects, powys)


def test_region_is_the_union_of_its_areas(cat):
    north = ("isle-of-anglesey", "gwynedd", "conwy", "denbighshire", "flintshire", "wrexham")
    assert count(cat, regions=("north-wales",)) == count(cat, areas=north)


def test_search_ignores_case_and_accents(cat):
    assert count(cat, q="TIME BANK") == count(cat, q="time bank")


def test_near_uses_kilometres(cat):
    merthyr = cat.gazetteer.lookup("Merthyr Tydfil")
    d = distance_km(cat.frame, merthyr.lat, merthyr.lon)
    assert count(cat, near="Merthyr Tydfil", radius_km=20) == int((d <= 20).sum())
    cardiff = cat.gazetteer.lookup("Cardiff")
    point = gpd.GeoDataFrame(geometry=gpd.points_from_xy([cardiff.lon], [cardiff.lat]), crs="EPSG:4326")
    assert 30 < distance_km(point, merthyr.lat, merthyr.lon)[0] < 38  # Cardiff-Merthyr ~34 km great circle
    assert count(cat, near="Nowhere-on-earth") == 0


def test_params_round_trip():
    spec = FilterSpec(
        q="carers",
        kinds=("project", "skill"),
        themes=("dementia",),
        areas=("powys",),
        regions=("mid-wales",),
        statuses=("active",),
        near="Brecon",
        radius_km=25,
    )
    params = spec.to_params()
    assert params["theme"] == ["dementia"] and params["km"] == "25"
    assert FilterSpec.from_params(params) == spec


def test_hostile_params_are_dropped_not_errors():
    spec = FilterSpec.from_params({"km": ["nan"], "theme": ["x" * 500], "kind": 5, "q": ["a" * 1000]})
    assert spec.radius_km == 10 and len(spec.themes[0]) == 100 and len(spec.q) == 200 and spec.kinds == ()


def test_describe_in_words(cat):
    spec = FilterSpec(kinds=("project",), themes=("dementia",), areas=("powys",))
    en = Labels(cat.vocab, cat.areas, "en")
    assert spec.describe(en.t, en) == "projects about Dementia in Powys"
    cy = Labels(cat.vocab, cat.areas, "cy")
    assert spec.describe(cy.t, cy).startswith("prosiectau am ")
    assert FilterSpec().describe(en.t, en) == ""


def test_describe_names_the_near_place_in_the_page_language(cat):
    cy = Labels(cat.vocab, cat.areas, "cy")
    said = FilterSpec(near="Cardiff").describe(cy.t, cy, partial(place_name, cat.gazetteer, lang="cy"))
    assert "Caerdydd" in said and "Cardiff" not in said


def test_radius_from_the_url_is_clamped_to_the_slider():
    assert FilterSpec.from_params({"near": ["Brecon"], "km": ["0.5"]}).radius_km == 1.0
    assert FilterSpec.from_params({"near": ["Brecon"], "km": ["5000"]}).radius_km == 100.0


def test_every_list_filter_is_one_row_of_the_table(cat):
    from assetmap.filters import LIST_FILTERS, LIST_PARAMS

    assert LIST_PARAMS == {f.param: f.attr for f in LIST_FILTERS}
    for f in LIST_FILTERS:
        choices = list(f.options(cat))
        assert choices, f.param
        spec = FilterSpec(**{f.attr: (choices[0],)})
        assert FilterSpec.from_params(spec.to_params()) == spec  # URL round trip
        en = Labels(cat.vocab, cat.areas, "en")
        assert en(f.group, choices[0]) in spec.describe(en.t, en) or f.words is None  # the caption names it
        assert count(cat, **{f.attr: (choices[0],)}) <= len(cat.frame)


def test_confirmed_since_keeps_records_dated_from_that_year(cat):
    years = cat.frame["as_of"].str.slice(0, 4)
    assert count(cat, since=2017) == int((years >= "2017").sum()) > 0
    assert count(cat, since=2016) > count(cat, since=2017)
    spec = FilterSpec(since=2017)
    assert spec.to_params() == {"since": "2017"} and FilterSpec.from_params({"since": ["2017"]}) == spec
    assert FilterSpec.from_params({"since": ["20x7"]}).since is None
    assert FilterSpec.from_params({"since": ["99999"]}).since is None
    en = Labels(cat.vocab, cat.areas, "en")
    assert spec.describe(en.t, en) == "records with a source or confirmation from 2017 on"


def test_shipped_records_are_not_shown_as_active_without_a_recent_source(cat):
    # issue 11: nothing from the 2013-2017 newsletters may look current today
    assert not cat.frame.loc[~cat.frame["current"], "status"].isin(["active", "planned", "prospective"]).any()


def test_near_a_postcode_or_district(cat):
    """The sidebar's "Near a place" takes SA9 and 'sa9 1jj' (it refused them): the district's centre."""
    sa9 = cat.gazetteer.postcode("SA9")
    d = distance_km(cat.frame, sa9.lat, sa9.lon)
    expected = int((d <= 40).sum())
    assert expected > 0
    for near in ("SA9", "sa9 1jj", "SA91JJ"):
        assert count(cat, near=near, radius_km=40) == expected, near


def test_search_finds_records_by_their_themes_and_area_in_either_language(cat):
    """A Welsh reader types Welsh words: "gofalwyr" finds the records about carers, "Abertawe" those in Swansea,
    though their summaries are in English."""
    frame = cat.frame

    def found(q):
        return set(FilterSpec(q=q).apply(frame, cat.areas, cat.gazetteer).index)

    carers = {rid for rid, themes in zip(frame.index, frame["themes"]) if "carers" in themes}
    swansea = set(frame.index[frame["area"] == "swansea"])
    assert carers and carers <= found("gofalwyr") and carers <= found("Carers")
    assert swansea and swansea <= found("Abertawe") and swansea <= found("swansea")
    assert found("gofalwyr abertawe") == found("gofalwyr") & found("abertawe")  # every word must match
