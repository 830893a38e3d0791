"""Service functions: the one door through which the app and the CLI read and change data.

Each takes a session and an `Actor`, checks permissions first, and audits what it changes.
"""
