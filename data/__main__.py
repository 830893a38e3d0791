"""`python -m data`: the command line of KPI Suite (see `data.cli`)."""

import sys

from data.cli import main

sys.exit(main())
