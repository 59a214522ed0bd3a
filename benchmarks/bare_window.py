"""A bare PySide6 window with a 50-row table: the floor of any Qt app's start (bench_startup.py).

Shown and reported the way ``ui.app.run`` reports the main window (``SOANBAOCAO_SHOWN <time>``),
importing nothing else, so that the comparison is fair to the bare side.
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

app = QApplication([sys.argv[0]])
window = QMainWindow()
table = QTableWidget(50, 5)
for row in range(50):
    for column in range(5):
        table.setItem(row, column, QTableWidgetItem(f"Báo cáo {row + 1}, cột {column + 1}"))
window.setCentralWidget(table)
window.resize(1000, 640)
window.show()
QTimer.singleShot(0, lambda: print(f"SOANBAOCAO_SHOWN {time.time():.6f}", flush=True))
QTimer.singleShot(0, app.quit)
app.exec()
