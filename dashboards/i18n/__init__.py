"""The UI's strings: every `msg_*.py` here adds `MESSAGES = {key: (en, zh)}` to `core.i18n`."""

from core.i18n import register_package

register_package(__name__, __path__)
