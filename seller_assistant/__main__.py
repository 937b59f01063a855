"""`python -m seller_assistant` runs the command line (no command: the window)."""

import sys

from seller_assistant.cli import main

sys.exit(main())
