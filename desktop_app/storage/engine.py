"""sqlite-utils, as the storage uses it: for migrations and table introspection, loaded when needed.

Part of :mod:`desktop_app.storage`. The store reads and writes through its own ``sqlite3``
connection; sqlite-utils comes in to apply migrations (a new or older database) and to list a
table's columns (importing everything). So an ordinary start, which opens an up-to-date database
and lists reports, never imports it: with its click, pluggy and dateutil that was about 70 ms.

sqlite-utils also tries numpy and pandas, only to map their value types to columns. The app
never hands it such values and the Windows bundle leaves numpy out; where numpy is installed
(a developer's Python) that import alone took another 100 ms. They are hidden while sqlite-utils
loads, so it finds neither, and visible again afterwards for any code that wants them.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

_HIDDEN = ("numpy", "pandas")


def _import_sqlite_utils() -> None:
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


def database(conn: sqlite3.Connection) -> Database:
    """Return ``conn`` seen through sqlite-utils (the same connection, the same transactions)."""
    _import_sqlite_utils()
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def migrations(name: str) -> Migrations:
    """Return an empty sqlite-utils migration set called ``name``."""
    _import_sqlite_utils()
    from sqlite_utils import Migrations

    return Migrations(name)
