"""Streamlit page pieces. Each module renders one part of the page from a `View`; logic lives outside."""
