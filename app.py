"""Streamlit entry point: `uv run streamlit run app.py`. The page lives in assetmap.ui.page."""

from assetmap.ui.page import main

main()
