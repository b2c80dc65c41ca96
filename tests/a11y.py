"""axe-core in the browser tests: inject the vendored copy and return the violations that matter.

axe is vendored (tests/vendor/, scripts/vendor_assets.py) so the checks run offline. WCAG 2.2 A/AA
rules only; "serious" and "critical" impacts fail a test, the rest are printed for the reader.
"""

from __future__ import annotations

from assetmap.outputs.vendor import AXE_JS

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def axe_violations(frame, include: str | None = None) -> list[dict]:
    """Run axe on a playwright Page or Frame (optionally only under the CSS selector ``include``)
    and return the serious/critical violations as ``{id, impact, help, targets}``."""
    if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
        frame.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = frame.evaluate(
        """async ([include, tags]) => {
            const ctx = include ? {include: [include]} : document;
            const r = await axe.run(ctx, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""",
        [include, TAGS],
    )
    minor = [v for v in result if v["impact"] not in BLOCKING]
    if minor:
        print("axe (not blocking):", [(v["id"], v["impact"]) for v in minor])
    return [v for v in result if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One line per violation, for assertion messages."""
    return "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['targets']}" for v in violations)


def without_map_pins(page_or_frame, found: list[dict]) -> list[dict]:
    """`found` less target-size findings on the map's markers and clusters only.

    WCAG 2.5.8 does not ask it of them: where a marker sits is what it says (the criterion's "essential"
    exception names map pins), and every record is also a row in the list. Whether two clusters happen to sit
    closer than 24 px depends on the data and the map's size, so it is not a property of the page."""
    on_map = "(sel) => !!document.querySelector(sel)?.closest('.leaflet-marker-pane')"
    return [
        v
        for v in found
        if not (v["id"] == "target-size" and all(page_or_frame.evaluate(on_map, t) for t in v["targets"]))
    ]
