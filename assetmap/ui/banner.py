"""The banner above everything when the data is not whole: broken shared files, record files not on the map.

What was lost and why is worked out by load.health (tested without Streamlit); this only says it, in the
reader's language, with paths relative to the data folder (never the server's).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assetmap.catalogue import Catalogue
from assetmap.i18n import Translator
from assetmap.records.problems import Problem, render
from assetmap.ui.common import md


def _where(p: Problem, data_dir: Path) -> str:
    path = Path(p.path)
    try:
        path = path.resolve().relative_to(data_dir.resolve())
    except (OSError, ValueError):
        path = Path(path.name)
    return f"{path.as_posix()}:{p.line}"


def render_banner(cat: Catalogue, lang: str) -> None:
    health = cat.health
    if health.ok:
        return
    t = Translator(lang)
    lines = []
    if health.support:
        lines.append(f"**{md(t('banner.support', n=len(health.support)))}**")
    if health.dropped:
        lines.append(f"**{md(t('banner.dropped', n=health.dropped))}**")
    lines.append(md(t("banner.first")))
    lines += [f"- {md(_where(p, cat.result.data_dir))}: {md(render(p, lang))}" for p in health.first]
    lines.append(md(t("banner.fix")))
    st.error("\n".join(lines), icon="⚠️")
