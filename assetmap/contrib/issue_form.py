"""The GitHub issue form "Add an entry to the map": a way in without YAML or git.

`issue_template` writes .github/ISSUE_TEMPLATE/add-entry.yml from the form's own field list (assetmap.contrib.fields)
with every label in English and Welsh; `issue_url` is the app's prefilled link to it. The labels written here are
the headings GitHub puts in the issue body ("### Name / Enw"), which assetmap.contrib.from_issue reads back.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

import yaml

from assetmap.contrib.fields import FORM_FIELDS, FormField, choices
from assetmap.contrib.form import clean_list, clean_text, repository_base
from assetmap.i18n import Translator
from assetmap.records.schema import SINGULAR

TEMPLATE_FILE = ".github/ISSUE_TEMPLATE/add-entry.yml"
TEMPLATE_NAME = TEMPLATE_FILE.rsplit("/", 1)[-1]
ENTRY_LABEL = "new-entry"  # every issue from the form carries it; a maintainer adds CREATE_LABEL to propose it
CREATE_LABEL = "create-pr"
NO_RESPONSE = "_No response_"  # what GitHub writes under the heading of a field left empty
VOCAB_GROUPS = ("themes", "sectors", "work_streams", "formats")

EN, CY = Translator("en"), Translator("cy")
# query parameters GitHub's "new issue" page reads itself: a field with one of these names needs another id
RESERVED_PARAMS = frozenset({"template", "title", "body", "labels", "assignees", "milestone", "projects", "type"})


def form_id(field: FormField) -> str:
    """The field's id on the issue form (and its query parameter in the prefilled link)."""
    return f"entry_{field.name}" if field.name in RESERVED_PARAMS else field.name


def both(key: str, **values) -> str:
    """'Name / Enw': the English and the Welsh of a message (once when they are the same)."""
    en, cy = EN(key, **values), CY(key, **values)
    return en if en == cy else f"{en} / {cy}"


def field_heading(field: FormField) -> str:
    """The field's label on the issue form, and so its heading in the issue body."""
    return one_line(both(field.label))


def one_line(text: str) -> str:
    return " ".join(text.split())


def choice_key(group: str, value: str) -> str:
    return {
        "kinds": f"kind.{SINGULAR.get(value, value)}",
        "status": f"status.{value}",
        "consent": f"add.basis.{value}",
        "translation": f"intake.translation_option.{value}",
    }[group]


def choice_label(group: str, value: str) -> str:
    """A dropdown option: 'Project / Prosiect'."""
    return one_line(both(choice_key(group, value)))


def _accepted(field: FormField, vocab, areas) -> str:
    """What an "items" field accepts, said in both languages (the parser takes ids and labels alike)."""
    if field.group in VOCAB_GROUPS:
        terms = vocab.terms["formats" if field.group == "formats" else field.group].values()
        return "; ".join(t.en if t.en == t.cy else f"{t.en} · {t.cy}" for t in terms)
    if field.group == "areas":
        return "; ".join(
            [both("area.wales"), *(f"{a.en} · {a.cy}" if a.en != a.cy else a.en for a in areas.areas.values())]
        )
    return ""


def _description(field: FormField, vocab, areas) -> str:
    parts = [both(field.help)] if field.help else []
    if field.kinds:  # the issue form cannot hide fields by kind, so it says which kinds they are for
        parts.append(
            " / ".join(
                t("intake.issue.only_for", kinds=", ".join(t(f"kind_plural.{SINGULAR[k]}") for k in field.kinds))
                for t in (EN, CY)
            )
        )
    if field.shape == "items":
        parts.append(both("intake.issue.one_per_line"))
        if field.group == "records":
            parts.append(both("intake.issue.records"))
        accepted = _accepted(field, vocab, areas)
        if accepted:
            parts.append(both("intake.issue.choose_from") + " " + accepted)
    if field.max_chars and field.shape in ("line", "text"):
        parts.append(both("intake.limit", n=field.max_chars))
    return "\n\n".join(parts)


def _element(field: FormField, vocab, areas) -> dict:
    attributes: dict = {"label": field_heading(field)}
    description = _description(field, vocab, areas)
    if description:
        attributes["description"] = description
    if field.shape == "choice":
        kind = "dropdown"
        attributes["options"] = [choice_label(field.group, v) for v in choices(field.group)]
    else:
        kind = "input" if field.shape == "line" else "textarea"
    element: dict = {"type": kind, "id": form_id(field), "attributes": attributes}
    if field.required:
        element["validations"] = {"required": True}
    return element


def issue_template(vocab, areas) -> str:
    """The issue form's YAML (GitHub's issue-forms syntax), generated: edit the field list or the messages."""
    form = {
        "name": one_line(both("intake.issue.name")),
        "description": one_line(both("intake.issue.description")),
        "title": both("intake.issue.title") + ": ",
        "labels": [ENTRY_LABEL],
        "body": [
            {"type": "markdown", "attributes": {"value": EN("intake.issue.intro") + "\n\n" + CY("intake.issue.intro")}},
            *(_element(f, vocab, areas) for f in FORM_FIELDS),
        ],
    }
    body = yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=120)
    return (
        "# Generated by `uv run assetmap issue-form` from assetmap/contrib/fields.py and the message catalogues:\n"
        "# edit those, not this file (a test checks it is current). Submitted issues are read back by\n"
        "# `assetmap from-issue` (.github/workflows/issue-to-pr.yml) when a maintainer adds the label "
        f"'{CREATE_LABEL}'.\n" + body
    )


def prefill(kind: str, values: Mapping, labels) -> dict[str, str]:
    """The app form's values as the issue form's fields (form id -> text), for the prefilled link."""
    out: dict[str, str] = {"kind": choice_label("kinds", kind)}
    source = (values.get("sources") or [{}])[0]
    for field in FORM_FIELDS:
        if field.name == "kind" or not field.applies_to(kind):
            continue
        if field.name.startswith("source_"):
            value = source.get(field.name.removeprefix("source_"))
        elif field.name == "translation":
            value = "unreviewed" if values.get("translation") == "unreviewed" else None
        else:
            value = values.get(field.name)
        if field.shape == "choice":
            text = choice_label(field.group, clean_text(value)) if clean_text(value) in choices(field.group) else ""
        elif field.shape == "items" or isinstance(value, (list, tuple)):
            items = clean_list(value)
            if field.group in VOCAB_GROUPS or field.group == "areas":
                items = [labels(field.group, i) for i in items]
            text = "\n".join(items)
        else:
            text = clean_text(value)
        if text:
            out[form_id(field)] = text
    return out


def issue_url(repo_url: str, kind: str, values: Mapping, labels) -> str:
    """GitHub's "new issue" page with the issue form and the app form's answers filled in.

    Raises ValueError for an address that is not a GitHub repository (as github_new_file_url does).
    """
    fields = prefill(kind, values, labels)
    title = both("intake.issue.title") + ": " + clean_text(values.get("name"))[:100]
    query = [("template", TEMPLATE_NAME), ("title", title), *fields.items()]
    return f"{repository_base(repo_url)}/issues/new?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in query)
