"""KPI Suite's pure domain: KPI formulas, scoring, appraisal rules and incentives.

Nothing here touches Streamlit, a database or files, so every rule can be tested on frames.
"""
