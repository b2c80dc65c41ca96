"""The "Add your project" tab: a form -> a checked YAML record to download or propose on GitHub.

The logic (building the YAML, the checks, the GitHub link) is in assetmap.contrib.form; this module only lays out
widgets. It never writes into data/: a record joins the map through a pull request a maintainer reviews.
Widget keys start with `add_` (tests find the widgets by them).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assetmap.contrib.fields import CONSENT_BASES, KIND_ORDER, NAME_LIMIT
from assetmap.contrib.form import (
    MAX_URL_LENGTH,
    Checked,
    build_yaml,
    check_entry,
    github_new_file_url,
    repository_url,
)
from assetmap.contrib.issue_form import issue_url
from assetmap.records.problems import field_label
from assetmap.records.problems import render as render_problem
from assetmap.records.schema import SINGULAR
from assetmap.ui.about import contact_text
from assetmap.ui.common import View, md


def _ids_of(view: View, *kinds: str) -> list[str]:
    ids = [rid for rid, item in view.cat.records.items() if item.kind in kinds]
    return sorted(ids, key=lambda rid: view.name(rid).casefold())


def _pick_many(view: View, label: str, key: str, group: str, options, help_: str | None = None) -> list[str]:
    return st.multiselect(
        label,
        list(options),
        format_func=lambda i: view.labels(group, i),
        key=key,
        help=help_,
        placeholder=view.t("add.choose"),
        select_all=False,
    )


def _pick_records(view: View, label: str, key: str, kinds: tuple[str, ...], help_: str | None = None) -> list[str]:
    return st.multiselect(
        label,
        _ids_of(view, *kinds),
        format_func=view.name,
        key=key,
        help=help_,
        placeholder=view.t("add.choose"),
        select_all=False,
    )


def _kind_fields(view: View, kind: str) -> dict:
    t = view.t
    values: dict = {}
    if kind == "projects":
        orgs = _ids_of(view, "organisations")
        values["lead"] = st.selectbox(
            t("add.lead"),
            orgs,
            index=None,
            format_func=view.name,
            key="add_lead",
            help=t("add.lead_help"),
            placeholder=t("add.choose"),
        )
        values["partners"] = _pick_records(view, t("add.partners"), "add_partners", ("organisations",))
    elif kind == "partnerships":
        values["members"] = _pick_records(
            view, t("add.members"), "add_members", ("organisations",), t("add.members_help")
        )
        values["purpose"] = st.text_area(
            t("add.purpose"), key="add_purpose", max_chars=1000, help=t("add.purpose_help")
        )
        values["projects"] = _pick_records(view, t("add.projects"), "add_projects", ("projects",))
    elif kind == "skills":
        values["offered_by"] = _pick_records(
            view, t("add.offered_by"), "add_offered_by", ("organisations", "people"), t("add.offered_by_help")
        )
        values["format"] = _pick_many(view, t("add.format"), "add_format", "formats", view.cat.vocab.terms["formats"])
    elif kind == "people":
        st.info(t("add.people_privacy"))
        values["role"] = st.text_input(t("add.role"), key="add_role", max_chars=200, help=t("add.role_help"))
        values["organisation"] = st.selectbox(
            t("add.organisation"),
            _ids_of(view, "organisations"),
            index=None,
            format_func=view.name,
            key="add_organisation",
            placeholder=t("add.choose"),
        )
        values["offers"] = _pick_many(view, t("add.offers"), "add_offers", "formats", view.cat.vocab.terms["formats"])
        values["consent_basis"] = st.selectbox(
            t("add.consent_basis"),
            CONSENT_BASES,
            key="add_consent_basis",
            format_func=lambda b: t(f"add.basis.{b}"),
            placeholder=t("add.choose"),
        )
        values["consent_note"] = st.text_input(
            t("add.consent_note"), key="add_consent_note", value=t("add.consent_note_default"), max_chars=500
        )
    return values


def _form(view: View, kind: str) -> tuple[dict, bool]:
    t, vocab = view.t, view.cat.vocab
    values: dict = {}
    with st.form("add_form", enter_to_submit=False):
        # the limit is said in the help as well as enforced by the widget: nothing is cut off silently
        limit = t("intake.limit", n=NAME_LIMIT)
        english, welsh = st.columns(2)  # the Welsh beside the English, optional
        with english:
            values["name"] = st.text_input(
                t("add.name"), key="add_name", max_chars=NAME_LIMIT, help=f"{t('add.name_help')} {limit}"
            )
            values["summary"] = st.text_area(
                t("add.summary"), key="add_summary", max_chars=1500, help=t("add.summary_help")
            )
        with welsh:
            values["name_cy"] = st.text_input(
                t("add.name_cy"), key="add_name_cy", max_chars=NAME_LIMIT, help=f"{t('add.name_cy_help')} {limit}"
            )
            values["summary_cy"] = st.text_area(t("add.summary_cy"), key="add_summary_cy", max_chars=1500)
        # the form never translates; Welsh that a machine wrote or nobody checked is flagged, and the map says so
        unreviewed = st.checkbox(
            t("intake.translation_field"), key="add_translation", help=t("intake.translation_help")
        )
        values["translation"] = "unreviewed" if unreviewed else None
        values["themes"] = _pick_many(
            view, t("add.themes"), "add_themes", "themes", vocab.terms["themes"], t("add.themes_help")
        )
        values["sectors"] = _pick_many(view, t("add.sectors"), "add_sectors", "sectors", vocab.terms["sectors"])
        values["work_streams"] = _pick_many(
            view,
            t("add.work_streams"),
            "add_work_streams",
            "work_streams",
            vocab.terms["work_streams"],
            t("add.work_streams_help"),
        )
        values["place"] = st.selectbox(
            t("add.place"),
            view.cat.gazetteer.names(),
            index=None,
            accept_new_options=True,
            key="add_place",
            placeholder=t("add.place_placeholder"),
            help=t("add.place_help"),
        )
        if kind != "people":
            values["postcode"] = st.text_input(
                t("add.postcode"), key="add_postcode", max_chars=10, help=t("add.postcode_help")
            )
        values["areas_served"] = _pick_many(
            view,
            t("add.areas_served"),
            "add_areas_served",
            "areas",
            ["wales", *view.cat.areas.areas],
            t("add.areas_served_help"),
        )
        statuses = ["active", "ended", "planned"] + (["prospective"] if kind == "partnerships" else [])
        values["status"] = st.selectbox(
            t("add.status"),
            statuses,
            key="add_status",
            format_func=lambda s: view.labels("status", s),
            help=t("add.status_help"),
            placeholder=t("add.choose"),
        )
        col1, col2 = st.columns(2)
        with col1:
            values["started"] = st.text_input(t("add.started"), key="add_started", help=t("add.when_help"))
        with col2:
            values["ended"] = st.text_input(t("add.ended"), key="add_ended", help=t("add.when_help"))
        if kind != "people":  # people appear without personal web pages
            values["links"] = st.text_area(t("add.links"), key="add_links", help=t("add.links_help"), height=80)
        st.markdown(f"**{t('add.source_heading')}**")
        source = {
            "title": st.text_input(
                t("add.source_title"), key="add_source_title", max_chars=300, help=t("add.source_title_help")
            ),
            "url": st.text_input(
                t("add.source_url"), key="add_source_url", max_chars=500, help=t("add.source_url_help")
            ),
            "date": st.text_input(
                t("add.source_date"),
                key="add_source_date",
                max_chars=10,
                value=dt.date.today().strftime("%Y-%m"),
                help=t("add.source_date_help"),
            ),
        }
        values["sources"] = [source]
        values.update(_kind_fields(view, kind))
        values["needs"] = _pick_many(
            view, t("add.needs"), "add_needs", "themes", vocab.terms["themes"], t("add.needs_help")
        )
        values["id"] = st.text_input(t("add.record_id"), key="add_id", max_chars=80, help=t("add.record_id_help"))
        submitted = st.form_submit_button(t("add.check"), type="primary")
    return values, submitted


def _show_problems(view: View, problems) -> None:
    t = view.t
    errors = [p for p in problems if p.severity == "error"]
    if not problems:
        st.success(t("add.no_problems"))
        return
    st.markdown(f"**{t('add.problems_heading', errors=len(errors), warnings=len(problems) - len(errors))}**")
    for p in problems:
        text = md(t("add.problem", field=field_label(p.field, view.lang), message=render_problem(p, view.lang)))
        (st.error if p.severity == "error" else st.warning)(text)
    if errors:
        st.caption(t("add.errors_note"))


def render(view: View) -> None:
    t = view.t
    st.subheader(t("add.heading"), anchor=False)
    st.markdown(t("add.intro"))
    kind = st.selectbox(
        t("add.kind"),
        KIND_ORDER,
        key="add_kind",
        help=t("add.kind_help"),
        format_func=lambda k: view.labels("kinds", SINGULAR[k]),
        placeholder=t("add.choose"),
    )
    values, submitted = _form(view, kind)
    if submitted:
        st.session_state["add_checked"] = True
    if not st.session_state.get("add_checked"):
        st.caption(t("add.before_check"))
        return

    path, text = build_yaml(kind, values)
    checked = check_entry(text, kind, path, view.cat.result, view.cat.duplicate_index)
    st.subheader(t("add.result_heading"), anchor=False)
    _show_problems(view, checked.problems)
    st.markdown(f"**{md(t('add.yaml_heading'))}** `{path}`")  # a slug path: nothing in it to escape
    st.code(text, language="yaml")
    if not checked.may_leave:
        # no download and no link while a person's private details remain: they never leave this browser
        st.error(t("intake.privacy_hold" if checked.private else "intake.privacy_unchecked"))
        return
    st.download_button(
        t("add.download"),
        data=text.encode("utf-8"),
        file_name=path.rsplit("/", 1)[-1],
        mime="application/x-yaml",
        key="add_download",
        on_click="ignore",
    )
    _propose(view, kind, values, path, text, checked)


def _propose(view: View, kind: str, values: dict, path: str, text: str, checked: Checked) -> None:
    """The two GitHub links: the issue form (no code to read) and the new-file page (the record as a file)."""
    t = view.t
    repo = repository_url()
    try:
        issue, new_file = issue_url(repo, kind, values, view.labels), github_new_file_url(repo, path, text)
    except ValueError:
        st.caption(t("add.no_repository") + " " + contact_text(view, "contact_note"))
        return
    if len(issue) <= MAX_URL_LENGTH:
        st.link_button(t("intake.propose_issue"), issue, type="secondary" if checked.errors else "primary")
        st.caption(t("intake.propose_issue_help"))
    if len(new_file) > MAX_URL_LENGTH:
        st.info(t("add.too_long"))
    else:
        st.link_button(t("add.propose"), new_file, type="secondary")
        st.caption(t("add.propose_help"))
    st.caption(contact_text(view, "contact_note"))
