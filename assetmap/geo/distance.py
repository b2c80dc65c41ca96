"""The one great-circle distance of the project, in km (never degrees).

Two forms of the same haversine formula, kept side by side so they cannot drift apart:

* :func:`haversine_km` — two points, plain ``math`` (fast in Python loops; the gazetteer build uses it and its
  committed output depends on the exact floating-point steps, so keep the order of operations);
* :func:`haversine_km_array` — many points against one, with numpy (the map's "near" filter, find-help).

numpy is imported inside the array form only, so importing this module stays as light as the gazetteer
(the CLI's ``validate`` path never loads numpy for it).
"""

from __future__ import annotations

import math

#: Mean Earth radius in km (IUGG), the radius used by every distance in assetmap.
EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, h)))


def haversine_km_array(lats, lons, lat: float, lon: float):
    """Great-circle distance in km from each of the points ``(lats[i], lons[i])`` to ``(lat, lon)``.

    ``lats`` and ``lons`` are array-likes of degrees (NaN gives NaN); returns a float numpy array.
    """
    import numpy as np

    lat1, lon1 = np.radians(np.asarray(lats, dtype=float)), np.radians(np.asarray(lons, dtype=float))
    lat2, lon2 = math.radians(lat), math.radians(lon)
    h = np.sin((lat1 - lat2) / 2) ** 2 + np.cos(lat1) * math.cos(lat2) * np.sin((lon1 - lon2) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
