"""The fields of the "Add your project" form, as data.

The app form (assetmap.ui.add_record), the GitHub issue form (.github/ISSUE_TEMPLATE/add-entry.yml, written by
`assetmap issue-form`) and the parser of submitted issues (assetmap.contrib.from_issue) all read this one list,
so a field added here reaches the three of them, and a test checks the app form asks for exactly these fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

KIND_ORDER = ("projects", "organisations", "people", "skills", "partnerships")
CONSENT_BASES = ("self-submitted", "named-in-public-source", "written-consent")
STATUSES = ("active", "ended", "planned", "prospective")  # prospective: partnerships only (the checks say so)
TRANSLATION = ("reviewed", "unreviewed")  # the form's answer; only "unreviewed" is written into the record
NAME_LIMIT = 200  # the schema's max_length for name and name_cy, stated next to the field


@dataclass(frozen=True)
class FormField:
    name: str  # the key in the form's values (what assetmap.contrib.form.record_data reads)
    label: str  # message key of the label
    shape: str  # "line": one line; "text": several lines; "items": one item per line; "choice": one of a list
    group: str = ""  # items/choice: a vocabulary, "areas", "records", "kinds", "status", "consent", "translation"
    kinds: tuple[str, ...] = ()  # asked only for these kinds of record (empty: every kind)
    refers_to: tuple[str, ...] = ()  # group "records": the kinds of record it names
    required: bool = False
    max_chars: int | None = None
    help: str = ""  # message key of the help text, if any

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


_ALL_BUT_PEOPLE = ("projects", "organisations", "skills", "partnerships")
ORGS = ("organisations",)

FORM_FIELDS: tuple[FormField, ...] = (
    FormField("kind", "add.kind", "choice", "kinds", required=True, help="add.kind_help"),
    FormField("name", "add.name", "line", required=True, max_chars=NAME_LIMIT, help="add.name_help"),
    FormField("name_cy", "add.name_cy", "line", max_chars=NAME_LIMIT, help="add.name_cy_help"),
    FormField("summary", "add.summary", "text", required=True, max_chars=1500, help="add.summary_help"),
    FormField("summary_cy", "add.summary_cy", "text", max_chars=1500),
    FormField(
        "translation", "intake.translation_question", "choice", "translation", help="intake.translation_issue_help"
    ),
    FormField("themes", "add.themes", "items", "themes", required=True, help="add.themes_help"),
    FormField("sectors", "add.sectors", "items", "sectors"),
    FormField("work_streams", "add.work_streams", "items", "work_streams", help="add.work_streams_help"),
    FormField("place", "add.place", "line", max_chars=100, help="add.place_help"),
    FormField("postcode", "add.postcode", "line", kinds=_ALL_BUT_PEOPLE, max_chars=10, help="add.postcode_help"),
    FormField("areas_served", "add.areas_served", "items", "areas", help="add.areas_served_help"),
    FormField("status", "add.status", "choice", "status", help="add.status_help"),
    FormField("started", "add.started", "line", max_chars=10, help="add.when_help"),
    FormField("ended", "add.ended", "line", max_chars=10, help="add.when_help"),
    FormField("links", "add.links", "items", kinds=_ALL_BUT_PEOPLE, help="add.links_help"),
    FormField("source_title", "add.source_title", "line", max_chars=300, help="add.source_title_help"),
    FormField("source_url", "add.source_url", "line", max_chars=500, help="add.source_url_help"),
    FormField("source_date", "add.source_date", "line", max_chars=10, help="add.source_date_help"),
    FormField("lead", "add.lead", "line", "records", ("projects",), ORGS, help="add.lead_help"),
    FormField("partners", "add.partners", "items", "records", ("projects",), ORGS),
    FormField("members", "add.members", "items", "records", ("partnerships",), ORGS, help="add.members_help"),
    FormField("purpose", "add.purpose", "text", kinds=("partnerships",), max_chars=1000, help="add.purpose_help"),
    FormField("projects", "add.projects", "items", "records", ("partnerships",), ("projects",)),
    FormField(
        "offered_by",
        "add.offered_by",
        "items",
        "records",
        ("skills",),
        ("organisations", "people"),
        help="add.offered_by_help",
    ),
    FormField("format", "add.format", "items", "formats", kinds=("skills",)),
    FormField("role", "add.role", "line", kinds=("people",), max_chars=200, help="add.role_help"),
    FormField("organisation", "add.organisation", "line", "records", ("people",), ORGS),
    FormField("offers", "add.offers", "items", "formats", kinds=("people",)),
    FormField("consent_basis", "add.consent_basis", "choice", "consent", kinds=("people",)),
    FormField("consent_note", "add.consent_note", "line", kinds=("people",), max_chars=500),
    FormField("needs", "add.needs", "items", "themes", help="add.needs_help"),
    FormField("id", "add.record_id", "line", max_chars=80, help="add.record_id_help"),
)
FIELDS_BY_NAME = {f.name: f for f in FORM_FIELDS}


def choices(group: str) -> tuple[str, ...]:
    """The ids a "choice" field offers."""
    return {
        "kinds": KIND_ORDER,
        "status": STATUSES,
        "consent": CONSENT_BASES,
        "translation": TRANSLATION,
    }[group]


def record_values(kind: str, answers: Mapping) -> dict:
    """The form's answers (one per FormField, by name) -> the values `record_data` takes.

    The three source fields become one source; the translation answer becomes the record's flag; fields not
    asked for this kind are left out (so a person never gets a postcode from a stray answer).
    """
    values = {
        f.name: answers[f.name]
        for f in FORM_FIELDS
        if f.name in answers and f.applies_to(kind) and f.name not in ("kind", "translation")
    }
    values["sources"] = [{k: values.pop(f"source_{k}", None) for k in ("title", "url", "date")}]
    values["translation"] = "unreviewed" if answers.get("translation") == "unreviewed" else None
    return values
