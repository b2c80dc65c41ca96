"""JSON that is safe inside an inline <script>, for the folium map, the app's map and the static site.

Its own module so that the app's map (which does not use folium) does not import folium (about 1.4 s on a
cold server) just for this function.
"""

from __future__ import annotations

import json
import re
from typing import Any

_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def js_json(value: Any) -> str:
    """JSON for embedding in an inline ``<script>`` (outside any string or template literal).

    ASCII-only JSON with ``< > & '`` \\u-escaped: no ``</script>``, ``<!--``, ``]]>`` or quote can
    appear, and U+2028/U+2029 are escaped by ``ensure_ascii``. ``{`` before ``{ % #`` is escaped
    too, so no Jinja delimiter survives. NaN/Infinity are refused.
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
    # No "{{", "{%" or "{#" may reach a Jinja template: branca compiles every rendered folium
    # script as a template again, so a record named "{{ 7*7 }}" would be evaluated on the server
    # (RecordLayer.render avoids that pass; this is the second line of defence). A structural
    # "{" is always followed by '"' or "}", so only braces inside strings are escaped.
    return _JINJA_OPEN.sub(r"\\u007b", text)
