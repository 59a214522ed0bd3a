"""The app killed (SIGKILL, as a power cut) while the official is typing in a report.

The real app runs in a subprocess (its main window, the wizard opened from it, the daily backup
in the background) and types into a box with input-method events, as Vietnamese typing arrives.
The test waits for what was typed to reach the database file, then kills the process: the file
is sound, and the report holds what was typed, nothing garbled.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from desktop_app.report.answers import Report
from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import open_wizard, seed_report, start_report

ROOT = Path(__file__).resolve().parents[3]
TEXT = "Ủy ban nhân dân xã đã tiếp nhận hồ sơ đúng hạn. "
PATIENCE = 120.0  # seconds to wait for a condition before calling it never met

# Modes: "pause" types TEXT at once, then waits (the pause hands it over); "steady" types a
# letter every 50 ms without end, and no pause ever hands anything over (the pause is made an
# hour long: an official typing steadily, with Telex, never stops for it).
SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication, QWidget
    import ui.typing_boxes
    import ui.wizard.document_page, ui.wizard.fields, ui.wizard.table_editor
    from ui.app import make_application, open_store, start

    db, report_id, field, mode, text = sys.argv[1:6]
    if mode == "steady":
        for module in (ui.typing_boxes, ui.wizard.document_page, ui.wizard.fields, ui.wizard.table_editor):
            if hasattr(module, "IDLE_COMMIT_MS"):
                module.IDLE_COMMIT_MS = 3_600_000

    def type_in(widget, letters):
        event = QInputMethodEvent("", [])
        event.setCommitString(letters)
        QApplication.sendEvent(widget, event)

    def shown(widget):
        return widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()

    def wait(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    app = make_application()
    window = start(open_store(Path(db)))
    wizard = window.actions_.open_report(int(report_id))
    wizard.go_to_field(field)
    edit = wizard.findChild(QWidget, field)
    edit.setFocus()
    typed = ""
    while True:
        letters = text if mode == "pause" else text[len(typed) % len(text)]
        if mode == "steady" or not typed:
            type_in(edit, letters)
            typed += letters
            print("TYPED" if shown(edit) == typed else "DISTURBED " + shown(edit), flush=True)
        wait(0.05)
    """
)


def _answer(field_id: str) -> Callable[[Report], Any]:
    return lambda report: report.answers.get(field_id)


FIELDS = {  # a box of each way of typing, and where the report keeps what it holds
    "mo_dau": _answer("mo_dau"),  # paragraphs
    "ds_tthc_kien_nghi": _answer("ds_tthc_kien_nghi"),  # one line of text
    "trich_yeu": lambda report: report.document.trich_yeu,  # the document's subject
}


def stored_text(db: Path, report_id: int, field_id: str) -> str:
    """What the database file holds for the field now, read as another program would."""
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        (data,) = conn.execute("SELECT data FROM reports WHERE id = ?", [report_id]).fetchone()
    finally:
        conn.close()
    report = json.loads(data)
    found = report["answers"].get(field_id) if field_id in report["answers"] else None
    return str(found or report["document"].get(field_id) or "")


def wait_for(condition: Callable[[], bool], typist: subprocess.Popen[str]) -> bool:
    """Wait until ``condition`` holds (True), the typist dies or PATIENCE runs out (False)."""
    end = time.monotonic() + PATIENCE
    while time.monotonic() < end and typist.poll() is None:
        if condition():
            return True
        time.sleep(0.05)
    return False


def run_typist(tmp_path: Path, report_id: int, field_id: str, mode: str, db: Path) -> subprocess.Popen[str]:
    script = tmp_path / "typist.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "SOANBAOCAO_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the app's settings stay in the test's folder
    }
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(report_id), field_id, mode, TEXT],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def killed_after(
    tmp_path: Path, field_id: str, mode: str, reached: Callable[[str], bool]
) -> tuple[Path, int, str]:
    """Type in ``mode`` until the stored text is ``reached``, then SIGKILL the app: return the
    database, the report and what the app said after each key."""
    db = tmp_path / "soanbaocao.db"
    with Store.open(db) as store:  # closed: the app starts alone on it
        report_id = start_report(store, seed_report("003_bc5ae3b32bd5b2c1"))
    typist = run_typist(tmp_path, report_id, field_id, mode, db)
    try:
        assert typist.stdout is not None
        assert typist.stdout.readline().startswith("TYPED")  # the app is up, the first key is in
        got_there = wait_for(lambda: reached(stored_text(db, report_id, field_id)), typist)
    finally:
        os.kill(typist.pid, signal.SIGKILL)
        said = typist.communicate(timeout=30)[0]
    assert typist.returncode == -signal.SIGKILL
    assert got_there, f"«{field_id}»: nothing typed reached the database while the app was up"
    return db, report_id, said


def reopened(qtbot: Any, db: Path, report_id: int, field_id: str) -> str:
    """Open the database again after the kill: sound, and the wizard shows the field's text."""
    with Store.open(db) as store:
        assert store.quick_check() == ["ok"]
        kept = str(FIELDS[field_id](store.load_report(report_id)) or "")
        window = open_wizard(qtbot, store, report_id)
        window.go_to_field(field_id)
        box = window.findChild(QWidget, field_id)
        assert (box.toPlainText() if hasattr(box, "toPlainText") else box.text()) == kept
        window.close()
    return kept


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("field_id", list(FIELDS))
def test_killed_after_a_pause_in_typing_keeps_what_was_typed(
    qtbot: Any, tmp_path: Path, field_id: str
) -> None:
    db, report_id, _said = killed_after(
        tmp_path, field_id, "pause", lambda text: text.strip() == TEXT.strip()
    )
    assert reopened(qtbot, db, report_id, field_id).strip() == TEXT.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("field_id", list(FIELDS))
def test_killed_while_typing_steadily_keeps_the_last_seconds(
    qtbot: Any, tmp_path: Path, field_id: str
) -> None:
    """Typing that never pauses was kept only in the box: a power cut after ten minutes of
    steady typing took all ten. Now it goes to disk every few seconds all the same, and the box
    is left alone while it does (the official's cursor and spaces stay)."""
    db, report_id, said = killed_after(tmp_path, field_id, "steady", lambda text: len(text) >= 10)
    assert "DISTURBED" not in said
    kept = reopened(qtbot, db, report_id, field_id)
    assert len(kept) >= 10
    assert (TEXT * 100).startswith(kept)  # what was typed, in order, nothing garbled
