"""The database as a command opens it: what the opening did that the official must know is said.

Every command that opens the database goes through :func:`open_store`, so what the app tells
the official in a window at start (a log of another database set aside) a command says once,
in the same words, on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the storage is imported when a command opens it: the app's start never needs it
    from desktop_app.storage import Store


def open_store(path: Path | str) -> Store:
    """Open the database at ``path`` for a command; say on stderr what opening it set aside."""
    from desktop_app.storage import Store, stray_wal_text

    store = Store.open(path)
    if store.stray_wal is not None:
        print(f"LƯU Ý: {stray_wal_text(store.stray_wal)}", file=sys.stderr)
    return store
