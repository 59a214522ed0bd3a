"""The text boxes officials type Vietnamese into, wherever they are in the app.

Their paste turns TCVN3 (ABC) and VNI-Windows text into Unicode and says so: officials paste
from old documents typed with legacy fonts, and what arrives looks like "Thñ tôc hµnh chÝnh".
The wizard's fields, the table cells and the settings and signer forms all use these classes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSizePolicy, QToolTip, QWidget

from desktop_app.legacy_text import ENCODING_WORDS, Encoding, detect_and_convert
from desktop_app.text import clean

IDLE_COMMIT_MS = 800  # a pause in typing this long hands the text to the session (autosave)
LONGEST_UNSAVED_MS = 3000  # typing without such a pause is handed over this often all the same


def paste_notice(encoding: Encoding) -> str:
    return f"Đã chuyển văn bản dán từ mã {ENCODING_WORDS[encoding]} sang Unicode."


def tell(widget: QWidget, notice: Callable[[str], None] | None, text: str) -> None:
    """Say ``text`` through ``notice`` (a status bar), or in a tooltip at the box."""
    if notice is not None:
        notice(text)
    else:
        QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), text, widget)


class TypingTimer(QObject):
    """When what is being typed goes to the session (and so to disk): after a pause in typing
    (:data:`IDLE_COMMIT_MS`), and at the latest :data:`LONGEST_UNSAVED_MS` after the first key
    not yet handed over.

    A pause alone is not enough: an official typing steadily (a key every quarter second, as
    with Telex) never pauses that long, and a power cut took everything since the last pause.
    ``start()`` at each key; ``stop()`` when handed over by other means (leaving the box, Enter).
    """

    timeout = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.pause = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self.longest = QTimer(self, singleShot=True, interval=LONGEST_UNSAVED_MS)
        self.pause.timeout.connect(self._due)
        self.longest.timeout.connect(self._due)

    def start(self) -> None:
        """A key was typed: wait for a pause, but not longer than the longest wait."""
        self.pause.start()
        if not self.longest.isActive():
            self.longest.start()

    def stop(self) -> None:
        self.pause.stop()
        self.longest.stop()

    def isActive(self) -> bool:
        """True while typed text waits to be handed over."""
        return self.pause.isActive() or self.longest.isActive()

    def _due(self) -> None:
        self.stop()
        self.timeout.emit()


class LineTyping(QObject):
    """What is typed in a one-line box, handed to the box's owner while the official types.

    ``paused(text)`` is called after a pause in typing and at the latest every
    :data:`LONGEST_UNSAVED_MS` of steady typing (:class:`TypingTimer`), so that autosave has it;
    ``left(text)`` when the box is left or Enter pressed. Each only when the box holds typing the
    owner has not settled (:meth:`typing`). While the box has the keyboard and such typing it is
    never written into (:meth:`may_show`): its cursor, selection, the input method's word being
    composed and the undo history stay the official's.
    """

    def __init__(
        self, edit: QLineEdit, paused: Callable[[str], object], left: Callable[[str], object]
    ) -> None:
        super().__init__(edit)
        self.edit = edit
        self._paused, self._left = paused, left
        # Handed over in a pause, the text is still the official's: Ctrl+Z back to what the box
        # held before makes Qt's isModified() false, yet the owner had the text handed over and
        # must be told, when the box is left, that it was taken back.
        self.handed_over = False
        self.timer = TypingTimer(self)
        self.timer.timeout.connect(self.pause)
        edit.textEdited.connect(lambda _text: self.timer.start())
        edit.editingFinished.connect(self.leave)

    def typing(self) -> bool:
        """True while the box holds typing its owner has not had as left."""
        return not self.edit.isReadOnly() and (self.edit.isModified() or self.handed_over)

    def pause(self) -> None:
        """A pause in typing (or typing long enough without one): the owner gets the text."""
        if self.typing():
            self.handed_over = True
            self._paused(self.edit.text())

    def leave(self) -> None:
        """The box left, or Enter: the owner gets the text as typed, and the typing is settled."""
        self.timer.stop()
        if self.typing():
            self.edit.setModified(False)
            self.handed_over = False
            self._left(self.edit.text())

    def may_show(self) -> bool:
        """True when the box may be written into: not while the official types in it."""
        return not (self.edit.hasFocus() and self.typing())

    def show(self, text: str) -> None:
        """Show ``text`` (as the owner keeps it) unless the official is typing in the box."""
        if not self.may_show():
            return
        if clean(self.edit.text()) != text:
            self.edit.setText(text)
        self.edit.setModified(False)


class PasteLineEdit(QLineEdit):
    """A line edit whose paste (keys and menu) converts TCVN3/VNI text to Unicode."""

    pasted_notice: Callable[[str], None] | None = None  # set by the owner: a status bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            self.paste_converted()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self.paste_converted)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def paste_converted(self) -> None:
        text = QGuiApplication.clipboard().text()
        converted, encoding = detect_and_convert(text.replace("\n", " ").replace("\r", ""))
        self.insert(converted)
        if encoding:
            tell(self, self.pasted_notice, paste_notice(encoding))


class PastePlainTextEdit(QPlainTextEdit):
    """A plain text edit whose paste and drop convert TCVN3/VNI text to Unicode."""

    pasted_notice: Callable[[str], None] | None = None

    def insertFromMimeData(self, source: QMimeData) -> None:
        if not source.hasText():
            super().insertFromMimeData(source)
            return
        converted, encoding = detect_and_convert(source.text())
        self.textCursor().insertText(converted)
        self.ensureCursorVisible()
        if encoding:
            tell(self, self.pasted_notice, paste_notice(encoding))


class NameEdit(PastePlainTextEdit):
    """A body's name as the header prints it: Enter breaks the line where the official wants it.

    Two lines high; Tab leaves it. ``text()``/``setText()`` as a line edit has them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        lines = self.fontMetrics().lineSpacing() * 2
        frame = 2 * self.frameWidth() + 2 * int(self.document().documentMargin()) + 6
        self.setFixedHeight(lines + frame)
        # As high as two lines and no more: the form must not stretch it (nor its row).
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # as QLineEdit names it
        self.setPlainText(text)
