"""assetmap: the open asset map of co-production in Wales."""
