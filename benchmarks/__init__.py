"""Company-scale benchmarks of KPI Suite: `python -m benchmarks` prints a table of timings.

Not part of the test run; see `benchmarks/__main__.py` for the cases and their targets.
"""
