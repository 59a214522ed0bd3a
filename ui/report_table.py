"""The list of reports in the main window: a table model over the Store's report rows.

The Store filters and searches (its search ignores diacritics); the proxy only sorts, by a
key per column (the period's own order, not its label's alphabetical one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.report import catalogue
from desktop_app.report.kinds import KindError
from desktop_app.storage import STATUS_LABELS, ReportInfo

DAMAGED_WORD = "Hỏng, không mở được"
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("don_vi", "loai", "ky", "trang_thai", "so", "cap_nhat", "da_xoa")
HEADERS = {
    "don_vi": "Đơn vị",
    "loai": "Loại văn bản",
    "ky": "Kỳ báo cáo",
    "trang_thai": "Trạng thái",
    "so": "Số",
    "cap_nhat": "Cập nhật",
    "da_xoa": "Đã xóa lúc",
}
AnyIndex = QModelIndex | QPersistentModelIndex


def local_time(stamp: str | None) -> str:
    """Return a stored UTC time as the official's local "22/11/2025 10:15"."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp


def kind_title(kind_id: str) -> str:
    """The kind's title; a removed own kind shows its id (its reports open from their copy)."""
    try:
        return catalogue.family(kind_id).title
    except KindError:
        return kind_id


class ReportTableModel(QAbstractTableModel):
    """Rows of :class:`ReportInfo`, one column per :data:`COLUMNS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReportInfo] = []
        self._unit_names: Mapping[int, str] = {}

    def set_rows(self, rows: Sequence[ReportInfo], unit_names: Mapping[int, str]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._unit_names = dict(unit_names)
        self.endResetModel()

    def info(self, row: int) -> ReportInfo:
        return self._rows[row]

    def row_of(self, report_id: int) -> int | None:
        return next((r for r, info in enumerate(self._rows) if info.id == report_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # Qt override  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # Qt override  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[COLUMNS[section]]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if not index.isValid():
            return None
        info = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(info, column)
        if role == SORT_ROLE:
            return self._sort_key(info, column)
        if role == ID_ROLE:
            return info.id
        if role == Qt.ItemDataRole.ToolTipRole and column == "loai":
            return self._text(info, column)
        if role == Qt.ItemDataRole.ToolTipRole and info.damaged:
            return f"Báo cáo này bị hỏng: {info.damaged}"
        return None

    def _text(self, info: ReportInfo, column: str) -> str:
        match column:
            case "don_vi":
                return self._unit_names.get(info.unit_id, "")
            case "loai":
                return kind_title(info.kind)
            case "ky":
                return f"{info.label} (tổng hợp)" if info.rolled_up else info.label
            case "trang_thai":
                return DAMAGED_WORD if info.damaged else STATUS_LABELS.get(info.status, info.status)
            case "so":
                return info.so
            case "cap_nhat":
                return local_time(info.updated)
            case "da_xoa":
                return local_time(info.deleted_at)
        return ""

    def _sort_key(self, info: ReportInfo, column: str) -> Any:
        match column:
            case "ky":
                if info.period is None:
                    return ""
                start, end = info.period.cutoff()
                return f"{end.isoformat()}-{start.isoformat()}"
            case "so":
                return f"{int(info.so):08d}" if info.so.isascii() and info.so.isdigit() else info.so
            case "cap_nhat":
                return info.updated
            case "da_xoa":
                return info.deleted_at or ""
        return self._text(info, column).casefold()


class ReportTableView(QTableView):
    """The sortable table of reports, one whole row selected at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_table")
        self.report_model = ReportTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.report_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(COLUMNS.index("ky"), Qt.SortOrder.DescendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("loai"), QHeaderView.ResizeMode.Stretch)
        for column, width in (
            ("don_vi", 170),
            ("ky", 190),
            ("trang_thai", 130),
            ("so", 60),
            ("cap_nhat", 140),
        ):
            self.setColumnWidth(COLUMNS.index(column), width)
        self.setColumnWidth(COLUMNS.index("da_xoa"), 140)

    def show_columns(self, units: bool, deleted: bool) -> None:
        self.setColumnHidden(COLUMNS.index("don_vi"), not units)
        self.setColumnHidden(COLUMNS.index("da_xoa"), not deleted)

    def current_report_id(self) -> int | None:
        """Return the id of the selected report, None when no row is selected."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return int(rows[0].data(ID_ROLE)) if rows else None

    def neighbour_id(self, report_id: int) -> int | None:
        """Return the report shown just below ``report_id`` (above, when it is the last row): the
        one to select once it leaves the list, so that a second Delete does not go to the top."""
        row = self.report_model.row_of(report_id)
        if row is None:
            return None
        shown = self.proxy.mapFromSource(self.report_model.index(row, 0)).row()
        for near in (shown + 1, shown - 1):
            if 0 <= near < self.proxy.rowCount():
                return int(self.proxy.index(near, 0).data(ID_ROLE))
        return None

    def select_report(self, report_id: int | None) -> bool:
        """Select the row of ``report_id`` (or the first row); return whether one is selected."""
        row = self.report_model.row_of(report_id) if report_id is not None else None
        if row is None:
            if self.proxy.rowCount() == 0:
                return False
            index = self.proxy.index(0, COLUMNS.index("loai"))
        else:
            index = self.proxy.mapFromSource(self.report_model.index(row, COLUMNS.index("loai")))
        self.setCurrentIndex(index)
        self.selectRow(index.row())
        return True
