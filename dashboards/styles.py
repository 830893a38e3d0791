"""The app's one piece of markup: CSS for what Streamlit draws in its own words.

Every page renders text as text (`tests/data/test_bad_inputs.py` forbids markup anywhere
else). This module writes a style sheet only, whose sole variables are strings from our own
catalogue, quoted as CSS strings: never user input.
"""

from __future__ import annotations

import json

import streamlit as st


def _css_string(text: str) -> str:
    """A CSS string literal: quotes and backslashes escaped as JSON does, no "<" to end the tag."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\3c ")


def uploader_words(button: str, hint: str) -> None:
    """The file uploader's button and size hint in the page's language: Streamlit has no
    setting for them, so its drawn words are hidden and ours drawn in their place."""
    zone = '[data-testid="stFileUploaderDropzone"]'
    st.html(
        f"""<style>
{zone} button[data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}
{zone} button[data-testid="stBaseButton-secondary"] p::after {{
  content: {_css_string(button)}; font-size: 1rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: {_css_string(hint)}; font-size: 0.875rem; }}
</style>"""
    )
