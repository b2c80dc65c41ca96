"""The shipped data as the form tests see it: one fixed 'today', so freshness does not drift with the calendar."""

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
TODAY = dt.date(2026, 11, 23)
REPO = "https://github.com/coproduction-wales/assetmap"
