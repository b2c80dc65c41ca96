"""Only the view on screen runs, and a filter change sends the map only the visible points (AppTest)."""

import gc
import json
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import start

from assetmap.ui import mapview_tab, network, page

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def spies(monkeypatch):
    """Counts calls of the network graph builder, the gap table and the map payload builder."""
    calls = {"network": 0, "gaps": 0, "map_data": 0}

    def spy(module, name, counter):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[counter] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    from assetmap.ui import gaps

    spy(network, "network", "network")
    spy(gaps, "gap_table", "gaps")
    spy(mapview_tab, "map_data", "map_data")
    return calls


def map_element(at: AppTest):
    (element,) = [e for e in at.get("component_instance") if e.proto.component_name.endswith(mapview_tab.KEY)]
    return element


def map_args(at: AppTest) -> dict:
    """The map component's arguments as its frame reads them: the points come as JSON bytes (component.js)."""
    element = map_element(at)
    args = json.loads(element.proto.json_args)
    for special in element.proto.special_args:
        args[special.key] = json.loads(special.bytes)
    return args


def test_views_not_shown_are_not_computed(spies):
    at = start()
    assert map_args(at)["v"]
    assert spies["network"] == 0 and spies["gaps"] == 0
    at.multiselect(key="f_kinds").set_value(["project"]).run()
    assert spies["network"] == 0 and spies["gaps"] == 0
    at = start({"view": "network"})
    assert spies["network"] > 0
    assert not at.get("component_instance")  # and the map is not drawn under the network view
    assert at.query_params["view"] == ["network"] or at.query_params["view"] == "network"


def test_a_filter_change_sends_only_the_visible_points(spies):
    at = start()
    first = map_args(at)
    total = len(first["data"]["id"])
    assert total > 0 and first["show"] is None  # the full payload, everything shown
    built = spies["map_data"]
    assert built <= 1  # once per catalogue and language (and none if another test built it already)

    # the browser reports that it holds this version of the payload
    at.session_state[mapview_tab.KEY] = {"have": first["v"], "click": None, "seq": 1, "nonce": "n"}
    at.multiselect(key="f_kinds").set_value(["project"]).run()
    after = map_args(at)
    assert after["data"] is None  # not shipped again
    shown = after["show"]
    assert 0 < len(shown) < total
    assert {first["data"]["k"][i] for i in shown} == {1}  # projects only (kind index 1)
    assert spies["map_data"] == built  # and not rebuilt on the server either

    # a new browser (no `have`) gets the payload again
    at.session_state[mapview_tab.KEY] = None
    at.multiselect(key="f_kinds").set_value(["organisation"]).run()
    assert map_args(at)["data"]["id"] == first["data"]["id"]
    assert spies["map_data"] == built


def test_the_points_go_to_the_browser_as_bytes_encoded_once():
    """Streamlit would encode a dict argument again for every session: 20 ms of the server per visitor at
    10,000 records. The points go as bytes, encoded once per catalogue and language."""
    element = map_element(start())
    assert "data" not in json.loads(element.proto.json_args)
    (special,) = element.proto.special_args
    assert special.key == "data" and special.WhichOneof("value") == "bytes"
    cat = page.catalogue()
    assert mapview_tab.encoded(cat, "en") is mapview_tab.encoded(cat, "en")
    assert json.loads(special.bytes) == mapview_tab.points(cat, "en").payload


def test_the_map_gets_the_centre_and_distance_of_near_a_place():
    at = start({"near": "Ystradgynlais", "km": "15"})
    place = page.catalogue().gazetteer.lookup("Ystradgynlais")
    ring = {"lat": place.lat, "lon": place.lon, "km": 15.0}
    assert map_args(at)["near"] == {**ring, "label": "Within 15 km of Ystradgynlais"}
    welsh = start({"near": "Cardiff", "km": "5", "lang": "cy"})
    assert map_args(welsh)["near"]["label"] == "O fewn 5 km i Caerdydd"  # the place as Welsh readers call it
    assert map_args(start())["near"] is None
    assert map_args(start({"near": "Nowhereville"}))["near"] is None  # not a place: no circle (and no records)


def test_a_marker_click_opens_the_record_in_the_panel():
    at = start()
    args = map_args(at)
    rid = args["data"]["id"][0]
    at.session_state[mapview_tab.KEY] = {"have": args["v"], "click": rid, "seq": 2, "nonce": "n"}
    at.run()
    assert at.session_state["selected"] == rid
    assert map_args(at)["sel"] == 0 and map_args(at)["centre"] is False  # the map's own click: no jump
    assert at.query_params["id"] in (rid, [rid])


@pytest.fixture
def fresh_catalogue():
    """The app loads its catalogue anew (not from another test's cache); the collector sees everything after."""
    gc.unfreeze()
    page.cached_catalogue.clear()
    yield
    gc.unfreeze()


def test_the_collector_does_not_walk_the_catalogue_after_every_run(fresh_catalogue):
    """A full collection (Python's, or Streamlit's after every run where it is on) does not walk the catalogue:
    it is frozen out of it (gc.freeze). That walk cost 0.3 s at 10,000 records, with messages waiting behind it."""
    at = start()
    assert not at.exception
    cat = page.catalogue()  # the one the run loaded: shared through st.cache_resource
    assert len(cat.records) > 0
    assert gc.get_freeze_count() > 0
    walked = gc.get_objects()  # every generation but the frozen one
    assert not any(o is cat.records or o is cat.frame for o in walked)


def test_a_replaced_catalogue_is_freed(fresh_catalogue):
    """Reloading the data (the maintainers' button) lets the old catalogue go, though it was frozen."""
    start()
    old = weakref.ref(page.catalogue())
    page.cached_catalogue.clear()
    start()
    assert page.catalogue() is not old()
    assert old() is None


def test_the_server_does_not_collect_garbage_after_every_run():
    """With many visitors at once, Streamlit's full collection after each run walked every live session's
    objects: ~40% of the server's time with 25 arriving together (.streamlit/config.toml says why). A server
    started in the project reads that file from its working folder, as this process does."""
    show = "from streamlit import config; print(config.get_option('runner.postScriptGC'))"
    ran = subprocess.run([sys.executable, "-c", show], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ran.stdout.split() == ["False"], ran.stderr
