"""Insights: read-only questions over a Catalogue — network, suggestions, find help, gaps, freshness."""
