"""A reporting-period picker: type, year, number (month, quarter, half) or a custom range.

Used by the new report dialog; any window that lets the official change a period can use it.
The widgets' objectNames: ``loai_ky`` (type), ``nam`` (year), ``so_ky`` (number), ``tu_ngay``
and ``den_ngay`` (custom range).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from desktop_app.report.periods import (
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_TYPE_LABELS,
    Period,
    PeriodError,
    period_to_write,
)
from desktop_app.vnformat import roman
from ui.date_box import DateBox

NUMBER_CAPTIONS = {"thang": "T&háng:", "quy": "&Quý:", "6thang": "&Nửa năm:"}


def number_choices(period_type: str) -> list[tuple[int, str]]:
    """Return the numbers a period type has, with their labels ("Quý III")."""
    if period_type == "thang":
        return [(m, f"Tháng {m}") for m in range(1, 13)]
    if period_type == "quy":
        return [(q, f"Quý {roman(q)}") for q in range(1, 5)]
    if period_type == "6thang":
        return [(1, "6 tháng đầu năm"), (2, "6 tháng cuối năm")]
    return []


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PeriodPicker(QWidget):
    """Pick a period among the types a report kind allows."""

    sig_period_changed = Signal()
    """Emitted whenever the picked period (or its validity) may have changed."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today or date.today()
        self._ahead = False
        self._updating = False
        self._build()

    def _build(self) -> None:
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("loai_ky")
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("nam")
        self.year_spin.setRange(MIN_YEAR, MAX_YEAR)
        self.year_spin.setValue(self._today.year)
        self.number_combo = QComboBox()
        self.number_combo.setObjectName("so_ky")
        self.start_date_edit = self._date_edit("tu_ngay")
        self.end_date_edit = self._date_edit("den_ngay")
        self.number_label = QLabel("&Quý:")
        self.year_label = QLabel("Nă&m:")
        self.start_label = QLabel("Từ &ngày:")
        self.end_label = QLabel("Đến n&gày:")
        type_label = QLabel("Loại &kỳ:")
        for label, widget in (
            (type_label, self.type_combo),
            (self.year_label, self.year_spin),
            (self.number_label, self.number_combo),
            (self.start_label, self.start_date_edit),
            (self.end_label, self.end_date_edit),
        ):
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.year_spin.valueChanged.connect(self._changed)
        self.number_combo.currentIndexChanged.connect(self._changed)

    def _date_edit(self, object_name: str) -> DateBox:
        edit = DateBox()  # typed digit by digit, with or without "/"
        edit.setObjectName(object_name)
        edit.dateChanged.connect(self._changed)  # only the labels follow: the box is never rewritten
        return edit

    # ------------------------------------------------------------ choices
    def set_types(self, period_types: Sequence[str], ahead: bool = False) -> None:
        """Offer only ``period_types`` (a kind's), keeping the current one when allowed.

        A type chosen shows the period an official means today (``periods.period_to_write``;
        ``ahead`` for a plan).
        """
        self._ahead = ahead
        current = self.period_type()
        self._updating = True
        self.type_combo.clear()
        for period_type in period_types:
            self.type_combo.addItem(PERIOD_TYPE_LABELS[period_type], period_type)
        index = self.type_combo.findData(current)
        self._updating = False
        self.type_combo.setCurrentIndex(max(0, index))
        self._type_changed()

    def period_type(self) -> str:
        return str(self.type_combo.currentData() or "")

    def set_period(self, period: Period) -> None:
        """Show ``period`` (its type must be one of the offered ones)."""
        self._updating = True
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(period.type)))
        self._fill_numbers(period.type)
        self.year_spin.setValue(period.year)
        if period.number is not None:
            self.number_combo.setCurrentIndex(max(0, self.number_combo.findData(period.number)))
        if period.type == "tuy_chon":
            start, end = period.cutoff()
            self.start_date_edit.set_date_quietly(to_qdate(start))
            self.end_date_edit.set_date_quietly(to_qdate(end))
        self._updating = False
        self._show_rows(period.type)
        self.sig_period_changed.emit()

    def _type_changed(self) -> None:
        if self._updating:
            return
        period_type = self.period_type()
        if period_type:
            self.set_period(period_to_write(period_type, self._today, self._ahead))

    def _fill_numbers(self, period_type: str) -> None:
        self.number_combo.clear()
        for number, label in number_choices(period_type):
            self.number_combo.addItem(label, number)
        self.number_label.setText(NUMBER_CAPTIONS.get(period_type, "&Số:"))

    def _show_rows(self, period_type: str) -> None:
        custom = period_type == "tuy_chon"
        self.form.setRowVisible(self.number_combo, bool(number_choices(period_type)))
        self.form.setRowVisible(self.year_spin, not custom)
        self.form.setRowVisible(self.start_date_edit, custom)
        self.form.setRowVisible(self.end_date_edit, custom)

    def _changed(self) -> None:
        if not self._updating:
            self.sig_period_changed.emit()

    # ------------------------------------------------------------ the result
    def period(self) -> Period:
        """Return the picked period; PeriodError (Vietnamese) when it cannot be built."""
        period_type = self.period_type()
        if period_type == "tuy_chon":
            start = from_qdate(self.start_date_edit.date())
            end = from_qdate(self.end_date_edit.date())
            return Period("tuy_chon", start.year, None, start, end)
        number = self.number_combo.currentData()
        return Period(period_type, self.year_spin.value(), int(number) if number is not None else None)

    def problems(self) -> list[str]:
        """Return what is wrong with the picked period, in Vietnamese (empty when sound)."""
        try:
            return self.period().problems()
        except PeriodError as exc:
            return [str(exc)]
