"""The screen helpers must not hand Qt's screens over to Python's garbage collector."""

from __future__ import annotations

import gc

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyle, QWidget

from ui.resources import fit_to_screen, screen_of, standard_icon


def test_fitting_windows_leaves_the_primary_screen_alive(qtbot):
    primary = QGuiApplication.primaryScreen()
    size = primary.availableGeometry().size()
    for _ in range(3):
        widget = QWidget()
        qtbot.addWidget(widget)
        fit_to_screen(widget, 5000, 5000)
        assert widget.width() <= size.width() and widget.height() <= size.height()
        widget.show()
        assert screen_of(widget) is not None
        widget.close()
        widget.deleteLater()
        del widget
        gc.collect()
    # The crash this guards against came in the next call that needed the screen.
    assert QGuiApplication.primaryScreen().availableGeometry().size() == size
    assert not standard_icon(None, QStyle.StandardPixmap.SP_DialogOkButton).isNull()


def test_a_small_request_is_kept(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    fit_to_screen(widget, 300, 200)
    assert (widget.width(), widget.height()) == (300, 200)
