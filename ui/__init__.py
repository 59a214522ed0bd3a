"""The PySide6 application on top of :mod:`desktop_app`."""
