"""What is on the map, in numbers: the README's "What is on the map" and "Cymraeg" sections are these outputs."""

from __future__ import annotations

from assetmap.catalogue import Catalogue
from assetmap.records.schema import SINGULAR


def stats_markdown(cat: Catalogue) -> str:
    frame = cat.frame
    kinds = list(SINGULAR.values())
    by_kind = frame["kind"].value_counts()
    lines = [
        f"{len(frame)} records on the map ({cat.result.files} record files).",
        "",
        "| kind | records |",
        "|---|---:|",
        *(f"| {k} | {int(by_kind.get(k, 0))} |" for k in kinds),
        "",
        "| area | Cymraeg | based here | serving it |",
        "|---|---|---:|---:|",
    ]
    located = frame["area"].value_counts()
    serving = frame["areas_served"].explode().value_counts()
    for area in sorted(cat.areas.areas.values(), key=lambda a: a.en):
        lines.append(f"| {area.en} | {area.cy} | {int(located.get(area.id, 0))} | {int(serving.get(area.id, 0))} |")
    lines.append(f"| all of Wales | Cymru gyfan | – | {int(serving.get('wales', 0))} |")
    return "\n".join(lines)


def languages_markdown(cat: Catalogue) -> str:
    """How much of each kind has its Welsh name and summary (the Welsh Language Standards ask for parity)."""
    frame = cat.frame
    lines = [
        "| kind | records | Welsh name | Welsh summary | both |",
        "|---|---:|---:|---:|---:|",
    ]

    def row(label: str, part) -> str:
        n = len(part)
        name = part["name_cy"] != ""
        summary = part["summary_cy"] != ""
        cells = [f"{int(c.sum())} ({_percent(int(c.sum()), n)})" for c in (name, summary, name & summary)]
        return f"| {label} | {n} | " + " | ".join(cells) + " |"

    for kind in SINGULAR.values():
        lines.append(row(kind, frame[frame["kind"] == kind]))
    lines.append(row("all", frame))
    return "\n".join(lines)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"
