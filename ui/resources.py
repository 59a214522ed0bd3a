"""What the windows share: the app's name and icon, standard icons, remembered settings.

Settings (window geometry, the last folder) live in ``QSettings`` under the organisation
"SoanBaoCao"; the format is Qt's default one, so a test can point every window at a
temporary ini file with ``QSettings.setDefaultFormat`` and ``QSettings.setPath``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QKeySequence, QPainter, QPixmap, QScreen
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QFileDialog, QStyle, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.system import paths

ORGANISATION = "SoanBaoCao"
APPLICATION = "SoanBaoCao"
LAST_FOLDER_KEY = "last_folder"
ICON_BLUE = QColor("#1f5aa6")


def app_settings() -> QSettings:
    """Return the app's settings (organisation "SoanBaoCao"), in Qt's default format."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def last_folder() -> Path:
    """Return the folder the official last chose a file in (their Documents folder at first)."""
    value = app_settings().value(LAST_FOLDER_KEY, "")
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (Path(str(value)) if value else None, Path(documents) if documents else None):
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


def remember_folder(path: Path) -> None:
    """Remember the folder of ``path`` (a file or a folder) for the next file dialog."""
    folder = path if path.is_dir() else path.parent
    app_settings().setValue(LAST_FOLDER_KEY, str(folder))


ANSWER_FILTER = ("Tệp trả lời Soạn Báo Cáo", ".json")  # the file dialogs' label and suffix of answer files


def ask_save_path(parent: QWidget, title: str, suggested: Path, label: str, suffix: str) -> Path | None:
    """The save dialog of the app: ``suggested`` offered, ``suffix`` added when the name lacks
    it, the folder remembered for the next dialog; None when the official cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), f"{label} (*{suffix})")
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    remember_folder(path.parent)
    return path


def key_sequence(keys: str | QKeySequence.StandardKey) -> QKeySequence:
    """Return the keys named in Qt's English key names ("Ctrl+Return", "Enter") or a standard key.

    Never ``QKeySequence("Enter")``: that reads the names of the installed translation, where
    Return is labelled "Enter" too, so Return and Enter would become one key and Qt would find
    the two shortcuts ambiguous and fire neither. Shown in menus and on buttons, the keys are
    still written the translated way (``toString(NativeText)``).
    """
    if isinstance(keys, str):
        return QKeySequence.fromString(keys, QKeySequence.SequenceFormat.PortableText)
    return QKeySequence(keys)


def shown_keys(keys: str | QKeySequence.StandardKey) -> str:
    """Return the keys as the official reads them on a button: "Ctrl+Enter", "Alt+↑"."""
    return key_sequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def window_title(part: str = "") -> str:
    """Return "part – Soạn Báo Cáo", or the app's name alone."""
    return f"{part} – {APP_NAME}" if part else APP_NAME


def about_text() -> str:
    return f"{APP_NAME}, phiên bản {__version__}"


def app_icon() -> QIcon:
    """Return the app's icon (``resources/icons/soanbaocao-*.png``; drawn when they are missing)."""
    icon = QIcon()
    for png in sorted((paths.resources_dir() / "icons").glob("soanbaocao-*.png")):
        icon.addFile(str(png))
    if icon.isNull():
        for size in (16, 24, 32, 48, 64, 128, 256):
            icon.addPixmap(_icon_pixmap(size))
    return icon


def _icon_pixmap(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = max(1, size // 10)
    sheet = QRect(margin, 0, size - 2 * margin, size)
    painter.setBrush(ICON_BLUE)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(sheet, size / 10, size / 10)
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(max(6, int(size * 0.42)))
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.white)
    painter.drawText(sheet, Qt.AlignmentFlag.AlignCenter, "BC")
    painter.end()
    return pixmap


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen ``widget`` is on, or the primary screen.

    Asked through QGuiApplication's static functions: the wrapper ``QWidget.screen()`` returns in
    PySide6 6.11 can end up owned by Python and delete the primary QScreen when it is collected,
    which crashes the next icon or geometry call.
    """
    window = widget.window()
    if window.isVisible():
        found = QGuiApplication.screenAt(window.frameGeometry().center())
        if found is not None:
            return found
    return QGuiApplication.primaryScreen()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width × height, or less when the screen is smaller (125 % scaling)."""
    screen = screen_of(widget)
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - 40)
        height = min(height, available.height() - 70)  # room for the title bar
    widget.resize(width, height)


def standard_icon(widget: QWidget | None, which: QStyle.StandardPixmap) -> QIcon:
    """Return one of the style's standard icons."""
    style = widget.style() if widget is not None else QApplication.style()
    return style.standardIcon(which)


class _WheelGuard(QObject):
    """The mouse wheel scrolls the page instead of changing a list or date it passes over.

    Long wizard pages are scrolled with the wheel; a combo box or date box under the pointer
    would otherwise take the turn and silently change an answer (and autosave it). Once the
    official has clicked into such a box, the wheel works in it as usual.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # not accepted: Qt hands it on to the scroll area around
            return True
        return False


_wheel_guard: _WheelGuard | None = None


def guard_wheel(root: QWidget) -> None:
    """Guard the combo boxes and spin/date boxes under ``root`` from stray wheel turns.

    Installed on those boxes only: a filter on the whole application would run Python for
    every event of the app (measured: +70 ms to open the largest wizard).
    """
    global _wheel_guard
    if _wheel_guard is None:
        _wheel_guard = _WheelGuard()
    for box in [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox)]:
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no focus (and no change) by the wheel
        box.installEventFilter(_wheel_guard)
