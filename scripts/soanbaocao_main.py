"""Entry point of the bundle that build.spec makes: the ``soanbaocao`` command (no arguments: the app)."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
