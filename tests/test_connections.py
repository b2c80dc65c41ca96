"""Connections: the partnership network, suggestions (scoring, reasons, exclusions), the skills finder,
the gap table, neighbouring areas, DOT safety and the CLI commands — on a small hand-made data folder."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import yaml

from assetmap.catalogue import load_catalogue
from assetmap.geo.distance import haversine_km
from assetmap.insights.find_help import find_help
from assetmap.insights.gaps import gap_csv, gap_spec, gap_table, zero_cells
from assetmap.insights.index import neighbouring_areas
from assetmap.insights.network import clusters, focus, isolated, linked, network, to_dot
from assetmap.insights.suggest import WEIGHTS, suggest

ROOT = Path(__file__).parent.parent
SUPPORT = ("vocab", "areas.yaml", "gazetteer.csv", "postcode_districts.csv")
# a source of this month, so that "active" in these records is current whenever the tests run
SOURCE = [{"title": "Test newsletter", "url": "https://example.org/news", "date": dt.date.today().strftime("%Y-%m")}]


def write(data: Path, kind: str, rid: str, **fields) -> Path:
    rec = {
        "id": rid,
        "name": fields.pop("name", rid.replace("-", " ").title()),
        "summary": fields.pop("summary", "A record made for the connections tests. It does one thing well."),
        "themes": fields.pop("themes"),
        "status": fields.pop("status", "active"),
        "sources": SOURCE,
        **fields,
    }
    path = data / kind / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(rec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def support(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SUPPORT:
        src = ROOT / "data" / name
        if src.is_dir():
            shutil.copytree(src, target / name, dirs_exist_ok=True)
        elif src.exists():
            shutil.copy(src, target / name)
    return target


def make_small_data(target: Path) -> Path:
    """Powys-centred records whose links, themes, areas and distances the tests below rely on."""
    d = support(target)
    o = "organisations"
    write(
        d,
        o,
        "alpha-carers",
        name="Alpha Carers",
        themes=["dementia", "carers"],
        location={"place": "Newtown"},
        areas_served=["powys"],
        needs=["evaluation"],
    )
    write(
        d,
        o,
        "beta-dementia",
        name="Beta Dementia Cafe",
        themes=["dementia"],
        location={"place": "Brecon"},
        areas_served=["powys"],
    )
    write(
        d,
        o,
        "gamma-housing",
        name="Gamma Housing",
        themes=["housing"],
        location={"lat": 53.31, "lon": -4.63},
        areas_served=["isle-of-anglesey"],
    )
    write(
        d,
        o,
        "delta-partner",
        name="Delta Partner",
        themes=["dementia"],
        location={"place": "Welshpool"},
        areas_served=["powys"],
    )
    write(
        d,
        o,
        "eps-co-partner",
        name="Eps Co-partner",
        themes=["carers"],
        location={"place": "Llanidloes"},
        areas_served=["powys"],
    )
    write(
        d,
        o,
        "zeta-ceredigion",
        name="Zeta Ceredigion",
        themes=["carers"],
        location={"place": "Aberystwyth"},
        areas_served=["ceredigion"],
    )
    write(
        d, o, "credu-eval", name="Credu", themes=["evaluation"], location={"place": "Cardiff"}, areas_served=["cardiff"]
    )
    write(
        d,
        o,
        "ended-dementia",
        name="Ended Dementia Group",
        themes=["dementia"],
        status="ended",
        location={"place": "Brecon"},
        areas_served=["powys"],
    )
    write(d, o, "wales-wide-org", name="Wales Wide Org", themes=["dementia"], areas_served=["wales"])
    write(
        d,
        "partnerships",
        "alpha-delta",
        name="Alpha Delta Partnership",
        themes=["dementia"],
        members=["alpha-carers", "delta-partner"],
        purpose="Dementia cafes together.",
        areas_served=["powys"],
    )
    write(
        d,
        "projects",
        "alpha-project",
        name="Alpha Project",
        themes=["carers"],
        lead="alpha-carers",
        partners=["eps-co-partner"],
        areas_served=["powys"],
    )
    write(
        d,
        "skills",
        "carer-led-evaluation",
        name="carer-led evaluation",
        themes=["evaluation"],
        offered_by=["credu-eval"],
        format=["training"],
        areas_served=["cardiff"],
    )
    write(
        d,
        "skills",
        "welshpool-peer-visits",
        name="Welshpool peer visits",
        themes=["dementia"],
        offered_by=["delta-partner"],
        format=["peer-visit"],
        areas_served=["powys"],
    )
    write(
        d,
        "skills",
        "brecon-mentoring",
        name="Brecon mentoring",
        themes=["dementia"],
        offered_by=["beta-dementia"],
        format=["mentoring"],
        areas_served=["powys"],
    )
    write(
        d,
        "skills",
        "all-wales-dementia-resource",
        name="All-Wales dementia resource",
        themes=["dementia"],
        offered_by=["wales-wide-org"],
        format=["resource"],
        areas_served=["wales"],
    )
    write(
        d,
        "people",
        "pat-person",
        name="Pat Person",
        themes=["dementia"],
        role="Co-ordinator",
        organisation="eps-co-partner",
        offers=["mentoring"],
        location={"place": "Llanidloes"},
        areas_served=["powys"],
        consent={"basis": "self-submitted", "date": "2026-01-01", "note": "Added by Pat; ask to be removed."},
    )
    return d


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return make_small_data(tmp_path_factory.mktemp("conn") / "data")


@pytest.fixture(scope="module")
def cat(data):
    c = load_catalogue(data)
    assert not c.result.errors, [str(p) for p in c.result.errors]
    assert len(c.frame) == len(c.records) == 16
    return c


def by_id(found):
    return {s.id: s for s in found}


# --- suggestions ---------------------------------------------------------------------------------------------


def test_shared_theme_and_area_gives_a_suggestion_with_that_reason(cat):
    found = by_id(suggest(cat, "alpha-carers"))
    beta = found["beta-dementia"]
    assert beta.reasons == ["both work on dementia in Powys"]
    assert beta.score == WEIGHTS["theme"] + WEIGHTS["same_area"]


def test_unrelated_pair_gets_no_suggestion(cat):
    assert "gamma-housing" not in by_id(suggest(cat, "alpha-carers", limit=100))
    # nothing else works on housing: being somewhere is not a reason on its own
    assert suggest(cat, "gamma-housing", limit=100) == []


def test_already_linked_records_are_not_suggested(cat):
    found = by_id(suggest(cat, "alpha-carers", limit=100))
    assert "delta-partner" not in found  # members of the same partnership
    assert "eps-co-partner" not in found  # lead and partner of the same project
    assert "alpha-project" not in found  # led by it (direct edge)
    assert "alpha-carers" not in found
    assert "ended-dementia" not in found  # ended records are not prospective partners
    assert linked(cat, "alpha-carers") >= {"alpha-delta", "delta-partner", "alpha-project", "eps-co-partner"}


def test_a_skill_meeting_a_need_is_a_reason(cat):
    credu = by_id(suggest(cat, "alpha-carers"))["credu-eval"]
    assert credu.reasons == ["Credu offers carer-led evaluation — Alpha Carers is looking for help with evaluation"]
    assert credu.score == WEIGHTS["need"]
    # and the other way round: Credu is told who needs what it offers
    alpha = by_id(suggest(cat, "credu-eval"))["alpha-carers"]
    assert any("Credu offers carer-led evaluation — Alpha Carers is looking for help" in r for r in alpha.reasons)


def test_neighbouring_area_and_all_wales_reasons_and_ranking(cat):
    found = suggest(cat, "alpha-carers", limit=100)
    ids = [s.id for s in found]
    reasons = by_id(found)
    assert reasons["zeta-ceredigion"].reasons == ["both work on carers, in neighbouring areas (Powys and Ceredigion)"]
    assert reasons["wales-wide-org"].reasons == ["both work on dementia; Wales Wide Org works across Wales"]
    # additive score, highest first: same area (5) > need (4) > neighbouring (3.5) > all Wales (2.5)
    assert ids == ["beta-dementia", "credu-eval", "zeta-ceredigion", "wales-wide-org"]
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert [s.id for s in suggest(cat, "alpha-carers", limit=2)] == ids[:2]


def test_reasons_in_welsh(cat):
    beta = by_id(suggest(cat, "alpha-carers", lang="cy"))["beta-dementia"]
    assert beta.reasons == ["mae'r ddau'n gweithio ym maes dementia yn ardal Powys"]


def test_suggest_among_and_unknown(cat):
    assert [s.id for s in suggest(cat, "alpha-carers", among=["credu-eval"])] == ["credu-eval"]
    assert suggest(cat, "no-such-record") == []


def test_neighbouring_areas_definition(cat):
    nb = neighbouring_areas(cat.areas)
    assert "vale-of-glamorgan" in nb["cardiff"] and "cardiff" in nb["vale-of-glamorgan"]  # same region
    assert "ceredigion" in nb["powys"]  # same region (Mid Wales)
    assert "monmouthshire" in nb["powys"] and "wrexham" in nb["powys"]  # land borders across regions
    assert "cardiff" not in nb["isle-of-anglesey"] and "powys" not in nb["powys"]
    # representative points within 40 km count across a region boundary
    npt, cardiff = cat.areas.areas["neath-port-talbot"], cat.areas.areas["cardiff"]
    assert npt.region != cardiff.region and haversine_km(npt.lat, npt.lon, cardiff.lat, cardiff.lon) <= 45
    assert neighbouring_areas(cat.areas, km=0)["neath-port-talbot"] < nb["neath-port-talbot"]
    for a, others in nb.items():
        assert all(a in nb[b] for b in others)  # symmetric


# --- the network ---------------------------------------------------------------------------------------------


def test_network_nodes_edges_clusters_isolated(cat):
    g = network(cat)
    assert {"alpha-carers", "alpha-delta", "alpha-project", "pat-person"} <= set(g)
    assert not any(g.nodes[n]["kind"] == "skill" for n in g)
    assert g.edges["alpha-carers", "alpha-delta"]["relation"] == "members"
    assert g.edges["alpha-project", "alpha-carers"]["relation"] == "lead"
    assert g.edges["pat-person", "eps-co-partner"]["relation"] == "organisation"
    groups = clusters(g)
    assert groups[0] == sorted(
        ["alpha-carers", "alpha-delta", "alpha-project", "delta-partner", "eps-co-partner", "pat-person"]
    )
    assert {"gamma-housing", "zeta-ceredigion", "credu-eval"} <= set(isolated(g))


def test_network_restricted_to_filtered_ids(cat):
    g = network(cat, ["alpha-carers", "alpha-delta", "gamma-housing", "not-a-record"])
    assert set(g) == {"alpha-carers", "alpha-delta", "gamma-housing"}
    assert g.number_of_edges() == 1
    assert isolated(g) == ["gamma-housing"]


def test_focus_starts_at_centre_and_keeps_to_limit():
    g = nx.star_graph(10)
    assert focus(g, list(g), centre=3, limit=4)[:2] == [3, 0]
    assert len(focus(g, list(g), centre=3, limit=4)) == 4
    assert focus(g, list(g), limit=100)[0] == 0  # best connected when no centre given
    assert sorted(focus(g, list(g), limit=100)) == list(range(11))


def test_dot_is_escaped():
    g = nx.Graph()
    g.add_node("a", kind="organisation", name='Evil "quoted" \\N name <b>x</b>\n];')
    g.add_node("b", kind="project", name="Plain")
    g.add_edge("a", "b", relation="partners")
    dot = to_dot(g, ["a", "b"], href=lambda rid: f"?id={rid}")
    assert '\\"quoted\\"' in dot and "\\\\N" in dot  # quotes and backslashes escaped, no escape sequences
    assert "\n];" not in dot.split("label=", 1)[1].split("tooltip", 1)[0]
    for line in dot.splitlines()[1:-1]:
        # every attribute value is closed on its own line: an odd number of unescaped quotes would break out
        assert line.replace('\\"', "").count('"') % 2 == 0, line
    assert "style=dashed" in dot and 'URL="?id=a"' in dot


# --- the skills finder -------------------------------------------------------------------------------------


def test_find_help_nearest_first_with_distances(cat):
    offers = find_help(cat, themes=["dementia"], near="Newtown", radius_km=30, include_wales=False)
    ids = [(o.what, o.provider) for o in offers]
    # Llanidloes is about 18 km from Newtown, Welshpool about 20
    assert ids[:2] == [("pat-person", "pat-person"), ("welshpool-peer-visits", "delta-partner")]
    newtown, welshpool = cat.gazetteer.lookup("Newtown"), cat.gazetteer.lookup("Welshpool")
    assert offers[1].distance_km == pytest.approx(
        haversine_km(newtown.lat, newtown.lon, welshpool.lat, welshpool.lon), abs=0.1
    )
    assert [o.distance_km for o in offers] == sorted(o.distance_km for o in offers)
    assert offers[1].formats == ("peer-visit",) and offers[0].formats == ("mentoring",)
    assert offers[0].what_kind == "person" and offers[0].provider_kind == "person"
    # Brecon is over 30 km away: serving Powys, where Newtown is, does not stretch the radius asked for
    assert ("brecon-mentoring", "beta-dementia") not in ids and all(o.distance_km <= 30 for o in offers)


def test_find_help_radius(cat):
    aber = cat.gazetteer.lookup("Aberystwyth")
    llanidloes = cat.gazetteer.lookup("Llanidloes")
    d = haversine_km(aber.lat, aber.lon, llanidloes.lat, llanidloes.lon)
    near = find_help(cat, themes=["dementia"], near="Aberystwyth", radius_km=d + 1, include_wales=False)
    assert [o.what for o in near] == ["pat-person"]
    assert find_help(cat, themes=["dementia"], near="Aberystwyth", radius_km=d - 1, include_wales=False) == []
    assert all(
        o.distance_km <= 200
        for o in find_help(cat, themes=["dementia"], near="Aberystwyth", radius_km=200, include_wales=False)
    )


def test_find_help_all_wales_offers_come_last(cat):
    offers = find_help(cat, themes=["dementia"], near="Newtown", radius_km=30)
    assert offers[-1].what == "all-wales-dementia-resource" and offers[-1].wales
    assert offers[-1].distance_km is None  # placed only "in the middle of Wales": no real distance


def test_find_help_by_area_format_and_words(cat):
    in_cardiff = find_help(cat, area="cardiff", include_wales=False)
    assert [(o.what, o.provider) for o in in_cardiff] == [("carer-led-evaluation", "credu-eval")]
    assert {o.what for o in find_help(cat, formats=["mentoring"])} == {"brecon-mentoring", "pat-person"}
    assert [o.what for o in find_help(cat, q="WELSHPOOL peer")] == ["welshpool-peer-visits"]
    with pytest.raises(LookupError):
        find_help(cat, near="Nowhere-on-sea")


# --- gaps ------------------------------------------------------------------------------------------------------


def test_gap_table_counts_and_zeros(cat):
    table = gap_table(cat)
    assert list(table.columns) == [*cat.areas.areas, "wales"]
    assert list(table.index) == list(cat.vocab.terms["themes"])
    # active organisations, partnership and skills on dementia in Powys (not the ended one, not the person)
    assert table.at["dementia", "powys"] == 6
    assert table.at["dementia", "wales"] == 2  # counted in its own column only...
    assert table.at["dementia", "cardiff"] == 0  # ...not smeared over the areas
    assert table.at["housing", "isle-of-anglesey"] == 1
    assert (table.loc["housing"].drop("isle-of-anglesey") == 0).all()
    assert (table.loc["food"] == 0).all()  # nothing anywhere
    assert zero_cells(table) == int((table.drop(columns="wales") == 0).sum().sum())
    skills_only = gap_table(cat, kinds=("skill",), themes=["dementia"])
    assert list(skills_only.index) == ["dementia"] and skills_only.at["dementia", "powys"] == 2


def test_gap_csv(cat):
    from assetmap.labels import Labels

    table = gap_table(cat, themes=["dementia", "housing"])
    rows = list(csv.reader(io.StringIO(gap_csv(table, Labels(cat.vocab, cat.areas, "cy")))))
    assert rows[0][:3] == ["theme", "theme_name", "isle-of-anglesey"] and rows[0][-1] == "wales"
    assert rows[1][0] == "dementia" and rows[2][1] == "Tai"
    assert len(rows) == 3


def test_gap_spec_drops_places_and_statuses():
    from assetmap.filters import FilterSpec

    spec = FilterSpec(themes=("dementia",), areas=("powys",), near="Newtown", statuses=("ended",))
    assert gap_spec(spec) == FilterSpec(themes=("dementia",))


# --- CLI -------------------------------------------------------------------------------------------------------


def run(*args):
    env = {k: v for k, v in os.environ.items() if k != "ASSETMAP_DATA"}
    return subprocess.run(
        [sys.executable, "-m", "assetmap.cli", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_cli_suggest(data):
    r = run("suggest", "alpha-carers", "--data", str(data), "--limit", "2")
    assert r.returncode == 0, r.stderr
    assert "Beta Dementia Cafe (beta-dementia)" in r.stdout and "both work on dementia in Powys" in r.stdout
    assert "Zeta" not in r.stdout
    r = run("suggest", "alpha-carer", "--data", str(data))
    assert r.returncode == 2 and "did you mean 'alpha-carers'" in r.stderr


def test_cli_gaps(data, tmp_path):
    out = tmp_path / "gaps.csv"
    r = run("gaps", "--data", str(data), "--theme", "dementia", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["theme"] == "dementia" and rows[0]["powys"] == "6" and rows[0]["cardiff"] == "0"
    r = run("gaps", "--data", str(data), "--theme", "dementa")
    assert r.returncode == 2 and "did you mean 'dementia'" in r.stderr


def test_cli_find_help_and_network(data):
    r = run("find-help", "--data", str(data), "--theme", "dementia", "--near", "Newtown", "--km", "30")
    assert r.returncode == 0, r.stderr
    first, second = r.stdout.splitlines()[:2]
    assert first.split()[1] == "km" and "Pat Person, Co-ordinator" in first and "Welshpool peer visits" in second
    assert run("find-help", "--data", str(data), "--near", "Nowhere-on-sea").returncode == 2
    # a postcode district, or a full postcode in any case and spacing, is a place (Brecon is 33 km from SA9)
    for near in ("SA9", "sa9 1jj", "SA91JJ"):
        r = run("find-help", "--data", str(data), "--theme", "dementia", "--near", near, "--km", "35", "--local-only")
        assert r.returncode == 0, r.stderr
        assert "Brecon mentoring" in r.stdout and "33." in r.stdout.split()[0], r.stdout
        r = run("find-help", "--data", str(data), "--theme", "dementia", "--near", near, "--km", "30", "--local-only")
        assert r.returncode == 0 and "Brecon" not in r.stdout, r.stdout
    r = run("network", "--data", str(data))
    assert r.returncode == 0 and "1 connected groups" in r.stdout
