"""What the page declares about itself beyond Streamlit's widgets: its language, its other-language
addresses, and the few styles and focus moves that accessibility needs.

Streamlit serves one HTML shell with `<html lang="en">` for every page and has no setting for it, so a
small script (st.html with JavaScript: it runs in the page itself, not in a frame) sets the language of
the document and of its two content regions, and adds `<link rel="alternate" hreflang>` for the same
view in each language. Screen readers then read Welsh with a Welsh voice. The same script puts the
few words Streamlit draws itself (STREAMLIT_WORDS) into the page's language.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import streamlit as st

from assetmap.i18n import LANGUAGES, messages

# Words Streamlit draws itself and has no parameter for: where they sit -> Streamlit's English -> our
# message key (assetmap/locales/*/streamlit.yaml). Whatever is not here is listed in CONTRIBUTING.md.
STREAMLIT_WORDS: dict[str, dict[str, str]] = {
    "aria-label": {
        "Sidebar": "streamlit.sidebar",
        "Collapse sidebar": "streamlit.collapse_sidebar",
        "Expand sidebar": "streamlit.expand_sidebar",
        "Main menu": "streamlit.main_menu",
        "Open": "streamlit.open",
        "Clear all": "streamlit.clear_all",
        "Clear value": "streamlit.clear_value",
        "Selected values": "streamlit.selected",
        "Show/hide columns": "streamlit.columns",
        "Download as CSV": "streamlit.download_csv",
        "Search": "streamlit.search",
        "Fullscreen": "streamlit.fullscreen",
        "Close": "streamlit.close",
    },
    # a component's frame is titled with its Python name; the Gaps view's map is streamlit-folium's
    "title": {"streamlit_folium.st_folium": "streamlit.gaps_map"},
    # text, only inside elements of Streamlit's own that hold nothing else
    '[data-testid="stSkipToContent"]': {"Skip to main content": "streamlit.skip"},
    '[data-testid="InputInstructions"] span': {
        "Press Enter to apply": "streamlit.press_enter",
        "Press Ctrl+Enter to apply": "streamlit.press_ctrl_enter",
    },
}

# Text contrast is set in .streamlit/config.toml (theme.textColor: Streamlit fades captions from it).
# Targets (WCAG 2.5.8) are at least 24 px; the tab labels wrap rather than run off a narrow window.
STYLE = """
<style>
[data-testid="stSidebar"] [role="radiogroup"] label { min-height: 24px; }
[data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; row-gap: 0.25rem; }
.st-key-detail-panel h3:focus { outline: 3px solid #1f4e79; outline-offset: 2px; }
</style>
"""

_DECLARE = """
<script>
(() => {
  const lang = %(lang)s, alternates = %(alternates)s, words = %(words)s;
  window.__assetmapLang = lang;
  // on every redraw too (translate below): the sidebar and the switch may be drawn after this script ran
  const declareLang = () => {
    const lang = window.__assetmapLang;
    const set = (el, value) => { if (el && el.lang !== value) el.lang = value; };
    set(document.documentElement, lang);
    for (const id of ["stMain", "stSidebar"]) set(document.querySelector(`[data-testid="${id}"]`), lang);
    // the language switch names the other language in that language (WCAG 3.1.2)
    set(document.querySelector(".st-key-lang_toggle button"), lang === "cy" ? "en" : "cy");
  };
  // Streamlit's own words: set now and again whenever Streamlit draws them anew (React leaves a value it
  // did not change alone). `data-am-*` remembers Streamlit's English and what was set, so a switch back
  // restores it and a value Streamlit has since replaced (a chosen option's label) is never touched.
  window.__assetmapWords = words;
  const put = (el, slot, now, set) => {
    const mark = "data-am-" + slot.replace(/[^a-z]/g, ""), table = window.__assetmapWords[slot];
    const [was, shown] = JSON.parse(el.getAttribute(mark) || "[null, null]");
    const english = Object.hasOwn(table, now) ? now : (now === shown ? was : null);
    if (english === null || !Object.hasOwn(table, english)) return;
    el.setAttribute(mark, JSON.stringify([english, table[english]]));
    if (now !== table[english]) set(table[english]);
  };
  const translate = () => {
    declareLang();
    for (const slot of Object.keys(window.__assetmapWords)) {
      const isAttr = slot === "aria-label" || slot === "title";
      for (const el of document.querySelectorAll(isAttr ? `[${slot}]` : slot)) {
        if (isAttr) put(el, slot, el.getAttribute(slot), (v) => el.setAttribute(slot, v));
        else if (el.childNodes.length === 1 && el.firstChild.nodeType === Node.TEXT_NODE)
          put(el, slot, el.firstChild.nodeValue, (v) => { el.firstChild.nodeValue = v; });
      }
    }
  };
  translate();
  if (!window.__assetmapWordsObserved) {
    window.__assetmapWordsObserved = true;
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; translate(); });
    }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label", "title"]});
  }
  document.querySelectorAll('link[data-assetmap-alternate]').forEach((el) => el.remove());
  for (const [hreflang, href] of Object.entries(alternates)) {
    const link = document.createElement("link");
    Object.assign(link, {rel: "alternate", hreflang, href});
    link.dataset.assetmapAlternate = "";
    document.head.appendChild(link);
  }
})();
</script>
"""

# Moves focus to the heading of a record just opened (from the list, the map or a related record), so a
# keyboard or screen-reader user lands on what they opened; on a phone the panel sits below the map or
# list, so it is also scrolled into view. The heading appears after this script, hence the short wait.
_FOCUS = """
<script>
(() => {
  const nonce = %(nonce)s;
  let tries = 0;
  const go = () => {
    const h = document.querySelector(".st-key-detail-panel h3");
    if (!h || h.dataset.focused === String(nonce)) { if (!h && tries++ < 40) setTimeout(go, 50); return; }
    h.dataset.focused = String(nonce);
    h.tabIndex = -1;
    h.focus({preventScroll: true});
    if (window.innerWidth < 640) h.scrollIntoView({block: "start"});
  };
  go();
})();
</script>
"""


# Streamlit's tables (glide-data-grid) select a row by its checkbox or Shift+Space only. A list row should
# open with Enter or Space on any of its cells, or a click anywhere on it: this turns those into the grid's
# own Shift+Space on the current cell. Installed once per page; read-only tables ignore Shift+Space.
_ROWS = """
<script>
(() => {
  if (window.__assetmapRows) return;
  window.__assetmapRows = true;
  const selectRow = (el) => el.dispatchEvent(new KeyboardEvent("keydown",
    {key: " ", code: "Space", keyCode: 32, shiftKey: true, bubbles: true, cancelable: true}));
  const dataCell = (el) => el && /^glide-cell-[1-9][0-9]*-[0-9]+$/.test(el.id || "");
  document.addEventListener("keydown", (e) => {
    if (!(e.key === "Enter" || e.key === " ") || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!dataCell(e.target) || !e.target.closest('[data-testid="stDataFrame"]')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    selectRow(e.target);
  }, true);
  // a click: the grid moves its current cell (and focus) to the one clicked; select that cell's row, but
  // not after a click on a heading, the row's checkbox or the toolbar, which leave the current cell alone.
  // Right after a click on a tab (react-aria's press), the grid's first click only focuses the grid: no
  // cell becomes current, and the row would need a second click. Then the same click is given once more.
  let before = null, replaying = false;
  const current = (grid) => grid.querySelector('td[aria-selected="true"]');
  document.addEventListener("pointerdown", () => { before = document.querySelector('[data-testid="stDataFrame"] td[aria-selected="true"]')?.id; }, true);
  document.addEventListener("click", (e) => {
    if (replaying || (e.target.closest && e.target.closest("button"))) return;
    const grid = e.target.closest && e.target.closest('[data-testid="stDataFrame"]');
    if (!grid) return;
    const {clientX, clientY} = e, target = e.target;
    const box = grid.getBoundingClientRect();  // below the header row (35 px), right of the checkboxes
    const inCells = clientY - box.top > 36 && clientX - box.left > 48;
    let tries = 0, replayed = false;
    // the grid moves focus to the clicked cell a moment after the click: look for 3 s (a busy phone is slow)
    const check = () => {
      const focused = document.activeElement;
      if (dataCell(focused) && focused.id !== before) { selectRow(focused); return; }
      const idle = focused === document.body || (grid.contains(focused) && !dataCell(focused));
      if (inCells && !replayed && tries === 10 && idle && grid.isConnected && !current(grid)) {
        replayed = true;
        replaying = true;
        const o = {clientX, clientY, bubbles: true, cancelable: true, composed: true, button: 0, pointerId: 1, pointerType: "mouse", isPrimary: true};
        target.dispatchEvent(new PointerEvent("pointerdown", {...o, buttons: 1}));
        target.dispatchEvent(new PointerEvent("pointerup", o));
        target.dispatchEvent(new MouseEvent("click", o));
        replaying = false;
      }
      if (tries++ < 60) setTimeout(check, 50);
    };
    setTimeout(check, 50);
  }, true);
})();
</script>
"""


def alternates(params: dict[str, str | list[str]]) -> dict[str, str]:
    """hreflang -> the address of this same view in that language (relative: the page's own query)."""
    out = {}
    for lang in LANGUAGES:
        query = {k: v for k, v in params.items() if k != "lang"} | ({"lang": lang} if lang != "en" else {})
        out[lang] = "?" + urlencode(query, doseq=True)
    return out


def streamlit_words(lang: str) -> dict[str, dict[str, str]]:
    """STREAMLIT_WORDS with each message key replaced by its text in `lang`."""
    text = messages(lang)
    return {slot: {english: text[key] for english, key in table.items()} for slot, table in STREAMLIT_WORDS.items()}


def declare(lang: str, params: dict[str, str | list[str]]) -> None:
    """Set the page's language and its other-language addresses; add the accessibility styles."""
    # urlencode already escapes '<'; the replace keeps any future value from closing the script element
    script = _DECLARE % {
        "lang": json.dumps(lang),
        "alternates": json.dumps(alternates(params)).replace("<", "\\u003c"),
        "words": json.dumps(streamlit_words(lang)).replace("<", "\\u003c"),
    }
    st.html(STYLE)
    st.html(script + _ROWS, unsafe_allow_javascript=True)


def focus_panel() -> None:
    """After a record was newly opened (`common.open_record`), focus its heading once."""
    nonce = st.session_state.pop("_focus_panel", None)
    if nonce is not None:
        st.html(_FOCUS % {"nonce": json.dumps(nonce)}, unsafe_allow_javascript=True)
