"""Persistence and the outside world: models, imports, exports, services and the CLI.

Everything that touches a database or a file lives here; formulas are delegated to `core`.
"""
