"""``python -m desktop_app`` is the ``soanbaocao`` command."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":  # not when a worker process imports the parent's main module
    sys.exit(main())
