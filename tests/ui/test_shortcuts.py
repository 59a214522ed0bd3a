"""Shortcuts with the app's Vietnamese translation loaded, as the app starts.

The translation labels Return "Enter" (the word printed on the key). A shortcut read from the
translated names would make Return and the keypad's Enter one key, and Qt fires neither of two
actions on one key ("Ambiguous shortcut overload"). So: Enter and keypad Enter open a report,
and no window has two shortcuts on the same keys.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QMenuBar, QToolBar, QWidget

from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.rollup_data import departments
from tests.ui.shell_data import KSTTHC_SEED, add_report, add_some_reports, add_unit
from tests.ui.wizard.test_wizard_flow import open_wizard, seed_report, start_report
from ui.i18n import KEYS
from ui.main_window import MainWindow
from ui.new_report_dialog import NewReportDialog
from ui.resources import key_sequence, shown_keys
from ui.rollup_dialog import RollupDialog
from ui.rollup_views import ReportViewDialog, UnitListDialog
from ui.settings_dialog import SettingsDialog
from ui.wizard import WizardWindow
from ui.wizard.table_editor import TableEditor

WINDOW_CONTEXTS = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
SEEDS = ("000_a555c7217f5d5664", "003_bc5ae3b32bd5b2c1", "004_dbb53274ea895b03")


@pytest.fixture
def main_window(qtbot: Any, store: Store, vietnamese: object) -> MainWindow:
    """The main window built after the translation was installed, as ``ui.app.run`` does."""
    add_some_reports(store, add_unit(store))
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def keys_of(sequence: QKeySequence) -> tuple[int, ...]:
    """What Qt matches a key press against: the key and modifiers of each stroke."""
    return tuple(sequence[i].toCombined() for i in range(sequence.count()))


def owner_scope(obj: QObject, context: Qt.ShortcutContext, widget: QWidget | None) -> str:
    if context in WINDOW_CONTEXTS or widget is None:
        return "window"
    return f"{type(widget).__name__}@{id(widget)}"


def shortcuts(window: QWidget) -> list[tuple[tuple[int, ...], str, str]]:
    """Every (keys, scope, name) the window's actions, shortcut objects and buttons listen to."""
    found = []
    for action in window.findChildren(QAction):
        widgets = [
            w
            for w in action.associatedObjects()
            if isinstance(w, QWidget) and not isinstance(w, QMenu | QMenuBar | QToolBar)
        ]
        for sequence in action.shortcuts():
            scope = owner_scope(action, action.shortcutContext(), widgets[0] if widgets else None)
            found.append((keys_of(sequence), scope, action.objectName() or action.text()))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        widget = parent if isinstance(parent, QWidget) else None
        for sequence in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            found.append((keys_of(sequence), owner_scope(shortcut, shortcut.context(), widget), "QShortcut"))
    for button in window.findChildren(QAbstractButton):
        own = button.shortcut()
        if not own.isEmpty() and own != QKeySequence.mnemonic(button.text()):
            found.append((keys_of(own), "window", button.objectName() or button.text()))
    return found


def clashes(window: QWidget) -> list[str]:
    """The keys two shortcuts of ``window`` share where both can be active at once."""
    by_keys: dict[tuple[int, ...], list[tuple[str, str]]] = defaultdict(list)
    for keys, scope, name in shortcuts(window):
        by_keys[keys].append((scope, name))
    out = []
    for keys, owners in by_keys.items():
        scopes = [scope for scope, _ in owners]
        if len(owners) > 1 and ("window" in scopes or len(set(scopes)) < len(scopes)):
            out.append(f"{QKeySequence(*keys).toString()}: {[name for _, name in owners]}")
    return out


def test_enter_and_the_keypads_enter_open_the_selected_report(qtbot: Any, main_window: MainWindow) -> None:
    table = main_window.table
    assert main_window.open_action.text() == "&Mở"
    shown = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in main_window.open_action.shortcuts()]
    assert shown == ["Enter", "Enter"]  # both keys say Enter, as printed on them
    assert len({keys_of(s) for s in main_window.open_action.shortcuts()}) == 2  # and stay two keys
    for key, modifier in (
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
    ):
        main_window.activateWindow()  # back from the wizard opened by the key before
        qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
        table.selectRow(1)
        table.setFocus()
        report_id = table.current_report_id()
        assert report_id is not None
        qtbot.keyClick(table, key, modifier)
        wizard = main_window.actions_.wizards.get(report_id)
        assert isinstance(wizard, WizardWindow) and wizard.isVisible(), key
        assert wizard.report_id == report_id
        wizard.close()
        qtbot.waitUntil(lambda rid=report_id: rid not in main_window.actions_.wizards)  # type: ignore[misc]


def test_keys_are_read_by_their_english_names_whatever_the_translation(vietnamese: object) -> None:
    for english, key in (
        ("Return", Qt.Key.Key_Return),
        ("Enter", Qt.Key.Key_Enter),
        ("Ctrl+PgDown", Qt.Key.Key_PageDown),
        ("Alt+Down", Qt.Key.Key_Down),
    ):
        assert key_sequence(english)[0].key() == key, english
    assert shown_keys("Ctrl+Return") == "Ctrl+Enter"
    assert shown_keys("Ctrl+Delete") == "Ctrl+Del"


def test_return_is_the_only_key_the_translation_names_as_another() -> None:
    """The translated key names that are also the English name of another key: only Return, whose
    "Enter" every shortcut of the app is read around (by English names, :func:`key_sequence`)."""
    portable = QKeySequence.SequenceFormat.PortableText
    clashing = []
    for english, vietnamese in KEYS.items():
        other = QKeySequence.fromString(vietnamese, portable)
        named = other.count() and Qt.Key.Key_Escape <= other[0].key() < Qt.Key.Key_unknown
        if named and other != key_sequence(english):
            clashing.append(english)
    assert clashing == ["Return"]


def test_no_two_shortcuts_of_the_main_window_share_keys(main_window: MainWindow) -> None:
    assert len(shortcuts(main_window)) >= 12  # the test reads the window's shortcuts at all
    assert clashes(main_window) == []


@pytest.mark.parametrize("seed_name", SEEDS)
def test_no_two_shortcuts_of_a_wizard_share_keys(
    qtbot: Any, store: Store, vietnamese: object, seed_name: str
) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report(seed_name)))
    assert any(scope == "window" for _, scope, _ in shortcuts(window))
    assert clashes(window) == []


def test_no_two_shortcuts_of_a_dialog_share_keys(qtbot: Any, store: Store, vietnamese: object) -> None:
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, 2))
    new_report = NewReportDialog(store, unit_id)
    new_report.period_picker.set_period(Period("quy", 2024, 3))  # the source box offers a choice
    rollup = RollupDialog(store, unit_id)
    dialogs = (
        new_report,
        SettingsDialog(store, unit_id),
        rollup,
        UnitListDialog(["Sở Tư pháp"], "Sở Ngoại vụ"),
        ReportViewDialog(departments()[0], "stp.json"),
    )
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert clashes(dialog) == [], type(dialog).__name__
    assert any(name == "QShortcut" for _, _, name in shortcuts(rollup))  # its Ctrl+V is read


def test_the_table_buttons_show_their_keys_and_the_keys_work(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report("004_dbb53274ea895b03")))
    window.go_to_field("nhiem_vu")
    editor = window.findChild(TableEditor, "nhiem_vu")
    buttons = (editor.add_button, editor.remove_button, editor.up_button, editor.down_button)
    texts = [b.text() for b in buttons]
    assert texts == ["Thêm dòng (Ctrl+Enter)", "Xóa dòng (Ctrl+Del)", "Lên (Alt+↑)", "Xuống (Alt+↓)"]
    assert editor.copy_button.text() == "Nhân bản dòng (Ctrl+D)"
    table = editor.table
    table.setFocus()
    before = table.rowCount()
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == before + 1
    keypad = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier
    qtbot.keyClick(table, Qt.Key.Key_Enter, keypad)
    assert table.rowCount() == before + 2
    assert len(store.load_report(window.report_id).answers["nhiem_vu"]) == before + 2
