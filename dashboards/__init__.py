"""The Streamlit app: login, pages per role, charts and the UI's own strings.

Pages gather inputs, call one `data` service and render the result; no SQL, no formulas.
"""
