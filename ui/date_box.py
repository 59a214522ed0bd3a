"""The date box of the app: a date typed dd/mm/yyyy with the keys, handed over on a pause.

Qt's QDateEdit moves from the day to the month to the year by itself once a part is full, so
a "/" typed after "05" skipped the month too and "05/09/2025" ended up in the year. And a box
that commits on every ``dateChanged`` gets refreshed by what it committed, which puts the
cursor back on the day after each digit. :class:`DateBox` fixes both, for every date the
official types (the document's date, a date field, a custom period's range).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QStyle, QStyleOptionComboBox, QToolTip, QWidget

from ui.typing_boxes import IDLE_COMMIT_MS

DATE_FORMAT = "dd/MM/yyyy"
FIRST_DATE, LAST_DATE = QDate(1900, 1, 1), QDate(2100, 12, 31)  # the years the reports' dates take
SEPARATORS = "/.-"
KEYBOARD_FOCUS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
    Qt.FocusReason.OtherFocusReason,
)


class DateBox(QDateEdit):
    """A date typed digit by digit, with or without "/", committed when typing pauses or ends.

    - ``sig_date_committed`` comes when editing finishes (Tab, Enter, leaving the box), after a
      pause in typing, and at once for a date set while the box does not have the keyboard; never
      on every digit.
    - :meth:`show_date` leaves the box alone while the official is typing in it.
    - Alt+↓ and F4 open the calendar on the shown date without changing it.
    - Reached with the keyboard, the box starts at its first part (the day), ready to type over.
    """

    sig_date_committed = Signal()
    """The official typed or picked a date (read it with ``date()``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setDateRange(FIRST_DATE, LAST_DATE)  # "2202" typed for "2026" is refused as typed
        self.setCalendarPopup(True)
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self._filling = False  # the app is showing a value: not the official's edit
        self._dirty = False  # changed by the official since the last commit
        self._moved_on = False  # the last digit filled a part and the box moved to the next one
        self._typed = ""  # the digits typed so far into the part being typed (one at most)
        self._typed_in = QDateEdit.Section.NoSection
        self._day_typed = 0  # the day the official typed last: a month without it keeps its last day
        self.idle_timer = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self.idle_timer.timeout.connect(self.commit)
        self.dateChanged.connect(self._changed)
        self.editingFinished.connect(self.commit)
        self.calendarWidget().clicked.connect(lambda _day: QTimer.singleShot(0, self.commit))
        self.calendarWidget().activated.connect(lambda _day: QTimer.singleShot(0, self.commit))

    # ------------------------------------------------------------ committing

    def _changed(self) -> None:
        if self._filling:
            return
        self._dirty = True
        self._keep_typed_day()
        if self.hasFocus() or self.calendarWidget().isVisible():
            self.idle_timer.start()  # still typing or browsing the calendar
        else:
            self.commit()

    def commit(self) -> None:
        """Hand over the date the official changed (nothing when they changed nothing)."""
        self.idle_timer.stop()
        if self._dirty:
            self._dirty = False
            self._say_day_kept()
            self.sig_date_committed.emit()

    def show_date(self, value: QDate) -> None:
        """Show ``value`` unless the official is typing here (or a typed date awaits its commit)."""
        if value == self.date() or self.hasFocus() or self.idle_timer.isActive():
            return
        self._filling = True
        try:
            self.setDate(value)
        finally:
            self._filling = False

    def set_date_quietly(self, value: QDate) -> None:
        """Show ``value`` now, as the app's own value (no commit)."""
        self._filling = True
        try:
            self.setDate(value)
        finally:
            self._filling = False

    # ------------------------------------------------------------ the keys

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if self._opens_calendar(event):
            self.open_calendar()
            return
        if self._dirty:
            self.idle_timer.start()  # a key pressed is no pause
        text = event.text()
        if text and text in SEPARATORS:
            if not self._moved_on:  # "5/": the part is done, go to the next one
                self._next_section()
            self._moved_on = False  # "05/": Qt or the digit moved on already, "/" is no skip
            return
        if len(text) == 1 and text.isdigit() and self._type_digit(text):
            return
        self._typed = ""
        self._moved_on = False
        super().keyPressEvent(event)

    def _type_digit(self, digit: str) -> bool:
        """Type ``digit`` into the day or the month; False leaves it to Qt (the year).

        Qt checks a day against the month shown: 31 could not be typed over a date in February,
        before its month was typed. Here a day fits any month, the month moving on if need be.
        """
        section = self.currentSection()
        if section not in (QDateEdit.Section.DaySection, QDateEdit.Section.MonthSection):
            return False
        if section != self._typed_in:
            self._typed, self._typed_in = "", section
        typed = self._typed + digit
        limit = 31 if section == QDateEdit.Section.DaySection else 12
        if int(typed) > limit or typed == "00":
            return True  # refused, as Qt refuses
        done = len(typed) == 2 or int(typed) * 10 > limit
        self._typed = "" if done else typed
        if int(typed):
            shown = self.date()
            if section == QDateEdit.Section.DaySection:
                self.setDate(_with_day(shown, int(typed)))
                self._day_typed = int(typed) if done else 0
            else:
                self.setDate(_with_month(shown, int(typed)))
        if done:
            self._next_section()
            self._moved_on = True
        else:
            self._select(section)
        return True

    def _keep_typed_day(self) -> None:
        """«29/02/2024» typed over a date of 2026: February 2026 has no 29th when the month is
        typed, and the box took the 28th; the year typed after it has one: the day typed again."""
        in_year = self.currentSection() == QDateEdit.Section.YearSection
        if not self._day_typed or not in_year or len(self.sectionText(QDateEdit.Section.YearSection)) < 4:
            return
        shown = self.date()
        wanted = QDate(shown.year(), shown.month(), self._day_typed)
        if shown.day() < self._day_typed and wanted.isValid():
            self.set_date_quietly(wanted)

    def _say_day_kept(self) -> None:
        """«31/11» typed: November has no 31st, the box shows the 30th; say so, beside the box
        (the date was changed silently, and the document printed a day nobody typed)."""
        shown = self.date()
        if self._day_typed > shown.day():
            words = (
                f"Tháng {shown.month()}/{shown.year()} không có ngày {self._day_typed}: đã lấy ngày cuối "
                f"tháng, {shown.toString(DATE_FORMAT)}. Hãy sửa lại nếu không phải ngày này."
            )
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), words, self)
        self._day_typed = 0

    def _next_section(self) -> None:
        index = self.currentSectionIndex()
        if index + 1 < self.sectionCount():
            self._select(self.sectionAt(index + 1))
        self._typed = ""

    def _select(self, section: QDateEdit.Section) -> None:
        self.setCurrentSection(section)
        self.setSelectedSection(section)

    @staticmethod
    def _opens_calendar(event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_F4:
            return modifiers == Qt.KeyboardModifier.NoModifier
        return event.key() == Qt.Key.Key_Down and modifiers == Qt.KeyboardModifier.AltModifier

    def open_calendar(self) -> None:
        """Open the calendar as a click on the box's arrow does (Qt has no call for it)."""
        if self.isReadOnly() or not self.isEnabled():
            return
        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        centre = arrow.center() if arrow.isValid() else QPoint(self.width() - 4, self.height() // 2)
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            centre,
            self.mapToGlobal(centre),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        self.mousePressEvent(press)

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt override
        """Tab walks the day, month and year; on an empty box («Chưa có ngày») it leaves at once.

        QDateEdit moves the selection to the next part and stays when its special value text
        is shown: the text has no parts, so Tab never got past an empty date box.
        """
        if self.showing_special_value():
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def showing_special_value(self) -> bool:
        """True when the box shows its special value text instead of a date (the empty state)."""
        return bool(self.specialValueText()) and self.date() == self.minimumDate()

    def focusInEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusInEvent(event)
        if event.reason() in KEYBOARD_FOCUS:
            self._select(self.sectionAt(0))
        self._moved_on = False
        self._typed = ""


def _with_day(shown: QDate, day: int) -> QDate:
    """``shown`` on ``day``; when its month has no such day, the next month that has one."""
    year, month = shown.year(), shown.month()
    for step in range(12):
        candidate = QDate(year + (month - 1 + step) // 12, (month - 1 + step) % 12 + 1, day)
        if candidate.isValid():
            return candidate
    return shown


def _with_month(shown: QDate, month: int) -> QDate:
    """``shown`` in ``month``, on its last day when the month is shorter (31 → 30/9)."""
    first = QDate(shown.year(), month, 1)
    return QDate(shown.year(), month, min(shown.day(), first.daysInMonth()))
