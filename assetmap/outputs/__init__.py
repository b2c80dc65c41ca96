"""Outputs: what a Catalogue becomes for people and programs — exports, the detail view, stats, the map."""
