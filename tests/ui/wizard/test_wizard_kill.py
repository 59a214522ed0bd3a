"""A wizard killed (SIGKILL) while the official is typing: the draft is there up to the last autosave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import open_wizard, seed_report, start_report

ROOT = Path(__file__).resolve().parents[3]
SAVED = "Đoạn đã được tự động lưu."
TYPING = " Đoạn đang gõ dở"

# The official types a paragraph, pauses (the idle timer commits, autosave writes), then goes
# on typing without a pause: that part is not saved yet when the process is killed.
SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication, QWidget
    from desktop_app.storage import Store
    from ui.wizard import WizardWindow

    def type_in(widget, text):
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    def wait(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    app = QApplication([])
    store = Store.open(sys.argv[1])
    window = WizardWindow(store, int(sys.argv[2]))
    window.show()
    window.go_to_field(sys.argv[5])
    edit = window.findChild(QWidget, sys.argv[5])
    edit.setFocus()
    type_in(edit, sys.argv[3])
    wait(1.5)
    print("SAVED", flush=True)
    while True:
        for letter in sys.argv[4]:
            type_in(edit, letter)
            wait(0.05)
        print("TYPING", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize(
    ("field_id", "saved", "typing", "stored"),
    [
        ("mo_dau", SAVED, TYPING, SAVED),  # paragraphs
        ("ds_tthc_kien_nghi", SAVED, TYPING, SAVED),  # one line of text
        ("tthc_danh_gia_tac_dong", "1.234", "5", 1234),  # a number, typed the Vietnamese way
    ],
)
def test_killed_while_typing_keeps_the_last_autosave(
    qtbot: Any, store: Store, tmp_path: Path, field_id: str, saved: str, typing: str, stored: Any
) -> None:
    report_id = start_report(store, seed_report("003_bc5ae3b32bd5b2c1"))
    script = tmp_path / "typist.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    typist = subprocess.Popen(
        [sys.executable, str(script), str(store.path), str(report_id), saved, typing, field_id],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert typist.stdout is not None
        assert typist.stdout.readline().strip() == "SAVED"
        assert typist.stdout.readline().strip() == "TYPING"
    finally:
        os.kill(typist.pid, signal.SIGKILL)
        typist.wait(30)
    assert typist.returncode == -signal.SIGKILL

    assert store.quick_check() == ["ok"]
    draft = store.load_report(report_id)
    assert draft.answers[field_id] == stored  # what was typed after the last autosave is lost
    window = open_wizard(qtbot, store, report_id)
    window.go_to_field(field_id)
    assert window.session.state(field_id).display == saved
