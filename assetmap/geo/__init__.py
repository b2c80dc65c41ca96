"""Geography: the offline gazetteer, the 22 principal areas and geocoding. One distance function (distance.py)."""
