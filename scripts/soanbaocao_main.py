"""Entry point of the bundle that build.spec makes: the ``soanbaocao`` command (no arguments: the app)."""

import multiprocessing
import sys

from desktop_app.cli import main

if __name__ == "__main__":
    # A roll-up's workers (desktop_app/system/parallel.py) start as this program again: this
    # makes such a start run the worker, not the app (Windows, and wherever they are not forked).
    multiprocessing.freeze_support()
    sys.exit(main())
