"""The app form's logic: YAML that round-trips through the loader, the same checks as the CLI, the GitHub link."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import REPO, TODAY

from assetmap.contrib.form import (
    MAX_URL_LENGTH,
    build_yaml,
    check_yaml,
    clean_text,
    github_new_file_url,
    parse_when,
    record_data,
    repository_url,
    to_yaml,
)
from assetmap.records.schema import KINDS, MODELS
from assetmap.records.shape import check_shape
from assetmap.records.yamlsafe import parse_bytes


def first_id(shipped, kind: str) -> str:
    return sorted(rid for rid, item in shipped.records.items() if item.kind == kind)[0]


def base_values(**extra) -> dict:
    values = {
        "name": "Tŷ Gwyrdd Community Garden",
        "summary": "A community garden run by its neighbours.\nEveryone grows food together.",
        "themes": ["community-development"],
        "sectors": ["third-sector"],
        "place": "Swansea",
        "postcode": "sa1 1aa",
        "areas_served": ["swansea"],
        "status": "active",
        "started": "2014",
        "links": "https://example.org/ty-gwyrdd\nhttps://example.org/ty-gwyrdd/news",
        "sources": [{"title": "Our own website", "url": "https://example.org/ty-gwyrdd/about", "date": "2026-01"}],
    }
    values.update(extra)
    return values


def kind_values(kind: str, shipped) -> dict:
    org = first_id(shipped, "organisations")
    return {
        "organisations": {},
        "projects": {"lead": org, "partners": [org]},
        "partnerships": {
            "members": sorted(r for r, i in shipped.records.items() if i.kind == "organisations")[:2],
            "purpose": "Working together on gardens.",
        },
        "skills": {"offered_by": [org], "format": ["training"]},
        "people": {
            "role": "Co-ordinator, Tŷ Gwyrdd",
            "organisation": org,
            "offers": ["mentoring"],
            "consent_basis": "self-submitted",
            "consent_note": "May ask to be removed.",
        },
    }[kind]


def roundtrip(kind: str, data: dict):
    """(model built from the data directly, model the loader reads back from the YAML)."""
    direct = MODELS[kind].model_validate(data)
    parsed = parse_bytes(to_yaml(kind, data, TODAY).encode("utf-8"), f"data/{kind}/{data['id']}.yaml")
    assert parsed.problems == []
    loaded, problems = check_shape(parsed, kind)
    assert problems == []
    return direct, loaded


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_roundtrips_and_passes_the_checks(kind, shipped):
    values = base_values(**kind_values(kind, shipped))
    data = record_data(kind, values, TODAY)
    direct, loaded = roundtrip(kind, data)
    assert loaded.model_dump() == direct.model_dump()
    path, text = build_yaml(kind, values, TODAY)
    assert path == f"data/{kind}/ty-gwyrdd-community-garden.yaml"
    problems = check_yaml(text, kind, path, shipped, today=TODAY)
    assert [p for p in problems if p.severity == "error"] == [], problems
    if kind == "people":
        assert "postcode" not in data["location"] and data["consent"]["date"] == TODAY
    else:
        assert data["location"]["postcode"] == "SA1 1AA"


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=120)
SPECIAL = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "~",
        "null",
        "2014",
        "1:30",
        "0x10",
        ".inf",
        "- a",
        "a: b",
        "#x",
        "'q'",
        '"q"',
        "&a",
        "*a",
        "!tag",
        "%x",
        "@x",
        "`x`",
        "a #b",
        "[a]",
        "{a}",
        "Tŷ Ŵyl",
        "|",
        ">",
        "a\nb",
        "a\n\n  b",
        "  lead",
        "x" * 150 + " y",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.one_of(TEXT, SPECIAL),
    summary=st.one_of(TEXT, SPECIAL),
    name_cy=st.one_of(st.none(), TEXT, SPECIAL),
    title=st.one_of(TEXT, SPECIAL),
    place=st.one_of(TEXT, SPECIAL),
)
def test_any_text_roundtrips_identically(name, summary, name_cy, title, place):
    values = base_values(
        name=name,
        summary=summary,
        name_cy=name_cy,
        place=place,
        id="any-text",
        sources=[{"title": title, "url": "https://example.org/?a=1&b=2#c"}],
    )
    data = record_data("projects", values, TODAY)
    if not (data["name"] and data["summary"] and data["sources"][0].get("title")):
        return  # empty after cleaning: the checks say 'must not be empty', nothing to round-trip
    if len(data["name"]) > 200 or len(data.get("location", {}).get("place", "")) > 100:
        return
    direct, loaded = roundtrip("projects", data)
    assert loaded.model_dump() == direct.model_dump()


def test_hidden_characters_are_dropped():
    assert clean_text("Barod\u202e\x07\u200b CIC\r\n") == "Barod CIC"
    data = record_data("organisations", base_values(name="A\u202eB", summary="x\ty\r\nz"), TODAY)
    assert data["name"] == "AB" and data["summary"] == "x y\nz"
    text = to_yaml("organisations", data, TODAY)
    assert "\\" not in text  # nothing escaped: what is in the file is what the loader checked


def test_parse_when():
    assert parse_when("2014") == 2014
    assert parse_when(" 2014-03-01 ") == dt.date(2014, 3, 1)
    assert parse_when("") is None and parse_when(None) is None
    assert parse_when("2014-02-30") == "2014-02-30"  # kept, so the checks say it is not a date
    assert parse_when("spring 2014") == "spring 2014"


def test_checks_are_the_cli_checks(shipped):
    org = first_id(shipped, "organisations")
    values = base_values(
        place="Abergavenie",
        links="http://example.org/",
        lead=org + "-nope",
        themes=["dementa"],
        started="2016",
        ended="2014",
    )
    path, text = build_yaml("projects", values, TODAY)
    codes = {p.code for p in check_yaml(text, "projects", path, shipped, today=TODAY)}
    assert {"unknown-place", "insecure-link", "unresolved-reference", "unknown-term", "date-order"} <= codes
    # like the CLI, a record of the wrong shape stops at the shape problems
    path, text = build_yaml("projects", base_values(sources=[], themes=[]), TODAY)
    problems = check_yaml(text, "projects", path, shipped, today=TODAY)
    assert {(p.field, p.code) for p in problems} == {("sources", "empty-value"), ("themes", "empty-value")}


def test_existing_id_and_lookalike_name(shipped):
    org = first_id(shipped, "organisations")
    existing = shipped.records[org].record
    path, text = build_yaml("organisations", base_values(name=existing.name, id=org), TODAY)
    problems = check_yaml(text, "organisations", path, shipped, today=TODAY)
    codes = {p.code: p for p in problems}
    assert "duplicate-id" in codes and codes["duplicate-id"].severity == "error"
    path, text = build_yaml("organisations", base_values(name=existing.name + "s", id="brand-new-id"), TODAY)
    dup = [p for p in check_yaml(text, "organisations", path, shipped, today=TODAY) if p.code == "possible-duplicate"]
    assert dup and dup[0].message == f"looks like '{org}' ({existing.name}) — is this the same?"


def test_unreadable_text_gives_problems_not_exceptions(shipped):
    assert {p.code for p in check_yaml("id: [", "projects", "data/projects/x.yaml", shipped)} == {"yaml-syntax"}
    assert {p.code for p in check_yaml("- a\n", "projects", "data/projects/x.yaml", shipped)} == {"not-a-mapping"}


@pytest.mark.parametrize(
    "text",
    [
        'id: x\nname: "Tom & Jerry # 1? yes"\nsummary: |\n  Line one\n  Line two ŵ ŷ\n',
        "a=b&c=d#frag?q=1 % + / \\ ' \" <script>\n\n\t end",
        "Cymraeg: Tŷ, Ŵyl, Llanelli — “dyfynodau” 🙂",
    ],
)
def test_prefilled_link_is_url_encoded(text):
    path = "data/projects/x y&z.yaml"
    url = github_new_file_url(REPO, path, text)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/coproduction-wales/assetmap/new/main")
    assert parts.fragment == "" and " " not in url and "\n" not in url
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query == {"filename": [path], "value": [text]}
    assert url.split("?", 1)[1].startswith("filename=data%2Fprojects%2Fx%20y%26z.yaml&value=")
    assert unquote(url.split("&value=", 1)[1]) == text


@given(text=st.text(max_size=300))
def test_prefilled_link_roundtrips_any_text(text):
    query = parse_qs(
        urlsplit(github_new_file_url(REPO + "/", "data/projects/a.yaml", text)).query, keep_blank_values=True
    )
    assert query["value"] == [text]


def test_repository_address_forms():
    assert github_new_file_url(REPO + ".git", "a", "b").startswith(REPO + "/new/main?")
    for bad in (
        "http://github.com/a/b",
        "https://gitlab.com/a/b",
        "https://github.com/a",
        "https://github.com/a/b/c",
        "javascript:alert(1)",
        "",
    ):
        with pytest.raises(ValueError):
            github_new_file_url(bad, "a", "b")


def test_repository_url_from_env_or_metadata(monkeypatch):
    monkeypatch.setenv("ASSETMAP_REPO", "https://github.com/someone/fork")
    assert repository_url() == "https://github.com/someone/fork"
    monkeypatch.delenv("ASSETMAP_REPO")
    assert repository_url() == REPO  # pyproject.toml [project.urls] Repository


def test_a_typical_record_fits_in_a_link(shipped):
    _path, text = build_yaml(
        "projects", base_values(summary="A sentence of about fifty characters, more or less. " * 8), TODAY
    )
    assert len(github_new_file_url(REPO, "data/projects/x.yaml", text)) < MAX_URL_LENGTH
